// The editors' `?q=` page (src/articles/editor-search.ts, migration 0023) at a larger archive, with
// node:sqlite on a copy of a bench database: selectArticlePage with the editorial list's fields, run
// through a D1 stand-in over node:sqlite (drizzle builds and maps exactly what the Worker sends), for
// the bench's 17 words (scripts/bench/fixtures.ts), a word on 5% and on 0.1% of the stories, one on
// none, and two 2-character substrings (no trigram), each without and with a status filter.
// `scale` copies every article that many times (new ids, slugs and search_ids, the same text; the
// search index and articles_trgm filled as the saves fill them). `--grown`: copy k is k × 1,000 days
// newer, an archive that grew behind the present (the newest changes are the newest stories);
// without it every copy keeps its updated_at, so the list's newest changes are spread over the whole
// archive (each old story edited lately: the walk's worst case).
// `--query <file>`: the query module to time instead of src/articles/query.ts, e.g. the one before
// migration 0023 (`git show c5596b5:src/articles/query.ts > src/articles/query-before.tmp.ts`).
//
//   npm run bench -- --articles 1000 --only editorial-list-q --keep --quiet-wait 0   (prints the kept DB dir)
//   PATH=node_modules/node/bin:$PATH node --import tsx scripts/bench/measure-editor-search.ts DIR [scale] [--grown] [--query FILE]
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DatabaseSync, type SQLInputValue, type StatementSync } from "node:sqlite";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { childrenJson } from "../../src/articles/children-json";
import * as current from "../../src/articles/query";
import { bodyToPlainText } from "../../src/body/plain-text";
import type { BodyDoc } from "../../src/body/schema";
import { articles, sections } from "../../src/db/schema";
import { createRng } from "./generate/prng";
import { searchTerms } from "./generate/text";
import { sqliteFile } from "./phase-storage";

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const [dir, scaleArg] = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--query");
if (!dir) throw new Error("usage: measure-editor-search.ts <database directory kept by the bench (--keep)> [scale] [--grown] [--query FILE]");
const SCALE = Number(scaleArg ?? 1);
const queryFile = option("--query");
const impl: typeof current = queryFile ? await import(pathToFileURL(resolve(queryFile)).href) : current;

