// One lease per cron step that moves things to R2 and collects what nothing names (snapshots,
// bodies, cold history): a row in site_state whose value is the time the lease ends, taken with the
// step's saved places (a walk's, a collector's) in the same statement, and given back with the
// places it reached in one more. Two overlapping cron runs therefore never interleave one step's
// put-then-point with its check-then-delete of the same object.
import { sql } from "drizzle-orm";
import type { DB } from "../db/client";

export const LEASE_MS = 10 * 60 * 1000;
// A run stops pointing rows and deleting objects this long before its lease ends: past it another run
// may hold the lease.
export const LEASE_MARGIN_MS = 60 * 1000;

/**
 * A streamed export (GET /export) being written: a site_state row per stream, keyed under this prefix,
 * its value the time it lapses (a stream whose Worker was stopped holds nothing for long).
 */
export const EXPORT_STREAM_PREFIX = "export_stream:";
/** How long a stream's mark holds without being renewed; the stream renews it at half of that. */
export const EXPORT_STREAM_MS = 5 * 60 * 1000;

/**
 * True while no export is being written: no background export queued or running
 * (src/editorial/export/jobs.ts) and no streamed one (GET /export) holding its mark. In the lease (a
 * run that would move what an export reads in phases does not start) and in each statement that
 * moves rows (an export started while such a run is under way stops it there).
 */
export const noExportRunning = sql`NOT EXISTS (SELECT 1 FROM export_jobs WHERE status IN ('queued', 'running'))
  AND NOT EXISTS (SELECT 1 FROM site_state WHERE key >= ${EXPORT_STREAM_PREFIX} AND key < ${EXPORT_STREAM_PREFIX.slice(0, -1) + ";"}
                  AND value > strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;

/**
 * Marks a streamed export as being written until `release()` (or until it lapses, unless renewed):
 * it reads the tables in phases, so rows the cron moves meanwhile would be written twice. Lapsed marks
 * of streams that never released are cleared with the new one.
 */
export async function markExportStream(d1: D1Database, now = () => Date.now()) {
  const key = `${EXPORT_STREAM_PREFIX}${crypto.randomUUID()}`;
  const until = () => new Date(now() + EXPORT_STREAM_MS).toISOString();
  let renewedAt = now();
  await d1.batch([
    d1.prepare("DELETE FROM site_state WHERE key >= ?1 AND key < ?2 AND value <= ?3").bind(EXPORT_STREAM_PREFIX, EXPORT_STREAM_PREFIX.slice(0, -1) + ";", new Date(renewedAt).toISOString()),
    d1.prepare("INSERT INTO site_state (key, value, updated_at) VALUES (?1, ?2, ?3)").bind(key, until(), new Date(renewedAt).toISOString()),
  ]);
  return {
    /** Called as the stream goes on: renews the mark once half its time has passed. */
    async renew() {
      if (now() - renewedAt < EXPORT_STREAM_MS / 2) return;
      renewedAt = now();
      await d1.prepare("UPDATE site_state SET value = ?2, updated_at = ?3 WHERE key = ?1").bind(key, until(), new Date(renewedAt).toISOString()).run();
    },
    release: () => d1.prepare("DELETE FROM site_state WHERE key = ?").bind(key).run().then(() => undefined),
  };
}

export interface CronLease<P extends string> {
  /** site_state key of the lease itself. */
  key: string;
  /** Saved places, by name: each one's site_state key. */
  places: Record<P, string>;
  /**
   * Not taken while a background export is queued or running (src/editorial/export/jobs.ts): for a
   * step that deletes rows the export reads in phases, or moves them to another rowid.
   */
  notWhileExporting?: boolean;
}

export interface ArchiveRunResult {
  archived: number;
  collected: number;
  /** False when another run held the lease: this one did nothing. */
  ran: boolean;
}

/**
 * One cron run of an archive step with one collector cursor (snapshots, bodies): takes the lease,
 * archives, collects a page from the saved cursor, gives the lease back with the cursor reached
 * (kept as it was when the collector did not run). Both parts stop at the lease's deadline.
 */
export async function runArchiveStep(
  db: DB,
  lease: CronLease<"cursor">,
  now: Date,
  archive: (deadline: number) => Promise<number>,
  collect: (from: string | null, deadline: number) => Promise<{ deleted: number; cursor: string | null }>,
): Promise<ArchiveRunResult> {
  const taken = await takeLease(db, lease, now);
  if (!taken) return { archived: 0, collected: 0, ran: false };
  // Real time (Date.now() moves with I/O in a Worker), not the cron's scheduled `now`.
  const deadline = Date.now() + LEASE_MS - LEASE_MARGIN_MS;
  let cursor: string | null | undefined;
  try {
    const archived = await archive(deadline);
    const collection = await collect(taken.cursor, deadline);
    cursor = collection.cursor;
    return { archived, collected: collection.deleted, ran: true };
  } finally {
    await releaseLease(db, lease, now, { cursor });
  }
}

/** The lease when no other run holds it (or it expired), with the saved places ('' read as null); null when held. */
export async function takeLease<P extends string>(db: DB, lease: CronLease<P>, now: Date): Promise<Record<P, string | null> | null> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + LEASE_MS).toISOString();
  const names = Object.keys(lease.places) as P[];
  const exporting = lease.notWhileExporting ? sql`WHERE ${noExportRunning}` : sql`WHERE true`;
  const [taken] = await db.all<Record<string, string | null>>(
    sql`INSERT INTO site_state (key, value, updated_at) SELECT ${lease.key}, ${until}, ${at} ${exporting}
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at WHERE site_state.value <= ${at}
        RETURNING ${sql.join(
          names.map((n, i) => sql`(SELECT value FROM site_state WHERE key = ${lease.places[n]}) AS ${sql.raw(`p${i}`)}`),
          sql`, `,
        )}`,
  );
  if (!taken) return null;
  return Object.fromEntries(names.map((n, i) => [n, taken[`p${i}`] || null])) as Record<P, string | null>;
}

/**
 * Ends the lease and saves the places the run reached (undefined: that part did not run, its place
 * stays; null: back to the start), in one statement. '' sorts before every time: the lease is free,
 * whatever clock the next run reads.
 */
export async function releaseLease<P extends string>(db: DB, lease: CronLease<P>, now: Date, reached: Partial<Record<P, string | null>>) {
  const at = now.toISOString();
  const names = (Object.keys(lease.places) as P[]).filter((n) => reached[n] !== undefined);
  const rows = [sql`(${lease.key}, '', ${at})`, ...names.map((n) => sql`(${lease.places[n]}, ${reached[n] ?? ""}, ${at})`)];
  await db.run(
    sql`INSERT INTO site_state (key, value, updated_at) VALUES ${sql.join(rows, sql`, `)}
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
}
