// Reads an export document as it streams in, one table row at a time, so an import never holds the
// upload, its text and its parsed tree at once.
//
// Two parts, each doing what it is best at:
// - A byte scanner cuts out every row — an object inside a table's list — as it arrives and hands
//   its bytes to the runtime's own JSON.parse (native, and the strictest parser there is). Rows
//   are nearly all of an export, so nearly all bytes take this fast path (JS tokenizers parse
//   ~10 MB/s in workerd; a 50,000-article export is ~500 MB, which would cost most of a minute of
//   CPU before any row is checked).
// - What remains — the envelope, with each row replaced by its sequence number — is small, and is
//   parsed by @streamparser/json, a maintained streaming parser (escapes and UTF-8 split across
//   chunks, strict grammar), which names where each placeholder sits: `tables.<name>[i]`.
// Limits that the export's known shape allows keep hostile input from making either part hold
// much: elements of a table's list must be objects, nothing else nests that deep, and no single
// value may grow past MAX_VALUE_BYTES before it is complete.
import { TokenParser, Tokenizer } from "@streamparser/json";
import { AppError } from "../../lib/errors";
import { concatBytes } from "../../lib/bytes";

export type ExportItem =
  | { kind: "field"; key: string; value: unknown }
  | { kind: "row"; table: string; index: number; value: unknown };

