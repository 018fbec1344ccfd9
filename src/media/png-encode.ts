/**
 * Minimal PNG writer for placeholder/demo images (e.g. seed-script photos).
 *
 * Pure and runtime-neutral: deflate is injected, so Node can pass
 * `zlib.deflateSync` and Workers can pass `deflateWithCompressionStream`
 * below (which also works in Node >= 18, where CompressionStream is global).
 */

export type Rgb = [number, number, number];

/** Must produce a zlib stream (RFC 1950), which is what PNG's IDAT holds. */
export type Deflate = (data: Uint8Array) => Promise<Uint8Array>;

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

// Same ceiling as sniffImage accepts; beyond it the raw buffer gets silly.
const MAX_DIMENSION = 30_000;

// CRC-32 (ISO 3309 / ITU-T V.42, reflected polynomial 0xEDB88320), as PNG uses.
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** `zlib`-format deflate via the web-standard CompressionStream. */
export async function deflateWithCompressionStream(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data.slice()]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** length(4) type(4) data CRC(4); the CRC covers type and data, not length. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const v = new DataView(out.buffer);
  v.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function checkColour(name: string, rgb: Rgb): void {
  if (rgb.length !== 3 || !rgb.every((c) => Number.isInteger(c) && c >= 0 && c <= 255)) {
    throw new RangeError(`${name} must be three integers in 0..255`);
  }
}

/**
 * A truecolour 8-bit PNG filled with `rgb`. With `accent`, a diagonal band
 * from the top-left to the bottom-right corner (about 1/8 of the shorter side
 * thick) is drawn in that colour so placeholders are not flat rectangles.
 */
export async function encodeSolidPng(
  width: number,
  height: number,
  rgb: Rgb,
  compress: Deflate,
  accent?: Rgb,
): Promise<Uint8Array> {
  for (const [name, n] of [["width", width], ["height", height]] as const) {
    if (!Number.isInteger(n) || n < 1 || n > MAX_DIMENSION) {
      throw new RangeError(`${name} must be an integer in 1..${MAX_DIMENSION}`);
    }
  }
  checkColour("rgb", rgb);
  if (accent) checkColour("accent", accent);

  const rowBytes = width * 3;
  const base = new Uint8Array(rowBytes);
  const band = new Uint8Array(rowBytes);
  for (let x = 0; x < width; x++) {
    base.set(rgb, x * 3);
    if (accent) band.set(accent, x * 3);
  }

  // Each scanline is a filter-type byte (0 = None) followed by the pixels;
  // the zero byte is already there because the buffer starts zeroed.
  const raw = new Uint8Array((rowBytes + 1) * height);
  // Band half-width measured along x: perpendicular thickness t becomes
  // t * diagonal / height horizontally.
  const halfX = ((Math.min(width, height) / 16) * Math.hypot(width, height)) / height;
  for (let y = 0; y < height; y++) {
    const row = y * (rowBytes + 1) + 1;
    raw.set(base, row);
    if (!accent) continue;
    // Pixel centres: the diagonal crosses row y at x = (y + 0.5) * width / height.
    const centre = ((y + 0.5) * width) / height - 0.5;
    const x0 = Math.max(0, Math.ceil(centre - halfX));
    const x1 = Math.min(width, Math.floor(centre + halfX) + 1);
    if (x1 > x0) raw.set(band.subarray(x0 * 3, x1 * 3), row + x0 * 3);
  }

  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour; compression, filter, interlace stay 0

  const parts = [
    Uint8Array.from(SIGNATURE),
    chunk("IHDR", ihdr),
    chunk("IDAT", await compress(raw)),
    chunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}
