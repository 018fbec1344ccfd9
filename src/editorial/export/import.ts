// Restores an export into an empty newsroom: everything or nothing. The upload is read as a stream
// (export-reader.ts), each row checked by the editorial API's rules (row-schemas.ts) as it arrives
// and staged in D1 (staging.ts), images written to R2 as they come; only when the whole document
// has been read and checked does one atomic batch make it visible. Any failure removes the stage
// and the images written, so the database and the bucket are exactly as before.
import { AppError, type FieldIssue } from "../../lib/errors";
import { unusablePasswordHash } from "../../auth/password";
import { findLoneSurrogate } from "../../http/json-body";
import { sniffImage } from "../../media/image-info";
import { readExport } from "./export-reader";
import { checkRow } from "./check-row";
import { newImportId, purgeStaleStages, Stage } from "./staging";
import { EXPORT_FORMAT, EXPORT_TABLES, EXPORT_VERSION, exportTable } from "./tables";
import { WALK_PLACE_KEY } from "../../scheduled/cold-history";

export interface Importer {
  id: string;
  email: string;
}

/**
 * Tables whose rows make a newsroom non-empty (settings alone do not; the importer's account does
 * not; nor does the audit log, which has entries from the moment the admin signs in; nor do the
 * stages every newsroom starts with).
 */
const NOT_CONTENT = new Set(["users", "site_settings", "audit_log", "workflow_stages"]);
const CONTENT_TABLES = EXPORT_TABLES.filter((t) => !NOT_CONTENT.has(t.name));

/** `record`: the import's own audit entry, given the rows read per table; it commits with the import. */
export async function importNewsroom(
  d1: D1Database,
  bucket: R2Bucket,
  importer: Importer,
  body: ReadableStream<Uint8Array>,
  record?: (counts: Record<string, number>) => { sql: string; params: unknown[] },
) {
  await assertEmpty(d1, importer);
  await purgeStaleStages(d1);
  const stage = new Stage(d1, newImportId());
  const written: string[] = [];
  try {
    const { counts, mapFrom } = await stageAll(stage, bucket, importer, body, written);
    try {
      await stage.publish({ from: mapFrom, to: importer.id }, new Date(), [...(record ? [record(counts)] : []), restartHistoryWalk]);
    } catch (err) {
      // Someone else filled the newsroom meanwhile: say so, rather than blame the file.
      await assertEmpty(d1, importer);
      throw new AppError("validation_failed", `The export could not be restored: ${describe(err)}`);
    }
    return counts;
  } catch (err) {
    await cleanUp(stage, bucket, written);
    throw err;
  }
}

// The imported revisions keep their times, older than where the history packer's walk stands: it
// starts over, so they are packed once cold like any others (src/scheduled/pack-revisions.ts).
const restartHistoryWalk = { sql: `DELETE FROM site_state WHERE key = '${WALK_PLACE_KEY}'`, params: [] };

async function stageAll(stage: Stage, bucket: R2Bucket, importer: Importer, body: ReadableStream<Uint8Array>, written: string[]) {
  const counts: Record<string, number> = Object.fromEntries(EXPORT_TABLES.map((t) => [t.name, 0]));
  const startedAt = new Date().toISOString();
  const header: Record<string, unknown> = {};
  let mapFrom: string | null = null;
  for await (const item of readExport(body)) {
    if (item.kind === "field") {
      header[item.key] = item.value;
      checkHeader(item.key, item.value);
      continue;
    }
    if (header.format === undefined || header.version === undefined) {
      throw invalid("format", "An export starts with its format and version, before any table.");
    }
    const path = `tables.${item.table}.${item.index}`;
    if (!exportTable(item.table)) throw invalid(`tables.${item.table}`, "Not a table a Copydesk export carries.");
    const surrogate = findLoneSurrogate(item.value, path);
    if (surrogate) throw invalid(surrogate, "Not valid Unicode text.");
    const checked = checkRow(item.table, item.value, path);
    if (!checked.ok) throw invalidAll(checked.errors);
    const row = checked.row;
    counts[item.table]!++;

    if (item.table === "users") {
      // The importing admin keeps their own account; their exported id is mapped onto it.
      if (String(row.email).toLowerCase() === importer.email.toLowerCase()) {
        mapFrom = String(row.id);
        continue;
      }
      await stage.add("users", { ...row, password_hash: unusablePasswordHash() });
      continue;
    }
    if (item.table === "media") {
      const { data, ...meta } = row;
      if (typeof data === "string") {
        await putImage(bucket, meta, data, path);
        written.push(String(meta.r2_key));
      }
      await stage.add("media", meta);
      continue;
    }
    await stage.add(item.table, item.table === "articles" ? heldIfEmbargoed(row, startedAt) : row);
  }
  if (header.format === undefined) throw invalid("format", `Expected "${EXPORT_FORMAT}".`);
  await stage.flush();
  return { counts, mapFrom };
}

