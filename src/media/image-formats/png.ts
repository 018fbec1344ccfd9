import { type Dimensions, fourcc, has, matches, view } from "./bytes";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

// Allowed bit depths per colour type (PNG spec, table 11.1). Checking them is
// cheap and rejects headers that merely start with the signature.
const DEPTHS: Readonly<Record<number, readonly number[]>> = {
  0: [1, 2, 4, 8, 16], // greyscale
  2: [8, 16], // truecolour
  3: [1, 2, 4, 8], // indexed
  4: [8, 16], // greyscale + alpha
  6: [8, 16], // truecolour + alpha
};

export function isPng(b: Uint8Array): boolean {
  return matches(b, 0, SIGNATURE);
}

export function readPng(b: Uint8Array): Dimensions | null {
  // IHDR must be the first chunk and its data is always 13 bytes. Require the
  // whole chunk including its CRC (8 + 8 + 13 + 4 = 33) so a file cut inside
  // the header is rejected. The CRC value itself is not verified: browsers
  // tolerate bad CRCs, and a sniffer should not be stricter than the renderer.
  if (!has(b, 0, 33)) return null;
  const v = view(b);
  if (v.getUint32(8) !== 13 || fourcc(b, 12) !== "IHDR") return null;
  const depth = b[24]!;
  const colourType = b[25]!;
  if (!DEPTHS[colourType]?.includes(depth)) return null;
  // Compression and filter method must be 0; interlace is 0 (none) or 1 (Adam7).
  if (b[26] !== 0 || b[27] !== 0 || b[28]! > 1) return null;
  return { width: v.getUint32(16), height: v.getUint32(20) };
}
