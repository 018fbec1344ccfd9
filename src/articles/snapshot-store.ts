// Where a revision's snapshot lives. A save writes it inline (revisions.snapshot, in the save's one
// batch: no R2 round trip on the write path); the cron later moves it to R2 under its content's
// SHA-256 (src/scheduled/archive-snapshots.ts), leaving ARCHIVED in the column and the object's key
// in snapshot_key. Every reader goes through loadSnapshot, so none cares which of the two it is.
//
// The bucket travels with the db (createDb(d1, bucket)): the domain functions that read a revision
// all take a db already, and a dozen of them would otherwise need a second argument for one rare read.
import type { DB } from "../db/client";
import { AppError } from "../lib/errors";
import type { Snapshot } from "./content";

/** What an archived row's snapshot column holds: small, valid JSON (the column is NOT NULL, JSON mode). */
export const ARCHIVED = { r2: true } as const;
export const ARCHIVED_TEXT = JSON.stringify(ARCHIVED);

/** Every snapshot object's key starts here; the collector lists this prefix. */
export const SNAPSHOT_PREFIX = "snapshots/";

const buckets = new WeakMap<DB, R2Bucket>();

/** Called by createDb: this db's archived snapshots are read from `bucket`. */
export function attachSnapshotBucket(db: DB, bucket: R2Bucket) {
  buckets.set(db, bucket);
}

export const snapshotBucket = (db: DB): R2Bucket | undefined => buckets.get(db);

/** The object key for a snapshot's stored text: identical snapshots share one object. */
export async function snapshotKeyOf(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return SNAPSHOT_PREFIX + [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export interface StoredSnapshot {
  /** The column as drizzle returns it (parsed JSON), or its raw text. */
  snapshot: unknown;
  snapshotKey: string | null;
}

/**
 * The stored text of an archived snapshot, exactly as the save wrote it (the export writes it back
 * byte for byte). An object missing from R2 is damage no client caused: a logged 500 problem naming
 * the key, never an unparsed stack.
 */
export async function archivedText(bucket: R2Bucket | undefined, key: string): Promise<string> {
  if (!bucket) throw new AppError("misconfigured", "Revision snapshots are archived in R2, but no bucket is bound (MEDIA).");
  const object = await bucket.get(key);
  if (!object) {
    console.error(`revision snapshot missing from R2: ${key}`);
    throw new AppError("internal", `This revision's snapshot (${key}) is missing from storage; its row is intact, its content is not.`);
  }
  return object.text();
}

/**
 * For reads that only add detail (a conflict's changed_fields, a webhook's full article): a snapshot
 * that cannot be read (logged above) is null, so the answer goes out without that detail (a 409
 * stays a 409, an event is not retried for ever) instead of failing.
 */
export function loadSnapshotOrNull<S = Snapshot>(db: DB, row: StoredSnapshot): Promise<S | null> {
  return loadSnapshot<S>(db, row).catch((err: unknown) => {
    // Only a missing object: an unbound bucket is a deploy to fix, not a detail to drop for good
    // (a webhook would go out without its article and never be retried).
    if (err instanceof AppError && err.code === "internal") return null;
    throw err;
  });
}

/** A revision's {content, state}, wherever it is stored. */
export async function loadSnapshot<S = Snapshot>(db: DB, row: StoredSnapshot): Promise<S> {
  if (row.snapshotKey === null) return (typeof row.snapshot === "string" ? JSON.parse(row.snapshot) : row.snapshot) as S;
  return JSON.parse(await archivedText(snapshotBucket(db), row.snapshotKey)) as S;
}