/**
 * A story is public only when published, and an embargo holds a published story (README "Embargo"):
 * a `published` row whose embargo has not passed (a file edited by hand, or written by a newsroom
 * whose clock ran ahead) is held exactly as publishing it here would hold it — `scheduled`, as of
 * the import — and released at the embargo's instant (the import's batch refreshes due_at). A held
 * story's own row (`scheduled`, its publish click as scheduled_at) comes back as it was.
 */
function heldIfEmbargoed(row: Record<string, unknown>, now: string): Record<string, unknown> {
  const until = row.embargoed_until;
  if (row.status !== "published" || typeof until !== "string" || until <= now) return row;
  return { ...row, status: "scheduled", scheduled_at: row.scheduled_at ?? now };
}

function checkHeader(key: string, value: unknown) {
  if (key === "format" && value !== EXPORT_FORMAT) throw invalid("format", `Expected "${EXPORT_FORMAT}".`);
  if (key === "version" && value !== EXPORT_VERSION) throw invalid("version", `This Copydesk reads exports of version ${EXPORT_VERSION}.`);
  if (key === "exported_at" && typeof value !== "string") throw invalid("exported_at", "Expected a timestamp.");
}

/** Decodes, checks (by its bytes, as an upload is) and stores one image under the row's key. */
async function putImage(bucket: R2Bucket, meta: Record<string, unknown>, data: string, path: string) {
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  } catch {
    throw invalid(`${path}.data`, "Not valid base64.");
  }
  const info = sniffImage(bytes);
  if (!info) throw invalid(`${path}.data`, "Not a supported image (JPEG, PNG, GIF, WebP or AVIF).");
  if (info.mime !== meta.mime_type) throw invalid(`${path}.mime_type`, `The bytes are ${info.mime}.`);
  if (bytes.byteLength !== meta.size) throw invalid(`${path}.size`, `The bytes are ${bytes.byteLength} long.`);
  if (meta.width !== null && (meta.width !== info.width || meta.height !== info.height)) {
    throw invalid(`${path}.width`, `The image is ${info.width}×${info.height}.`);
  }
  await bucket.put(String(meta.r2_key), bytes, { httpMetadata: { contentType: info.mime } });
}


async function assertEmpty(d1: D1Database, importer: Importer) {
  const checks = [
    ...CONTENT_TABLES.map((t) => d1.prepare(`SELECT EXISTS (SELECT 1 FROM "${t.name}") AS n`)),
    d1.prepare(`SELECT EXISTS (SELECT 1 FROM users WHERE id <> ?) AS n`).bind(importer.id),
  ];
  const results = await d1.batch<{ n: number }>(checks);
  if (results.some((r) => r.results[0]?.n)) {
    throw new AppError("conflict", "Import restores into an empty newsroom only; this one already has content or other accounts.");
  }
}

async function cleanUp(stage: Stage, bucket: R2Bucket, written: string[]) {
  try {
    await stage.discard();
    // R2 deletes at most 1,000 keys per call.
    for (let i = 0; i < written.length; i += 1000) await bucket.delete(written.slice(i, i + 1000));
  } catch (err) {
    // The original failure is what the client must hear; a stale stage is purged by the next import.
    console.error("import clean-up failed", err);
  }
}


const invalid = (path: string, message: string) => invalidAll([{ path, message }]);
const invalidAll = (errors: FieldIssue[]) => new AppError("validation_failed", `Invalid ${errors.map((e) => e.path).join(", ")}.`, { errors });

/** D1 wraps SQLite's message; the cause carries the constraint that failed. */
const describe = (err: unknown) => {
  const e = err as { message?: string; cause?: { message?: string } };
  return e.cause?.message ?? e.message ?? String(err);
};
