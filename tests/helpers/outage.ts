// Talking to the Worker while D1 fails or stalls (src/http/d1-faults.ts), and moving the isolate's
// clock on (src/cache/version-memo.ts) to see what another isolate, or a later one, would see.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach } from "vitest";
import { createApp } from "../../src/app";
import { faultyD1, type D1Faults } from "../../src/http/d1-faults";
import { forgetContentVersion, useClock } from "../../src/cache/version-memo";
import { BASE, jsonOrNull } from "./api";
import { checked } from "./public";

const app = createApp();

export interface OutageCall {
  /** Faults every statement meets; none: the real binding. */
  faults?: D1Faults;
  /** Or a binding of the test's own (a counting one, one whose batches fail). */
  db?: D1Database;
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** The Worker's answer with `DB` replaced, checked against its OpenAPI document like get()'s. */
export async function fetchWith(path: string, opts: OutageCall = {}) {
  const url = path.startsWith("http") ? path : `${BASE}${path}`;
  const headers = new Headers(opts.headers);
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers.set("content-type", "application/json");
    // As it arrives over HTTP: routes whose body is optional look for it by its length.
    headers.set("content-length", String(new TextEncoder().encode(body).byteLength));
  }
  const method = opts.method ?? "GET";
  const DB = opts.db ?? (opts.faults ? faultyD1(env.DB, opts.faults) : env.DB);
  const ctx = createExecutionContext();
  const res = await app.fetch(new Request(url, { method, headers, body }), { ...env, DB }, ctx);
  // Waits for what the answer set off (the last good copy's write, a relay) before the next step.
  await waitOnExecutionContext(ctx);
  await checked(res.clone(), url, method);
  const text = await res.text();
  const json = jsonOrNull(text);
  return { status: res.status, headers: res.headers, text, json };
}

let offset = 0;
let restore: (() => void) | null = null;
/**
 * Stops the clock the version memo, the release and the stale copies' ages read (src/cache/
 * version-memo.ts) at now: from here on only advanceClock moves it, so "within the bound" does not
 * depend on how long the requests took.
 */
export function freezeClock() {
  if (restore) return;
  const base = Date.now();
  restore = useClock(() => base + offset);
}
/** Moves that clock on by `ms` (another isolate's "later"), freezing it first. */
export function advanceClock(ms: number) {
  freezeClock();
  offset += ms;
}

afterEach(() => {
  restore?.();
  restore = null;
  offset = 0;
  // Each test starts as a fresh isolate would: no version kept, no failure remembered.
  forgetContentVersion();
});

/** A D1 binding whose batches (every editorial write's one atomic step) fail as in an outage; reads work. */
export function batchesFail(db: D1Database): D1Database {
  return new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop === "batch") return () => Promise.reject(new Error("D1_ERROR: Network connection lost."));
      if (prop === "withSession") return (...args: unknown[]) => batchesFail((value as Function).apply(target, args));
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}
