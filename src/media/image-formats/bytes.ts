/**
 * Shared helpers for the format readers in this folder.
 *
 * Every reader bounds-checks with `has` before touching bytes. DataView still
 * throws a RangeError if a check is ever missed; sniffImage catches that and
 * returns null, so a slip here fails closed rather than crashing an upload.
 */

export interface Dimensions {
  width: number;
  height: number;
}

export function view(b: Uint8Array): DataView {
  // Honour byteOffset: callers may pass a subarray of a larger buffer.
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** True when b[offset .. offset+length) lies entirely inside the input. */
export function has(b: Uint8Array, offset: number, length: number): boolean {
  return offset >= 0 && length >= 0 && offset + length <= b.length;
}

/** Compares bytes at `offset` with a byte list or an ASCII string. */
export function matches(b: Uint8Array, offset: number, magic: readonly number[] | string): boolean {
  if (!has(b, offset, magic.length)) return false;
  for (let i = 0; i < magic.length; i++) {
    const want = typeof magic === "string" ? magic.charCodeAt(i) : magic[i];
    if (b[offset + i] !== want) return false;
  }
  return true;
}

/** Four bytes as an ASCII tag (PNG chunk type, RIFF chunk id, ISOBMFF box type). */
export function fourcc(b: Uint8Array, offset: number): string {
  if (!has(b, offset, 4)) return "";
  return String.fromCharCode(b[offset]!, b[offset + 1]!, b[offset + 2]!, b[offset + 3]!);
}
