// Byte arrays joined into one: an export row cut across chunks, a job's step, an image's base64 carry.

/** The pieces one after another (`length`: their total, when the caller counted it already). */
export function concatBytes(pieces: readonly Uint8Array[], length = pieces.reduce((n, p) => n + p.byteLength, 0)): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
