// The one shape of the cron's three R2 collectors (revision snapshots, cold bodies, packed history
// and audit parts): list one page of a prefix from where the last run stopped, ask D1 which of the
// page's old objects are still named, delete the rest. Content-addressed objects are put before the
// row that names them, so an object younger than the grace period may be between its put and its
// row's write: never collected. The caller keeps the returned cursor (in its lease row).
import type { SQL } from "drizzle-orm";
import type { DB } from "../db/client";

/** Objects a collector lists per run by default: also the probe's bound keys (D1 allows 100 parameters). */
export const COLLECT_PAGE = 90;
/** An object younger than this is never collected: an archive may be between its put and its row's write. */
export const COLLECT_GRACE_MS = 60 * 60 * 1000;

export interface Collector {
  prefix: string;
  /** Objects listed a run (one R2 list; the D1 probe binds them all: ≤ 100 parameters). */
  page: number;
  graceMs: number;
  /** A statement returning, in a column `k`, those of `keys` that D1 still names. */
  named: (keys: string[]) => SQL;
  /** The log line's word; null logs nothing. */
  label: string | null;
}

/**
 * One page of `c.prefix` from `from` (null: the start). Past `deadline` (the lease's end) deletes
 * nothing and keeps the place, so the next run lists this page again.
 */
export async function collectUnreferenced(
  db: DB,
  bucket: R2Bucket,
  c: Collector,
  now: Date,
  from: string | null,
  deadline = Infinity,
): Promise<{ deleted: number; cursor: string | null }> {
  const list = (cursor?: string) => bucket.list({ prefix: c.prefix, limit: c.page, ...(cursor ? { cursor } : {}) });
  // A cursor R2 no longer accepts would otherwise stop the collector for good: start the listing over.
  const listed = await list(from || undefined).catch(() => list());
  // Past the end: the next run starts the listing over (objects orphaned since are found then).
  const cursor = listed.truncated ? listed.cursor : null;
  const graceEnd = now.getTime() - c.graceMs;
  const old = listed.objects.filter((o) => o.uploaded.getTime() < graceEnd).map((o) => o.key);
  if (!old.length) return { deleted: 0, cursor };
  const named = new Set((await db.all<{ k: string }>(c.named(old))).map((r) => r.k));
  const orphans = old.filter((k) => !named.has(k));
  if (Date.now() > deadline) return { deleted: 0, cursor: from };
  if (orphans.length) {
    await bucket.delete(orphans);
    if (c.label) console.log(`${c.label}: ${orphans.length} unreferenced objects deleted`);
  }
  return { deleted: orphans.length, cursor };
}
