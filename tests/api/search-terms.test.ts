// Readers' search expands its last word into the whole terms that begin with it, read from
// search_terms (migration 0022, src/articles/search-match.ts), so that FTS5 reads them lazily instead
// of merging every matching posting list. That is only sound if the table holds every token the
// index holds: a term it lacked would silently hide a story. So: every writer of the index fills it
// (save, edit, restore, import, rebuild, the migration), and every query answers exactly what the
// prefix query answers — the expanded ones, and the ones that fall back to the prefix.
import { env } from "cloudflare:workers";
import type { D1Migration } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ftsQuery } from "../../src/articles/search-match";
import { ftsMatch, MAX_EXPANSION } from "../../src/articles/search-match";
import { call, db, tokenFor, editArticle, rebuildSearchIndex } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { exportJson, freshNewsroom } from "../helpers/newsroom-dump";
import { get } from "../helpers/public";

const MIGRATIONS = (env as unknown as { TEST_MIGRATIONS: D1Migration[] }).TEST_MIGRATIONS;
const W = crypto.randomUUID().replace(/-/g, "").slice(0, 8);
/** A word no other test file writes: `zq` + a random tail + a name. */
const word = (name: string) => `zq${W}${name}`;
let token: string;

/** The search_ids the index answers for this MATCH argument (a string or ftsMatch's subquery). */
const matched = async (match: ReturnType<typeof ftsMatch>) =>
  (await db().all<{ r: number }>(sql`SELECT rowid AS r FROM articles_fts WHERE articles_fts MATCH ${match} ORDER BY rowid`)).map((x) => x.r);
/** What ftsMatch hands FTS5 for q, evaluated. */
const matchText = async (q: string) => (await db().get<{ m: string }>(sql`SELECT ${ftsMatch(q)} AS m`)).m;
const readerSearch = async (q: string) => {
  const res = await get(`/api/content/v1/articles?q=${encodeURIComponent(q)}`);
  expect(res.status, res.text).toBe(200);
  return res.json.articles.map((a: { id: string }) => a.id) as string[];
};
const hasTerm = async (term: string) => (await env.DB.prepare("SELECT 1 FROM search_terms WHERE term = ?").bind(term).first()) !== null;

/** Every token of the index is in search_terms (read through a vocabulary table over the index). */
async function expectEveryTokenKept(label: string) {
  await env.DB.prepare("CREATE VIRTUAL TABLE IF NOT EXISTS test_articles_vocab USING fts5vocab(articles_fts, row)").run();
  const missing = await env.DB.prepare("SELECT term FROM test_articles_vocab WHERE term NOT IN (SELECT term FROM search_terms)").all<{ term: string }>();
  expect(missing.results.map((r) => r.term), label).toEqual([]);
  // The trigger keeps nothing behind: no staged row, no scratch term.
  expect(await env.DB.prepare("SELECT (SELECT count(*) FROM search_index_in) + (SELECT count(*) FROM search_terms_scratch_vocab) AS n").first("n"), label).toBe(0);
}

async function publish(headline: string, text: string, summary: string | null = null) {
  const a = await createPublishableArticle(token, { headline, summary, body: doc(paragraph(text)) });
  expect((await call("POST", `/articles/${a.id}/publish`, { token })).status).toBe(200);
  return a as { id: string };
}

const edit = (id: string, body: Record<string, unknown>) => editArticle(token, id, body);

vi.setConfig({ testTimeout: 60_000 });

beforeAll(async () => {
  token = (await tokenFor("editor")).token;
  await publish(`${word("harbour")} reopens`, `The ${word("harbourmaster")} and the ${word("harbours")} of Crème Brûlée, Straße, naïve café, 2024 and ＡＢＣ.`, `${word("tide")} permitting`);
  await publish(`${word("ferry")} times`, `Seen from the ${word("pier")}: ${word("harbour")} again, "quoted" words AND NOT OR NEAR(x y) col:umn ^start *star*.`);
  // More than MAX_EXPANSION terms with one beginning: the query falls back to the prefix.
  await publish(`${word("many")} terms`, Array.from({ length: MAX_EXPANSION + 5 }, (_, i) => word(`wide${i}x`)).join(" "));
});

