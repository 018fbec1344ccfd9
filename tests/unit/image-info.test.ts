import { describe, expect, it } from "vitest";
import { MAX_IMAGE_DIMENSION, sniffImage } from "../../src/media/image-info";
import { crc32, deflateWithCompressionStream, encodeSolidPng } from "../../src/media/png-encode";

// ---------- byte helpers ----------

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const u16be = (n: number): number[] => [(n >>> 8) & 0xff, n & 0xff];
const u16le = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff];
const u24le = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff];
const u32be = (n: number): number[] => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const u32le = (n: number): number[] => u32be(n).reverse();

// ---------- fixture builders (headers only, known sizes) ----------

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngChunk(type: string, data: number[] | Uint8Array): Uint8Array {
  const body = concat(ascii(type), data);
  return concat(u32be(body.length - 4), body, u32be(crc32(body)));
}

function png(width: number, height: number, depth = 8, colourType = 6): Uint8Array {
  const ihdr = [...u32be(width), ...u32be(height), depth, colourType, 0, 0, 0];
  return concat(PNG_SIGNATURE, pngChunk("IHDR", ihdr), pngChunk("IEND", []));
}

function gif(width: number, height: number, version = "GIF89a"): Uint8Array {
  // Header + logical screen descriptor (no global colour table) + trailer.
  return concat(ascii(version), u16le(width), u16le(height), [0x00, 0x00, 0x00], [0x3b]);
}

function jpegSegment(marker: number, payload: number[]): number[] {
  return [0xff, marker, ...u16be(payload.length + 2), ...payload];
}

