// The full-text index keeps no copy of the text (migrations/0017_fts_external_content.sql): an
// external-content FTS5 table over articles, kept in step by triggers that hand FTS5 the old values
// on every change. If a trigger indexed anything else than the row holds (a coalesced summary, a
// stale headline), search would go on finding words a story no longer has, and FTS5 would never
// say so; its 'integrity-check' does, so it runs after every writer. Search must answer exactly
// what the old index (its own copy, filled the 0002 way) answers, so that index is rebuilt beside
// it as a reference and both are asked the same queries.
import { env } from "cloudflare:workers";
import type { D1Migration } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { call, tokenFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";

const W = crypto.randomUUID().replace(/-/g, "").slice(0, 6);
/** Words only this file uses, so other rows never match. */
const word = (name: string) => `${name}${W}`;
const QUERIES = ["harbour", "ferry", "tide", "gull", "pier", "lock", "crane", "fog", "storm", "cafe", "keyless"].map((n) => `"${word(n)}"`).concat([`"${word("ha")}"*`, `"${word("harbour")}" "${word("ferry")}"`]);
const MIGRATIONS = (env as unknown as { TEST_MIGRATIONS: D1Migration[] }).TEST_MIGRATIONS;

let token: string;

const run = (sql: string, ...params: unknown[]) => env.DB.prepare(sql).bind(...params).run();
const ids = async (table: string, match: string) => (await env.DB.prepare(`SELECT rowid AS r FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid`).bind(match).all<{ r: number }>()).results.map((x) => x.r);

/** The old index, as migrations/0002_fts.sql filled it (its own copy, summary coalesced), remade from articles. */
async function referenceIndex() {
  await run("DROP TABLE IF EXISTS reference_fts");
  await run("CREATE VIRTUAL TABLE reference_fts USING fts5(headline, summary, body_text, tokenize = 'unicode61 remove_diacritics 2')");
  await run("INSERT INTO reference_fts (rowid, headline, summary, body_text) SELECT search_id, headline, coalesce(summary, ''), body_text FROM articles");
}

/** The index agrees with articles (FTS5 checks it against the content table itself), and answers every query as the old index would. */
async function expectInStep(label: string) {
  // rank = 1: against the content table too (without it FTS5 checks only the index's own structure).
  await expect(run("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)"), label).resolves.toBeTruthy();
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

describe("articles_fts: an external-content index over articles", () => {
  it("stores no text of its own: no content table, the index over articles by search_id", async () => {
    const { results } = await env.DB.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'articles_fts%' ORDER BY name").all<{ name: string; sql: string }>();
    expect(results.map((r) => r.name)).toEqual(["articles_fts", "articles_fts_config", "articles_fts_data", "articles_fts_docsize", "articles_fts_idx"]);
    expect(results[0]!.sql).toContain("content = 'articles', content_rowid = 'search_id'");
  });

  it("every writer keeps it in step: create, edit each field, publish, unpublish, republish, trash, restore, a row inserted by SQL", async () => {
    const a = await story(`${word("harbour")} reopens`, `The ${word("ferry")} runs again.`, `${word("tide")} permitting`);
    const b = await story(`${word("gull")} count`, `Seen from the ${word("pier")}.`, null);
    const c = await story(`Cafe ${word("cafe")} closes`, `Before the ${word("storm")}.`);
    await expectInStep("created");
    for (const x of [a, b, c]) expect((await call("POST", `/articles/${x.id}/publish`, { token })).status).toBe(200);
    await expectInStep("published");
    expect(await readerSearch("harbour")).toEqual([a.id]);

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

    // A row written by SQL (the bench's seed, an import) is indexed by the triggers alone, even one
    // without a search_id (the export format allows null): it gets the next one.
    await run(
      "INSERT INTO articles (id, slug, headline, body, body_text, created_at, updated_at, search_id) VALUES (?1, ?1, ?2, '{}', ?3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', NULL)",
      `art_sql${W}`,
      `${word("harbour")} by SQL`,
      `No ${word("ferry")} today.`,
    );
    const filled = await env.DB.prepare("SELECT search_id AS s, (SELECT max(search_id) FROM articles) AS top FROM articles WHERE id = ?").bind(`art_sql${W}`).first<{ s: number | null; top: number }>();
    expect(filled!.s).toBe(filled!.top);
    await expectInStep("inserted by SQL without a search_id");
    expect(await ids("articles_fts", `"${word("harbour")}"`)).toEqual([filled!.s]);
    await run("DELETE FROM articles WHERE id = ?", `art_sql${W}`);
    await expectInStep("deleted by SQL");
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

describe("the migration", () => {
  it("gives the same answers as the old index, and numbers a row that had no search_id", async () => {
    await story(`${word("harbour")} and ${word("ferry")}`, `A ${word("tide")} table.`, null);
    await story(`${word("hazard")} ahead`, `By the ${word("pier")}.`, `${word("fog")} again`);
    // Back to the old index (0002's own statements), with a row its triggers indexed under no search_id.
    const old = MIGRATIONS.find((m) => m.name.startsWith("0002_"))!.queries.filter((q) => q.includes("articles_fts"));
    const next = MIGRATIONS.find((m) => m.name.startsWith("0017_"))!.queries;
    await env.DB.batch(["DROP TRIGGER articles_fts_insert", "DROP TRIGGER articles_search_id_fill", "DROP TRIGGER articles_fts_update", "DROP TRIGGER articles_fts_delete", "DROP TABLE articles_fts", ...old].map((q) => env.DB.prepare(q)));
    await run(
      "INSERT INTO articles (id, slug, headline, body, body_text, created_at, updated_at, search_id) VALUES (?1, ?1, ?2, '{}', '', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', NULL)",
      `art_old${W}`,
      `${word("keyless")} story`,
    );
    const answers = async (table: string) => Promise.all(QUERIES.map((q) => ids(table, q)));
    const before = await answers("articles_fts");
    expect(before.flat().length).toBeGreaterThan(3);

    await env.DB.batch(next.map((q) => env.DB.prepare(q)));

    await expectInStep("migrated");
    const numbered = await env.DB.prepare("SELECT search_id AS s FROM articles WHERE id = ?").bind(`art_old${W}`).first<{ s: number | null }>();
    expect(numbered!.s).not.toBeNull();
    // The one difference: the row the old index held under a made-up rowid is now found by its own.
    const expected = before.map((r, i) => (QUERIES[i] === `"${word("keyless")}"` ? [numbered!.s] : r));
    expect(await answers("articles_fts")).toEqual(expected);
  });
});
