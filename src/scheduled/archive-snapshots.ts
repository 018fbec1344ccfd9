// Cron: move revision snapshots out of D1 into R2, and delete the R2 objects no row points at.
//
// A save writes its snapshot inline, in its one atomic batch (no R2 round trip, no change to any
// writer). Once a revision is an hour old, this moves it: the snapshot's stored text is put at
// snapshots/<sha-256 of the text> (idempotent: identical snapshots share an object), and only then
// does ONE statement point the rows at their objects, so a row never names an object that does not
// exist. If that statement fails, the objects are orphans, which the collector below removes.
//
// The collector lists snapshots/ a page a run (where it stopped is kept in site_state) and deletes
// the objects older than GC_GRACE_MS that no row references (the trash purge deletes revision rows;
// a failed archive leaves objects). Both run under a lease, so two overlapping cron runs never
// interleave an archive's put-then-point with a collection's check-then-delete of the same object;
// the grace period covers a run that outlives its lease.
//
// D1 cost per run: the lease (with the collector's saved place), the walk, the UPDATE (when there
// is something to move), the probe (when old objects are listed), the lease's release (with the
// new place): 3 statements when idle, at most 5, at any archive size.
import { sql } from "drizzle-orm";
import { runArchiveStep, type CronLease } from "./cron-lease";
import type { DB } from "../db/client";
import { COLLECT_GRACE_MS, COLLECT_PAGE, collectUnreferenced } from "./collect-unreferenced";
import { ARCHIVED_TEXT, SNAPSHOT_PREFIX, snapshotKeyOf } from "../articles/snapshot-store";

/** Revisions archived per run: 50 × ~10 KB read in one SELECT and put in parallel (72,000 a day). */
export const ARCHIVE_LIMIT = 50;
/** A revision stays inline this long: a webhook's payload and a fresh conflict read it from D1. */
export const ARCHIVE_AFTER_MS = 60 * 60 * 1000;
export { COLLECT_PAGE as GC_PAGE, COLLECT_GRACE_MS as GC_GRACE_MS } from "./collect-unreferenced";
const LEASE: CronLease<"cursor"> = { key: "snapshots_lease", places: { cursor: "snapshots_gc_cursor" } };

export const archiveAndCollect = (db: DB, bucket: R2Bucket, now: Date) =>
  runArchiveStep(db, LEASE, now, (deadline) => archiveSnapshots(db, bucket, now, ARCHIVE_LIMIT, deadline), (from, deadline) => collectOrphans(db, bucket, now, from, deadline));

/**
 * The next inline snapshots to move, oldest first, through revisions_inline_idx (exported so a test
 * can EXPLAIN the exact SQL). Raw text, not drizzle's parsed JSON: the object holds the very bytes
 * the row held, so the export reads back what it would have read from D1. Deletion markers stay
 * (the trash list reads them all), as the index's own WHERE says.
 */
export const inlineSnapshotsQuery = (now: Date, limit: number) =>
  sql`SELECT id, snapshot FROM revisions WHERE snapshot_key IS NULL AND action <> 'delete' AND created_at < ${new Date(now.getTime() - ARCHIVE_AFTER_MS).toISOString()} ORDER BY created_at LIMIT ${limit}`;

/** The collector's probe, through revisions_snapshot_key_idx. */
export const referencedQuery = (keys: string[]) => sql`SELECT snapshot_key AS k FROM revisions WHERE snapshot_key IN (${sql.join(keys.map((k) => sql`${k}`), sql`, `)})`;

/** Moves up to `limit` inline snapshots older than ARCHIVE_AFTER_MS to R2. Returns how many rows now point there. */
export async function archiveSnapshots(db: DB, bucket: R2Bucket, now: Date, limit = ARCHIVE_LIMIT, deadline = Infinity): Promise<number> {
  const rows = await db.all<{ id: string; snapshot: string }>(inlineSnapshotsQuery(now, limit));
  if (!rows.length) return 0;
  const keyed = await Promise.all(rows.map(async (r) => ({ id: r.id, k: await snapshotKeyOf(r.snapshot), text: r.snapshot })));
  const objects = new Map(keyed.map((r) => [r.k, r.text]));
  await Promise.all([...objects].map(([key, text]) => bucket.put(key, text, { httpMetadata: { contentType: "application/json" } })));
  // Out of lease: the objects stay unreferenced (the collector removes them after the grace period).
  if (Date.now() > deadline) return 0;
  // Every object is there: now, and only now, the rows may point at them. One statement, so the page
  // moves whole or not at all. `snapshot_key IS NULL`: a row another run moved meanwhile stays as it is.
  const pairs = JSON.stringify(keyed.map(({ id, k }) => ({ id, k })));
  const result = await db.run(
    sql`UPDATE revisions SET snapshot = ${ARCHIVED_TEXT}, snapshot_key = json_extract(j.value, '$.k')
        FROM json_each(${pairs}) AS j
        WHERE revisions.id = json_extract(j.value, '$.id') AND revisions.snapshot_key IS NULL`,
  );
  return result.meta.changes ?? 0;
}

/**
 * One page of snapshots/ from `from` (where the last run stopped; null: the start): deletes the old
 * objects no revision references. Returns where the next run goes on.
 */
export const collectOrphans = (db: DB, bucket: R2Bucket, now: Date, from: string | null, deadline = Infinity) =>
  collectUnreferenced(db, bucket, { prefix: SNAPSHOT_PREFIX, page: COLLECT_PAGE, graceMs: COLLECT_GRACE_MS, named: referencedQuery, label: "snapshots" }, now, from, deadline);

