// The export document as a sequence of text pieces, each tagged with where the document stands after
// it, so a writer may stop at any row and another invocation go on from there. GET /export takes every
// piece in one request (export-stream.ts); a background export (jobs.ts) takes a step's worth per
// Queue message and writes each step to R2. Both write the very same bytes.
//
// Rows are exported as stored (column names, JSON as text), less the columns tables.ts omits; each
// media row carries its image's bytes as base64 in `data`, streamed from R2 a piece at a time. A
// revision whose snapshot the cron moved to R2 is written with the snapshot inlined again, the
// object's text being the very text the row held: the file is the same before and after archiving,
// needs no bucket to restore, and an import writes every snapshot inline (the cron moves them later).
// So is a cold article's body (src/scheduled/archive-bodies.ts).
//
// Cold history (docs/design/cold-history.md) is written back where it came from: each packed
// revision after the revisions still in D1, each archived audit entry after the audit log's rows,
// every one exactly as its row was stored. An import therefore writes them all to D1 again (the
// cron packs and archives them later), and the file needs no bucket to restore.
import { packKey, readPack } from "../../articles/revision-packs";
import { archivedText } from "../../articles/snapshot-store";
import { archivedBodyText } from "../../articles/body-store";
import { EXPORT_FORMAT, EXPORT_TABLES, EXPORT_VERSION } from "./tables";
import { concatBytes } from "../../lib/bytes";
import { readAuditPart } from "../../audit/archives";
import { pageStatement, partOf, readCut, type ExportCut } from "./cut";

/**
 * Where the document stands. `t`: the table being written (-1 before the header; EXPORT_TABLES.length
 * once every table is closed); `after`: the last rowid written from it; `rows`: rows written from it
 * (a comma goes before every row but the first); `open`: its list is opened (a list may be open with
 * no row yet); `done`: the closing braces are written. `phase`: past the
 * table's D1 rows, the revisions' packs (`key`: the last article id written) or the audit log's
 * archived parts (`key`: the last part written, as "month/part"). `cut`: each table's mark at the
 * start (cut.ts), read with the header if the cursor has none; for a table whose rows are parts of
 * another's (bylines …), `after` is the last parent's rowid.
 */
export interface ExportCursor {
  t: number;
  after: number;
  rows: number;
  open: boolean;
  done: boolean;
  phase?: "packs" | "archived";
  key?: string;
  cut?: ExportCut;
}

export const EXPORT_START: ExportCursor = { t: -1, after: 0, rows: 0, open: false, done: false };

/** A piece of the document; `at` is set when the piece ends on a boundary a writer may stop at. */
export interface ExportPiece {
  text: string;
  at: ExportCursor | null;
}

/** What the pieces cost so far: D1 statements and R2 reads, counted as they are made. */
export interface ExportMeter {
  statements: number;
  r2Reads: number;
}

export interface ExportPaging {
  /** Rows per page of an ordinary table. */
  rows: number;
  /** Media rows per page: each streams an image, so a page holds only the small metadata. */
  media: number;
  /** Revision and article rows per page: each archived one is an R2 read. */
  revisions: number;
  /** Revision packs per page: each is an R2 read. */
  packs: number;
}

export const STREAM_PAGING: ExportPaging = { rows: 500, media: 50, revisions: 500, packs: 20 };

/** The most R2 reads and D1 statements one page may take (a writer stops before one it cannot afford). */
export const pageCost = (p: ExportPaging) => 1 + Math.max(p.media, p.revisions, p.packs);