/** The largest value: a media row with its base64 image (10 MB of bytes ≈ 13.4 MB of text). */
export const MAX_VALUE_BYTES = 16 * 1024 * 1024;
/** root object → tables object → a table's list: its elements are the rows. */
const ROW_DEPTH = 3;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Yields the document's top-level fields and every row of `tables.<name>[]`, in document order. */
export async function* readExport(stream: ReadableStream<Uint8Array>): AsyncGenerator<ExportItem> {
  const ready: ExportItem[] = [];
  const rows = new Map<number, unknown>();
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  const encoder = new TextEncoder();
  let sinceLastValue = 0;

  // Envelope state (outside rows).
  let depth = 0;
  let inString = false;
  let escaped = false;
  /** The last envelope byte that was not white space: a row must follow "[" or ",". */
  let last = 0;
  // Row state.
  let inRow = false;
  let rowDepth = 0;
  let rowString = false;
  let rowEscaped = false;
  let rowPieces: Uint8Array[] = [];
  let rowBytes = 0;
  let nextRow = 0;

  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths: ["$.format", "$.version", "$.exported_at", "$.tables.*.*"], keepStack: false });
  tokenizer.onToken = (info) => parser.write(info);
  parser.onValue = ({ value, key, stack }) => {
    sinceLastValue = 0;
    if (stack.length === 1) {
      ready.push({ kind: "field", key: String(key), value });
      return;
    }
    const table = String(stack[2]?.key);
    // Only the scanner writes anything at this depth: a number here is a row's placeholder.
    if (typeof key !== "number" || typeof value !== "number" || !rows.has(value)) {
      throw new AppError("validation_failed", "Each table must be a list of rows.", { errors: [{ path: `tables.${table}`, message: "Not a list of rows." }] });
    }
    const row = rows.get(value);
    rows.delete(value);
    // A row the scanner cut out somewhere else (under an unknown key) would be left behind.
    if (rows.size) throw new AppError("validation_failed", "The export holds rows outside its tables.");
    ready.push({ kind: "row", table, index: key, value: row });
  };

  const shape = (message: string) => new AppError("validation_failed", `Not a Copydesk export: ${message}`);

  function endRow() {
    const whole = rowPieces.length === 1 ? rowPieces[0]! : concatBytes(rowPieces, rowBytes);
    let value: unknown;
    try {
      value = JSON.parse(decoder.decode(whole));
    } catch (err) {
      throw new AppError("invalid_json", `Row ${nextRow} of the export is not valid JSON: ${(err as Error).message}`);
    }
    rows.set(nextRow, value);
    tokenizer.write(encoder.encode(String(nextRow++)));
    rowPieces = [];
    rowBytes = 0;
  }

  /** Scans one chunk: row bytes are collected, envelope bytes go to the streaming parser. */
  function scan(chunk: Uint8Array) {
    // The hot loop works on locals (closure variables are slow to reach) and stores them back.
    let [d, str, esc, row, rd, rstr, resc, prevByte] = [depth, inString, escaped, inRow, rowDepth, rowString, rowEscaped, last];
    let envelopeFrom = 0;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const b = chunk[i]!;
      if (row) {
        if (rstr) {
          if (resc) resc = false;
          else if (b === BACKSLASH) resc = true;
          else if (b === QUOTE) rstr = false;
        } else if (b === QUOTE) rstr = true;
        else if (b === OPEN_BRACE || b === OPEN_BRACKET) rd++;
        else if ((b === CLOSE_BRACE || b === CLOSE_BRACKET) && --rd === 0) {
          // endRow decodes at once, so a view of this chunk is enough.
          rowPieces.push(chunk.subarray(envelopeFrom, i + 1));
          rowBytes += i + 1 - envelopeFrom;
          envelopeFrom = i + 1;
          row = false;
          prevByte = CLOSE_BRACE;
          endRow();
        }
        continue;
      }
      if (str) {
        if (esc) esc = false;
        else if (b === BACKSLASH) esc = true;
        else if (b === QUOTE) str = false;
        continue;
      }
      if (isSpace(b)) continue;
      const prev = prevByte;
      prevByte = b;
      if (d === ROW_DEPTH) {
        if (b === OPEN_BRACE) {
          // Two placeholders in a row would read as one number: rows must be separated.
          if (prev !== OPEN_BRACKET && prev !== COMMA) throw new AppError("invalid_json", 'The body is not valid JSON: a row must follow "[" or ",".');
          if (i > envelopeFrom) tokenizer.write(chunk.subarray(envelopeFrom, i));
          envelopeFrom = i;
          row = true;
          rd = 1;
          rstr = false;
          resc = false;
          continue;
        }
        if (b !== COMMA && b !== CLOSE_BRACKET && b !== CLOSE_BRACE) throw shape("the elements of a table's list must be row objects.");
      }
      if (b === QUOTE) str = true;
      else if (b === OPEN_BRACE || b === OPEN_BRACKET) d++;
      else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) d--;
    }
    if (row) {
      // The row continues in the next chunk: keep its bytes so far (a copy: the chunk may be reused).
      rowPieces.push(chunk.slice(envelopeFrom));
      rowBytes += n - envelopeFrom;
    } else if (n > envelopeFrom) tokenizer.write(chunk.subarray(envelopeFrom, n));
    [depth, inString, escaped, inRow, rowDepth, rowString, rowEscaped, last] = [d, str, esc, row, rd, rstr, resc, prevByte];
  }

  const feed = (run: () => void) => {
    try {
      run();
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw new AppError("invalid_json", `The body is not valid JSON: ${(err as Error).message}`);
    }
  };

  const reader = stream.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read().catch((err: unknown) => {
        // The size limit speaks for itself; a broken gzip stream is the client's file, not our fault.
        if (err instanceof AppError) throw err;
        throw new AppError("invalid_json", `The body could not be read: ${(err as Error)?.message ?? err}`);
      });
      if (done) break;
      sinceLastValue += value.byteLength;
      if (sinceLastValue > MAX_VALUE_BYTES) {
        throw new AppError("payload_too_large", `A single value in the export is larger than ${MAX_VALUE_BYTES} bytes.`);
      }
      feed(() => scan(value));
      // Hand over what this chunk completed before reading the next one: the caller's writes
      // are the back-pressure that keeps the upload from piling up in memory.
      while (ready.length) yield ready.shift()!;
    }
    if (inRow) throw new AppError("invalid_json", "The body ended inside a row.");
    feed(() => tokenizer.end());
    while (ready.length) yield ready.shift()!;
    if (!parser.isEnded) throw new AppError("invalid_json", "The body ended before the JSON document did.");
    if (rows.size) throw new AppError("validation_failed", "The export holds rows outside its tables.");
    finished = true;
  } finally {
    // Stopped early (bad row, limit): stop receiving the rest of the upload too.
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

