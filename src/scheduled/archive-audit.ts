// Cron: audit entries older than the retention move to R2, a part of one month at a time
// (docs/design/cold-history.md). The audit log is queried site-wide (by action, actor, target,
// time) but rarely years back; D1 keeps the last AUDIT_RETENTION_MONTHS whole months and the
// current one, R2 the rest as NDJSON (gzip), listed and downloaded by GET /audit/archives.
//
// Each run takes the oldest entries before the horizon (audit_log_at_idx), at most
// AUDIT_PART_ENTRIES and all of one month, puts them at history/audit/<month>/<sha-256>.ndjson.gz,
// and then, in one batch, records the part and deletes exactly those entries. The table's delete
// trigger (migration 0020) refuses any row whose time is not within a part recorded as archived,
// so the log stays append-only to everything else. A failed batch leaves an object no part
// names: collected (cold-history.ts).
import { sql } from "drizzle-orm";
import type { DB } from "../db/client";
import { rawRun } from "../ghost/import/raw";
import { gzip } from "../articles/revision-packs";
import { EXPORT_TABLES } from "../editorial/export/tables";
import { noExportRunning } from "./cron-lease";
import { sha256Hex } from "../lib/ids";

/** Whole months kept in D1 before the current one; a test passes a shorter retention. */
export const AUDIT_RETENTION_MONTHS = 12;
/** Entries per part: one SELECT of ~600-byte rows, one object (a month of a busy newsroom is a few parts). */
export const AUDIT_PART_ENTRIES = 1000;
export const AUDIT_PREFIX = "history/audit/";

/** The first instant D1 keeps: the start (UTC) of the month `months` before now's. */
export function auditHorizon(now: Date, months = AUDIT_RETENTION_MONTHS): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - months, 1)).toISOString();
}

// The export's own column list and order: a part's lines are the very rows an export writes for
// audit_log, so an export inlines them as they are (export-pieces.ts).
const COLUMNS = EXPORT_TABLES.find((t) => t.name === "audit_log")!.columns;

/** The oldest entries before the horizon, in (at, id) order: the index alone gives the order. */
export const oldestQuery = (horizon: string, limit: number) =>
  sql`SELECT ${sql.raw(COLUMNS.map((c) => `"${c}"`).join(", "))} FROM audit_log WHERE at < ${horizon} ORDER BY at, id LIMIT ${limit}`;

export interface AuditPart {
  month: string;
  entries: number;
  key: string;
}

/** Archives one part (null: nothing is older than the horizon). */
export async function archiveAuditPart(db: DB, bucket: R2Bucket, now: Date, opts: { retainMonths?: number; partEntries?: number; deadline?: number } = {}): Promise<AuditPart | null> {
  const rows = await db.all<Record<string, unknown> & { id: string; at: string }>(oldestQuery(auditHorizon(now, opts.retainMonths), opts.partEntries ?? AUDIT_PART_ENTRIES));
  if (!rows.length) return null;
  const month = rows[0]!.at.slice(0, 7);
  const part = rows.filter((r) => r.at.startsWith(month));
  const text = part.map((r) => JSON.stringify(r)).join("\n") + "\n";
  const bytes = new TextEncoder().encode(text);
  const key = `${AUDIT_PREFIX}${month}/${await sha256Hex(text)}.ndjson.gz`;
  const body = await gzip(bytes);
  await bucket.put(key, body, { httpMetadata: { contentType: "application/gzip" } });
  // Out of lease: the object stays unnamed (collected after the grace period), the entries in D1.
  if (Date.now() > (opts.deadline ?? Infinity)) return null;
  const first = part[0]!.at;
  const last = part[part.length - 1]!.at;
  const [, deleted] = await db.batch([
    // The part first: the delete trigger lets go only rows within a recorded part's times.
    rawRun(
      db,
      sql`INSERT INTO audit_archive_parts (object_key, month, part, entries, first_at, last_at, bytes, archived_at)
          SELECT ${key}, ${month}, (SELECT coalesce(max(part), 0) + 1 FROM audit_archive_parts WHERE month = ${month}), ${part.length}, ${first}, ${last}, ${body.byteLength}, ${now.toISOString()}
          WHERE ${noExportRunning}
          ON CONFLICT (object_key) DO NOTHING`,
    ),
    // Not while an export is being written (it reads the log, then the archived parts, steps apart).
    rawRun(db, sql`DELETE FROM audit_log WHERE id IN (SELECT value FROM json_each(${JSON.stringify(part.map((r) => r.id))})) AND ${noExportRunning}`),
  ]);
  // An export started meanwhile: nothing recorded or deleted (the object is collected as unnamed).
  if (!deleted.meta.changes) return null;
  return { month, entries: part.length, key };
}