export async function* exportPieces(
  d1: D1Database,
  bucket: R2Bucket,
  exportedAt: string,
  from: ExportCursor = EXPORT_START,
  meter: ExportMeter = { statements: 0, r2Reads: 0 },
  paging: ExportPaging = STREAM_PAGING,
): AsyncGenerator<ExportPiece> {
  if (from.done) return;
  let at = { ...from };
  if (!at.cut) {
    meter.statements++;
    at.cut = await readCut(d1);
  }
  const cut = at.cut;
  if (at.t < 0) {
    at = { t: 0, after: 0, rows: 0, open: false, done: false, cut };
    yield { text: `{"format":${JSON.stringify(EXPORT_FORMAT)},"version":${EXPORT_VERSION},"exported_at":${JSON.stringify(exportedAt)},"tables":{`, at: { ...at } };
  }
  for (; at.t < EXPORT_TABLES.length; at = { t: at.t + 1, after: 0, rows: 0, open: false, done: false, cut }) {
    const table = EXPORT_TABLES[at.t]!;
    if (!at.open) {
      at.open = true;
      yield { text: `${at.t ? "," : ""}${JSON.stringify(table.name)}:[`, at: { ...at } };
    }
    const isMedia = table.name === "media";
    const isRevisions = table.name === "revisions";
    const isArticles = table.name === "articles";
    const page = isMedia ? paging.media : isRevisions || isArticles ? paging.revisions : paging.rows;
    const isPart = partOf(table.name) !== undefined;
    const statement = pageStatement(table, { marks: cut, at: exportedAt }, page, isRevisions ? `, t.snapshot_key AS __snapshot_key` : isArticles ? `, t.body_key AS __body_key` : "");
    if (!at.phase) {
      for (;;) {
        // rowid paging: every exported table is a rowid table, and rowid order is stable. A part
        // table pages by its parent's rowid, a page of parents with all their parts (cut.ts).
        meter.statements++;
        const { results } = await d1.prepare(statement).bind(at.after).all<Record<string, unknown>>();
        if (isRevisions) await inlineArchived(results, meter, "__snapshot_key", "snapshot", (k) => archivedText(bucket, k));
        if (isArticles) await inlineArchived(results, meter, "__body_key", "body", (k) => archivedBodyText(bucket, k));
        let pageRows = 0;
        for (const [i, row] of results.entries()) {
          const rowid = row.__rowid as number;
          delete row.__rowid;
          if (isPart) {
            // A stop only after a parent's last part, so a step never splits one save's rows.
            const last = results[i + 1]?.__rowid !== rowid;
            if (last) pageRows++;
            const none = row.__part === null;
            delete row.__part;
            const comma = at.rows ? "," : "";
            const next = { ...at, after: last ? rowid : at.after, rows: at.rows + (none ? 0 : 1) };
            yield { text: none ? "" : `${comma}${JSON.stringify(row)}`, at: last ? next : null };
            at = next;
            continue;
          }
          pageRows++;
          const json = JSON.stringify(row);
          const comma = at.rows ? "," : "";
          const next = { ...at, after: rowid, rows: at.rows + 1 };
          if (!isMedia) {
            yield { text: `${comma}${json}`, at: next };
          } else {
            // The row without its closing brace, then "data" streamed in: a stop only after the whole row.
            yield { text: `${comma}${json.slice(0, -1)},"data":`, at: null };
            meter.r2Reads++;
            for await (const text of imageBase64(bucket, String(row.r2_key))) yield { text, at: null };
            yield { text: "}", at: next };
          }
          at = next;
        }
        if (pageRows < page) break;
      }
      if (isRevisions) at = { ...at, phase: "packs", key: "" };
      else if (table.name === "audit_log") at = { ...at, phase: "archived", key: "" };
    }
    if (at.phase === "packs") {
      for await (const piece of packedRevisions(d1, bucket, table.columns, at, meter, paging.packs)) {
        yield piece;
        if (piece.at) at = piece.at;
      }
    } else if (at.phase === "archived") {
      for await (const piece of archivedAuditEntries(d1, bucket, at, meter)) {
        yield piece;
        if (piece.at) at = piece.at;
      }
    }
    yield { text: "]", at: { t: at.t + 1, after: 0, rows: 0, open: false, done: false, cut } };
  }
  yield { text: "}}", at: { ...at, done: true } };
}

/**
 * Puts each archived object of a page of rows back in its column, fetched in parallel (each distinct
 * key once): a revision's snapshot (src/scheduled/archive-snapshots.ts, key in `__snapshot_key`) or
 * a cold article's body (src/scheduled/archive-bodies.ts, key in `__body_key`), so the file is the
 * same before and after archiving. An object missing from R2 fails the export (logged, with its
 * key): unlike an image (exported as null, the row still imports), a revision without its snapshot
 * or a story without its body would make the file one no import accepts, and a backup that silently
 * drops content is worse than one that says it cannot be made.
 */
