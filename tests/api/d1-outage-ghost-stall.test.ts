// The Ghost-compatible API checks its key in D1 before the cache: a stalled D1 must not hold its
// readers longer than our own API's (the version's budget), before the last good copy answers.
// Deterministic: D1's statements wait at a gate that opens only after a generous while; the answer
// must come while it is still shut.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { VERSION_BOUND_MS } from "../../src/cache/version-memo";
import { call, BASE, tokenFor } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";
import { advanceClock, fetchWith } from "../helpers/outage";
import { ghostKey } from "../helpers/public-surfaces";

const app = createApp();
// Far beyond the 1 s budget: only a request that does not wait for D1 answers before it.
const GATE_MS = 6_000;

/** A binding whose every statement waits until the gate opens (after GATE_MS). */
function stalled(db: D1Database) {
  let opened = false;
  const gate = new Promise<void>((resolve) => setTimeout(() => ((opened = true), resolve()), GATE_MS));
  const wait = <T>(run: () => Promise<T>) => gate.then(run);
  const statement = (stmt: D1PreparedStatement): D1PreparedStatement =>
    new Proxy(stmt, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (prop === "bind") return (...args: unknown[]) => statement((value as Function).apply(target, args));
        if (prop === "all" || prop === "run" || prop === "first" || prop === "raw") return (...args: unknown[]) => wait(() => (value as Function).apply(target, args));
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  const wrap = <T extends D1Database | D1DatabaseSession>(d: T): T =>
    new Proxy(d, {
      get(target, prop) {
        const value = Reflect.get(target, prop);
        if (prop === "prepare") return (sql: string) => statement((value as Function).call(target, sql));
        if (prop === "batch") return (stmts: D1PreparedStatement[]) => wait(() => (value as Function).call(target, stmts));
        if (prop === "withSession") return (...args: unknown[]) => wrap((value as Function).apply(target, args));
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return { db: wrap(db), isOpen: () => opened };
}

describe("the Ghost-compatible API with D1 stalled", { timeout: 30_000 }, () => {
  it("answers a seen key from the last good copy while D1 is still silent", async () => {
    const { token: admin } = await tokenFor("admin");
    const key = await ghostKey(admin);
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token);
    expect((await call("POST", `/articles/${a.id}/publish`, { token })).status).toBe(200);
    const path = `/ghost/api/content/posts/slug/${a.slug}/?key=${key}`;
    expect((await fetchWith(path)).status).toBe(200);
    expect((await fetchWith(path)).headers.get("x-copydesk-cache")).toBe("hit");
    // Past the bound: the key and the version must both be asked of D1 again.
    advanceClock(VERSION_BOUND_MS);

    const { db, isOpen } = stalled(env.DB);
    const ctx = createExecutionContext();
    const res = await app.fetch(new Request(`${BASE}${path}`), { ...env, DB: db }, ctx);
    const answeredWhileSilent = !isOpen();
    expect(res.status).toBe(200);
    expect(res.headers.get("x-copydesk-cache")).toBe("stale");
    expect(answeredWhileSilent).toBe(true);
    await res.text();
    await waitOnExecutionContext(ctx);
  });
});
