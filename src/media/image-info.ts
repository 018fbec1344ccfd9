/**
 * Content-based image sniffing for uploads.
 *
 * The type is decided from the bytes alone; there is deliberately no file
 * name or declared Content-Type parameter, because both are attacker
 * controlled (an SVG with <script> renamed to photo.png must not pass).
 *
 * Only headers are parsed, not pixel data, so a result means "this starts like
 * a well-formed image of this size", not "this decodes". Serve stored files
 * with the detected MIME type and `X-Content-Type-Options: nosniff`.
 *
 * Pure and Workers-safe: Uint8Array/DataView only. Never throws; hostile or
 * truncated input yields null. Every loop is bounded by the input length.
 */

import type { Dimensions } from "./image-formats/bytes";
import { isAvif, readAvif } from "./image-formats/avif";
import { isGif, readGif } from "./image-formats/gif";
import { isJpeg, readJpeg } from "./image-formats/jpeg";
import { isPng, readPng } from "./image-formats/png";
import { isWebp, readWebp } from "./image-formats/webp";

export type ImageMime = "image/jpeg" | "image/png" | "image/gif" | "image/webp" | "image/avif";

export interface ImageInfo {
  mime: ImageMime;
  width: number;
  height: number;
}

/**
 * Largest accepted width or height. Larger values are either corrupt or a
 * decompression bomb aimed at whatever resizes the image later.
 */
export const MAX_IMAGE_DIMENSION = 30_000;

interface Format {
  mime: ImageMime;
  is: (b: Uint8Array) => boolean;
  read: (b: Uint8Array) => Dimensions | null;
}

// The magic checks are mutually exclusive, so order does not matter.
const FORMATS: readonly Format[] = [
  { mime: "image/png", is: isPng, read: readPng },
  { mime: "image/jpeg", is: isJpeg, read: readJpeg },
  { mime: "image/gif", is: isGif, read: readGif },
  { mime: "image/webp", is: isWebp, read: readWebp },
  { mime: "image/avif", is: isAvif, read: readAvif },
];

function validDimension(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= MAX_IMAGE_DIMENSION;
}

export function sniffImage(bytes: Uint8Array): ImageInfo | null {
  try {
    for (const format of FORMATS) {
      if (!format.is(bytes)) continue;
      const size = format.read(bytes);
      if (!size || !validDimension(size.width) || !validDimension(size.height)) return null;
      return { mime: format.mime, width: size.width, height: size.height };
    }
    return null;
  } catch {
    // The readers bounds-check everything; this is a backstop so that a
    // missed check (or a non-Uint8Array from untyped JS) fails closed.
    return null;
  }
}
