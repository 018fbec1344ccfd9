import { type Dimensions, has, matches, view } from "./bytes";

export function isGif(b: Uint8Array): boolean {
  return matches(b, 0, "GIF87a") || matches(b, 0, "GIF89a");
}

export function readGif(b: Uint8Array): Dimensions | null {
  // Header (6) + logical screen descriptor (7). The screen size is what
  // browsers lay out; frames are drawn inside it. Little-endian.
  if (!has(b, 0, 13)) return null;
  const v = view(b);
  return { width: v.getUint16(6, true), height: v.getUint16(8, true) };
}
