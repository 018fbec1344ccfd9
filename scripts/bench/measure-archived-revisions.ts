// D1 bytes of revision rows with their snapshots inline versus archived to R2 (issue 17), measured
// with SQLite's dbstat (whole pages, as D1 counts them) on a database built from migrations/.
// Every row is shaped as a save writes it (ids, action, author, time); an inline snapshot is
// SNAPSHOT_BYTES of JSON (the bench's median: `npm run bench -- --only storage` reports it);
// archiving is what src/scheduled/archive-snapshots.ts does to a row: the marker and the 74-byte key.
//
//   PATH=node_modules/node/bin:$PATH node scripts/bench/measure-archived-revisions.ts [articles] [revisions] [snapshot bytes]
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

const ARTICLES = Number(process.argv[2] ?? 1000);
const REVISIONS = Number(process.argv[3] ?? 10);
const SNAPSHOT_BYTES = Number(process.argv[4] ?? 9300);

const db = new DatabaseSync(":memory:");
for (const file of readdirSync("migrations").filter((f) => f.endsWith(".sql")).sort()) {
  for (const statement of readFileSync(join("migrations", file), "utf8").split("--> statement-breakpoint")) if (statement.trim()) db.exec(statement);
}

const id = (prefix: string, n: number) => `${prefix}_${n.toString(36).padStart(16, "0")}`;
// Text that differs row to row, as edited stories do (SQLite stores it as is: no compression).
const filler = (seed: number) => {
  let s = "";
  for (let i = 0; s.length < SNAPSHOT_BYTES; i++) s += ((seed * 2654435761 + i * 40503) >>> 0).toString(36) + " ";
  return s.slice(0, SNAPSHOT_BYTES - 60);
};
const insert = db.prepare("INSERT INTO revisions (id, article_id, version, snapshot, action, created_by, created_at, restored_from) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)");
db.exec("BEGIN");
for (let a = 0; a < ARTICLES; a++) {
  for (let v = 1; v <= REVISIONS; v++) {
    const snapshot = JSON.stringify({ content: { headline: `Story ${a}`, body: filler(a * 100 + v) }, state: { status: "published", scheduled_at: null } });
    insert.run(id("rev", a * 100 + v), id("art", a), v, snapshot, v === 1 ? "create" : "update", id("usr", a % 7), new Date(Date.UTC(2026, 0, 1) + (a * 100 + v) * 60_000).toISOString());
  }
}
db.exec("COMMIT");

function measure(label: string) {
  db.exec("VACUUM");
  const rows = db.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name = 'revisions' OR name LIKE 'revisions_%' OR name LIKE 'sqlite_autoindex_revisions%' GROUP BY name ORDER BY name").all() as { name: string; bytes: number }[];
  const total = rows.reduce((n, r) => n + Number(r.bytes), 0);
  const snapshotBytes = Number((db.prepare("SELECT avg(length(snapshot)) AS n FROM revisions").get() as { n: number }).n);
  console.log(`${label}: ${(total / ARTICLES).toFixed(0)} B per article with ${REVISIONS} revisions (${(total / ARTICLES / REVISIONS).toFixed(0)} B per revision; snapshot column ${snapshotBytes.toFixed(0)} B)`);
  for (const r of rows) console.log(`  ${r.name}: ${(Number(r.bytes) / ARTICLES).toFixed(0)} B per article`);
  return total / ARTICLES;
}

const inline = measure("inline");
// What the archiver leaves: the marker, and snapshots/<64 hex digits>.
db.exec(`UPDATE revisions SET snapshot = '{"r2":true}', snapshot_key = 'snapshots/' || lower(hex(randomblob(32)))`);
const archived = measure("archived");
console.log(`saved ${(inline - archived).toFixed(0)} B per article (${((1 - archived / inline) * 100).toFixed(1)}%)`);
