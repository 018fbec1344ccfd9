// Public lists of contributors, tags, sections and collections, with counts of published articles.
import { asc, desc, eq, sql } from "drizzle-orm";
import type { DB } from "../db/client";
import { articles, articleTags, bylines, collections, contributors, sections, tags } from "../db/schema";
import { notFound } from "../lib/errors";

// Counted in SQL over the joined rows, so one statement lists every row with its published total.
const PUBLISHED = sql<number>`count(CASE WHEN ${articles.status} = 'published' THEN 1 END)`;
const publishedCount = () => PUBLISHED.as("article_count");

export function listContributorsWithCounts(db: DB, slug?: string) {
  return db
    .select({ c: contributors, article_count: publishedCount() })
    .from(contributors)
    .leftJoin(bylines, eq(bylines.contributorId, contributors.id))
    .leftJoin(articles, eq(articles.id, bylines.articleId))
    .where(slug ? eq(contributors.slug, slug) : undefined)
    .groupBy(contributors.id)
    .orderBy(asc(contributors.name))
    .all();
}

/** Tags no published article uses are not shown: they would lead readers to empty pages. */
export function listTagsWithCounts(db: DB, slug?: string) {
  return db
    .select({ t: tags, article_count: publishedCount() })
    .from(tags)
    .innerJoin(articleTags, eq(articleTags.tagId, tags.id))
    .innerJoin(articles, eq(articles.id, articleTags.articleId))
    .where(slug ? eq(tags.slug, slug) : undefined)
    .groupBy(tags.id)
    .having(sql`${PUBLISHED} > 0`)
    .orderBy(desc(sql`article_count`), asc(tags.name))
    .all();
}

export function listSectionsWithCounts(db: DB, slug?: string) {
  return db
    .select({ s: sections, article_count: publishedCount() })
    .from(sections)
    .leftJoin(articles, eq(articles.sectionId, sections.id))
    .where(slug ? eq(sections.slug, slug) : undefined)
    .groupBy(sections.id)
    .orderBy(asc(sections.position), asc(sections.name))
    .all();
}

export async function getCollectionBySlug(db: DB, slug: string) {
  const row = await db.select().from(collections).where(eq(collections.slug, slug)).get();
  if (!row) throw notFound("Collection");
  return row;
}

export async function oneOrNotFound<T>(rows: Promise<T[]>, what: string): Promise<T> {
  const [first] = await rows;
  if (!first) throw notFound(what);
  return first;
}
