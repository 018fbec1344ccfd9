// Cron: move cold articles' body JSON out of D1 into R2, and delete the bodies/ objects no article
// points at. The same pattern as revision snapshots (archive-snapshots.ts, docs/design/r2-snapshots.md),
// with one difference: a body is not immutable. A save may rewrite it between this step's read and
// its UPDATE, so the UPDATE only points a row whose version and updated_at are still the ones read.
//
// Cold: not written for ARCHIVE_AFTER_MS (30 days), no pending working copy, not scheduled, not a
// live blog still covering. Such a story is read by the public mostly from the cache, and its editors
// rarely; a cold read costs one R2 GET more and no statement more (src/articles/body-store.ts).
// The body's stored text is put at bodies/<sha-256 of the text> (identical bodies share an object),
// and only then does ONE statement point the rows at their objects, replacing `body` by a marker
// holding the body's reference nodes (so json_tree over `body` still finds its images and cards).
// The stored rendering (body_html_z, ~2.3 KB compressed, more than half of what a cold row would
// keep: issue 17's arithmetic in docs/performance.md) goes too: a cold story's rare miss renders it
// from the tree it reads from R2 anyway (src/public/assemble.ts withArchivedTrees), as rows saved before
// migration 0015 always were. The row also moves to the end of the table (a new rowid: nothing
// refers to an article by rowid): shrunk in place from ~3.3 KB to ~1 KB it would keep a page to
// itself (SQLite never merges pages without a VACUUM, which D1 does not run), while moved, the cold
// rows share pages four or so to one and the pages they leave empty are reused. Measured on the
// bench's archive: 2,957 → ~1,100 B of the articles table per article. Any later save writes the body and its rendering inline again and
// clears the key (migration 0019's trigger): the object, now unreferenced, is collected here after
// GC_GRACE_MS.
//
// D1 cost per run, as the snapshots': the lease (with the collector's saved place), the walk, the
// UPDATE (when there is something to move), the probe (when old objects are listed), the release
// (with the new place): 3 statements when idle, at most 5, at any archive size.
import { sql } from "drizzle-orm";
import { noExportRunning, runArchiveStep, type CronLease } from "./cron-lease";
import type { DB } from "../db/client";
import { COLLECT_GRACE_MS, COLLECT_PAGE, collectUnreferenced } from "./collect-unreferenced";
import { BODY_PREFIX, bodyKeyOf, bodyMarker } from "../articles/body-store";
import type { BodyDoc } from "../body/schema";

/** Bodies archived per run: 50 × ~8 KB read in one SELECT and put in parallel (72,000 a day). */
export const ARCHIVE_LIMIT = 50;
/**
 * An article untouched this long is cold. Corrections, updates and the readers' peak come in a
 * story's first days; a month keeps them all one D1 read, and what stays inline is one month of a
 * newsroom's output, not its archive (README "Performance", the bytes per article).
 */
export const ARCHIVE_AFTER_MS = 30 * 24 * 60 * 60 * 1000;
export { COLLECT_PAGE as GC_PAGE, COLLECT_GRACE_MS as GC_GRACE_MS } from "./collect-unreferenced";
// Not while a background export is being written: its articles pages go by rowid, which the
// archive's move changes (a moved row would be written twice).
const LEASE: CronLease<"cursor"> = { key: "bodies_lease", places: { cursor: "bodies_gc_cursor" }, notWhileExporting: true };

export const archiveAndCollectBodies = (db: DB, bucket: R2Bucket, now: Date) =>
  runArchiveStep(db, LEASE, now, (deadline) => archiveBodies(db, bucket, now, ARCHIVE_LIMIT, deadline), (from, deadline) => collectBodyOrphans(db, bucket, now, from, deadline));

/**
 * The next cold inline bodies, least recently written first, through articles_inline_body_idx
 * (exported so a test can EXPLAIN the exact SQL). Raw text, not drizzle's parsed JSON: the object
 * holds the very bytes the row held, so the export reads back what it would have read from D1.
 * The rows it skips (a pending copy, a schedule, a live blog covering) are few and pass.
 */
export const coldBodiesQuery = (now: Date, limit: number) =>
  sql`SELECT a.id, a.version, a.updated_at, a.body FROM articles a
      WHERE a.body_key IS NULL AND a.updated_at < ${new Date(now.getTime() - ARCHIVE_AFTER_MS).toISOString()}
        AND a.status <> 'scheduled'
        AND NOT (a.kind = 'live' AND (a.coverage_end_at IS NULL OR a.coverage_end_at > ${now.toISOString()}))
        AND NOT EXISTS (SELECT 1 FROM working_copies w WHERE w.article_id = a.id AND w.content IS NOT NULL)
      ORDER BY a.updated_at LIMIT ${limit}`;

/** The collector's probe, through articles_body_key_idx. */
export const referencedBodiesQuery = (keys: string[]) => sql`SELECT body_key AS k FROM articles WHERE body_key IN (${sql.join(keys.map((k) => sql`${k}`), sql`, `)})`;

/** Moves up to `limit` cold bodies to R2. Returns how many rows now point there. */
export async function archiveBodies(db: DB, bucket: R2Bucket, now: Date, limit = ARCHIVE_LIMIT, deadline = Infinity): Promise<number> {
  const rows = await db.all<{ id: string; version: number; updated_at: string; body: string }>(coldBodiesQuery(now, limit));
  if (!rows.length) return 0;
  const keyed = await Promise.all(
    rows.map(async (r) => ({ id: r.id, v: r.version, u: r.updated_at, k: await bodyKeyOf(r.body), m: JSON.stringify(bodyMarker(JSON.parse(r.body) as BodyDoc)), text: r.body })),
  );
  const objects = new Map(keyed.map((r) => [r.k, r.text]));
  await Promise.all([...objects].map(([key, text]) => bucket.put(key, text, { httpMetadata: { contentType: "application/json" } })));
  // Out of lease: the objects stay unreferenced (the collector removes them after the grace period).
  if (Date.now() > deadline) return 0;
  // Every object is there: now, and only now, the rows may point at them, in one statement. A row
  // saved since the walk (another version or time) keeps its new body inline; it is hot again.
  const pairs = JSON.stringify(keyed.map(({ id, v, u, k, m }) => ({ id, v, u, k, m })));
  const result = await db.run(
    sql`UPDATE articles SET body = json_extract(j.value, '$.m'), body_key = json_extract(j.value, '$.k'), body_html = NULL, body_html_z = NULL,
          rowid = (SELECT max(rowid) FROM articles) + 1 + j.key
        FROM json_each(${pairs}) AS j
        WHERE articles.id = json_extract(j.value, '$.id') AND articles.body_key IS NULL
          AND articles.version = json_extract(j.value, '$.v') AND articles.updated_at = json_extract(j.value, '$.u')
          AND ${noExportRunning}`,
  );
  return result.meta.changes ?? 0;
}

/**
 * One page of bodies/ from `from` (where the last run stopped; null: the start): deletes the old
 * objects no article references (identical bodies share one: it stays while any row names it).
 * Returns where the next run goes on.
 */
export const collectBodyOrphans = (db: DB, bucket: R2Bucket, now: Date, from: string | null, deadline = Infinity) =>
  collectUnreferenced(db, bucket, { prefix: BODY_PREFIX, page: COLLECT_PAGE, graceMs: COLLECT_GRACE_MS, named: referencedBodiesQuery, label: "bodies" }, now, from, deadline);

