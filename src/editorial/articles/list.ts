// The editorial list: drafts included, newest change first, keyset-paged. Which rows and in what
// order is the shared article query's (src/articles/query.ts); this file maps them for editors.
import { sql } from "drizzle-orm";
import * as v from "valibot";
import { childrenJson, type BylineJson, type TagJson } from "../../articles/children-json";
import { selectArticlePage } from "../../articles/query";
import type { DB } from "../../db/client";
import { ARTICLE_KINDS, ARTICLE_STATUSES, articles, sections } from "../../db/schema";
import { SearchTerm } from "../../lib/like";
import { Cursor, PageLimit } from "../../lib/paging";
import type { SiteUrls } from "../../lib/urls";
import { Slug } from "./input-schema";
import { STAGE_LIMITS } from "../../auth/stages";

export const ListQuerySchema = v.object({
  status: v.optional(v.picklist(ARTICLE_STATUSES)),
  section: v.optional(Slug),
  tag: v.optional(Slug),
  contributor: v.optional(Slug),
  // Measured in bytes as D1 will see the LIKE pattern (see lib/like.ts).
  q: v.optional(SearchTerm),
  stage: v.optional(v.pipe(v.string(), v.maxLength(STAGE_LIMITS.id), v.description("An editorial stage's id (GET /stages)."))),
  assigned_to: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100), v.description("`me`, or a user's id: stories assigned to them."))),
  kind: v.optional(v.pipe(v.picklist(ARTICLE_KINDS), v.description("`live`: live blogs only; `article`: ordinary stories only."))),
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
  embargoedUntil: articles.embargoedUntil,
  publishedAt: articles.publishedAt,
  updatedAt: articles.updatedAt,
  version: articles.version,
  sectionSlug: sql<string | null>`${sections.slug}`.as("section_slug"),
  sectionName: sql<string | null>`${sections.name}`.as("section_name"),
  bylinesJson: childrenJson.bylinesJson,
  tagsJson: childrenJson.tagsJson,
  stage: articles.stage,
  dueAt: articles.dueAt,
  kind: articles.kind,
  // The stage's name and the assignees (ids and names, never emails) ride along too: still one statement.
  stageName: sql<string | null>`(SELECT ws.name FROM workflow_stages ws WHERE ws.id = "articles"."stage")`.as("stage_name"),
  assigneesJson: sql<string | null>`(SELECT json_group_array(json_object('id', u.id, 'name', u.name)) FROM (SELECT u.id, u.name FROM article_assignees aa CROSS JOIN users u ON u.id = aa.user_id WHERE aa.article_id = "articles"."id" ORDER BY u.name, u.id) u)`.as("assignees_json"),
};

/** `me` in assigned_to is the caller (`me`: their user id; a token acts as its owner). */
export async function listArticles(db: DB, q: ListQuery, urls: SiteUrls, me = "") {
  const { assigned_to, ...filters } = q;
  const assignedTo = assigned_to === "me" ? me : assigned_to;
  const { rows, nextCursor } = await selectArticlePage(db, listFields, { ...filters, assignedTo, publishedOnly: false });
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
      embargoed_until: r.embargoedUntil,
      published_at: r.publishedAt,
      updated_at: r.updatedAt,
      version: r.version,
      stage: r.stage,
      stage_name: r.stageName,
      due_at: r.dueAt,
      assignees: JSON.parse(r.assigneesJson ?? "[]") as { id: string; name: string }[],
      kind: r.kind,
    })),
    next_cursor: nextCursor,
  };
}