async function inlineArchived(rows: Record<string, unknown>[], meter: ExportMeter, keyField: string, column: string, read: (key: string) => Promise<string>) {
  const keys = [...new Set(rows.map((r) => r[keyField]).filter((k): k is string => typeof k === "string"))];
  meter.r2Reads += keys.length;
  const texts = new Map(await Promise.all(keys.map(async (k) => [k, await read(k)] as const)));
  for (const row of rows) {
    const key = row[keyField];
    delete row[keyField];
    if (typeof key === "string") row[column] = texts.get(key);
  }
}

/**
 * Every packed revision, pointer page by pointer page (article id order), each row with the table's
 * columns in the table's order, as the D1 rows are written; a stop after each whole pack. A pack
 * missing from R2 fails the export, as a missing snapshot does.
 */
async function* packedRevisions(d1: D1Database, bucket: R2Bucket, columns: string[], from: ExportCursor, meter: ExportMeter, pageSize: number): AsyncGenerator<ExportPiece> {
  let at = from;
  for (;;) {
    meter.statements++;
    const { results } = await d1
      .prepare(`SELECT article_id, pack_sha FROM revision_packs WHERE article_id > ? ORDER BY article_id LIMIT ${pageSize}`)
      .bind(at.key ?? "")
      .all<{ article_id: string; pack_sha: string }>();
    meter.r2Reads += results.length;
    const packs = await Promise.all(results.map((p) => readPack(bucket, packKey(p.article_id, p.pack_sha))));
    for (const [i, pack] of packs.entries()) {
      let rows = at.rows;
      const text = pack.revisions
        .map((row) => `${rows++ ? "," : ""}${JSON.stringify(Object.fromEntries(columns.map((c) => [c, (row as unknown as Record<string, unknown>)[c] ?? null])))}`)
        .join("");
      at = { ...at, rows, key: results[i]!.article_id };
      yield { text, at };
    }
    if (results.length < pageSize) return;
  }
}

/**
 * Every archived audit entry, part by part in (month, part) order, each line the row as stored; a
 * stop after each whole part (at most 1,000 entries). A part missing from R2 fails the export.
 */
async function* archivedAuditEntries(d1: D1Database, bucket: R2Bucket, from: ExportCursor, meter: ExportMeter): AsyncGenerator<ExportPiece> {
  let at = from;
  for (;;) {
    const [month, part] = at.key ? [at.key.slice(0, 7), Number(at.key.slice(8))] : ["", -1];
    meter.statements++;
    const next = await d1
      .prepare(`SELECT month, part, object_key FROM audit_archive_parts WHERE (month, part) > (?, ?) ORDER BY month, part LIMIT 1`)
      .bind(month, part)
      .first<{ month: string; part: number; object_key: string }>();
    if (!next) return;
    meter.r2Reads++;
    let rows = at.rows;
    const text = (await readAuditPart(bucket, next.object_key))
      .map((line) => `${rows++ ? "," : ""}${line}`)
      .join("");
    at = { ...at, rows, key: `${next.month}/${next.part}` };
    yield { text, at };
  }
}

/**
 * One R2 object as a base64 JSON string, encoded as it streams (three bytes make four characters,
 * so each piece is cut at a multiple of three and the rest carried over). An object missing from
 * R2 is written as null: the backup then says so instead of failing the whole export, and an
 * import restores the row as it was, without bytes.
 */
async function* imageBase64(bucket: R2Bucket, key: string): AsyncGenerator<string> {
  const object = await bucket.get(key);
  if (!object) {
    yield "null";
    return;
  }
  yield '"';
  let carry = new Uint8Array(0);
  const reader = object.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const joined = carry.length ? concatBytes([carry, value]) : value;
    const usable = joined.length - (joined.length % 3);
    if (usable) yield toBase64(joined.subarray(0, usable));
    carry = joined.slice(usable);
  }
  if (carry.length) yield toBase64(carry);
  yield '"';
}

function toBase64(bytes: Uint8Array): string {
  let bin = "";
  // Spread in slices: String.fromCharCode(...all) overflows the call stack on large pieces.
  for (let i = 0; i < bytes.length; i += 8192) bin += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return btoa(bin);
}
