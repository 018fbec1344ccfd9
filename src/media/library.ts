// The media library: R2 holds the bytes, D1 the metadata. Domain code; takes db and bucket.
import { count, desc, eq } from "drizzle-orm";
import { bumpContentVersion } from "../cache/content-version";
import type { DB } from "../db/client";
import { articles, contributors, media } from "../db/schema";
import { AppError, notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { sniffImage } from "./image-info";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
const EXT: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp", "image/avif": "avif" };

export type MediaRow = typeof media.$inferSelect;
export interface MediaText {
  alt?: string | undefined;
  caption?: string | null | undefined;
  credit?: string | null | undefined;
}

/** Stores an upload after checking its bytes (never its name or declared type) are an image we serve. */
export async function uploadMedia(
  db: DB,
  bucket: R2Bucket,
  file: { bytes: Uint8Array; filename: string | null },
  text: MediaText,
  actorId: string | null,
  opts: { id?: string } = {},
) {
  if (file.bytes.byteLength > MAX_UPLOAD_BYTES) {
    throw new AppError("payload_too_large", `Images may be at most ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`, { errors: [{ path: "file", message: "Too large." }] });
  }
  const info = sniffImage(file.bytes);
  if (!info) {
    throw new AppError("unsupported_media_type", "Upload a JPEG, PNG, GIF, WebP or AVIF image. SVG and other formats are refused.", {
      errors: [{ path: "file", message: "Not a supported image." }],
    });
  }
  const id = opts.id ?? newId("med");
  const key = `media/${id}.${EXT[info.mime]}`;
  await bucket.put(key, file.bytes, { httpMetadata: { contentType: info.mime } });
  try {
    return await db
      .insert(media)
      .values({
        id,
        r2Key: key,
        mimeType: info.mime,
        size: file.bytes.byteLength,
        width: info.width,
        height: info.height,
        alt: text.alt ?? "",
        caption: text.caption ?? null,
        credit: text.credit ?? null,
        filename: file.filename,
        createdBy: actorId,
      })
      .returning()
      .get();
  } catch (err) {
    // Keep R2 and D1 in step: bytes without a row would be unreachable litter.
    await bucket.delete(key);
    throw err;
  }
}

export function listMedia(db: DB, limit = 100) {
  return db.select().from(media).orderBy(desc(media.createdAt)).limit(limit).all();
}

export async function getMedia(db: DB, id: string) {
  const row = await db.select().from(media).where(eq(media.id, id)).get();
  if (!row) throw notFound("Media item");
  return row;
}

export async function updateMediaText(db: DB, id: string, text: MediaText) {
  await getMedia(db, id);
  const set = {
    ...(text.alt !== undefined && { alt: text.alt }),
    ...(text.caption !== undefined && { caption: text.caption || null }),
    ...(text.credit !== undefined && { credit: text.credit || null }),
  };
  if (!Object.keys(set).length) return getMedia(db, id);
  const [rows] = await db.batch([db.update(media).set(set).where(eq(media.id, id)).returning(), bumpContentVersion(db)]);
  return rows[0]!;
}

export async function deleteMedia(db: DB, bucket: R2Bucket, id: string) {
  const row = await getMedia(db, id);
  const used = await db.select({ n: count() }).from(articles).where(eq(articles.featuredMediaId, id)).get();
  if (used && used.n > 0) throw new AppError("in_use", `This image is the featured image of ${used.n} articles.`, { usage_count: used.n });
  await db.batch([
    db.update(contributors).set({ avatarMediaId: null }).where(eq(contributors.avatarMediaId, id)),
    db.delete(media).where(eq(media.id, id)),
    bumpContentVersion(db),
  ]);
  await bucket.delete(row.r2Key);
}
