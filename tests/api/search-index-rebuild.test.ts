// The rebuild path of the contentless search index (POST /search-index/rebuild): from the bodies
// alone it remakes every article's index row and excerpt, and compresses stored bodies still held
// as text (rows saved before migration 0018), leaving what readers get byte for byte the same.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { bodyToPlainText } from "../../src/body/plain-text";
import type { BodyDoc } from "../../src/body/schema";
import { unpackStoredBody } from "../../src/body/stored-html-pack";
import { blobBytes } from "../../src/db/schema";
import { call, tokenFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";

const W = crypto.randomUUID().replace(/-/g, "").slice(0, 6);
const word = (name: string) => `${name}${W}`;

const ids = async (match: string) => (await env.DB.prepare("SELECT rowid AS r FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid").bind(match).all<{ r: number }>()).results.map((x) => x.r);

/** Every article's words, as the index should find them: each article's search_id under each of its words. */
async function expectIndexed() {
  const { results } = await env.DB.prepare("SELECT search_id AS s, headline, summary, body FROM articles").all<{ s: number; headline: string; summary: string | null; body: string }>();
  for (const r of results) {
    const text = `${r.headline} ${r.summary ?? ""} ${bodyToPlainText(JSON.parse(r.body) as BodyDoc)}`;
    for (const w of new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])) if (w.endsWith(W)) expect(await ids(`"${w}"`), w).toContain(r.s);
  }
}

async function rebuild(token: string, limit: number) {
  let after = 0;
  let calls = 0;
  for (;;) {
    const res = await call("POST", "/search-index/rebuild", { token, body: { after, limit } });
    expect(res.status, res.text).toBe(200);
    calls++;
    if (res.json.next_after === null) return calls;
    expect(res.json.next_after).toBeGreaterThan(after);
    after = res.json.next_after;
  }
}

describe("POST /search-index/rebuild", () => {
  it("remakes a lost index and compresses text bodies, readers' bytes unchanged", async () => {
    const { token } = await tokenFor("admin");
    const stories = [];
    for (const n of ["quay", "buoy", "wharf"]) {
      const s = await createPublishableArticle(token, { headline: `The ${word(n)}`, summary: null, body: doc(paragraph(`About the ${word(n)}: ${"words ".repeat(80)}`)) });
      expect((await call("POST", `/articles/${s.id}/publish`, { token })).status).toBe(200);
      stories.push(s);
    }
    const feed = async () => (await get("/feed.json")).text;
    const before = await feed();
    const stored = await env.DB.prepare("SELECT id, body_html_z FROM articles").all<{ id: string; body_html_z: number[] }>();
    // As an older deployment left them: the index lost (or drifted), the stored body as text, no excerpt.
    await env.DB.batch([
      env.DB.prepare("DELETE FROM articles_fts"),
      ...stored.results.map((r) => env.DB.prepare("UPDATE articles SET body_html = ?, body_html_z = NULL, excerpt_text = NULL WHERE id = ?").bind(unpackStoredBody(blobBytes(r.body_html_z)), r.id)),
    ]);
    expect(await ids(`"${word("quay")}"`)).toEqual([]);

    // Pages of two: several calls, each going on where the last stopped.
    expect(await rebuild(token, 2)).toBeGreaterThan(1);
    await expectIndexed();
    expect((await get(`/api/content/v1/articles?q=${word("buoy")}`)).json.articles.map((a: { id: string }) => a.id)).toEqual([stories[1]!.id]);
    const rows = await env.DB.prepare("SELECT body_html, body_html_z, excerpt_text FROM articles WHERE id = ?").bind(stories[0]!.id).first<{ body_html: string | null; body_html_z: number[] | null; excerpt_text: string | null }>();
    expect(rows!.body_html).toBeNull();
    expect(rows!.body_html_z).not.toBeNull();
    expect(rows!.excerpt_text).toContain(word("quay"));
    // The feed (descriptions from the excerpt, bodies from the stored HTML) is the same, with a new cache version.
    await env.DB.prepare("UPDATE site_state SET value = lower(hex(randomblob(8))) WHERE key = 'content'").run();
    expect(await feed()).toBe(before);
    await expect(env.DB.prepare("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')").run()).resolves.toBeTruthy();
  });

  it("is for admins, and refuses a page larger than a request can write", async () => {
    const editor = await tokenFor("editor");
    expect((await call("POST", "/search-index/rebuild", { token: editor.token, body: {} })).status).toBe(403);
    const admin = await tokenFor("admin");
    expect((await call("POST", "/search-index/rebuild", { token: admin.token, body: { limit: 21 } })).status).toBe(400);
    expect((await call("POST", "/search-index/rebuild", { token: admin.token, body: { after: -1 } })).status).toBe(400);
  });
});
