// Reads an export document as it streams in, one table row at a time, so an import never holds the
// upload, its text and its parsed tree at once. @streamparser/json does the JSON grammar (escapes
// and UTF-8 sequences split across chunks, surrogate pairs, numbers) and drops each row once it is
// handed over; this module adds the limits an export's known shape allows, so hostile input cannot
// make the parser itself hold much: nothing nests deeper than a row, and no single value may grow
// past MAX_VALUE_BYTES before it is complete.
import { TokenParser, Tokenizer, TokenType } from "@streamparser/json";
import { AppError } from "../../lib/errors";

export type ExportItem =
  | { kind: "field"; key: string; value: unknown }
  | { kind: "row"; table: string; index: number; value: unknown };

/** root object → tables object → table array → row object: rows hold scalars only. */
const MAX_DEPTH = 4;
/** The largest value: a media row with its base64 image (10 MB of bytes ≈ 13.4 MB of text). */
export const MAX_VALUE_BYTES = 16 * 1024 * 1024;

/** Yields the document's top-level fields and every row of `tables.<name>[]`, in document order. */
export async function* readExport(stream: ReadableStream<Uint8Array>): AsyncGenerator<ExportItem> {
  const ready: ExportItem[] = [];
  let depth = 0;
  let sinceLastValue = 0;
  const tokenizer = new Tokenizer();
  const parser = new TokenParser({ paths: ["$.format", "$.version", "$.exported_at", "$.tables.*.*"], keepStack: false });
  tokenizer.onToken = (info) => {
    if (info.token === TokenType.LEFT_BRACE || info.token === TokenType.LEFT_BRACKET) {
      if (++depth > MAX_DEPTH) throw new AppError("validation_failed", "The export nests deeper than a Copydesk export: rows hold only strings, numbers and nulls.");
    } else if (info.token === TokenType.RIGHT_BRACE || info.token === TokenType.RIGHT_BRACKET) {
      depth--;
    }
    parser.write(info);
  };
  parser.onValue = ({ value, key, stack }) => {
    sinceLastValue = 0;
    if (stack.length === 1) {
      ready.push({ kind: "field", key: String(key), value });
      return;
    }
    const table = String(stack[2]?.key);
    if (typeof key !== "number") {
      throw new AppError("validation_failed", "Each table must be a list of rows.", { errors: [{ path: `tables.${table}`, message: "Not a list." }] });
    }
    ready.push({ kind: "row", table, index: key, value });
  };
  // Errors are thrown from write() and handled below (the default handlers rethrow).
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
      feed(() => tokenizer.write(value));
      // Hand over what this chunk completed before reading the next one: the caller's writes
      // are the back-pressure that keeps the upload from piling up in memory.
      while (ready.length) yield ready.shift()!;
    }
    feed(() => tokenizer.end());
    while (ready.length) yield ready.shift()!;
    if (!parser.isEnded) throw new AppError("invalid_json", "The body ended before the JSON document did.");
    finished = true;
  } finally {
    // Stopped early (bad row, limit): stop receiving the rest of the upload too.
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}
