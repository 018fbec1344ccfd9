// The media library: R2 holds the bytes, D1 the metadata. Domain code; takes db and bucket.
import { and, count, desc, eq, inArray, notExists, or, sql, type SQL } from "drizzle-orm";
import { bumpContentVersion } from "../cache/content-version";
import type { DB } from "../db/client";
import { articleMedia, articles, contributors, media, sections } from "../db/schema";
import { decodeCursor, encodeCursor, isDateKey } from "../lib/cursor";
import { AppError, notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { likeContains } from "../lib/like";
import type { SiteUrls } from "../lib/urls";
import { sniffImage } from "./image-info";
import { auditEntry, auditEntryIf, type AuditBy } from "../audit/record";
import { sentFields } from "../audit/summaries";
import { isD1Unavailable } from "../cache/d1-availability";

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** The types uploads are stored as (decided from the bytes): also the list's `mime` filter. */
export const MEDIA_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"] as const;
/** How many of an image's articles its detail names (usage_count says how many there are in all). */
export const USED_BY_MAX = 50;
/** How many articles a refused delete names in its detail. */
const IN_USE_NAMED = 5;
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
  // `by`: an editor's upload is recorded with it; an import's images are in its one entry instead.
  opts: { id?: string; by?: AuditBy } = {},
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
    const insert = db
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
      .returning();
    const label = file.filename ?? id;
    const entry = opts.by && auditEntry(db, { ...opts.by, action: "media.upload", target: { type: "media", id, label }, summary: { after: { mime_type: info.mime, size: file.bytes.byteLength } } });
    const [rows] = await db.batch([insert, ...(entry ? [entry] : [])]);
    return rows[0]!;
  } catch (err) {
    // Keep R2 and D1 in step: bytes without a row would be unreachable litter. But when D1 did not
    // answer, the row may have been written all the same (a connection lost after the commit): a
    // row without its bytes would be a broken image, litter is the lesser harm.
    if (!isD1Unavailable(err)) await bucket.delete(key);
    throw err;
  }
}

