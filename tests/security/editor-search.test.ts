// The editors' `?q=` reaches two FTS5 indexes (src/articles/editor-search.ts): the words through
// articles_fts, the substring through articles_trgm (migration 0023), each MATCH argument built from
// client text. No q may break out of its quoting, fail with a 5xx or change a row; and readers, who
// search only published stories' words, gain nothing from the editors' substring index.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { call, tokenFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";

const W = crypto.randomUUID().replace(/-/g, "").slice(0, 8);
let token: string;
let published: string;
let draft: string;

vi.setConfig({ testTimeout: 60_000 });

beforeAll(async () => {
  token = (await tokenFor("editor")).token;
  published = (await createPublishableArticle(token, { headline: `Open ${W}harbour story`, body: doc(paragraph("Plain.")) })).id;
  expect((await call("POST", `/articles/${published}/publish`, { token })).status).toBe(200);
  draft = (await createPublishableArticle(token, { headline: `Secret ${W}embargo draft`, body: doc(paragraph(`The ${W}embargoword.`)) })).id;
});

/** Text FTS5 would read as syntax, SQL, and the awkward characters of each. */
const HOSTILE = [
  `"`, `""`, `"""`, `" OR "`, `") OR ("`, `*`, `"*`, `abc"*`, `NEAR(abc def, 2)`, `abc AND`, `OR OR OR`, `NOT abc`, `^abc`, `-abc`, `+abc`, `col:abc`,
  `{headline summary}: abc`, `headline:abc`, `articles_trgm`, `rank:x`, `'); DROP TABLE articles; --`, `%' OR 1=1 --`, `\\`, `\\"`, `%%%`, `___`,
  "\u0000ab", "a\u0000b\u0000c", "\u202Eabc", "e\u0301e\u0301e\u0301", "\uFFFD\uFFFD\uFFFD", `${W}harbour" OR "x`, `${W}embargo"*`,
];

describe("hostile q", () => {
  it("never a 5xx, never a changed row, and quoting holds: a quote in q is a quote in the text", async () => {
    const before = await env.DB.prepare("SELECT (SELECT count(*) FROM articles) AS a, (SELECT count(*) FROM articles_trgm) AS t").first();
    for (const q of HOSTILE) {
      const res = await call("GET", `/articles?q=${encodeURIComponent(q)}&limit=100`, { token });
      expect(res.status, `${JSON.stringify(q)}: ${res.text}`).toBe(200);
      // Each match holds q (as LIKE sees it) or its words: no query syntax widened the match.
      expect(res.json.articles.length, JSON.stringify(q)).toBeLessThanOrEqual(2);
    }
    // Breaking out of the phrase would have matched the published story through its own word.
    expect((await call("GET", `/articles?q=${encodeURIComponent(`${W}harbour" OR "x`)}`, { token })).json.articles).toEqual([]);
    expect(await env.DB.prepare("SELECT (SELECT count(*) FROM articles) AS a, (SELECT count(*) FROM articles_trgm) AS t").first()).toEqual(before);
  });
});

describe("readers", () => {
  it("find no draft by its headline's substring or its words; the editors' list does", async () => {
    for (const q of [`${W}embargo`, `${W}embargoword`, `embargo draft`, `Secret ${W}`]) {
      const res = await get(`/api/content/v1/articles?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(200);
      expect(res.json.articles.map((a: { id: string }) => a.id), q).not.toContain(draft);
    }
    expect((await call("GET", `/articles?q=${encodeURIComponent(`${W}embargo dr`)}`, { token })).json.articles.map((a: { id: string }) => a.id)).toEqual([draft]);
    // Readers still search words, not substrings: the published story's mid-word text finds nothing.
    expect((await get(`/api/content/v1/articles?q=${encodeURIComponent(`${W.slice(2)}harbour`)}`)).json.articles).toEqual([]);
  });
});
