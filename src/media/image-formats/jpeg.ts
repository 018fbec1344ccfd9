import { type Dimensions, has, matches, view } from "./bytes";

// A real JPEG has a few dozen segments before its frame header; the cap only
// matters for hostile input. The walk also always moves forward, so it is
// bounded by the input length regardless.
const MAX_SEGMENTS = 4096;

export function isJpeg(b: Uint8Array): boolean {
  // SOI followed by the start of the next marker.
  return matches(b, 0, [0xff, 0xd8, 0xff]);
}

/** SOF0–SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Markers with no length field: TEM and RST0–RST7. */
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);
}

export function readJpeg(b: Uint8Array): Dimensions | null {
  const v = view(b);
  let pos = 2;
  for (let segment = 0; segment < MAX_SEGMENTS; segment++) {
    // Between segments only a marker may appear; anything else is corrupt.
    if (b[pos] !== 0xff) return null;
    // Any number of 0xFF fill bytes may precede the marker code (B.1.1.2).
    while (b[pos] === 0xff) pos++;
    const marker = b[pos];
    if (marker === undefined) return null;
    pos++;
    if (isStandalone(marker)) continue;
    // FF00 is byte stuffing inside entropy data and never a marker here.
    // Reaching SOS, EOI or another SOI before a frame header means there is
    // no usable size (the frame header must precede the first scan).
    if (marker === 0x00 || marker === 0xda || marker === 0xd9 || marker === 0xd8) return null;
    if (!has(b, pos, 2)) return null;
    const length = v.getUint16(pos); // includes the two length bytes
    if (length < 2) return null;
    if (isStartOfFrame(marker)) {
      // Lf(2) P(1) Y(2) X(2) Nf(1); a frame needs at least one component.
      if (length < 8 || !has(b, pos, 8) || b[pos + 7] === 0) return null;
      // Y = 0 means "defined later by DNL"; sniffImage rejects zero sizes.
      return { width: v.getUint16(pos + 5), height: v.getUint16(pos + 3) };
    }
    pos += length;
  }
  return null;
}