export interface MediaQuery {
  /** A term already checked by SearchTerm (lib/like.ts): at most 48 bytes once escaped. */
  q?: string | undefined;
  mime?: (typeof MEDIA_TYPES)[number] | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * The library, newest upload first, keyset-paged on (created_at, id). `q` matches alt, caption,
 * credit or filename as a substring (LIKE: ASCII letters without regard to case). Each row carries
 * how many articles use it, counted from article_media for the page's ids only.
 */
export async function listMedia(db: DB, q: MediaQuery) {
  const where: SQL[] = [];
  // A newsroom's library is thousands of images, not millions: a scan under the LIKE is fine here.
  if (q.q) where.push(or(...[media.alt, media.caption, media.credit, media.filename].map((col) => likeContains(col, q.q!)))!);
  if (q.mime) where.push(eq(media.mimeType, q.mime));
  if (q.cursor) {
    const c = decodeCursor(q.cursor, isDateKey);
    where.push(sql`(${media.createdAt}, ${media.id}) < (${c.key}, ${c.id})`);
  }
  const rows = await db
    .select()
    .from(media)
    .where(and(...where))
    .orderBy(desc(media.createdAt), desc(media.id))
    .limit(q.limit + 1)
    .all();
  const page = rows.slice(0, q.limit);
  const counts = await usageCounts(db, page.map((r) => r.id));
  const last = page.at(-1);
  return {
    media: page.map((row) => ({ row, usageCount: counts.get(row.id) ?? 0 })),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null,
  };
}

async function usageCounts(db: DB, ids: string[]) {
  if (!ids.length) return new Map<string, number>();
  // One JSON parameter however long the page (D1 allows 100 bound values per statement).
  const idList = sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;
  const rows = await db
    .select({ mediaId: articleMedia.mediaId, n: count() })
    .from(articleMedia)
    .where(inArray(articleMedia.mediaId, idList))
    .groupBy(articleMedia.mediaId)
    .all();
  return new Map(rows.map((r) => [r.mediaId, r.n]));
}

const usedByQuery = (db: DB, id: string, limit: number) =>
  db
    // Aliased: in a batch D1 returns rows keyed by column name, and two columns named "slug" collide.
    .select({ id: articles.id, headline: articles.headline, status: articles.status, slug: articles.slug, sectionSlug: sql<string | null>`${sections.slug}`.as("section_slug") })
    .from(articleMedia)
    .innerJoin(articles, eq(articles.id, articleMedia.articleId))
    .leftJoin(sections, eq(sections.id, articles.sectionId))
    .where(eq(articleMedia.mediaId, id))
    .orderBy(desc(articles.updatedAt), desc(articles.id))
    .limit(limit);

const usageCountQuery = (db: DB, id: string) => db.select({ n: count() }).from(articleMedia).where(eq(articleMedia.mediaId, id));

/** One item with where it is used: the articles (featured image or body) most recently changed first. */
export async function getMediaUsage(db: DB, id: string, urls: SiteUrls) {
  const [rows, total, users] = await db.batch([db.select().from(media).where(eq(media.id, id)), usageCountQuery(db, id), usedByQuery(db, id, USED_BY_MAX)]);
  const row = rows[0];
  if (!row) throw notFound("Media item");
  return {
    row,
    usageCount: total[0]?.n ?? 0,
    usedBy: users.map((a) => ({ id: a.id, headline: a.headline, status: a.status, url: urls.article(a.sectionSlug, a.slug, a.id) })),
  };
}

export async function getMedia(db: DB, id: string) {
  const row = await db.select().from(media).where(eq(media.id, id)).get();
  if (!row) throw notFound("Media item");
  return row;
}

export async function updateMediaText(db: DB, id: string, text: MediaText, by: AuditBy) {
  const before = await getMedia(db, id);
  const set = {
    ...(text.alt !== undefined && { alt: text.alt }),
    ...(text.caption !== undefined && { caption: text.caption || null }),
    ...(text.credit !== undefined && { credit: text.credit || null }),
  };
  if (!Object.keys(set).length) return getMedia(db, id);
  // Field names only: alt text and captions are content, not the log's business.
  const entry = auditEntry(db, { ...by, action: "media.update", target: { type: "media", id, label: before.filename ?? id }, summary: { after: { changed_fields: sentFields(text) } } });
  const [rows] = await db.batch([db.update(media).set(set).where(eq(media.id, id)).returning(), bumpContentVersion(db), entry]);
  return rows[0]!;
}

/** Not used by any article: neither listed in article_media nor (should the two ever disagree) featured. */
const unused = (db: DB, id: string) =>
  and(
    notExists(db.select({ one: sql`1` }).from(articleMedia).where(eq(articleMedia.mediaId, id))),
    notExists(db.select({ one: sql`1` }).from(articles).where(eq(articles.featuredMediaId, id))),
  );

async function refuseInUse(db: DB, id: string) {
  const [total, users] = await db.batch([usageCountQuery(db, id), usedByQuery(db, id, IN_USE_NAMED)]);
  const n = total[0]?.n ?? 0;
  if (n === 0) return;
  const named = users.map((a) => `“${a.headline}”`).join(", ");
  const more = n > users.length ? ` and ${n - users.length} more` : "";
  throw new AppError("in_use", `This image is used by ${n} ${n === 1 ? "article" : "articles"}: ${named}${more}. Remove it from them first.`, {
    usage_count: n,
    used_by: users.map((a) => ({ id: a.id, headline: a.headline })),
  });
}

export async function deleteMedia(db: DB, bucket: R2Bucket, id: string, by: AuditBy) {
  const row = await getMedia(db, id);
  await refuseInUse(db, id);
  // The same test guards the writes themselves, so a save that starts using the image between the
  // check and the delete leaves it in place (409) instead of failing on the featured image's FK.
  const [, deleted] = await db.batch([
    db.update(contributors).set({ avatarMediaId: null }).where(and(eq(contributors.avatarMediaId, id), unused(db, id))),
    db.delete(media).where(and(eq(media.id, id), unused(db, id))).returning({ id: media.id }),
    auditEntryIf(db, { ...by, action: "media.delete", target: { type: "media", id, label: row.filename ?? id }, summary: { before: { mime_type: row.mimeType, size: row.size } } }),
    bumpContentVersion(db),
  ]);
  if (!deleted.length) {
    await refuseInUse(db, id);
    throw new AppError("in_use", "This image is in use by an article (perhaps put there a moment ago). Remove it from there first.");
  }
  await bucket.delete(row.r2Key);
}
