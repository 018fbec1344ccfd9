// Which published articles a public list or feed shows: filters as SQL conditions, plus the
// reader-search query builder. Paging and loading live in load.ts.
import { eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { DB } from "../db/client";
import { articles, articleTags, bylines, contributors, sections, tags } from "../db/schema";

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
    where.push(inArray(articles.id, db.select({ id: articleTags.articleId }).from(articleTags).innerJoin(tags, eq(tags.id, articleTags.tagId)).where(eq(tags.slug, f.tag))));
  }
  if (f.contributor) {
    where.push(inArray(articles.id, db.select({ id: bylines.articleId }).from(bylines).innerJoin(contributors, eq(contributors.id, bylines.contributorId)).where(eq(contributors.slug, f.contributor))));
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
