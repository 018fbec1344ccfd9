// The editorial list: drafts included, newest change first, keyset-paged. Which rows and in what
// order is the shared article query's (src/articles/query.ts); this file maps them for editors.
import { sql } from "drizzle-orm";
import * as v from "valibot";
import { childrenJson, type BylineJson, type TagJson } from "../../articles/children-json";
import { selectArticlePage } from "../../articles/query";
import type { DB } from "../../db/client";
import { ARTICLE_STATUSES, articles, sections } from "../../db/schema";
import { SearchTerm } from "../../lib/like";
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

// Bylines and tags ride along as JSON built by SQLite: the page is one statement, whatever its size.
const listFields = {
  id: articles.id,
  slug: articles.slug,
  headline: articles.headline,
  summary: articles.summary,
  status: articles.status,
  scheduledAt: articles.scheduledAt,
  publishedAt: articles.publishedAt,
  updatedAt: articles.updatedAt,
  version: articles.version,
  sectionSlug: sql<string | null>`${sections.slug}`.as("section_slug"),
  sectionName: sql<string | null>`${sections.name}`.as("section_name"),
  bylinesJson: childrenJson.bylinesJson,
  tagsJson: childrenJson.tagsJson,
};

export async function listArticles(db: DB, q: ListQuery, urls: SiteUrls) {
  const { rows, nextCursor } = await selectArticlePage(db, listFields, { ...q, publishedOnly: false });
  return {
    articles: rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      url: urls.article(r.sectionSlug, r.slug, r.id),
      headline: r.headline,
      summary: r.summary,
      status: r.status,
      section: r.sectionSlug ? { slug: r.sectionSlug, name: r.sectionName } : null,
      bylines: (JSON.parse(r.bylinesJson ?? "[]") as BylineJson[]).map(({ slug, name, kind, role }) => ({ slug, name, kind, role })),
      tags: (JSON.parse(r.tagsJson ?? "[]") as TagJson[]).map(({ slug, name }) => ({ slug, name })),
      scheduled_at: r.scheduledAt,
      published_at: r.publishedAt,
      updated_at: r.updatedAt,
      version: r.version,
    })),
    next_cursor: nextCursor,
  };
}
