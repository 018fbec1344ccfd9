// The audit log's archived months (src/scheduled/archive-audit.ts moves entries past the retention
// to R2): listed from their D1 rows, downloaded as NDJSON of the same entry view the audit API
// gives, read back from the month's parts in order.
import { asc, eq, max, sql } from "drizzle-orm";
import * as v from "valibot";
import type { DB } from "../db/client";
import { auditArchiveParts } from "../db/schema";
import { gunzipText } from "../articles/revision-packs";
import { AppError, notFound } from "../lib/errors";
import type { AuditRow } from "./query";
import { toAuditView } from "./view";

export const ARCHIVES_PATH = "/api/editorial/v1/audit/archives";

export const Month = v.pipe(v.string(), v.regex(/^\d{4}-(0[1-9]|1[0-2])$/, "A month as YYYY-MM."), v.description("A month (UTC) as `YYYY-MM`."));

export const AuditArchiveView = v.object({
  month: Month,
  entries: v.pipe(v.number(), v.description("Entries archived for this month.")),
  parts: v.pipe(v.number(), v.description("Objects the month is stored in (up to 1,000 entries each); the download joins them.")),
  first_at: v.pipe(v.string(), v.description("The oldest archived entry's time.")),
  last_at: v.pipe(v.string(), v.description("The newest archived entry's time.")),
  bytes: v.pipe(v.number(), v.description("Stored size (gzip).")),
  href: v.pipe(v.string(), v.description("Where to download it (NDJSON).")),
});

/** Told with every audit page: entries older than this are no longer in D1 but in the archives. */
export const OlderEntries = v.pipe(
  v.nullable(
    v.object({
      archived_through: v.pipe(v.string(), v.description("The newest archived entry's time: entries up to it are found in the archives, not here.")),
      archives: v.pipe(v.string(), v.description("The list of archived months.")),
    }),
  ),
  v.description("Null while nothing has been archived. Audit queries read the retained months only (README \"Audit log\")."),
);

export async function listArchives(db: DB) {
  const rows = await db
    .select({
      month: auditArchiveParts.month,
      entries: sql<number>`sum(${auditArchiveParts.entries})`,
      parts: sql<number>`count(*)`,
      firstAt: sql<string>`min(${auditArchiveParts.firstAt})`,
      lastAt: sql<string>`max(${auditArchiveParts.lastAt})`,
      bytes: sql<number>`sum(${auditArchiveParts.bytes})`,
    })
    .from(auditArchiveParts)
    .groupBy(auditArchiveParts.month)
    .orderBy(asc(auditArchiveParts.month))
    .all();
  return rows.map((r): v.InferOutput<typeof AuditArchiveView> => ({ month: r.month, entries: r.entries, parts: r.parts, first_at: r.firstAt, last_at: r.lastAt, bytes: r.bytes, href: `${ARCHIVES_PATH}/${r.month}` }));
}

export async function olderEntries(db: DB): Promise<v.InferOutput<typeof OlderEntries>> {
  const row = await db.select({ through: max(auditArchiveParts.lastAt) }).from(auditArchiveParts).get();
  return row?.through ? { archived_through: row.through, archives: ARCHIVES_PATH } : null;
}

/** A stored line (the table's columns, summary as text) as the audit API's entry. */
const fromLine = (line: string) => {
  const r = JSON.parse(line) as Record<string, unknown>;
  const row = {
    id: r.id, at: r.at, actorUserId: r.actor_user_id, actorTokenId: r.actor_token_id, actorLabel: r.actor_label, actorRole: r.actor_role,
    action: r.action, targetType: r.target_type, targetId: r.target_id, targetLabel: r.target_label,
    summary: typeof r.summary === "string" ? JSON.parse(r.summary) : {}, requestId: r.request_id,
  } as AuditRow;
  return toAuditView(row);
};

const missingPart = (key: string) => {
  console.error(`audit archive part missing from R2: ${key}`);
  return new AppError("internal", `An archived part (${key}) is missing from storage.`);
};

/** One archived part's stored lines (the audit_log columns, as JSON); a part missing from R2 is a 500 problem, logged. */
export async function readAuditPart(bucket: R2Bucket, key: string): Promise<string[]> {
  const object = await bucket.get(key);
  if (!object) throw missingPart(key);
  return (await gunzipText(object.body)).split("\n").filter(Boolean);
}

/** The month's entries as NDJSON, oldest part first; 404 for a month never archived. */
export async function archiveStream(db: DB, bucket: R2Bucket, month: string): Promise<ReadableStream<Uint8Array>> {
  const parts = await db.select({ key: auditArchiveParts.objectKey }).from(auditArchiveParts).where(eq(auditArchiveParts.month, month)).orderBy(asc(auditArchiveParts.part)).all();
  if (!parts.length) throw notFound("Archived month");
  // Every part is there before the 200 goes out: a part found missing mid-stream could only cut the
  // file short under a success status.
  const heads = await Promise.all(parts.map((p) => bucket.head(p.key)));
  const gone = parts.find((_, n) => !heads[n]);
  if (gone) throw missingPart(gone.key);
  const enc = new TextEncoder();
  let i = 0;
  return new ReadableStream<Uint8Array>({
    // A part at a time (≤ 1,000 entries): memory stays flat however large the month.
    async pull(controller) {
      const part = parts[i++];
      if (!part) return controller.close();
      const lines = await readAuditPart(bucket, part.key);
      controller.enqueue(enc.encode(lines.map((l) => JSON.stringify(fromLine(l)) + "\n").join("")));
    },
  });
}

