import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { countingD1 } from "../../src/http/bench-hooks";
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
    expect(counter.statements).toBe(2);
  });
});
