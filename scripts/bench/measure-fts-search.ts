// Layouts of the search index (articles_fts), on a copy of a bench database (`npm run bench --
// --only storage --keep` prints where it is kept): FTS5 bytes per article by dbstat, and the time of
// readers' search page statement (src/articles/query.ts searchPageStatement, written out below) for
// the bench's 20 queries. `scale` copies every article that many times (new ids and search_ids, the
// same text) to see the statement at a larger archive.
//
// The index is contentless since migration 0018: the text is not in the database, so each layout's
// index is filled here from every body's plain text as the save computes it (bodyToPlainText).
// Layouts: 0018's own (no prefix index), the same with prefix = '2 3', as a floor the queries' last
// word searched whole (no prefix at all), and migration 0022's: the last word expanded into the whole
// terms that begin with it from search_terms (src/articles/search-match.ts ftsMatch, compiled by
// drizzle, so this measures the statement the Worker sends), the table filled as the migration fills
// it (from the index's vocabulary).
//
//   PATH=node_modules/node/bin:$PATH node --import tsx scripts/bench/measure-fts-search.ts <d1 .sqlite file> [scale] [layout,…]
import { copyFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";
import { sql } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { ftsMatch } from "../../src/articles/search-match";
import { bodyToPlainText } from "../../src/body/plain-text";
import type { BodyDoc } from "../../src/body/schema";
import { searchTerms } from "./generate/text";
import { createRng } from "./generate/prng";

const [source, scaleArg, only] = process.argv.slice(2);
if (!source) throw new Error("usage: measure-fts-search.ts <d1 .sqlite file> [scale] [layout,…]");
const SCALE = Number(scaleArg ?? 1);
const LIMIT = 20;
const WINDOW = 5 * (LIMIT + 1);

/** src/articles/search-match.ts ftsQuery; `prefix: false` searches the last word whole too. */
const ftsQuery = (q: string, prefix = true) => {
  const terms = q.match(/[\p{L}\p{N}]+/gu)?.slice(0, 8) ?? [];
  return terms.map((t, i) => `"${t}"${prefix && i === terms.length - 1 ? "*" : ""}`).join(" ");
};
const rng = createRng(42);
const typed = Array.from({ length: 20 }, () => searchTerms(rng));

const PAGE = (match = "?") => `SELECT a.id, a.slug, a.headline, a.summary, a.published_at, s.slug AS section, m.id AS media, w.r AS page_key
  FROM (SELECT rowid AS r FROM articles_fts WHERE articles_fts MATCH ${match} ORDER BY rowid DESC LIMIT ${WINDOW}) AS w
  CROSS JOIN articles AS a LEFT JOIN sections AS s ON s.id = a.section_id LEFT JOIN media AS m ON m.id = a.featured_media_id
  WHERE a.search_id = w.r AND a.status = 'published' ORDER BY w.r DESC LIMIT ${LIMIT + 1}`;

const FTS = (options: string) =>
  `CREATE VIRTUAL TABLE articles_fts USING fts5(headline, summary, body_text, content = '', contentless_delete = 1${options}, tokenize = 'unicode61 remove_diacritics 2')`;
type Layout = { fts: string; prefix: boolean; terms?: true };
const LAYOUTS: Record<string, Layout> = {
  "0018": { fts: FTS(""), prefix: true },
  "prefix-2-3": { fts: FTS(", prefix = '2 3'"), prefix: true },
  "last-word-whole": { fts: FTS(""), prefix: false },
  "0022-search-terms": { fts: FTS(""), prefix: true, terms: true },
};
/** Migration 0022's tables and trigger, from its own file (as the Worker's database has them). */
const MIGRATION_0022 = readFileSync(fileURLToPath(import.meta.resolve("../../migrations/0022_search_terms.sql")), "utf8").split("--> statement-breakpoint");
const dialect = new SQLiteSyncDialect();

function measure(label: string, layout: Layout) {
  const file = `/tmp/measure-fts-${label}.sqlite`;
  for (const f of [file, `${file}-wal`]) rmSync(f, { force: true });
  copyFileSync(source!, file);
  // The last writes may still be in the WAL: it comes along, and is checkpointed on open.
  if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${file}-wal`);
  const db = new DatabaseSync(file);
  db.exec("PRAGMA journal_mode = DELETE");
  const base = db.prepare("SELECT search_id AS s, headline, summary, body FROM articles WHERE search_id IS NOT NULL").all() as { s: number; headline: string; summary: string | null; body: string }[];
  const texts = base.map((r) => ({ ...r, text: bodyToPlainText(JSON.parse(r.body) as BodyDoc) }));
  const top = Number((db.prepare("SELECT max(search_id) AS n FROM articles").get() as { n: number }).n);
  db.exec("BEGIN");
  db.exec("DROP TRIGGER IF EXISTS articles_fts_delete");
  db.exec("DROP TABLE articles_fts");
  db.exec(layout.fts);
  for (const t of ["search_index_in", "search_terms_scratch_vocab", "search_terms_scratch", "search_terms"]) db.exec(`DROP TABLE IF EXISTS ${t}`);
  if (SCALE > 1) {
    const cols = (db.prepare("SELECT name FROM pragma_table_info('articles')").all() as { name: string }[]).map((c) => c.name);
    const pick = (k: number) => cols.map((c) => (c === "id" || c === "slug" ? `${c} || '-${k}'` : c === "search_id" ? `search_id + ${top * k}` : c)).join(", ");
    for (let k = 1; k < SCALE; k++) db.exec(`INSERT INTO articles (${cols.join(", ")}) SELECT ${pick(k)} FROM articles WHERE search_id <= ${top}`);
  }
  // As the saves would have filled it: one row per article, oldest first.
  const insert = db.prepare("INSERT INTO articles_fts (rowid, headline, summary, body_text) VALUES (?, ?, ?, ?)");
  for (let k = 0; k < SCALE; k++) for (const r of texts) insert.run(r.s + top * k, r.headline, r.summary, r.text);
  // search_terms as the migration fills it: from the index's vocabulary.
  if (layout.terms) for (const q of MIGRATION_0022) db.exec(q);
  db.exec("COMMIT");
  const articles = Number((db.prepare("SELECT count(*) AS n FROM articles").get() as { n: number }).n);
  const fts = Number((db.prepare("SELECT sum(pgsize) AS b FROM dbstat WHERE name LIKE 'articles_fts%'").get() as { b: number }).b);
  const compiled = (q: string) => dialect.sqlToQuery(sql`${ftsMatch(q)}`);
  const page = layout.terms ? null : db.prepare(PAGE());
  const queries: (() => unknown[])[] = typed.map((q) => {
    if (!layout.terms) return () => page!.all(ftsQuery(q, layout.prefix));
    const m = compiled(q);
    const statement = db.prepare(PAGE(m.sql));
    return () => statement.all(...(m.params as SQLInputValue[]));
  });
  for (const q of queries) q(); // warm the page cache
  const times: number[] = [];
  let rows = 0;
  for (let rep = 0; rep < 15; rep++) {
    for (const q of queries) {
      const t = process.hrtime.bigint();
      rows += q().length;
      times.push(Number(process.hrtime.bigint() - t) / 1000);
    }
  }
  times.sort((x, y) => x - y);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(0);
  const terms = layout.terms ? (db.prepare("SELECT count(*) AS n, (SELECT sum(pgsize) FROM dbstat WHERE name = 'search_terms') AS b FROM search_terms").get() as { n: number; b: number }) : null;
  const termsNote = terms ? `, search_terms ${terms.n} terms ${terms.b} B` : "";
  console.log(`${label}: ${articles} articles, FTS ${(fts / articles).toFixed(0)} B per article${termsNote}; search page statement p50 ${at(0.5)} µs, p90 ${at(0.9)} µs, max ${at(1)} µs (${rows / 15} rows per pass of ${queries.length} queries)`);
  db.close();
  for (const f of [file, `${file}-wal`]) rmSync(f, { force: true });
}

for (const [label, layout] of Object.entries(LAYOUTS)) if (!only || only.split(",").includes(label)) measure(label, layout);