describe("search_terms: every token the index holds", () => {
  it("is kept by each save, and the index's tokens (diacritics folded, non-ASCII) all appear", async () => {
    await expectEveryTokenKept("created and published");
    for (const t of [word("harbourmaster"), "creme", "brulee", "straße", "naive", "cafe", "2024", "ａｂｃ"]) expect(await hasTerm(t), t).toBe(true);
  });

  it("answers every query as the prefix query does, expanding ASCII last words and falling back otherwise", async () => {
    const queries = [
      word("harb"), word("harbour"), `${word("ferry")} ${word("harb")}`, word("ti"), word("pie"), `${word("tide")} ${word("harbou")}`,
      "cre", "CRE", "Crème", "crème bru", "brû", "naï", "straß", "ａｂ", "café", "20", "2024",
      `"quoted`, `AND NOT`, `NEAR(x`, `col:umn`, `^start`, `*star*`, `harbour" OR "x`, `"${word("harb")}`,
      word("wide"), word("wide1"), word("nothing"), "a", "x".repeat(400), `${"word ".repeat(20)}${word("harb")}`,
    ];
    for (const q of queries) expect(await matched(ftsMatch(q)), q).toEqual(await matched(ftsQuery(q)));
    // The fast path is taken where it may be: whole terms OR'ed, no prefix left.
    expect(await matchText(word("harb"))).toBe(`("${word("harbour")}" OR "${word("harbourmaster")}" OR "${word("harbours")}")`);
    expect(await matchText(`${word("ferry")} ${word("Harb")}`)).toBe(`"${word("ferry")}" AND ("${word("harbour")}" OR "${word("harbourmaster")}" OR "${word("harbours")}")`);
    expect(await matchText(`"quoted" AND NOT ${word("pie")}`)).toBe(`"quoted" AND "AND" AND "NOT" AND ("${word("pier")}")`);
    // And the prefix where it must: no term, too many, a word unicode61 folds differently from ASCII.
    expect(await matchText(word("nothing"))).toBe(`"${word("nothing")}"*`);
    expect(await matchText(word("wide"))).toBe(`"${word("wide")}"*`);
    expect(await matchText("brû")).toBe(`"brû"*`);
    expect(await matchText("\u212A")).toBe(`"\u212A"*`); // the Kelvin sign, which toLowerCase makes "k"
    expect(ftsMatch("  ***  ")).toBeNull();
    // Through the API: the reader's page finds the story by the prefix of its words.
    expect(await readerSearch(word("harbourm"))).toHaveLength(1);
    expect(await readerSearch(word("harb"))).toHaveLength(2);
  });

  it("an edit, a restore and a trash restore bring their new words", async () => {
    const a = await publish(`${word("gull")} count`, `Seen from the ${word("quay")}.`);
    await edit(a.id, { body: doc(paragraph(`Seen from the ${word("crane")}.`)) });
    await expectEveryTokenKept("edited");
    expect(await readerSearch(word("cra"))).toEqual([a.id]);
    expect(await matchText(word("cra"))).toBe(`("${word("crane")}")`);
    // A draft's restore is saved at once (a live story's waits in its working copy): revision 1 is the
    // created story, whose word is taken out of the table first.
    const d = await createPublishableArticle(token, { headline: `${word("draft")} note`, body: doc(paragraph(`By the ${word("quay")}.`)) });
    await edit(d.id, { body: doc(paragraph(`By the ${word("jetty")}.`)) });
    await env.DB.prepare("DELETE FROM search_terms WHERE term = ?").bind(word("quay")).run();
    const restored = await call("POST", `/articles/${d.id}/revisions/1/restore`, { token, headers: { "if-match": (await call("GET", `/articles/${d.id}`, { token })).headers.get("etag")! } });
    expect(restored.status, restored.text).toBeLessThan(300);
    expect(await hasTerm(word("quay"))).toBe(true);
    // Out of the trash: the story is saved again with its text.
    expect((await call("DELETE", `/articles/${a.id}`, { token })).status).toBe(204);
    await env.DB.prepare("DELETE FROM search_terms WHERE term = ?").bind(word("crane")).run();
    expect((await call("POST", `/trash/${a.id}/restore`, { token: (await tokenFor("admin")).token })).status).toBe(201);
    expect(await hasTerm(word("crane"))).toBe(true);
    await expectEveryTokenKept("restored");
  });

  it("POST /search-index/rebuild fills it again from the bodies", async () => {
    await env.DB.prepare("DELETE FROM search_terms").run();
    expect(await matchText(word("harb"))).toBe(`"${word("harb")}"*`);
    const admin = (await tokenFor("admin")).token;
    await rebuildSearchIndex(admin);
    await expectEveryTokenKept("rebuilt");
    expect(await readerSearch(word("harbourm"))).toHaveLength(1);
  });

  it("migration 0022 fills it from the index's own vocabulary", async () => {
    await env.DB.prepare("DELETE FROM search_terms").run();
    const fill = MIGRATIONS.find((m) => m.name.startsWith("0022_"))!.queries.filter((q) => /search_terms_fill/.test(q));
    expect(fill).toHaveLength(3);
    await env.DB.batch(fill.map((q) => env.DB.prepare(q)));
    await expectEveryTokenKept("migrated");
  });

  it("an import's publish fills it", async () => {
    const admin = (await tokenFor("admin")).token;
    await publish(`${word("lighthouse")} keeper`, `The ${word("beacon")} turns.`);
    const dump = await exportJson(admin);
    const fresh = await freshNewsroom();
    await env.DB.prepare("DELETE FROM search_terms").run();
    const res = await call("POST", "/import", { token: fresh.token, body: dump });
    expect(res.status, res.text).toBe(201);
    await expectEveryTokenKept("imported");
    expect(await matchText(word("bea"))).toBe(`("${word("beacon")}")`);
    expect(await readerSearch(word("bea"))).toHaveLength(1);
  });
});
