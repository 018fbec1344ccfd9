// A working copy is invisible to every public surface until "Update live story": the content API
// (by slug, lists, search, JSON-LD), every feed scope and format, the sitemaps and the cache. Each
// surface is read (and cached) before the working-copy save, so a save that leaked into the row or
// bumped the content version would show up here as a changed or re-rendered response.
import { beforeAll, describe, expect, it } from "vitest";
import { call, tokenFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { feedPathsFor, get } from "../helpers/public";

const MARK = `Poilce said the area was cordonned off and ${crypto.randomUUID().slice(0, 8)}`;
let token: string;
let live: any;
let surfaces: string[];

beforeAll(async () => {
  token = (await tokenFor("editor")).token;
  const a = await createPublishableArticle(token, { headline: "Bridge reopens after repairs", tags: ["Transport"], body: doc(paragraph("The bridge reopened at dawn.")) });
  live = (await call("POST", `/articles/${a.id}/publish`, { token })).json.article;
  surfaces = [
    `/api/content/v1/articles/${live.slug}`,
    "/api/content/v1/articles?limit=50",
    `/api/content/v1/articles?q=${encodeURIComponent("cordonned")}`,
    `/api/content/v1/articles?q=${encodeURIComponent("bridge")}`,
    ...feedPathsFor(live),
    "/sitemap.xml",
    "/sitemap-1.xml",
    "/sitemap-news.xml",
  ];
});

async function snapshotAll() {
  const out = new Map<string, { status: number; text: string; etag: string | null }>();
  for (const path of surfaces) {
    const res = await get(path);
    out.set(path, { status: res.status, text: res.text, etag: res.headers.get("etag") });
  }
  return out;
}

describe("a working copy of a published story", () => {
  it("changes nothing any reader can fetch, down to the byte and the ETag, until it is published", async () => {
    const before = await snapshotAll();
    for (const [path, r] of before) expect(r.status, path).toBeLessThan(400);
    expect(before.get(`/api/content/v1/articles?q=${encodeURIComponent("cordonned")}`)!.text).not.toContain(live.slug);

    const saved = await call("PUT", `/articles/${live.id}/working-copy`, {
      token,
      headers: { "if-match": `"${live.version}"` },
      body: { headline: "Bridge reopens, police say", body: doc(paragraph("The bridge reopened at dawn."), paragraph(MARK)), tags: ["Transport", "Police"] },
    });
    expect(saved.status, saved.text).toBe(200);

    const after = await snapshotAll();
    for (const [path, r] of after) {
      expect(r.text, path).toBe(before.get(path)!.text);
      expect(r.etag, path).toBe(before.get(path)!.etag);
      expect(r.text, path).not.toContain("cordonned");
    }
    // The editorial record of the live story is unchanged too; only its working-copy summary moved.
    const editorial = await call("GET", `/articles/${live.id}`, { token });
    expect(editorial.json.article).toMatchObject({ headline: "Bridge reopens after repairs", version: live.version });
    expect(editorial.json.article.working_copy).toMatchObject({ etag: saved.json.working_copy.etag, base_version: live.version });

    // "Update live story": now every surface shows it.
    const published = await call("POST", `/articles/${live.id}/working-copy/publish`, { token, headers: { "if-match": saved.json.working_copy.etag } });
    expect(published.status, published.text).toBe(200);
    const article = await get(`/api/content/v1/articles/${live.slug}`);
    expect(article.json.article.headline).toBe("Bridge reopens, police say");
    expect(article.json.article.json_ld.headline).toBe("Bridge reopens, police say");
    expect(article.text).toContain("cordonned");
    const feed = await get("/feed.json?limit=100");
    expect(feed.json.items.find((i: any) => i.url.includes(live.slug))?.title).toBe("Bridge reopens, police say");
    const search = await get(`/api/content/v1/articles?q=${encodeURIComponent("cordonned")}`);
    expect(search.json.articles.map((a: any) => a.slug)).toContain(live.slug);
    const tagFeed = await get(`/tags/police/feed.atom`);
    expect(tagFeed.text).toContain("Bridge reopens, police say");
  });

  it("is left out of the public cache: the very next read after publishing is not a stale hit", async () => {
    const path = `/api/content/v1/articles/${live.slug}`;
    await get(path);
    expect((await get(path)).headers.get("x-copydesk-cache")).toBe("hit");
    const current = (await call("GET", `/articles/${live.id}`, { token })).json.article;
    const wc = await call("PUT", `/articles/${live.id}/working-copy`, { token, headers: { "if-match": `"${current.version}"` }, body: { dek: "A dek from the working copy" } });
    expect((await get(path)).headers.get("x-copydesk-cache"), "a working-copy save keeps the cache").toBe("hit");
    await call("POST", `/articles/${live.id}/working-copy/publish`, { token, headers: { "if-match": wc.json.working_copy.etag } });
    const next = await get(path);
    expect(next.headers.get("x-copydesk-cache")).not.toBe("hit");
    expect(next.json.article.dek).toBe("A dek from the working copy");
  });
});
