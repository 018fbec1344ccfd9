// Background exports (POST /exports): the export document written to R2 by the export Queue's
// consumer, one step per message, so a newsroom of any size exports without one request reading
// every page and every archived object (Workers cap the subrequests of one invocation; README
// "Backup and restore"). Each step reads at most STEP_BUDGET, writes what it made as one R2 object
// (a segment), then in one D1 batch records the segment and moves the job's cursor — only if the
// job is still at that step, so a message the Queue delivers twice is harmless — and sends the next
// step's message. The download (GET /exports/{id}/file) streams the segments in order.
import { and, asc, desc, eq, inArray, lt, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { DB } from "../../db/client";
import { parseConstraintError } from "../../db/constraint-errors";
import { exportJobSegments, exportJobs, type ExportJobStatus } from "../../db/schema";
import { AppError } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { EXPORT_START, exportPieces, pageCost, type ExportCursor, type ExportMeter, type ExportPaging } from "./export-pieces";
import { concatBytes } from "../../lib/bytes";
import { CUT_SQL, parseCut } from "./cut";

export const EXPORT_QUEUE = "copydesk-exports";
export const EXPORT_DEAD_LETTER_QUEUE = "copydesk-exports-dlq";

/** One step of export `job_id`: the step numbered `seq` (a stale or repeated message is dropped). */
export interface ExportMessage {
  kind: "export";
  job_id: string;
  seq: number;
}

/**
 * What one step may read — D1 statements and R2 reads together, well inside the free plan's 50
 * subrequests and 50 D1 queries per invocation (the step's own job read and writes take 4 more) —
 * and write: a segment that fits in memory many times over. A step stops before a page it could not
 * afford (pageCost), so it never reads more than this.
 */
export const STEP_BUDGET = { reads: 34, bytes: 8 * 1024 * 1024 };
/** Smaller pages where each row may be an R2 read: one page costs at most pageCost(STEP_PAGING) = 11. */
export const STEP_PAGING: ExportPaging = { rows: 500, media: 5, revisions: 10, packs: 5 };
/** A finished export's file stays this long, then the cron deletes it and the job. */
export const EXPORT_KEEP_MS = 7 * 24 * 60 * 60 * 1000;
/** A job whose step has not moved for this long lost its message: the cron sends it again. */
export const EXPORT_STALL_MS = 10 * 60 * 1000;

export type ExportJobRow = typeof exportJobs.$inferSelect;
export const segmentKey = (jobId: string, seq: number) => `exports/${jobId}/${String(seq).padStart(6, "0")}-${newId("seg")}`;

/**
 * Starts an export, recording `audit` in the same batch; 409 while another is queued or running (one
 * at a time per newsroom: the partial unique index export_jobs_one_active_uq settles a race).
 */
export async function startExport(db: DB, queue: Queue<ExportMessage>, requestedBy: string | null, audit: BatchItem<"sqlite">, now = new Date()): Promise<ExportJobRow> {
  const [busy] = await db.select({ id: exportJobs.id }).from(exportJobs).where(inArray(exportJobs.status, ["queued", "running"])).limit(1);
  if (busy) throw busyExport(busy.id);
  const at = now.toISOString();
  // The cut, read with exported_at: every step reads each table only up to it (cut.ts). The job's
  // own audit entry, written below, is after it.
  const cut = parseCut(await db.get<Record<string, unknown>>(sql.raw(CUT_SQL)));
  const row: ExportJobRow = {
    id: newId("exp"),
    status: "queued",
    requestedBy,
    exportedAt: at,
    cursor: JSON.stringify({ ...EXPORT_START, cut } satisfies ExportCursor),
    seq: 0,
    bytes: 0,
    error: null,
    createdAt: at,
    updatedAt: at,
    finishedAt: null,
    expiresAt: new Date(now.getTime() + EXPORT_KEEP_MS).toISOString(),
  };
  try {
    await db.batch([db.insert(exportJobs).values(row), audit]);
  } catch (err) {
    if (parseConstraintError(err)?.kind === "unique") throw busyExport(null);
    throw err;
  }
  // Lost if this send fails: the cron sends a stalled job's step again (tendExports).
  await queue.send({ kind: "export", job_id: row.id, seq: 0 });
  return row;
}

const busyExport = (id: string | null) =>
  new AppError("conflict", id ? `Export ${id} is still being written: wait for it (GET /exports/${id}) before starting another.` : "Another export is being written: wait for it before starting another.");

export async function getExport(db: DB, id: string): Promise<ExportJobRow> {
  const [row] = await db.select().from(exportJobs).where(eq(exportJobs.id, id));
  if (!row) throw new AppError("not_found", `No export ${id}.`);
  return row;
}

export const listExports = (db: DB, limit = 20) => db.select().from(exportJobs).orderBy(desc(exportJobs.createdAt), desc(exportJobs.id)).limit(limit);

/**
 * Runs step `seq` of a job. Returns what happened, for the consumer's log and the tests. Throws on
 * a failure (D1, R2, a missing snapshot): the Queue retries the message, then dead-letters it.
 */
export async function runExportStep(
  db: DB,
  d1: D1Database,
  bucket: R2Bucket,
  queue: Queue<ExportMessage>,
  msg: ExportMessage,
  budget: typeof STEP_BUDGET = STEP_BUDGET,
  now = () => new Date(),
): Promise<"stepped" | "finished" | "stale" | "failed"> {
  const [job] = await db.select().from(exportJobs).where(eq(exportJobs.id, msg.job_id));
  if (!job || job.seq !== msg.seq || (job.status !== "queued" && job.status !== "running")) return "stale";
  const meter: ExportMeter = { statements: 0, r2Reads: 0 };
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let at = JSON.parse(job.cursor) as ExportCursor;
  // A job begun before exports had a cut (its cursor has none, and it is past the start): the tables
  // it passed were not cut, so no cut taken now would make the file whole. It fails, with a reason.
  if (!at.cut && at.t >= 0) {
    await failExport(db, msg, now(), "This export began before an update of Copydesk and cannot be finished consistently; start a new export.");
    return "failed";
  }
  for await (const piece of exportPieces(d1, bucket, job.exportedAt, at, meter, STEP_PAGING)) {
    const chunk = enc.encode(piece.text);
    chunks.push(chunk);
    bytes += chunk.byteLength;
    if (!piece.at) continue;
    at = piece.at;
    if (at.done || meter.statements + meter.r2Reads + pageCost(STEP_PAGING) > budget.reads || bytes >= budget.bytes) break;
  }
  const key = segmentKey(job.id, job.seq);
  await bucket.put(key, concatBytes(chunks, bytes), { httpMetadata: { contentType: "application/json" } });
  const stamp = now().toISOString();
  // Both or neither, and only if this is still the job's current step.
  const [inserted] = await db.batch([
    db
      .insert(exportJobSegments)
      .select(
        db
          .select({ jobId: exportJobs.id, seq: exportJobs.seq, r2Key: sql<string>`${key}`.as("r2_key"), bytes: sql<number>`${bytes}`.as("bytes") })
          .from(exportJobs)
          .where(and(eq(exportJobs.id, job.id), eq(exportJobs.seq, job.seq))),
      )
      .returning({ seq: exportJobSegments.seq }),
    db
      .update(exportJobs)
      .set({ status: at.done ? "done" : "running", cursor: JSON.stringify(at), seq: job.seq + 1, bytes: sql`${exportJobs.bytes} + ${bytes}`, updatedAt: stamp, finishedAt: at.done ? stamp : null })
      .where(and(eq(exportJobs.id, job.id), eq(exportJobs.seq, job.seq))),
  ]);
  if (!inserted.length) {
    // Another delivery of this message got there first: this segment is nobody's.
    await bucket.delete(key);
    return "stale";
  }
  if (at.done) return "finished";
  await queue.send({ kind: "export", job_id: job.id, seq: job.seq + 1 });
  return "stepped";
}

/** The Queue gave up on a step (dead letter): the job fails with a reason an admin can act on. */
export async function failExport(db: DB, msg: ExportMessage, now = new Date(), error = "A step of the export kept failing and was given up (see the Worker's logs); start a new export.") {
  const stamp = now.toISOString();
  await db
    .update(exportJobs)
    .set({ status: "failed", error, updatedAt: stamp, finishedAt: stamp })
    .where(and(eq(exportJobs.id, msg.job_id), eq(exportJobs.seq, msg.seq), inArray(exportJobs.status, ["queued", "running"])));
}

/** The file, its segments streamed one after another, and its length. 409 until it is done. */
export async function exportFile(db: DB, bucket: R2Bucket, id: string): Promise<{ job: ExportJobRow; length: number; stream: ReadableStream<Uint8Array> }> {
  const job = await getExport(db, id);
  if (job.status !== "done") throw new AppError("conflict", job.status === "failed" ? `Export ${id} failed: ${job.error}` : `Export ${id} is still being written (${job.status}).`);
  const segments = await db.select().from(exportJobSegments).where(eq(exportJobSegments.jobId, id)).orderBy(asc(exportJobSegments.seq));
  let i = 0;
  let current: ReadableStreamDefaultReader<Uint8Array> | null = null;
  const stream = new ReadableStream<Uint8Array>({
    async pull(ctl) {
      for (;;) {
        if (!current) {
          const seg = segments[i++];
          if (!seg) return ctl.close();
          const object = await bucket.get(seg.r2Key);
          // R2 damage, not the client's doing: the download breaks off rather than end short.
          if (!object) {
            console.error(`export ${id}: segment ${seg.r2Key} is missing from R2`);
            return ctl.error(new Error(`segment ${seg.seq} of export ${id} is missing`));
          }
          current = object.body.getReader();
        }
        const { done, value } = await current.read();
        if (!done) return ctl.enqueue(value);
        current = null;
      }
    },
    cancel: (reason) => current?.cancel(reason),
  });
  // A fixed length: workerd then sends Content-Length (a plain stream goes out chunked), and a piece
  // that is not the size recorded breaks the download instead of delivering a wrong file.
  return { job, length: job.bytes, stream: stream.pipeThrough(new FixedLengthStream(job.bytes)) };
}

/** Deletes a job and its file (any status: a running one stops at its next step, finding no row). */
export async function deleteExport(db: DB, bucket: R2Bucket, id: string, audit: BatchItem<"sqlite">): Promise<void> {
  await getExport(db, id);
  await db.batch([db.delete(exportJobs).where(eq(exportJobs.id, id)), audit]);
  await deletePrefix(bucket, `exports/${id}/`);
}

/**
 * The cron's part: expired files deleted with their jobs, and stalled jobs (their message lost: a
 * send that failed after its step was recorded) sent again. Two statements when there is nothing to do.
 */
export async function tendExports(db: DB, bucket: R2Bucket, queue: Queue<ExportMessage> | undefined, now: Date): Promise<{ expired: number; resent: number }> {
  const stamp = now.toISOString();
  const expired = await db.select({ id: exportJobs.id }).from(exportJobs).where(lt(exportJobs.expiresAt, stamp)).limit(5);
  for (const { id } of expired) {
    await deletePrefix(bucket, `exports/${id}/`);
    await db.delete(exportJobs).where(eq(exportJobs.id, id));
  }
  const stalled = await db
    .select({ id: exportJobs.id, seq: exportJobs.seq })
    .from(exportJobs)
    .where(and(inArray(exportJobs.status, ["queued", "running"] satisfies ExportJobStatus[]), lt(exportJobs.updatedAt, new Date(now.getTime() - EXPORT_STALL_MS).toISOString())))
    .limit(5);
  if (queue) {
    for (const s of stalled) {
      await queue.send({ kind: "export", job_id: s.id, seq: s.seq });
      // Stalled again only if this message is lost too: not re-sent every minute meanwhile.
      await db.update(exportJobs).set({ updatedAt: stamp }).where(and(eq(exportJobs.id, s.id), eq(exportJobs.seq, s.seq)));
    }
  }
  return { expired: expired.length, resent: queue ? stalled.length : 0 };
}

async function deletePrefix(bucket: R2Bucket, prefix: string) {
  let cursor: string | undefined;
  do {
    const list = await bucket.list({ prefix, cursor });
    if (list.objects.length) await bucket.delete(list.objects.map((o) => o.key));
    cursor = list.truncated ? list.cursor : undefined;
  } while (cursor);
}

