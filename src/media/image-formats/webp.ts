import { type Dimensions, fourcc, has, matches, view } from "./bytes";

export function isWebp(b: Uint8Array): boolean {
  return matches(b, 0, "RIFF") && matches(b, 8, "WEBP");
}

function u24le(b: Uint8Array, offset: number): number {
  return b[offset]! | (b[offset + 1]! << 8) | (b[offset + 2]! << 16);
}

export function readWebp(b: Uint8Array): Dimensions | null {
  // RIFF header (12) then the first chunk's header (8). That first chunk
  // decides the flavour; its data starts at offset 20.
  if (!has(b, 0, 20)) return null;
  const v = view(b);
  const chunkSize = v.getUint32(16, true);
  switch (fourcc(b, 12)) {
    case "VP8 ": {
      // Lossy: 3-byte frame tag, start code 9D 01 2A, then 16-bit width and
      // height whose top two bits are an upscaling hint, not part of the size.
      if (chunkSize < 10 || !has(b, 20, 10)) return null;
      if ((b[20]! & 1) !== 0) return null; // bit 0 clear = key frame; a still image must be one
      if (!matches(b, 23, [0x9d, 0x01, 0x2a])) return null;
      return { width: v.getUint16(26, true) & 0x3fff, height: v.getUint16(28, true) & 0x3fff };
    }
    case "VP8L": {
      // Lossless: signature 0x2F, then 14 bits width-1, 14 bits height-1,
      // 1 bit alpha hint and a 3-bit version that must be 0.
      if (chunkSize < 5 || !has(b, 20, 5) || b[20] !== 0x2f) return null;
      const bits = v.getUint32(21, true);
      if (bits >>> 29 !== 0) return null;
      return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
    }
    case "VP8X": {
      // Extended (alpha, animation, metadata): flags(1) reserved(3), then the
      // canvas size as 24-bit width-1 and height-1.
      if (chunkSize < 10 || !has(b, 20, 10)) return null;
      return { width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
    }
    default:
      return null;
  }
}
