// The body's plain text is not stored (migrations/0018_contentless_fts_compressed_html.sql): the
// search index is contentless, and every writer of an article's text hands it the text it computed.
// Nothing in SQL can check a contentless index against the articles (FTS5's integrity-check sees
// its structure only), so after every writer the index is asked the same queries as a reference
// index built here from the bodies themselves (the 0002 way: its own copy), and must agree.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { bodyToPlainText } from "../../src/body/plain-text";
import type { BodyDoc } from "../../src/body/schema";
import { call, tokenFor } from "../helpers/api";
import { createArticle, createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";

const W = crypto.randomUUID().replace(/-/g, "").slice(0, 6);
/** Words only this file uses, so other rows never match. */
const word = (name: string) => `${name}${W}`;
const QUERIES = ["harbour", "ferry", "tide", "gull", "pier", "lock", "crane", "fog", "storm", "cafe"].map((n) => `"${word(n)}"`).concat([`"${word("ha")}"*`, `"${word("harbour")}" "${word("ferry")}"`]);

let token: string;

const run = (sql: string, ...params: unknown[]) => env.DB.prepare(sql).bind(...params).run();
const ids = async (table: string, match: string) => (await env.DB.prepare(`SELECT rowid AS r FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid`).bind(match).all<{ r: number }>()).results.map((x) => x.r);

/** The index as it should be: every article's headline, summary and the plain text of its body, in an index with its own copy. */
async function referenceIndex() {
  await run("DROP TABLE IF EXISTS reference_fts");
  await run("CREATE VIRTUAL TABLE reference_fts USING fts5(headline, summary, body_text, tokenize = 'unicode61 remove_diacritics 2')");
  const { results } = await env.DB.prepare("SELECT search_id AS s, headline, summary, body FROM articles WHERE search_id IS NOT NULL").all<{ s: number; headline: string; summary: string | null; body: string }>();
  const insert = env.DB.prepare("INSERT INTO reference_fts (rowid, headline, summary, body_text) VALUES (?, ?, ?, ?)");
  if (results.length) await env.DB.batch(results.map((r) => insert.bind(r.s, r.headline, r.summary, bodyToPlainText(JSON.parse(r.body) as BodyDoc))));
}

/** The index is sound (its own structure) and answers every query as the reference does. */
async function expectInStep(label: string) {
  await expect(run("INSERT INTO articles_fts (articles_fts) VALUES ('integrity-check')"), label).resolves.toBeTruthy();
  await referenceIndex();
  for (const q of QUERIES) expect(await ids("articles_fts", q), `${label}: ${q}`).toEqual(await ids("reference_fts", q));
}

/** What a reader's search finds (published stories), by article id. */
async function readerSearch(name: string): Promise<string[]> {
  const res = await get(`/api/content/v1/articles?q=${word(name)}&limit=50`);
  expect(res.status, res.text).toBe(200);
  return res.json.articles.map((a: { id: string }) => a.id).sort();
}

const story = (headline: string, body: string, summary?: string | null) =>
  createPublishableArticle(token, { headline, body: doc(paragraph(body)), ...(summary === undefined ? {} : { summary }) });

beforeAll(async () => {
  token = (await tokenFor("admin")).token;
});

describe("articles_fts: a contentless index the saves fill", () => {
  it("stores no text: no body_text column, no content table, contentless with deletes", async () => {
    const { results } = await env.DB.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'articles_fts%' ORDER BY name").all<{ name: string; sql: string }>();
    expect(results.map((r) => r.name)).toEqual(["articles_fts", "articles_fts_config", "articles_fts_data", "articles_fts_docsize", "articles_fts_idx"]);
    expect(results[0]!.sql).toContain("content = '', contentless_delete = 1, tokenize");
    const columns = (await env.DB.prepare("SELECT name FROM pragma_table_info('articles')").all<{ name: string }>()).results.map((c) => c.name);
    expect(columns).not.toContain("body_text");
    expect(columns).toEqual(expect.arrayContaining(["excerpt_text", "body_html_z"]));
  });

  it("every writer keeps it in step: create, edit each field, publish, unpublish, republish, trash, restore, a delete by SQL", async () => {
    const a = await story(`${word("harbour")} reopens`, `The ${word("ferry")} runs again.`, `${word("tide")} permitting`);
    const b = await story(`${word("gull")} count`, `Seen from the ${word("pier")}.`, null);
    const c = await story(`Cafe ${word("cafe")} closes`, `Before the ${word("storm")}.`);
    await expectInStep("created");
    for (const x of [a, b, c]) expect((await call("POST", `/articles/${x.id}/publish`, { token })).status).toBe(200);
    await expectInStep("published");
    expect(await readerSearch("harbour")).toEqual([a.id]);
    // The last word is a prefix.
    expect((await get(`/api/content/v1/articles?q=${word("harbour").slice(0, -3)}`)).json.articles.map((x: { id: string }) => x.id)).toEqual([a.id]);

    // Each field alone, a summary set and then removed: the old words must stop matching.
    const edit = async (id: string, body: Record<string, unknown>) => {
      const cur = await call("GET", `/articles/${id}`, { token });
      const res = await call("PATCH", `/articles/${id}`, { token, headers: { "if-match": cur.headers.get("etag")! }, body });
      expect(res.status, res.text).toBe(200);
    };
    await edit(a.id, { headline: `${word("lock")} reopens` });
    await expectInStep("headline edited");
    expect(await readerSearch("harbour")).toEqual([]);
    expect(await readerSearch("lock")).toEqual([a.id]);
    await edit(a.id, { summary: null });
    await expectInStep("summary removed");
    expect(await readerSearch("tide")).toEqual([]);
    await edit(b.id, { summary: `${word("fog")} lifts` });
    await expectInStep("summary added");
    expect(await readerSearch("fog")).toEqual([b.id]);
    await edit(b.id, { body: doc(paragraph(`Seen from the ${word("crane")}.`)) });
    await expectInStep("body edited");
    expect(await readerSearch("pier")).toEqual([]);
    expect(await readerSearch("crane")).toEqual([b.id]);

    expect((await call("POST", `/articles/${c.id}/unpublish`, { token })).status).toBe(200);
    await expectInStep("unpublished");
    expect(await readerSearch("cafe")).toEqual([]);
    expect((await call("POST", `/articles/${c.id}/publish`, { token })).status).toBe(200);
    await expectInStep("republished");
    expect(await readerSearch("cafe")).toEqual([c.id]);

    expect((await call("DELETE", `/articles/${c.id}`, { token })).status).toBe(204);
    await expectInStep("trashed");
    expect(await ids("articles_fts", `"${word("storm")}"`)).toEqual([]);
    expect((await call("POST", `/trash/${c.id}/restore`, { token })).status).toBe(201);
    await expectInStep("restored");
    expect(await ids("articles_fts", `"${word("storm")}"`)).toHaveLength(1);

    // Any delete of the row takes its index row along (the trigger), whoever deletes it.
    await run("DELETE FROM articles WHERE id = ?", b.id);
    await expectInStep("deleted by SQL");
    expect(await ids("articles_fts", `"${word("crane")}"`)).toEqual([]);
  });

  it("a save that leaves the text alone leaves the index alone", async () => {
    const a = await story(`${word("gull")} again`, "Nothing else.");
    const rows = () => env.DB.prepare("SELECT count(*) AS n, sum(length(block)) AS b FROM articles_fts_data").first();
    const before = await rows();
    expect((await call("POST", `/articles/${a.id}/publish`, { token })).status).toBe(200);
    expect(await rows()).toEqual(before);
    await expectInStep("published, text unchanged");
  });
});

describe("editors' search", () => {
  it("finds drafts by a word of their body (the index), and by a substring of headline or slug (LIKE)", async () => {
    const draft = await createArticle(token, { headline: `Quay${word("hdl")} works`, body: doc(paragraph(`The ${word("bollard")} was moved.`)) });
    const search = async (q: string) => (await call("GET", `/articles?q=${encodeURIComponent(q)}&limit=100`, { token })).json.articles.map((x: { id: string }) => x.id);
    expect(await search(word("bollard"))).toEqual([draft.id]);
    // The last word as a prefix, as readers search; the others whole words.
    const cut = word("bollard").slice(0, -2);
    expect(await search(cut)).toEqual([draft.id]);
    expect(await search(`moved ${cut}`)).toEqual([draft.id]);
    expect(await search(`${cut} moved`)).toEqual([]);
    // A substring inside a word of the headline: LIKE, as before.
    expect(await search(`ay${word("hdl")}`)).toEqual([draft.id]);
    // Words of no story, and no word at all: nothing, and no error.
    expect(await search(word("absent"))).toEqual([]);
    expect((await call("GET", `/articles?q=${encodeURIComponent('"*')}`, { token })).status).toBe(200);
  });
});