const JFIF_APP0 = jpegSegment(0xe0, [...ascii("JFIF"), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
const DQT = jpegSegment(0xdb, [0x00, ...new Array<number>(64).fill(1)]);
const SOS = jpegSegment(0xda, [1, 1, 0x00, 0, 63, 0]);

function sof(marker: number, width: number, height: number): number[] {
  // P=8, Y, X, Nf=1, component (id 1, sampling 0x11, table 0).
  return jpegSegment(marker, [8, ...u16be(height), ...u16be(width), 1, 1, 0x11, 0]);
}

function jpeg(...segments: number[][]): Uint8Array {
  // Entropy data and EOI after SOS so the file is shaped like a real one.
  return concat([0xff, 0xd8], ...segments, SOS, [0x12, 0x34, 0xff, 0x00, 0x56], [0xff, 0xd9]);
}

function riff(chunkId: string, chunkData: number[]): Uint8Array {
  const chunk = concat(ascii(chunkId), u32le(chunkData.length), chunkData, chunkData.length % 2 ? [0] : []);
  return concat(ascii("RIFF"), u32le(4 + chunk.length), ascii("WEBP"), chunk);
}

function webpLossy(width: number, height: number, scaleBits = 0): Uint8Array {
  // Frame tag: key frame (bit 0 = 0), version 0, show_frame, partition size.
  const frameTag = [0x50, 0x01, 0x00];
  return riff("VP8 ", [
    ...frameTag,
    0x9d,
    0x01,
    0x2a,
    ...u16le(width | (scaleBits << 14)),
    ...u16le(height | (scaleBits << 14)),
    0,
    0,
  ]);
}

function webpLossless(width: number, height: number): Uint8Array {
  const bits = ((width - 1) | ((height - 1) << 14) | (1 << 28)) >>> 0; // alpha hint set, version 0
  return riff("VP8L", [0x2f, ...u32le(bits), 0, 0, 0]);
}

function webpExtended(width: number, height: number): Uint8Array {
  return riff("VP8X", [0x10, 0, 0, 0, ...u24le(width - 1), ...u24le(height - 1)]);
}

function box(type: string, ...payload: (Uint8Array | number[])[]): Uint8Array {
  const body = concat(...payload);
  return concat(u32be(body.length + 8), ascii(type), body);
}
const fullBox = (type: string, version: number, flags: number, ...payload: (Uint8Array | number[])[]) =>
  box(type, [version, ...u24le(flags).reverse()], ...payload);

const ftyp = (major: string, compatible: string[]) => box("ftyp", ascii(major), u32be(0), ...compatible.map(ascii));
const ispe = (width: number, height: number) => fullBox("ispe", 0, 0, u32be(width), u32be(height));
const hdlr = fullBox("hdlr", 0, 0, u32be(0), ascii("pict"), new Array<number>(12).fill(0), [0]);

/** ftyp + meta{hdlr, [pitm], iprp{ipco{...properties}, [ipma]}} + mdat. */
function avif(opts: {
  brands?: [string, string[]];
  properties: Uint8Array[];
  primary?: number;
  /** item id -> 1-based property indices */
  associations?: [number, number[]][];
}): Uint8Array {
  const [major, compatible] = opts.brands ?? ["avif", ["mif1", "miaf"]];
  const metaChildren: Uint8Array[] = [hdlr];
  if (opts.primary !== undefined) metaChildren.push(fullBox("pitm", 0, 0, u16be(opts.primary)));
  const iprpChildren = [box("ipco", ...opts.properties)];
  if (opts.associations) {
    const entries = opts.associations.flatMap(([item, indices]) => [
      ...u16be(item),
      indices.length,
      ...indices.map((i) => 0x80 | i), // essential bit set, 7-bit index
    ]);
    iprpChildren.push(fullBox("ipma", 0, 0, u32be(opts.associations.length), entries));
  }
  metaChildren.push(box("iprp", ...iprpChildren));
  return concat(ftyp(major, compatible), fullBox("meta", 0, 0, ...metaChildren), box("mdat", [1, 2, 3, 4]));
}

/** Offset of the 4-byte size field of the first box whose type is `type`. */
function boxAt(bytes: Uint8Array, type: string): number {
  const tag = ascii(type);
  for (let i = 4; i + 4 <= bytes.length; i++) {
    if (tag.every((c, k) => bytes[i + k] === c)) return i - 4;
  }
  throw new Error(`no ${type} box`);
}

/** Deterministic PRNG (xorshift32) so "random" tests are reproducible. */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data.slice()]).stream().pipeThrough(new DecompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Splits a PNG into chunks, checking lengths stay in bounds. */
function pngChunks(bytes: Uint8Array): { type: string; data: Uint8Array; crc: number; body: Uint8Array }[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = [];
  let pos = 8;
  while (pos < bytes.length) {
    const length = v.getUint32(pos);
    expect(pos + 12 + length).toBeLessThanOrEqual(bytes.length);
    const body = bytes.subarray(pos + 4, pos + 8 + length);
    out.push({
      type: String.fromCharCode(...body.subarray(0, 4)),
      data: body.subarray(4),
      body,
      crc: v.getUint32(pos + 8 + length),
    });
    pos += 12 + length;
  }
  return out;
}

// ---------- tests ----------

describe("sniffImage: PNG", () => {
  it("reads width and height from IHDR", () => {
    expect(sniffImage(png(640, 480))).toEqual({ mime: "image/png", width: 640, height: 480 });
    expect(sniffImage(png(1, 30_000, 1, 0))).toEqual({ mime: "image/png", width: 1, height: 30_000 });
  });

  it("rejects a signature followed by a truncated IHDR, at every cut point", () => {
    const full = png(800, 600);
    for (let n = 0; n < 33; n++) expect(sniffImage(full.subarray(0, n)), `cut at ${n}`).toBeNull();
    expect(sniffImage(full.subarray(0, 33))).toEqual({ mime: "image/png", width: 800, height: 600 });
  });

  it("rejects a first chunk that is not IHDR and invalid depth/colour-type combinations", () => {
    const notIhdr = concat(PNG_SIGNATURE, pngChunk("tEXt", new Array<number>(13).fill(65)));
    expect(sniffImage(notIhdr)).toBeNull();
    expect(sniffImage(png(10, 10, 16, 3))).toBeNull(); // 16-bit indexed does not exist
    expect(sniffImage(png(10, 10, 8, 5))).toBeNull(); // colour type 5 does not exist
  });

  it("rejects zero and over-limit dimensions", () => {
    expect(sniffImage(png(0, 10))).toBeNull();
    expect(sniffImage(png(10, 0))).toBeNull();
    expect(sniffImage(png(MAX_IMAGE_DIMENSION + 1, 10))).toBeNull();
    expect(sniffImage(png(10, 0xffffffff))).toBeNull();
  });

  it("works on a subarray with a non-zero byteOffset", () => {
    const padded = concat([1, 2, 3], png(12, 34));
    expect(sniffImage(padded.subarray(3))).toEqual({ mime: "image/png", width: 12, height: 34 });
  });
});

describe("sniffImage: GIF", () => {
  it("reads the logical screen size of GIF87a and GIF89a", () => {
    expect(sniffImage(gif(320, 200, "GIF87a"))).toEqual({ mime: "image/gif", width: 320, height: 200 });
    expect(sniffImage(gif(0x1234, 0x0102))).toEqual({ mime: "image/gif", width: 0x1234, height: 0x0102 });
  });

  it("rejects truncation, zero size, over-limit size and unknown versions", () => {
    expect(sniffImage(gif(320, 200).subarray(0, 12))).toBeNull();
    expect(sniffImage(gif(0, 200))).toBeNull();
    expect(sniffImage(gif(65_535, 10))).toBeNull();
    expect(sniffImage(gif(320, 200, "GIF90a"))).toBeNull();
  });
});

describe("sniffImage: JPEG", () => {
  it("walks APP0/DQT to a baseline SOF0", () => {
    expect(sniffImage(jpeg(JFIF_APP0, DQT, sof(0xc0, 1024, 768)))).toEqual({
      mime: "image/jpeg",
      width: 1024,
      height: 768,
    });
  });

  it("reads progressive (SOF2) and other SOFn frames", () => {
    expect(sniffImage(jpeg(JFIF_APP0, sof(0xc2, 300, 200)))).toEqual({ mime: "image/jpeg", width: 300, height: 200 });
    expect(sniffImage(jpeg(sof(0xcf, 17, 19)))).toEqual({ mime: "image/jpeg", width: 17, height: 19 });
  });

  it("skips DHT (C4), JPG (C8) and DAC (CC), whose codes sit inside the SOF range", () => {
    // Each decoy has a payload that would decode as 999x888 if misread as a frame header.
    const decoy = [8, ...u16be(888), ...u16be(999), 1, 1, 0x11, 0];
    const file = jpeg(jpegSegment(0xc4, decoy), jpegSegment(0xc8, decoy), jpegSegment(0xcc, decoy), sof(0xc0, 64, 48));
    expect(sniffImage(file)).toEqual({ mime: "image/jpeg", width: 64, height: 48 });
  });

  it("handles fill bytes and stand-alone markers (RSTn, TEM) before the frame", () => {
    const file = jpeg(JFIF_APP0, [0xff, 0xff, 0xff], [0xff, 0xd0], [0xff, 0x01], [0xff, 0xff], sof(0xc1, 5, 7));
    expect(sniffImage(file)).toEqual({ mime: "image/jpeg", width: 5, height: 7 });
  });

  it("returns null when there is no SOF before the scan or EOI", () => {
    expect(sniffImage(jpeg(JFIF_APP0, DQT))).toBeNull();
    expect(sniffImage(concat([0xff, 0xd8], JFIF_APP0, [0xff, 0xd9]))).toBeNull();
  });

  it("returns null for truncated, garbage-between-segments, bad lengths and DNL-deferred height", () => {
    const full = jpeg(JFIF_APP0, sof(0xc0, 1024, 768));
    const frameHeaderEnd = 2 + JFIF_APP0.length + 2 + 8; // SOI, APP0, FFC0, Lf P Y X Nf
    for (let n = 0; n < frameHeaderEnd; n++) expect(sniffImage(full.subarray(0, n)), `cut at ${n}`).toBeNull();
    expect(sniffImage(full.subarray(0, frameHeaderEnd))).toEqual({ mime: "image/jpeg", width: 1024, height: 768 });
    expect(sniffImage(concat([0xff, 0xd8], JFIF_APP0, [0x00], sof(0xc0, 10, 10)))).toBeNull();
    expect(sniffImage(concat([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x01], sof(0xc0, 10, 10)))).toBeNull();
    expect(sniffImage(jpeg(sof(0xc0, 640, 0)))).toBeNull();
  });

  it("terminates quickly on a megabyte of fill bytes", () => {
    const file = new Uint8Array(1 << 20).fill(0xff);
    file[1] = 0xd8;
    expect(sniffImage(file)).toBeNull();
  });

  it("terminates on thousands of tiny segments", () => {
    const many = new Array<number[]>(10_000).fill(jpegSegment(0xfe, []));
    expect(sniffImage(jpeg(...many, sof(0xc0, 10, 10)))).toBeNull(); // over the segment cap
    expect(sniffImage(jpeg(...many.slice(0, 100), sof(0xc0, 10, 10)))).toEqual({
      mime: "image/jpeg",
      width: 10,
      height: 10,
    });
  });
});

describe("sniffImage: WebP", () => {
  it("reads lossy VP8, masking the upscaling bits", () => {
    expect(sniffImage(webpLossy(1920, 1080))).toEqual({ mime: "image/webp", width: 1920, height: 1080 });
    expect(sniffImage(webpLossy(400, 300, 3))).toEqual({ mime: "image/webp", width: 400, height: 300 });
  });

  it("reads lossless VP8L", () => {
    expect(sniffImage(webpLossless(16_383, 1))).toEqual({ mime: "image/webp", width: 16_383, height: 1 });
    expect(sniffImage(webpLossless(123, 456))).toEqual({ mime: "image/webp", width: 123, height: 456 });
  });

  it("reads extended VP8X canvas size", () => {
    expect(sniffImage(webpExtended(2048, 1536))).toEqual({ mime: "image/webp", width: 2048, height: 1536 });
    expect(sniffImage(webpExtended(30_000, 1))).toEqual({ mime: "image/webp", width: 30_000, height: 1 });
    expect(sniffImage(webpExtended(30_001, 1))).toBeNull();
  });

  it("rejects bad start codes, interframes, VP8L bad signature/version, unknown chunks and truncation", () => {
    const badStart = webpLossy(10, 10);
    badStart[23] = 0x00;
    expect(sniffImage(badStart)).toBeNull();
    const interframe = webpLossy(10, 10);
    interframe[20] = interframe[20]! | 1;
    expect(sniffImage(interframe)).toBeNull();
    const badSig = webpLossless(10, 10);
    badSig[20] = 0x2e;
    expect(sniffImage(badSig)).toBeNull();
    const badVersion = webpLossless(10, 10);
    badVersion[24] = badVersion[24]! | 0x20;
    expect(sniffImage(badVersion)).toBeNull();
    expect(sniffImage(riff("ALPH", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))).toBeNull();
    // Bytes needed: RIFF(12) + chunk header(8) + 10 (VP8 / VP8X) or 5 (VP8L).
    const cases: [Uint8Array, number][] = [
      [webpLossy(10, 10), 30],
      [webpLossless(10, 10), 25],
      [webpExtended(10, 10), 30],
    ];
    for (const [full, needed] of cases) {
      for (let n = 0; n < needed; n++) expect(sniffImage(full.subarray(0, n)), `cut at ${n}`).toBeNull();
      expect(sniffImage(full.subarray(0, needed))).toEqual({ mime: "image/webp", width: 10, height: 10 });
    }
  });
});

describe("sniffImage: AVIF", () => {
  it("reads ispe from meta/iprp/ipco", () => {
    expect(sniffImage(avif({ properties: [ispe(3840, 2160)] }))).toEqual({
      mime: "image/avif",
      width: 3840,
      height: 2160,
    });
  });

  it("accepts avif/avis as a compatible brand, and rejects HEIC and plain MP4", () => {
    const props = [ispe(100, 50)];
    expect(sniffImage(avif({ brands: ["mif1", ["miaf", "avif"]], properties: props }))).toEqual({
      mime: "image/avif",
      width: 100,
      height: 50,
    });
    expect(sniffImage(avif({ brands: ["avis", ["msf1"]], properties: props }))?.mime).toBe("image/avif");
    expect(sniffImage(avif({ brands: ["heic", ["mif1", "heic"]], properties: props }))).toBeNull();
    expect(sniffImage(avif({ brands: ["isom", ["mp42"]], properties: props }))).toBeNull();
  });

  it("does not treat the ftyp minor version as a brand", () => {
    const file = avif({ brands: ["mif1", ["miaf"]], properties: [ispe(10, 10)] });
    file.set(ascii("avif"), 12); // minor_version bytes spell "avif"
    expect(sniffImage(file)).toBeNull();
  });

  it("uses the primary item's ispe (via pitm/ipma) rather than the first or largest", () => {
    const file = avif({
      properties: [ispe(4000, 3000), ispe(1280, 720)],
      primary: 1,
      associations: [
        [2, [1]],
        [1, [2]],
      ],
    });
    expect(sniffImage(file)).toEqual({ mime: "image/avif", width: 1280, height: 720 });
  });

  it("without pitm, falls back to the largest ispe (grid tiles/thumbnails are smaller)", () => {
    const file = avif({ properties: [ispe(512, 512), ispe(2048, 1024), ispe(160, 90)] });
    expect(sniffImage(file)).toEqual({ mime: "image/avif", width: 2048, height: 1024 });
  });

  it("returns null when the primary item has no ispe, or there is no meta/ispe at all", () => {
    const noSize = avif({ properties: [ispe(10, 10), box("pixi", [0, 0, 0, 0, 3, 8, 8, 8])], primary: 1, associations: [[1, [2]]] });
    expect(sniffImage(noSize)).toBeNull();
    expect(sniffImage(avif({ properties: [box("pixi", [0, 0, 0, 0, 1, 8])] }))).toBeNull();
    expect(sniffImage(concat(ftyp("avif", ["mif1"]), box("mdat", [0])))).toBeNull();
  });

  it("handles hostile box sizes without throwing or looping", () => {
    const full = avif({ properties: [ispe(640, 480)] });
    for (let n = 0; n < full.length - 8; n++) {
      const result = sniffImage(full.subarray(0, n)); // mdat is last; cutting before it loses the meta tail
      expect(result === null || result.width === 640, `cut at ${n}`).toBe(true);
    }
    const metaAt = boxAt(full, "meta");
    expect(metaAt).toBe(ftyp("avif", ["mif1", "miaf"]).length);
    for (const size of [0, 1, 2, 7, 0xffffffff]) {
      const broken = full.slice();
      new DataView(broken.buffer).setUint32(metaAt, size);
      const result = sniffImage(broken);
      // size 0 means "to end of file", which still contains a valid meta; the rest are corrupt.
      expect(result, `meta size ${size}`).toEqual(size === 0 ? { mime: "image/avif", width: 640, height: 480 } : null);
    }
    const hugeIpma = avif({ properties: [ispe(10, 10)], primary: 1, associations: [[1, [1]]] });
    const ipmaAt = boxAt(hugeIpma, "ipma");
    new DataView(hugeIpma.buffer).setUint32(ipmaAt + 12, 0xffffffff); // entry_count, after size/type/version+flags
    expect(sniffImage(hugeIpma)).toEqual({ mime: "image/avif", width: 10, height: 10 });
  });
});

describe("sniffImage: non-images and hostile input", () => {
  it("returns null for SVG with a script", () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(document.cookie)</script></svg>`;
    expect(sniffImage(text(svg))).toBeNull();
    expect(sniffImage(text(`\ufeff<?xml version="1.0"?>\n${svg}`))).toBeNull();
  });

  it("returns null for HTML, PDF, plain text and empty input", () => {
    expect(sniffImage(text("<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>"))).toBeNull();
    expect(sniffImage(text("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj"))).toBeNull();
    expect(sniffImage(text("hello"))).toBeNull();
    expect(sniffImage(new Uint8Array(0))).toBeNull();
  });

  it("ignores file names entirely: SVG bytes in a File named photo.png typed image/png are still null (sniffImage has no name parameter)", async () => {
    const file = new File([`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`], "photo.png", {
      type: "image/png",
    });
    expect(file.name).toBe("photo.png");
    expect(sniffImage.length).toBe(1); // the only input is the bytes
    expect(sniffImage(new Uint8Array(await file.arrayBuffer()))).toBeNull();
  });

  it("returns null for random bytes", () => {
    const next = prng(0xc0ffee);
    for (let i = 0; i < 500; i++) {
      const bytes = Uint8Array.from({ length: 1 + (next() % 256) }, () => next() & 0xff);
      expect(sniffImage(bytes), `sample ${i}`).toBeNull();
    }
  });

  it("never throws and only returns in-range results for mutated real headers", () => {
    const seeds = [
      png(100, 100),
      gif(100, 100),
      jpeg(JFIF_APP0, DQT, sof(0xc0, 100, 100)),
      webpLossy(100, 100),
      webpLossless(100, 100),
      webpExtended(100, 100),
      avif({ properties: [ispe(100, 100)], primary: 1, associations: [[1, [1]]] }),
    ];
    const next = prng(42);
    let stillImages = 0;
    for (let i = 0; i < 3000; i++) {
      const bytes = seeds[i % seeds.length]!.slice();
      for (let k = 0; k < 1 + (next() % 4); k++) bytes[next() % bytes.length] = next() & 0xff;
      const cut = next() % 4 === 0 ? bytes.subarray(0, next() % bytes.length) : bytes;
      const result = sniffImage(cut);
      if (result === null) continue;
      stillImages++;
      expect(Number.isInteger(result.width) && result.width >= 1 && result.width <= MAX_IMAGE_DIMENSION).toBe(true);
      expect(Number.isInteger(result.height) && result.height >= 1 && result.height <= MAX_IMAGE_DIMENSION).toBe(true);
    }
    // Mutations that miss the header leave most samples valid; a sanity check that the loop exercised both paths.
    expect(stillImages).toBeGreaterThan(100);
    expect(stillImages).toBeLessThan(3000);
  });

  it("fails closed on non-Uint8Array input from untyped callers", () => {
    expect(sniffImage(null as unknown as Uint8Array)).toBeNull();
    expect(sniffImage("\x89PNG" as unknown as Uint8Array)).toBeNull();
  });
});

describe("encodeSolidPng", () => {
  it("computes the standard CRC-32 check value", () => {
    expect(crc32(text("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it("round-trips a 1600x900 placeholder through sniffImage with valid chunk CRCs", async () => {
    const bytes = await encodeSolidPng(1600, 900, [30, 60, 90], deflateWithCompressionStream, [200, 120, 40]);
    expect(sniffImage(bytes)).toEqual({ mime: "image/png", width: 1600, height: 900 });
    const chunks = pngChunks(bytes);
    expect(chunks.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
    for (const c of chunks) expect(crc32(c.body), c.type).toBe(c.crc);
    // IEND is constant, so its CRC is a well-known value independent of our crc32.
    expect([...bytes.subarray(bytes.length - 12)]).toEqual([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
    expect([...chunks[0]!.data.subarray(8)]).toEqual([8, 2, 0, 0, 0]); // 8-bit truecolour, no interlace
    expect(bytes.length).toBeLessThan(1600 * 900); // actually compressed
  });

  it("writes filter-0 scanlines of the solid colour", async () => {
    const bytes = await encodeSolidPng(7, 3, [1, 2, 3], deflateWithCompressionStream);
    const idat = pngChunks(bytes).find((c) => c.type === "IDAT")!;
    const raw = await inflate(idat.data);
    const row = [0, ...Array.from({ length: 7 }, () => [1, 2, 3]).flat()];
    expect([...raw]).toEqual([...row, ...row, ...row]);
  });

  it("draws the accent as a diagonal band from top-left to bottom-right", async () => {
    const [w, h] = [80, 40];
    const bytes = await encodeSolidPng(w, h, [0, 0, 0], deflateWithCompressionStream, [255, 255, 255]);
    const raw = await inflate(pngChunks(bytes).find((c) => c.type === "IDAT")!.data);
    expect(raw.length).toBe((w * 3 + 1) * h);
    const px = (x: number, y: number) => [...raw.subarray(y * (w * 3 + 1) + 1 + x * 3, y * (w * 3 + 1) + 4 + x * 3)];
    for (let y = 0; y < h; y++) expect(raw[y * (w * 3 + 1)], `filter byte row ${y}`).toBe(0);
    expect(px(0, 0)).toEqual([255, 255, 255]);
    expect(px(w - 1, h - 1)).toEqual([255, 255, 255]);
    expect(px(w / 2, h / 2)).toEqual([255, 255, 255]);
    expect(px(w - 1, 0)).toEqual([0, 0, 0]);
    expect(px(0, h - 1)).toEqual([0, 0, 0]);
    const accentCount = raw.filter((_, i) => i % (w * 3 + 1) !== 0 && raw[i] === 255).length / 3;
    expect(accentCount).toBeGreaterThan(w * h * 0.1);
    expect(accentCount).toBeLessThan(w * h * 0.3);
  });

  it("passes raw scanlines to the injected compressor", async () => {
    let seen: Uint8Array | undefined;
    const fake = async (d: Uint8Array) => {
      seen = d;
      return Uint8Array.from([0xaa, 0xbb]);
    };
    const bytes = await encodeSolidPng(2, 1, [9, 8, 7], fake);
    expect([...seen!]).toEqual([0, 9, 8, 7, 9, 8, 7]);
    expect([...pngChunks(bytes).find((c) => c.type === "IDAT")!.data]).toEqual([0xaa, 0xbb]);
  });

  it("rejects invalid sizes and colours", async () => {
    const d = deflateWithCompressionStream;
    await expect(encodeSolidPng(0, 10, [0, 0, 0], d)).rejects.toThrow(RangeError);
    await expect(encodeSolidPng(10.5, 10, [0, 0, 0], d)).rejects.toThrow(RangeError);
    await expect(encodeSolidPng(10, 30_001, [0, 0, 0], d)).rejects.toThrow(RangeError);
    await expect(encodeSolidPng(10, 10, [256, 0, 0], d)).rejects.toThrow(RangeError);
    await expect(encodeSolidPng(10, 10, [0, 0, 0], d, [0, -1, 0])).rejects.toThrow(RangeError);
  });
});
