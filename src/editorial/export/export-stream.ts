// Streams the whole newsroom as one JSON document, a page of rows at a time, so memory stays flat
// however large the archive. Rows are exported as stored (column names, JSON as text), less the
// columns tables.ts omits; each media row carries its image's bytes as base64 in `data`, streamed
// from R2 a piece at a time, so the file alone restores a newsroom whose images still load.
//
// A revision whose snapshot the cron moved to R2 is written with the snapshot inlined again, the
// object's text being the very text the row held: the file is the same before and after archiving,
// needs no bucket to restore, and an import writes every snapshot inline (the cron moves them later).
//
// Cold history (docs/design/cold-history.md) is written back where it came from: each packed
// revision after the revisions still in D1, each archived audit entry after the audit log's rows,
// every one exactly as its row was stored. An import therefore writes them all to D1 again (the
// cron packs and archives them later), and the file needs no bucket to restore.
import { archivedText } from "../../articles/snapshot-store";
import { packKey, readPack } from "../../articles/revision-packs";
import { archivedLines } from "../../audit/archives";
import { createDb } from "../../db/client";
import { EXPORT_FORMAT, EXPORT_TABLES, EXPORT_VERSION } from "./tables";

const PAGE = 500;
/** Media rows per page: each one streams an image, so a page holds only the small metadata. */
const MEDIA_PAGE = 50;

export function exportNewsroom(d1: D1Database, bucket: R2Bucket, now = new Date()): { stream: ReadableStream<Uint8Array>; done: Promise<void> } {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const enc = new TextEncoder();
  const write = (text: string) => writer.write(enc.encode(text));

  const done = (async () => {
    try {
      await write(`{"format":${JSON.stringify(EXPORT_FORMAT)},"version":${EXPORT_VERSION},"exported_at":${JSON.stringify(now.toISOString())},"tables":{`);
      for (const [t, table] of EXPORT_TABLES.entries()) {
        await write(`${t ? "," : ""}${JSON.stringify(table.name)}:[`);
        const isMedia = table.name === "media";
        const page = isMedia ? MEDIA_PAGE : PAGE;
        const isRevisions = table.name === "revisions";
        const cols = table.columns.map((c) => `"${c}"`).join(", ") + (isRevisions ? `, snapshot_key AS __snapshot_key` : "");
        let after = 0;
        let first = true;
        for (;;) {
          // rowid paging: every exported table is a rowid table, and rowid order is stable.
          const { results } = await d1
            .prepare(`SELECT rowid AS __rowid, ${cols} FROM "${table.name}" WHERE rowid > ? ORDER BY rowid LIMIT ${page}`)
            .bind(after)
            .all<Record<string, unknown>>();
          if (isRevisions) await inlineSnapshots(bucket, results);
          for (const row of results) {
            after = row.__rowid as number;
            delete row.__rowid;
            const json = JSON.stringify(row);
            if (!isMedia) {
              await write(`${first ? "" : ","}${json}`);
            } else {
              // The row without its closing brace, then "data" streamed in.
              await write(`${first ? "" : ","}${json.slice(0, -1)},"data":`);
              await writeImage(bucket, String(row.r2_key), write);
              await write("}");
            }
            first = false;
          }
          if (results.length < page) break;
        }
        if (isRevisions) first = await writePackedRevisions(d1, bucket, table.columns, first, write);
        if (table.name === "audit_log") {
          for await (const line of archivedLines(createDb(d1), bucket)) {
            await write(`${first ? "" : ","}${line}`);
            first = false;
          }
        }
        await write("]");
      }
      await write("}}");
      await writer.close();
    } catch (err) {
      await writer.abort(err);
      throw err;
    }
  })();
  return { stream: readable, done };
}

/**
 * Puts each archived snapshot of a page of revision rows back in its `snapshot`, fetched in
 * parallel (each distinct key once). An object missing from R2 fails the export (logged, with its
 * key): unlike an image (exported as null, the row still imports), a revision without its snapshot
 * would make the file one no import accepts, and a backup that silently drops history is worse
 * than one that says it cannot be made.
 */
async function inlineSnapshots(bucket: R2Bucket, rows: Record<string, unknown>[]) {
  const keys = [...new Set(rows.map((r) => r.__snapshot_key).filter((k): k is string => typeof k === "string"))];
  const texts = new Map(await Promise.all(keys.map(async (k) => [k, await archivedText(bucket, k)] as const)));
  for (const row of rows) {
    const key = row.__snapshot_key;
    delete row.__snapshot_key;
    if (typeof key === "string") row.snapshot = texts.get(key);
  }
}

/** Packs read in parallel per page of pointers. */
const PACK_PAGE = 20;

/**
 * Every packed revision, pointer page by pointer page (article id order), each row with the table's
 * columns in the table's order, as the D1 rows above are written. A pack missing from R2 fails the
 * export, as a missing snapshot does. Returns whether nothing has been written to the array yet.
 */
async function writePackedRevisions(d1: D1Database, bucket: R2Bucket, columns: string[], first: boolean, write: (text: string) => Promise<void>): Promise<boolean> {
  let after = "";
  for (;;) {
    const { results } = await d1
      .prepare(`SELECT article_id, pack_sha FROM revision_packs WHERE article_id > ? ORDER BY article_id LIMIT ${PACK_PAGE}`)
      .bind(after)
      .all<{ article_id: string; pack_sha: string }>();
    const packs = await Promise.all(results.map((p) => readPack(bucket, packKey(p.article_id, p.pack_sha))));
    for (const pack of packs) {
      for (const row of pack.revisions) {
        const ordered = Object.fromEntries(columns.map((c) => [c, (row as unknown as Record<string, unknown>)[c] ?? null]));
        await write(`${first ? "" : ","}${JSON.stringify(ordered)}`);
        first = false;
      }
    }
    if (results.length < PACK_PAGE) return first;
    after = results[results.length - 1]!.article_id;
  }
}

/**
 * One R2 object as a base64 JSON string, encoded as it streams (three bytes make four characters,
 * so each piece is cut at a multiple of three and the rest carried over). An object missing from
 * R2 is written as null: the backup then says so instead of failing the whole export, and an
 * import restores the row as it was, without bytes.
 */
async function writeImage(bucket: R2Bucket, key: string, write: (text: string) => Promise<void>) {
  const object = await bucket.get(key);
  if (!object) return write("null");
  await write('"');
  let carry = new Uint8Array(0);
  const reader = object.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const joined = carry.length ? concat(carry, value) : value;
    const usable = joined.length - (joined.length % 3);
    if (usable) await write(toBase64(joined.subarray(0, usable)));
    carry = joined.slice(usable);
  }
  if (carry.length) await write(toBase64(carry));
  await write('"');
}

function concat(a: Uint8Array, b: Uint8Array) {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let bin = "";
  // Spread in slices: String.fromCharCode(...all) overflows the call stack on large pieces.
  for (let i = 0; i < bytes.length; i += 8192) bin += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return btoa(bin);
}
