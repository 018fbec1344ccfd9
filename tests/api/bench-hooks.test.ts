import { env } from "cloudflare:workers";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import type { AppEnv } from "../../src/http/app-env";
import { BENCH_D1_HEADER, benchHooks, countingD1, parseD1Faults } from "../../src/http/bench-hooks";
import { D1_OUTAGE_MESSAGE } from "../../src/http/d1-faults";
import { loadPublishedPage } from "../../src/public/load";
import { siteUrls } from "../../src/lib/urls";
import { call, tokenFor } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";
import { get } from "../helpers/public";

describe("bench hooks", () => {
  it("count every D1 statement, single and batched, through sessions too", async () => {
    const counter = { statements: 0 };
    const d1 = countingD1(env.DB, counter);
    await d1.prepare("SELECT 1").first();
    await d1.batch([d1.prepare("SELECT 1"), d1.prepare("SELECT ?").bind(2)]);
    expect(counter.statements).toBe(3);
    const db = createDb(d1.withSession("first-primary"));
    await loadPublishedPage(db, { limit: 5 }, siteUrls(env, "http://x"));
    // One statement for the page; the references statement is skipped when nothing is referenced.
    expect(counter.statements).toBe(4);
  });

  it("are unreachable without BENCH=1: no baseline route, no cache bypass", async () => {
    expect((await get("/__bench/baseline")).status).toBe(404);
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token);
    await call("POST", `/articles/${a.id}/publish`, { token });
    await get("/feed.json");
    const res = await get("/feed.json", { "x-copydesk-bypass-cache": "1" });
    expect(res.headers.get("x-copydesk-cache")).toBe("hit");
    expect(res.headers.get("x-d1-statements")).toBeNull();
  });

  it("a whole-article save is one batch plus at most five statements", async () => {
    const { token, user } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { tags: ["One", "Two"] });
    const counter = { statements: 0, batched: 0 };
    const app = (await import("../../src/editorial/articles/service"));
    const actor = { userId: user.id, name: user.name, email: user.email, role: "editor" as const, via: "token" as const };
    await app.updateArticle(createDb(countingD1(env.DB, counter)), actor, a.id, { headline: "Saved whole", tags: ["Two", "Three", "One"], dek: "d" }, a.version);
    expect(counter.batched).toBeGreaterThan(5);
    expect(counter.statements - counter.batched).toBeLessThanOrEqual(5);
  });

  it("a public page with related stories costs two statements to load, however many items", async () => {
    const { token } = await tokenFor("editor");
    for (let i = 0; i < 3; i++) {
      const rel = await createPublishableArticle(token);
      await call("POST", `/articles/${rel.id}/publish`, { token });
      const a = await createPublishableArticle(token, { related: [{ article_id: rel.id }] });
      await call("POST", `/articles/${a.id}/publish`, { token });
    }
    const counter = { statements: 0 };
    const page = await loadPublishedPage(createDb(countingD1(env.DB, counter)), { limit: 20 }, siteUrls(env, "http://x"));
    expect(page.articles.length).toBeGreaterThanOrEqual(6);
    expect(page.articles.some((a) => a.related.length === 1)).toBe(true);
    // The page, then every row's references (related stories, the body's cards and images) at once.
    expect(counter.statements).toBe(2);
  });

  describe("the D1 fault header (the bench's d1-outage phase)", () => {
    // A probe behind the hooks alone: what the binding does for the request, whatever the routes
    // make of a failing D1 (that is the stale-if-error tests' business, not these hooks').
    const probe = new Hono<AppEnv>();
    probe.use(benchHooks);
    probe.get("/probe", async (c) => {
      try {
        const one = await c.env.DB.prepare("SELECT 1 AS one").first<{ one: number }>();
        const [two] = await c.env.DB.batch([c.env.DB.prepare("SELECT ? AS two").bind(2)]);
        return c.json({ one: one?.one, two: (two!.results[0] as { two: number }).two });
      } catch (err) {
        return c.json({ error: (err as Error).message });
      }
    });
    const ask = (bench: boolean, header?: string) =>
      probe.request("/probe", { headers: header ? { [BENCH_D1_HEADER]: header } : {} }, bench ? ({ ...env, BENCH: "1" } as Env) : env);

    it("with BENCH=1, `fail` makes every statement of that request fail as an outage does, counted", async () => {
      const res = await ask(true, "fail");
      expect(await res.json()).toEqual({ error: D1_OUTAGE_MESSAGE });
      expect(res.headers.get("x-d1-statements")).toBe("1");
    });

    it("with BENCH=1, `delay=<ms>` stalls statements that then answer; no header, no fault", async () => {
      expect(await (await ask(true, "delay=5")).json()).toEqual({ one: 1, two: 2 });
      const plain = await ask(true);
      expect(await plain.json()).toEqual({ one: 1, two: 2 });
      expect(plain.headers.get("x-d1-statements")).toBe("2");
      // One of the two ran inside db.batch(): what a write's "beyond the batch" is counted from.
      expect(plain.headers.get("x-d1-batched")).toBe("1");
    });

    it("is ignored without BENCH=1", async () => {
      const res = await ask(false, "fail");
      expect(await res.json()).toEqual({ one: 1, two: 2 });
      expect(res.headers.get("x-d1-statements")).toBeNull();
    });

    it("reads fail, delay or both; anything else asks for nothing", () => {
      expect(parseD1Faults("fail")).toEqual({ fail: true });
      expect(parseD1Faults("delay=250")).toEqual({ delayMs: 250 });
      expect(parseD1Faults("fail, delay=40")).toEqual({ fail: true, delayMs: 40 });
      expect(parseD1Faults("delay=9999999")).toBeNull();
      expect(parseD1Faults("slow")).toBeNull();
      expect(parseD1Faults("")).toBeNull();
      expect(parseD1Faults(undefined)).toBeNull();
    });
  });
});
