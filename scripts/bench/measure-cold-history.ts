// D1 bytes of an article's history (ten revisions and their ten audit entries) at each step of
// issue 17's "archive that fits", measured with SQLite's dbstat (whole pages, as D1 counts them) on
// a database built from migrations/ (so the indexes are the real ones, 0020's included):
//   1. inline: every snapshot in its row (before migration 0016's archiver);
//   2. snapshots in R2: the marker and the 74-byte key in each row (src/scheduled/archive-snapshots.ts);
//   3. revisions packed: the newest row and a revision_packs pointer (src/scheduled/pack-revisions.ts);
//   4. audit archived: the entries past the retention gone, one audit_archive_parts row per 1,000
//      (src/scheduled/archive-audit.ts).
// Rows are shaped as the app writes them (scripts/bench/generate/revisions.ts: ids, times, an
// audit summary of states and changed fields). A snapshot is SNAPSHOT_BYTES of JSON whose text
// changes by one paragraph per revision, as the bench's edits do, so the R2 sizes printed (gzip of
// a pack, of an audit part) are those of similar revisions, not of random text.
//
//   PATH=node_modules/node/bin:$PATH node scripts/bench/measure-cold-history.ts [articles] [revisions] [snapshot bytes]
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { gzipSync } from "node:zlib";

const ARTICLES = Number(process.argv[2] ?? 1000);
const REVISIONS = Number(process.argv[3] ?? 10);
const SNAPSHOT_BYTES = Number(process.argv[4] ?? 9300);

const db = new DatabaseSync(":memory:");
for (const file of readdirSync("migrations").filter((f) => f.endsWith(".sql")).sort()) {
  for (const statement of readFileSync(join("migrations", file), "utf8").split("--> statement-breakpoint")) if (statement.trim()) db.exec(statement);
}

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
const newId = (prefix: string) => `${prefix}_${[...randomBytes(16)].map((b) => ALPHABET[b % 36]).join("")}`;
const words = (seed: number, length: number) => {
  let s = "";
  for (let i = 0; s.length < length; i++) s += ((seed * 2654435761 + i * 40503) >>> 0).toString(36).slice(0, 3 + (i % 6)) + " ";
  return s.slice(0, length);
};
const PARAGRAPH = 400;
/** The article's text with paragraph `version % n` reworded: one paragraph changes per save. */
const snapshotOf = (a: number, version: number) => {
  const paragraphs = Math.floor((SNAPSHOT_BYTES - 200) / (PARAGRAPH + 60));
  const body = Array.from({ length: paragraphs }, (_, p) => ({ type: "paragraph", content: [{ type: "text", text: words(a * 1000 + p + (p === version % paragraphs ? version * 7919 : 0), PARAGRAPH) }] }));
  return JSON.stringify({ content: { headline: `Story ${a}: ${words(a, 50)}`, body: { type: "doc", content: body } }, state: { status: "published", scheduled_at: null, published_at: "2026-01-01T08:00:00.000Z" } });
};

const revision = db.prepare("INSERT INTO revisions (id, article_id, version, snapshot, action, created_by, created_at, restored_from) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)");
const audit = db.prepare(
  "INSERT INTO audit_log (id, at, actor_user_id, actor_token_id, actor_label, actor_role, action, target_type, target_id, target_label, summary, request_id) VALUES (?, ?, ?, NULL, ?, 'admin', ?, 'article', ?, ?, ?, ?)",
);
const articleIds: string[] = [];
let packBytes = 0;
db.exec("BEGIN");
for (let a = 0; a < ARTICLES; a++) {
  const articleId = newId("art");
  articleIds.push(articleId);
  const rows: unknown[] = [];
  for (let v = 1; v <= REVISIONS; v++) {
    const at = new Date(Date.UTC(2024, 0, 1) + (a * 100 + v) * 60_000).toISOString();
    const action = v === 1 ? "create" : v === REVISIONS - 1 ? "publish" : "update";
    const snapshot = snapshotOf(a, v);
    const id = newId("rev");
    revision.run(id, articleId, v, snapshot, action, "usr_bench0000000000000", at);
    if (v < REVISIONS) rows.push({ id, article_id: articleId, version: v, snapshot, action, created_by: "usr_bench0000000000000", created_at: at, restored_from: null });
    const summary = { before: v === 1 ? null : { status: "draft", scheduled_at: null, published_at: null }, after: { status: v >= REVISIONS - 1 ? "published" : "draft", scheduled_at: null, published_at: v >= REVISIONS - 1 ? at : null, version: v, ...(v > 1 && { changed_fields: ["body"] }) } };
    audit.run(newId("aud"), at, "usr_bench0000000000000", "Bench Editor", `article.${action}`, articleId, `Story ${a}: ${words(a, 50)}`, JSON.stringify(summary), `${randomBytes(8).toString("hex")}-AMS`);
  }
  // What the pack object would weigh in R2 (gzip JSON, as encodePack writes it): sampled.
  if (a < 50) packBytes += gzipSync(JSON.stringify({ format: "copydesk-revision-pack", article_id: articleId, revisions: rows })).length;
}
db.exec("COMMIT");

