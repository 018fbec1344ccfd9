// The editorial article list: drafts included, newest change first, keyset-paged.
import { and, asc, desc, eq, inArray, or, sql, type SQL } from "drizzle-orm";
import * as v from "valibot";
import type { DB } from "../../db/client";
import { ARTICLE_STATUSES, articles, articleTags, bylines, contributors, sections, tags } from "../../db/schema";
import { decodeCursor, encodeCursor, isDateKey } from "../../lib/cursor";
import { likeContains, SearchTerm } from "../../lib/like";
import { Cursor, PageLimit } from "../../lib/paging";
import type { SiteUrls } from "../../lib/urls";
import { Slug } from "./input-schema";

export const ListQuerySchema = v.object({
  status: v.optional(v.picklist(ARTICLE_STATUSES)),
  section: v.optional(Slug),
  tag: v.optional(Slug),
  contributor: v.optional(Slug),
  // Measured in bytes as D1 will see the LIKE pattern (see lib/like.ts).
  q: v.optional(SearchTerm),
  limit: PageLimit,
  cursor: v.optional(Cursor),
});
export type ListQuery = v.InferOutput<typeof ListQuerySchema>;

export async function listArticles(db: DB, q: ListQuery, urls: SiteUrls) {
  const where: SQL[] = [];
  if (q.status) where.push(eq(articles.status, q.status));
  if (q.section) where.push(inArray(articles.sectionId, db.select({ id: sections.id }).from(sections).where(eq(sections.slug, q.section))));
  if (q.tag) {
    where.push(inArray(articles.id, db.select({ id: articleTags.articleId }).from(articleTags).innerJoin(tags, eq(tags.id, articleTags.tagId)).where(eq(tags.slug, q.tag))));
  }
  if (q.contributor) {
    where.push(inArray(articles.id, db.select({ id: bylines.articleId }).from(bylines).innerJoin(contributors, eq(contributors.id, bylines.contributorId)).where(eq(contributors.slug, q.contributor))));
  }
  if (q.q) {
    // Editors search their own desk's few thousand stories; a scan is fine here. Readers get FTS.
    where.push(or(...[articles.headline, articles.summary, articles.bodyText, articles.slug].map((col) => likeContains(col, q.q!)))!);
  }
  if (q.cursor) {
    const c = decodeCursor(q.cursor, isDateKey);
    where.push(sql`(${articles.updatedAt}, ${articles.id}) < (${c.key}, ${c.id})`);
  }
  const rows = await db
    .select({
      id: articles.id,
      slug: articles.slug,
      headline: articles.headline,
      summary: articles.summary,
      status: articles.status,
      scheduledAt: articles.scheduledAt,
      publishedAt: articles.publishedAt,
      updatedAt: articles.updatedAt,
      version: articles.version,
      sectionSlug: sections.slug,
      sectionName: sections.name,
    })
    .from(articles)
    .leftJoin(sections, eq(sections.id, articles.sectionId))
    .where(and(...where))
    .orderBy(desc(articles.updatedAt), desc(articles.id))
    .limit(q.limit + 1)
    .all();
  const page = rows.slice(0, q.limit);
  const ids = page.map((r) => r.id);
  // One JSON parameter however long the page: a page of 100 plus any other bound value would pass D1's 100.
  const idList = sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`;
  const [names, tagRows] = ids.length
    ? await db.batch([
        db
          .select({ articleId: bylines.articleId, slug: contributors.slug, name: contributors.name, kind: contributors.kind, role: bylines.role })
          .from(bylines)
          .innerJoin(contributors, eq(contributors.id, bylines.contributorId))
          .where(inArray(bylines.articleId, idList))
          .orderBy(asc(bylines.position)),
        db
          .select({ articleId: articleTags.articleId, slug: tags.slug, name: tags.name })
          .from(articleTags)
          .innerJoin(tags, eq(tags.id, articleTags.tagId))
          .where(inArray(articleTags.articleId, idList))
          .orderBy(asc(articleTags.position)),
      ])
    : [[], []];
  const last = page.at(-1);
  return {
    articles: page.map((r) => ({
      id: r.id,
      slug: r.slug,
      url: urls.article(r.sectionSlug, r.slug, r.id),
      headline: r.headline,
      summary: r.summary,
      status: r.status,
      section: r.sectionSlug ? { slug: r.sectionSlug, name: r.sectionName } : null,
      bylines: names.filter((n) => n.articleId === r.id).map(({ slug, name, kind, role }) => ({ slug, name, kind, role })),
      tags: tagRows.filter((t) => t.articleId === r.id).map(({ slug, name }) => ({ slug, name })),
      scheduled_at: r.scheduledAt,
      published_at: r.publishedAt,
      updated_at: r.updatedAt,
      version: r.version,
    })),
    next_cursor: rows.length > q.limit && last ? encodeCursor(last.updatedAt, last.id) : null,
  };
}
