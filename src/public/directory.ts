// Public lists of contributors, tags, sections and collections, with counts of published articles.
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import { contributorArticleCount, sectionArticleCount, tagArticleCount } from "../articles/query-counts";
import type { DB } from "../db/client";
import { collections, contributors, sections, tags } from "../db/schema";
import { notFound } from "../lib/errors";

// One statement lists every row with its published total (src/articles/query-counts.ts).

export function listContributorsWithCounts(db: DB, slug?: string) {
  return db
    .select({ c: contributors, article_count: contributorArticleCount(true).as("article_count") })
    .from(contributors)
    .where(slug ? eq(contributors.slug, slug) : undefined)
    .orderBy(asc(contributors.name))
    .all();
}

/** Tags no published article uses are not shown: they would lead readers to empty pages. Internal tags never are. */
export function listTagsWithCounts(db: DB, slug?: string) {
  return db
    .select({ t: tags, article_count: tagArticleCount(true).as("article_count") })
    .from(tags)
    .where(and(slug ? eq(tags.slug, slug) : undefined, eq(tags.visibility, "public"), gt(tagArticleCount(true), 0)))
    .orderBy(desc(sql`article_count`), asc(tags.name))
    .all();
}

export function listSectionsWithCounts(db: DB, slug?: string) {
  return db
    .select({ s: sections, article_count: sectionArticleCount(true).as("article_count") })
    .from(sections)
    .where(slug ? eq(sections.slug, slug) : undefined)
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
