// Which published articles a public list or feed shows: filters as SQL conditions, plus the
// reader-search query builder. Paging and loading live in load.ts.
import { and, eq, exists, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { DB } from "../db/client";
import { articles, articleTags, bylines, contributors, sections, tags } from "../db/schema";

// Spelled out so the correlated subqueries bind to the outer article, not their own tables.
const OUTER_ID = sql.raw(`"articles"."id"`);

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

/** Conditions for "published and matching the filters"; null when the filters can match nothing. */
export function filterConditions(db: DB, f: PublicFilters): SQL[] | null {
  const where: SQL[] = [eq(articles.status, "published")];
  if (f.section) where.push(inArray(articles.sectionId, db.select({ id: sections.id }).from(sections).where(eq(sections.slug, f.section))));
  if (f.tag) {
    // EXISTS, not IN: walking the date index and probing each article stops after one page, where
    // IN would first build the whole list of a busy tag's articles on every request.
    where.push(exists(db.select({ one: sql`1` }).from(articleTags).innerJoin(tags, eq(tags.id, articleTags.tagId)).where(and(eq(articleTags.articleId, OUTER_ID), eq(tags.slug, f.tag)))));
  }
  if (f.contributor) {
    where.push(exists(db.select({ one: sql`1` }).from(bylines).innerJoin(contributors, eq(contributors.id, bylines.contributorId)).where(and(eq(bylines.articleId, OUTER_ID), eq(contributors.slug, f.contributor)))));
  }
  if (f.q) {
    const match = ftsQuery(f.q);
    if (!match) return null;
    where.push(sql`${articles.searchId} IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${match})`);
  }
  if (f.since) where.push(gte(articles.publishedAt, new Date(f.since).toISOString()));
  if (f.until) where.push(lte(articles.publishedAt, new Date(f.until).toISOString()));
  return where;
}
