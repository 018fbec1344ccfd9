import { type Dimensions, fourcc, has, view } from "./bytes";

/**
 * AVIF is HEIF (ISOBMFF boxes) carrying AV1. The image size lives in an
 * `ispe` property at meta > iprp > ipco, tied to items by meta > iprp > ipma.
 * Coded size is reported; `irot`/`clap` transforms are not applied.
 */

// Real files have a handful of boxes per level and a few hundred property
// associations at most (grid tiles). The caps only bound hostile input.
const MAX_BOXES = 1024;
const MAX_ASSOCIATIONS = 65_536;

interface Box {
  type: string;
  /** First byte of the payload (after size/type, and after largesize if any). */
  start: number;
  /** One past the last byte of the box. */
  end: number;
}

/**
 * Child boxes in b[start, end). Stops at the first malformed header rather
 * than guessing: a box smaller than its header or overrunning its parent
 * ends the walk. Each step advances by at least 8 bytes.
 */
function children(b: Uint8Array, start: number, end: number): Box[] {
  const v = view(b);
  const out: Box[] = [];
  let pos = start;
  while (out.length < MAX_BOXES && pos + 8 <= end) {
    let size = v.getUint32(pos);
    let header = 8;
    if (size === 1) {
      // 64-bit largesize. A high word > 0 cannot fit in the input anyway.
      if (pos + 16 > end || v.getUint32(pos + 8) !== 0) break;
      size = v.getUint32(pos + 12);
      header = 16;
    } else if (size === 0) {
      size = end - pos; // "extends to the end of the enclosing container"
    }
    if (size < header || pos + size > end) break;
    out.push({ type: fourcc(b, pos + 4), start: pos + header, end: pos + size });
    pos += size;
  }
  return out;
}

export function isAvif(b: Uint8Array): boolean {
  // `ftyp` must be the first box: major brand, minor version, then
  // compatible brands. AVIF files often use major brand `mif1` and list
  // `avif` only as compatible, so both places count. `avis` = sequence.
  if (!has(b, 0, 16) || fourcc(b, 4) !== "ftyp") return false;
  const size = view(b).getUint32(0);
  if (size < 16 || size > b.length) return false;
  for (let o = 8; o + 4 <= size; o += 4) {
    if (o === 12) continue; // minor version, not a brand
    const brand = fourcc(b, o);
    if (brand === "avif" || brand === "avis") return true;
  }
  return false;
}

/** pitm (FullBox): the primary item's id, 16-bit in version 0 and 32-bit after. */
function primaryItem(b: Uint8Array, pitm: Box | undefined): number | undefined {
  if (!pitm || !has(b, pitm.start, 4)) return undefined;
  const wide = b[pitm.start] !== 0;
  const idAt = pitm.start + 4;
  if (idAt + (wide ? 4 : 2) > pitm.end) return undefined;
  return wide ? view(b).getUint32(idAt) : view(b).getUint16(idAt);
}

/** 1-based ipco property indices associated with `item`, or undefined if no ipma entry names it. */
function propertiesOf(b: Uint8Array, ipma: Box, item: number): number[] | undefined {
  const v = view(b);
  if (ipma.start + 8 > ipma.end) return undefined;
  const version = b[ipma.start]!;
  const wideIndex = (b[ipma.start + 3]! & 1) !== 0; // flags bit 0: 15-bit indices
  const idSize = version < 1 ? 2 : 4;
  const indexSize = wideIndex ? 2 : 1;
  const entries = Math.min(v.getUint32(ipma.start + 4), MAX_ASSOCIATIONS);
  let pos = ipma.start + 8;
  for (let i = 0; i < entries; i++) {
    if (pos + idSize + 1 > ipma.end) return undefined;
    const id = idSize === 2 ? v.getUint16(pos) : v.getUint32(pos);
    const count = b[pos + idSize]!;
    pos += idSize + 1;
    if (pos + count * indexSize > ipma.end) return undefined;
    if (id === item) {
      const indices: number[] = [];
      for (let j = 0; j < count; j++) {
        // Top bit is the "essential" flag, the rest is the index.
        indices.push(wideIndex ? v.getUint16(pos + j * 2) & 0x7fff : b[pos + j]! & 0x7f);
      }
      return indices;
    }
    pos += count * indexSize;
  }
  return undefined;
}

/** ispe (FullBox): version/flags, then 32-bit width and height. */
function ispeSize(b: Uint8Array, box: Box | undefined): Dimensions | null {
  if (box?.type !== "ispe" || box.start + 12 > box.end) return null;
  const v = view(b);
  return { width: v.getUint32(box.start + 4), height: v.getUint32(box.start + 8) };
}

export function readAvif(b: Uint8Array): Dimensions | null {
  const meta = children(b, 0, b.length).find((x) => x.type === "meta");
  if (!meta) return null;
  const metaBoxes = children(b, meta.start + 4, meta.end); // meta is a FullBox
  const iprp = metaBoxes.find((x) => x.type === "iprp");
  if (!iprp) return null;
  const iprpBoxes = children(b, iprp.start, iprp.end);
  const ipco = iprpBoxes.find((x) => x.type === "ipco");
  if (!ipco) return null;
  const properties = children(b, ipco.start, ipco.end);

  // Preferred: the ispe associated with the primary item. ipco may hold
  // several (thumbnails, grid tiles, alpha planes), so "first" can be wrong.
  const primary = primaryItem(b, metaBoxes.find((x) => x.type === "pitm"));
  if (primary !== undefined) {
    for (const ipma of iprpBoxes) {
      if (ipma.type !== "ipma") continue;
      const indices = propertiesOf(b, ipma, primary);
      if (indices === undefined) continue;
      for (const index of indices) {
        const size = ispeSize(b, properties[index - 1]);
        if (size) return size;
      }
      return null; // the primary item exists but has no size: corrupt
    }
  }

  // Without pitm/ipma we cannot tell items apart; the largest ispe is the
  // best guess because tiles and thumbnails are smaller than the full image.
  let best: Dimensions | null = null;
  for (const box of properties) {
    const size = ispeSize(b, box);
    if (size && (!best || size.width * size.height > best.width * best.height)) best = size;
  }
  return best;
}
