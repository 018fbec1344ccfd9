// The full-text index with its own copy of the text (migrations/0002_fts.sql) versus external
// content over articles (0017), on a copy of a bench database (`npm run bench -- --only storage
// --keep` prints where it is kept): FTS5 bytes per article by dbstat, and the time of readers'
// search page statement (src/articles/query.ts searchPageStatement, written out below) for the
// bench's 20 queries. `scale` copies every article that many times (new ids and search_ids, the
// same text, indexed by the triggers) to see the statement at a larger archive.
//
//   PATH=node_modules/node/bin:$PATH node scripts/bench/measure-fts-search.ts <d1 .sqlite file> [scale]
import { copyFileSync, existsSync, rmSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { searchTerms } from "./generate/text";
import { createRng } from "./generate/prng";

const [source, scaleArg] = process.argv.slice(2);
if (!source) throw new Error("usage: measure-fts-search.ts <d1 .sqlite file> [scale]");
const SCALE = Number(scaleArg ?? 1);
const LIMIT = 20;
const WINDOW = 5 * (LIMIT + 1);

const ftsQuery = (q: string) => {
  const terms = q.match(/[\p{L}\p{N}]+/gu)?.slice(0, 8) ?? [];
  return terms.map((t, i) => `"${t}"${i === terms.length - 1 ? "*" : ""}`).join(" ");
};
const rng = createRng(42);
const queries = Array.from({ length: 20 }, () => ftsQuery(searchTerms(rng)));

const PAGE = `SELECT a.id, a.slug, a.headline, a.summary, a.published_at, s.slug AS section, m.id AS media, w.r AS page_key
  FROM (SELECT rowid AS r FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ${WINDOW}) AS w
  CROSS JOIN articles AS a LEFT JOIN sections AS s ON s.id = a.section_id LEFT JOIN media AS m ON m.id = a.featured_media_id
  WHERE a.search_id = w.r AND a.status = 'published' ORDER BY w.r DESC LIMIT ${LIMIT + 1}`;

/** The old layout: 0002's table and triggers, filled as 0002 filled it. */
const OLD = [
  "DROP TRIGGER IF EXISTS articles_search_id_fill",
  "DROP TRIGGER articles_fts_insert",
  "DROP TRIGGER articles_fts_update",
  "DROP TRIGGER articles_fts_delete",
  "DROP TABLE articles_fts",
  "CREATE VIRTUAL TABLE articles_fts USING fts5(headline, summary, body_text, tokenize = 'unicode61 remove_diacritics 2')",
  "INSERT INTO articles_fts (rowid, headline, summary, body_text) SELECT search_id, headline, coalesce(summary, ''), body_text FROM articles",
  "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN INSERT INTO articles_fts (rowid, headline, summary, body_text) VALUES (NEW.search_id, NEW.headline, coalesce(NEW.summary, ''), NEW.body_text); END",
];

function measure(label: string, prepare: (db: DatabaseSync) => void) {
  const file = `/tmp/measure-fts-${label}.sqlite`;
  for (const f of [file, `${file}-wal`]) rmSync(f, { force: true });
  copyFileSync(source!, file);
  // The last writes may still be in the WAL: it comes along, and is checkpointed on open.
  if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${file}-wal`);
  const db = new DatabaseSync(file);
  db.exec("PRAGMA journal_mode = DELETE");
  prepare(db);
  if (SCALE > 1) {
    const cols = (db.prepare("SELECT name FROM pragma_table_info('articles')").all() as { name: string }[]).map((c) => c.name);
    const top = Number((db.prepare("SELECT max(search_id) AS n FROM articles").get() as { n: number }).n);
    const pick = (k: number) => cols.map((c) => (c === "id" || c === "slug" ? `${c} || '-${k}'` : c === "search_id" ? `search_id + ${top * k}` : c)).join(", ");
    db.exec("BEGIN");
    for (let k = 1; k < SCALE; k++) db.exec(`INSERT INTO articles (${cols.join(", ")}) SELECT ${pick(k)} FROM articles WHERE search_id <= ${top}`);
    db.exec("COMMIT");
  }
  const articles = Number((db.prepare("SELECT count(*) AS n FROM articles").get() as { n: number }).n);
  const fts = Number((db.prepare("SELECT sum(pgsize) AS b FROM dbstat WHERE name LIKE 'articles_fts%'").get() as { b: number }).b);
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

measure("own-copy", (db) => OLD.forEach((s) => db.exec(s)));
measure("external", () => {});
