// Which published articles a public list or feed shows, newest first, keyset-paged by an opaque
// cursor (published_at, id) that stays stable while new articles are published in front of it.
import { and, asc, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import type { DB } from "../db/client";
import { articles, articleTags, bylines, collectionItems, collections, contributors, sections, tags } from "../db/schema";
import { decodeCursor, encodeCursor, isDateKey } from "../lib/cursor";

export interface PublicFilters {
  section?: string | undefined;
  tag?: string | undefined;
  contributor?: string | undefined;
  collection?: string | undefined;
  q?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Turns reader input into an FTS5 query of quoted terms (AND), the last one a prefix: no syntax leaks. */
export function ftsQuery(q: string): string | null {
  const terms = q.match(/[\p{L}\p{N}]+/gu)?.slice(0, 8) ?? [];
  if (!terms.length) return null;
  return terms.map((t, i) => `"${t}"${i === terms.length - 1 ? "*" : ""}`).join(" ");
}

export async function listPublishedIds(db: DB, f: PublicFilters) {
  const where: SQL[] = [eq(articles.status, "published")];
  if (f.section) where.push(inArray(articles.sectionId, db.select({ id: sections.id }).from(sections).where(eq(sections.slug, f.section))));
  if (f.tag) {
    where.push(inArray(articles.id, db.select({ id: articleTags.articleId }).from(articleTags).innerJoin(tags, eq(tags.id, articleTags.tagId)).where(eq(tags.slug, f.tag))));
  }
  if (f.contributor) {
    where.push(inArray(articles.id, db.select({ id: bylines.articleId }).from(bylines).innerJoin(contributors, eq(contributors.id, bylines.contributorId)).where(eq(contributors.slug, f.contributor))));
  }
  if (f.q) {
    const match = ftsQuery(f.q);
    if (!match) return { ids: [] as string[], nextCursor: null };
    where.push(sql`${articles.searchId} IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${match})`);
  }
  if (f.since) where.push(gte(articles.publishedAt, new Date(f.since).toISOString()));
  if (f.until) where.push(lte(articles.publishedAt, new Date(f.until).toISOString()));

  if (f.collection) return listCollectionIds(db, f, where);

  if (f.cursor) {
    const c = decodeCursor(f.cursor, isDateKey);
    where.push(or(lt(articles.publishedAt, c.key), and(eq(articles.publishedAt, c.key), lt(articles.id, c.id)))!);
  }
  const rows = await db
    .select({ id: articles.id, publishedAt: articles.publishedAt })
    .from(articles)
    .where(and(...where))
    .orderBy(desc(articles.publishedAt), desc(articles.id))
    .limit(f.limit + 1)
    .all();
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return { ids: page.map((r) => r.id), nextCursor: rows.length > f.limit && last ? encodeCursor(last.publishedAt!, last.id) : null };
}

/** A collection is in the editor's order, so its cursor is a position, not a date. */
async function listCollectionIds(db: DB, f: PublicFilters, where: SQL[]) {
  const after = f.cursor ? Number(decodeCursor(f.cursor, (k) => /^\d+$/.test(k)).key) : -1;
  const rows = await db
    .select({ id: articles.id, position: collectionItems.position })
    .from(collectionItems)
    .innerJoin(collections, eq(collections.id, collectionItems.collectionId))
    .innerJoin(articles, eq(articles.id, collectionItems.articleId))
    .where(and(eq(collections.slug, f.collection!), sql`${collectionItems.position} > ${after}`, ...where))
    .orderBy(asc(collectionItems.position))
    .limit(f.limit + 1)
    .all();
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  return { ids: page.map((r) => r.id), nextCursor: rows.length > f.limit && last ? encodeCursor(String(last.position), last.id) : null };
}
