// Which files may be uploaded as images: the server's own limits (src/media/library.ts), checked
// before a byte is sent, for every way in — the library page, the image fields, a drop or paste
// into the body.
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export const IMAGE_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"] as const;
const IMAGE_EXT = /\.(jpe?g|png|gif|webp|avif)$/i;

/** Rounded up to a tenth, so a file just over the limit never reads as "10 MB". */
const megabytes = (n: number) => `${Math.ceil((n / 1024 / 1024) * 10) / 10} MB`;

/** Why this file cannot be uploaded as an image, or null when it can. */
export function imageFileProblem(file: { name: string; type: string; size: number }): string | null {
  const name = file.name || "The pasted file";
  // Some systems send no type for a dragged file: the extension decides then, the server checks the bytes.
  const isImage = file.type ? (IMAGE_TYPES as readonly string[]).includes(file.type) : IMAGE_EXT.test(file.name);
  if (!isImage) return `${name} is not an image Copydesk can use (JPEG, PNG, GIF, WebP or AVIF).`;
  if (file.size > MAX_IMAGE_BYTES) return `${name} is ${megabytes(file.size)}; images can be at most ${megabytes(MAX_IMAGE_BYTES)}.`;
  return null;
}