const GROUPS: Record<string, string> = { revisions: "revisions", revision_packs: "revision_packs", audit_log: "audit_log", audit_archive_parts: "audit_archive_parts" };
function measure(label: string) {
  db.exec("VACUUM");
  const rows = db.prepare("SELECT d.name AS name, coalesce(m.tbl_name, d.name) AS tbl, sum(d.pgsize) AS bytes FROM dbstat d LEFT JOIN sqlite_master m ON m.name = d.name GROUP BY d.name").all() as { name: string; tbl: string; bytes: number }[];
  const groups: Record<string, number> = {};
  for (const r of rows) if (GROUPS[r.tbl]) groups[r.tbl] = (groups[r.tbl] ?? 0) + Number(r.bytes);
  const per = Object.fromEntries(Object.entries(groups).map(([k, v]) => [k, v / ARTICLES]));
  const total = Object.values(per).reduce((n, v) => n + v, 0);
  console.log(`${label}: ${total.toFixed(0)} B per article — ${Object.entries(per).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(", ")}`);
  return { total, per };
}

const steps: [string, { total: number; per: Record<string, number> }][] = [];
steps.push(["inline", measure("inline")]);
db.exec(`UPDATE revisions SET snapshot = '{"r2":true}', snapshot_key = 'snapshots/' || lower(hex(randomblob(32)))`);
steps.push(["snapshots in R2", measure("snapshots in R2")]);
// The packer: every revision but the newest into the pack; the pointer row.
db.exec(`INSERT INTO revision_packs (article_id, pack_sha, revisions, through_version) SELECT article_id, lower(hex(randomblob(32))), count(*) - 1, max(version) - 1 FROM revisions GROUP BY article_id`);
db.exec(`DELETE FROM revisions WHERE version < (SELECT max(m.version) FROM revisions m WHERE m.article_id = revisions.article_id)`);
steps.push(["revisions packed", measure("revisions packed")]);
// The audit archiver: parts of 1,000 entries of one month, recorded, then the entries deleted.
const entries = db.prepare("SELECT id, at FROM audit_log ORDER BY at, id").all() as { id: string; at: string }[];
const partRow = db.prepare("INSERT INTO audit_archive_parts (object_key, month, part, entries, first_at, last_at, bytes, archived_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
const sample = db.prepare("SELECT * FROM audit_log ORDER BY at, id LIMIT 1000").all();
const partBytes = gzipSync(sample.map((r) => JSON.stringify(r)).join("\n") + "\n").length;
const months = new Map<string, { id: string; at: string }[]>();
for (const e of entries) months.set(e.at.slice(0, 7), [...(months.get(e.at.slice(0, 7)) ?? []), e]);
for (const [month, list] of months) {
  for (let i = 0, part = 1; i < list.length; i += 1000, part++) {
    const chunk = list.slice(i, i + 1000);
    partRow.run(`history/audit/${month}/${randomBytes(32).toString("hex")}.ndjson.gz`, month, part, chunk.length, chunk[0]!.at, chunk[chunk.length - 1]!.at, partBytes, new Date().toISOString());
  }
}
db.exec("DELETE FROM audit_log");
steps.push(["audit archived", measure("audit archived")]);

console.log(`\nR2: a pack of ${REVISIONS - 1} revisions ≈ ${(packBytes / Math.min(50, ARTICLES)).toFixed(0)} B gzip; an audit part of 1,000 entries ≈ ${partBytes} B gzip (${(partBytes / 1000).toFixed(0)} B an entry)`);
console.log(`\n| step | D1 bytes of history per article (${REVISIONS} revisions, ${REVISIONS} audit entries) | of which revisions | pointer | audit log |`);
console.log("|---|--:|--:|--:|--:|");
for (const [label, m] of steps) {
  console.log(`| ${label} | ${m.total.toFixed(0)} | ${(m.per.revisions ?? 0).toFixed(0)} | ${(m.per.revision_packs ?? 0).toFixed(0)} | ${((m.per.audit_log ?? 0) + (m.per.audit_archive_parts ?? 0)).toFixed(0)} |`);
}
