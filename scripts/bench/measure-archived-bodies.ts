// D1 bytes per article with cold bodies in R2 (issue 17), measured on the bench's own seeded database
// (real bodies, HTML, FTS, children, ten revisions each): a copy of the database a
// `npm run bench -- --only storage --articles N --keep` run kept, measured with SQLite's dbstat
// (whole pages, VACUUMed) as it is, then with every revision snapshot archived (what
// src/scheduled/archive-snapshots.ts leaves: the marker and the key), then with every body archived
// too (what src/scheduled/archive-bodies.ts leaves: the body's image and card nodes, and the key).
// "Every" is the steady state of a large archive: only the last month's stories stay inline.
//
//   npm run bench -- --only storage --articles 1000 --keep --out /tmp/b    (prints "database kept in DIR")
//   PATH=node_modules/node/bin:$PATH npx tsx scripts/bench/measure-archived-bodies.ts DIR
import { copyFileSync, existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { sqliteFile } from "./phase-storage";

const dir = process.argv[2];
if (!dir) throw new Error("usage: measure-archived-bodies.ts <database directory kept by the bench (--keep)>");

// A copy (with its WAL): the kept database stays as the bench left it.
const source = sqliteFile(dir);
const copy = join(mkdtempSync(join(tmpdir(), "bodies-")), "db.sqlite");
copyFileSync(source, copy);
if (existsSync(`${source}-wal`)) copyFileSync(`${source}-wal`, `${copy}-wal`);
const db = new DatabaseSync(copy);
const hasKey = (db.prepare("SELECT count(*) AS n FROM pragma_table_info('articles') WHERE name = 'body_key'").get() as { n: number }).n > 0;
if (!hasKey) throw new Error("this database predates migration 0019 (articles.body_key): run the bench from this branch");
const articles = Number((db.prepare("SELECT count(*) AS n FROM articles").get() as { n: number }).n);
const revisions = Number((db.prepare("SELECT count(*) AS n FROM revisions").get() as { n: number }).n);

/** Bytes per group: articles (table, indexes), revisions (table, indexes), FTS, everything else. */
function measure(label: string) {
  db.exec("VACUUM");
  const owners = new Map((db.prepare("SELECT name, type, tbl_name FROM sqlite_schema WHERE type IN ('table', 'index')").all() as { name: string; type: string; tbl_name: string }[]).map((r) => [r.name, r]));
  const groups: Record<string, number> = {};
  for (const r of db.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name").all() as { name: string; bytes: number }[]) {
    const o = owners.get(r.name);
    const table = o?.tbl_name ?? r.name;
    const group = table.startsWith("articles_fts")
      ? "FTS"
      : ["articles", "revisions", "audit_log"].includes(table)
        ? `${table}${o?.type === "index" ? " indexes" : ""}`
        : ["bylines", "article_tags", "related_links", "article_media"].includes(table)
          ? "children"
          : "everything else";
    groups[group] = (groups[group] ?? 0) + Number(r.bytes);
  }
  const total = Object.values(groups).reduce((a, b) => a + b, 0);
  const body = Number((db.prepare("SELECT avg(length(CAST(body AS BLOB))) AS n FROM articles").get() as { n: number }).n);
  console.log(`${label}: ${(total / articles).toFixed(0)} B per article (body column ${body.toFixed(0)} B on average)`);
  for (const [g, b] of Object.entries(groups).sort()) console.log(`  ${g}: ${(b / articles).toFixed(0)} B`);
  return total / articles;
}

console.log(`${articles} articles, ${revisions} revisions (${(revisions / articles).toFixed(1)} each), from ${source}`);
const before = measure("as seeded");
db.exec(`UPDATE revisions SET snapshot = '{"r2":true}', snapshot_key = 'snapshots/' || lower(hex(randomblob(32))) WHERE action <> 'delete'`);
const snapshots = measure("snapshots in R2");
// The archiver's marker (src/articles/body-store.ts bodyMarker): the body's image and related-card
// nodes, images first, each id once; the key is bodies/<64 hex digits>.
db.exec(`UPDATE articles SET body_html = NULL, body_html_z = NULL, body_key = 'bodies/' || lower(hex(randomblob(32))), body = json_object('r2', json('true'), 'content', json(
  (SELECT json_group_array(json(node)) FROM (
    SELECT DISTINCT json_object('type', 'image', 'attrs', json_object('media_id', json_extract(articles.body, t.path || '.attrs.media_id'))) AS node, 0 AS o
      FROM json_tree(articles.body) t WHERE t.key = 'type' AND t.atom = 'image'
    UNION ALL SELECT DISTINCT json_object('type', 'relatedCard', 'attrs', json_object('article_id', json_extract(articles.body, t.path || '.attrs.article_id'))), 1
      FROM json_tree(articles.body) t WHERE t.key = 'type' AND t.atom = 'relatedCard'
    ORDER BY o))))`);
const bodies = measure("and bodies in R2");
console.log(`bodies to R2 saved ${(snapshots - bodies).toFixed(0)} B per article (${((1 - bodies / snapshots) * 100).toFixed(1)}% of what was left); from the seeded state ${(before - bodies).toFixed(0)} B`);
// Cold history (src/scheduled/pack-revisions.ts, archive-audit.ts): each story keeps its newest
// revision and deletion markers, the rest packed with a revision_packs pointer; audit entries past
// the retention leave D1, one audit_archive_parts row per 1,000 (recorded first: the log's delete
// trigger lets go only entries within a recorded part's times).
db.exec(`INSERT INTO revision_packs (article_id, pack_sha, revisions, through_version)
  SELECT article_id, lower(hex(randomblob(32))), count(*) - 1, max(version) - 1 FROM revisions WHERE action <> 'delete' GROUP BY article_id HAVING count(*) > 1`);
db.exec(`DELETE FROM revisions WHERE action <> 'delete' AND version < (SELECT max(version) FROM revisions r WHERE r.article_id = revisions.article_id)`);
db.exec(`INSERT INTO audit_archive_parts (object_key, month, part, entries, first_at, last_at, bytes, archived_at)
  SELECT 'history/audit/' || substr(first, 1, 7) || '/' || lower(hex(randomblob(32))) || '.ndjson.gz', substr(first, 1, 7), n, entries, first, last, 40000, '2030-01-01T00:00:00.000Z'
  FROM (SELECT (rn - 1) / 1000 AS n, count(*) AS entries, min(at) AS first, max(at) AS last FROM (SELECT at, row_number() OVER (ORDER BY at, id) AS rn FROM audit_log) GROUP BY (rn - 1) / 1000)`);
db.exec(`DELETE FROM audit_log`);
const history = measure("and history packed, audit archived");
const fills = (per: number) => Math.floor(10e9 / per).toLocaleString("en");
console.log(`one 10 GB database fills at: ${fills(before)} → ${fills(snapshots)} → ${fills(bodies)} → ${fills(history)} articles; 1,000,000 articles: ${((history * 1e6) / 1e9).toFixed(1)} GB`);
db.close();
