// Layouts of the search index (articles_fts), on a copy of a bench database (`npm run bench --
// --only storage --keep` prints where it is kept): FTS5 bytes per article by dbstat, and the time of
// readers' search page statement (src/articles/query.ts searchPageStatement, written out below) for
// the bench's 20 queries. `scale` copies every article that many times (new ids and search_ids, the
// same text) to see the statement at a larger archive.
//
// The index is contentless since migration 0018: the text is not in the database, so each layout's
// index is filled here from every body's plain text as the save computes it (bodyToPlainText).
// Layouts: 0018's own (no prefix index), the same with prefix = '2 3', and, as a floor, the
// queries' last word searched whole (no prefix at all).
//
//   PATH=node_modules/node/bin:$PATH node --import tsx scripts/bench/measure-fts-search.ts <d1 .sqlite file> [scale] [layout,…]
import { copyFileSync, existsSync, rmSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { bodyToPlainText } from "../../src/body/plain-text";
import type { BodyDoc } from "../../src/body/schema";
import { searchTerms } from "./generate/text";
import { createRng } from "./generate/prng";

const [source, scaleArg, only] = process.argv.slice(2);
if (!source) throw new Error("usage: measure-fts-search.ts <d1 .sqlite file> [scale] [layout,…]");
const SCALE = Number(scaleArg ?? 1);
const LIMIT = 20;
const WINDOW = 5 * (LIMIT + 1);

/** src/articles/query.ts ftsQuery; `prefix: false` searches the last word whole too. */
const ftsQuery = (q: string, prefix = true) => {
  const terms = q.match(/[\p{L}\p{N}]+/gu)?.slice(0, 8) ?? [];
  return terms.map((t, i) => `"${t}"${prefix && i === terms.length - 1 ? "*" : ""}`).join(" ");
};
const rng = createRng(42);
const typed = Array.from({ length: 20 }, () => searchTerms(rng));

const PAGE = `SELECT a.id, a.slug, a.headline, a.summary, a.published_at, s.slug AS section, m.id AS media, w.r AS page_key
  FROM (SELECT rowid AS r FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ${WINDOW}) AS w
  CROSS JOIN articles AS a LEFT JOIN sections AS s ON s.id = a.section_id LEFT JOIN media AS m ON m.id = a.featured_media_id
  WHERE a.search_id = w.r AND a.status = 'published' ORDER BY w.r DESC LIMIT ${LIMIT + 1}`;

const FTS = (options: string) =>
  `CREATE VIRTUAL TABLE articles_fts USING fts5(headline, summary, body_text, content = '', contentless_delete = 1${options}, tokenize = 'unicode61 remove_diacritics 2')`;
const LAYOUTS: Record<string, { fts: string; prefix: boolean }> = {
  "0018": { fts: FTS(""), prefix: true },
  "prefix-2-3": { fts: FTS(", prefix = '2 3'"), prefix: true },
  "last-word-whole": { fts: FTS(""), prefix: false },
};

function measure(label: string, layout: { fts: string; prefix: boolean }) {
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
  if (SCALE > 1) {
    const cols = (db.prepare("SELECT name FROM pragma_table_info('articles')").all() as { name: string }[]).map((c) => c.name);
    const pick = (k: number) => cols.map((c) => (c === "id" || c === "slug" ? `${c} || '-${k}'` : c === "search_id" ? `search_id + ${top * k}` : c)).join(", ");
    for (let k = 1; k < SCALE; k++) db.exec(`INSERT INTO articles (${cols.join(", ")}) SELECT ${pick(k)} FROM articles WHERE search_id <= ${top}`);
  }
  // As the saves would have filled it: one row per article, oldest first.
  const insert = db.prepare("INSERT INTO articles_fts (rowid, headline, summary, body_text) VALUES (?, ?, ?, ?)");
  for (let k = 0; k < SCALE; k++) for (const r of texts) insert.run(r.s + top * k, r.headline, r.summary, r.text);
  db.exec("COMMIT");
  const articles = Number((db.prepare("SELECT count(*) AS n FROM articles").get() as { n: number }).n);
  const fts = Number((db.prepare("SELECT sum(pgsize) AS b FROM dbstat WHERE name LIKE 'articles_fts%'").get() as { b: number }).b);
  const queries = typed.map((q) => ftsQuery(q, layout.prefix));
  const page = db.prepare(PAGE);
  for (const q of queries) page.all(q); // warm the page cache
  const times: number[] = [];
  let rows = 0;
  for (let rep = 0; rep < 15; rep++) {
    for (const q of queries) {
      const t = process.hrtime.bigint();
      rows += page.all(q).length;
      times.push(Number(process.hrtime.bigint() - t) / 1000);
    }
  }
  times.sort((x, y) => x - y);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(0);
  console.log(`${label}: ${articles} articles, FTS ${(fts / articles).toFixed(0)} B per article; search page statement p50 ${at(0.5)} µs, p90 ${at(0.9)} µs, max ${at(1)} µs (${rows / 15} rows per pass of ${queries.length} queries)`);
  db.close();
  for (const f of [file, `${file}-wal`]) rmSync(f, { force: true });
}

for (const [label, layout] of Object.entries(LAYOUTS)) if (!only || only.split(",").includes(label)) measure(label, layout);
