/**
 * The stored body (src/body/stored-html.ts) as articles.body_html_z keeps it: the format marker in
 * clear, then the rest deflated (raw DEFLATE, zlib level 6). A body's HTML compresses ~3×, and it was
 * ~6 KB of every article's row (docs/design/search-text-out.md).
 *
 * The marker stays in clear so that SQL can tell a stored body of another format without inflating it
 * (the page statement then reads the tree instead, as for a text body_html of another format):
 * `CAST(substr(body_html_z, 1, n) AS TEXT)` is the marker.
 *
 * node:zlib (nodejs_compat, native in workerd) rather than CompressionStream: synchronous, so the
 * save's columns and a page's assembly stay plain functions, and the same code runs in the bench's
 * Node seed. Readers inflate once per (article, version) and isolate: the prepared body is what the
 * isolate's cache holds (src/articles/stored-body-cache.ts).
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { BodyDoc } from "./schema";
import { storeBodyHtml, STORED_BODY_FORMAT } from "./stored-html";

const MARKER = new TextEncoder().encode(STORED_BODY_FORMAT);

/** body_html_z for a stored body (storeBodyHtml's output). */
export function packStoredBody(stored: string): Uint8Array {
  if (!stored.startsWith(STORED_BODY_FORMAT)) throw new Error("Not a stored body of this format.");
  const z = deflateRawSync(new TextEncoder().encode(stored.slice(STORED_BODY_FORMAT.length)));
  const out = new Uint8Array(MARKER.length + z.length);
  out.set(MARKER, 0);
  out.set(z, MARKER.length);
  return out;
}

/** The stored body body_html_z holds, or null when it is of another format (render the tree instead). */
export function unpackStoredBody(packed: Uint8Array | null | undefined): string | null {
  if (!packed || packed.length < MARKER.length) return null;
  for (let i = 0; i < MARKER.length; i++) if (packed[i] !== MARKER[i]) return null;
  return STORED_BODY_FORMAT + new TextDecoder().decode(inflateRawSync(packed.subarray(MARKER.length)));
}

/** SQL's test for "this body_html_z is of the current format" reads this many leading bytes. */
export const PACKED_MARKER_BYTES = MARKER.length;

/** An article's stored-body columns as a save writes them: compressed, the text column (older rows) cleared. */
export function storedBodyColumns(body: BodyDoc) {
  return { bodyHtml: null, bodyHtmlZ: packStoredBody(storeBodyHtml(body)) };
}