// A copy (with its WAL): the kept database stays as the bench left it.
const source = sqliteFile(dir);
const file = join(mkdtempSync(join(tmpdir(), "editor-search-")), "db.sqlite");
copyFileSync(source, file);
if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${file}-wal`);
const sqlite = new DatabaseSync(file);
sqlite.exec("PRAGMA journal_mode = DELETE");
if (!sqlite.prepare("SELECT 1 FROM sqlite_master WHERE name = 'articles_trgm'").get()) {
  // A database from before this branch: migration 0023 applied here, from its own file.
  const migration = readFileSync(fileURLToPath(import.meta.resolve("../../migrations/0023_editor_search_trigrams.sql")), "utf8");
  for (const statement of migration.split("--> statement-breakpoint")) sqlite.exec(statement);
}
if (SCALE > 1) {
  const base = sqlite.prepare("SELECT search_id AS s, headline, summary, body FROM articles").all() as { s: number; headline: string; summary: string | null; body: string }[];
  const texts = base.map((r) => ({ ...r, text: bodyToPlainText(JSON.parse(r.body) as BodyDoc) }));
  const top = Number((sqlite.prepare("SELECT max(search_id) AS n FROM articles").get() as { n: number }).n);
  const cols = (sqlite.prepare("SELECT name FROM pragma_table_info('articles')").all() as { name: string }[]).map((c) => c.name);
  const index = sqlite.prepare("INSERT INTO search_index_in (search_id, headline, summary, body_text) VALUES (?, ?, ?, ?)");
  sqlite.exec("BEGIN");
  for (let k = 1; k < SCALE; k++) {
    const updated = flag("--grown") ? `strftime('%Y-%m-%dT%H:%M:%fZ', updated_at, '+${k * 1000} days')` : "updated_at";
    const pick = cols.map((c) => (c === "id" || c === "slug" ? `${c} || '-${k}'` : c === "search_id" ? `search_id + ${top * k}` : c === "updated_at" ? updated : c)).join(", ");
    // articles_trgm is filled by its insert trigger; the words through search_index_in, as a save does.
    sqlite.exec(`INSERT INTO articles (${cols.join(", ")}) SELECT ${pick} FROM articles WHERE search_id <= ${top}`);
    for (const r of texts) index.run(r.s + top * k, r.headline, r.summary, r.text);
  }
  sqlite.exec("COMMIT");
}

// The D1 binding as drizzle uses it: prepare, bind, all/raw/run, batch.
const prepared = new Map<string, StatementSync>();
const prepare = (text: string) => prepared.get(text) ?? prepared.set(text, sqlite.prepare(text)).get(text)!;
let statements = 0;
class Statement {
  constructor(
    readonly text: string,
    readonly params: SQLInputValue[] = [],
  ) {}
  bind(...params: unknown[]) {
    return new Statement(this.text, params.map((v) => (typeof v === "boolean" ? Number(v) : (v ?? null))) as SQLInputValue[]);
  }
  async all() {
    statements++;
    const p = prepare(this.text);
    p.setReturnArrays(false);
    return { results: p.all(...this.params), success: true, meta: {} };
  }
  async raw() {
    statements++;
    const p = prepare(this.text);
    p.setReturnArrays(true);
    return p.all(...this.params);
  }
}
const d1 = { prepare: (text: string) => new Statement(text), batch: (list: Statement[]) => Promise.all(list.map((s) => s.all())) };
const db = drizzle(d1 as unknown as D1Database);

// src/editorial/articles/list.ts listFields.
const listFields = {
  id: articles.id, slug: articles.slug, headline: articles.headline, summary: articles.summary, status: articles.status, scheduledAt: articles.scheduledAt,
  embargoedUntil: articles.embargoedUntil, publishedAt: articles.publishedAt, updatedAt: articles.updatedAt, version: articles.version,
  sectionSlug: sql<string | null>`${sections.slug}`.as("section_slug"), sectionName: sql<string | null>`${sections.name}`.as("section_name"),
  bylinesJson: childrenJson.bylinesJson, tagsJson: childrenJson.tagsJson, stage: articles.stage, dueAt: articles.dueAt, kind: articles.kind,
  stageName: sql<string | null>`(SELECT ws.name FROM workflow_stages ws WHERE ws.id = "articles"."stage")`.as("stage_name"),
  assigneesJson: sql<string | null>`(SELECT json_group_array(json_object('id', u.id, 'name', u.name)) FROM (SELECT u.id, u.name FROM article_assignees aa CROSS JOIN users u ON u.id = aa.user_id WHERE aa.article_id = "articles"."id" ORDER BY u.name, u.id) u)`.as("assignees_json"),
};

// The bench's words (scripts/bench/fixtures.ts): the first word of each of its 20 queries.
const rng = createRng(42);
const words = [...new Set(Array.from({ length: 20 }, () => searchTerms(rng).split(" ")[0]!))];
const vocab = (n: number) => {
  sqlite.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.words USING fts5vocab(main, articles_fts, row)");
  const total = Number((sqlite.prepare("SELECT count(*) AS n FROM articles").get() as { n: number }).n);
  return (sqlite.prepare("SELECT term FROM temp.words WHERE term GLOB '[a-z0-9]*' ORDER BY abs(doc - ?) LIMIT 1").get(total * n) as { term: string }).term;
};
const SETS: [string, string[]][] = [
  [`the bench's ${words.length} words`, words],
  ["a word on ~5% of stories", [vocab(0.05)]],
  ["a word on ~0.1% of stories", [vocab(0.001)]],
  ["a word on no story", ["zzqxj"]],
  ["2 characters, common (ea)", ["ea"]],
  ["2 characters, on no story (zx)", ["zx"]],
];
const total = Number((sqlite.prepare("SELECT count(*) AS n FROM articles").get() as { n: number }).n);
console.log(`${total} articles${flag("--grown") ? " (grown)" : ""}, ${queryFile ?? "src/articles/query.ts"}`);
for (const [label, extra] of [["any status", {}], ["status=draft", { status: "draft" as const }]] as const) {
  for (const [set, qs] of SETS) {
    const page = (q: string) => impl.selectArticlePage(db, listFields, { q, limit: 20, publishedOnly: false, ...extra });
    for (const q of qs) await page(q); // warm the page cache
    const times: number[] = [];
    let rows = 0;
    statements = 0;
    const started = Date.now();
    for (let rep = 0; rep < 15 && Date.now() - started < 30_000; rep++) {
      for (const q of qs) {
        const t = process.hrtime.bigint();
        rows += (await page(q)).rows.length;
        times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
    console.log(`${label} | ${set} (${qs.length === 1 ? qs[0] : "…"}): p50 ${at(0.5)} ms, p90 ${at(0.9)} ms (${times.length} pages, ${(rows / times.length).toFixed(1)} rows, ${statements / times.length} statement a page)`);
  }
}
sqlite.close();
// The copy (1.5 GB at ×100) goes.
rmSync(dirname(file), { recursive: true, force: true });
