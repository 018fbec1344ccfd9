// An article's ordered children — bylines, tags, related links — as JSON columns built by SQLite,
// so whoever loads articles (the editorial record and list, public pages and feeds) gets them in the same
// statement as the rows. One definition, so the two read paths cannot drift apart.
import { sql } from "drizzle-orm";

// Spelled out: with no join in the query drizzle prints a bare "id", which inside a subquery
// would bind to the subquery's own table instead of the outer article.
const OUTER_ID = sql.raw(`"articles"."id"`);

export interface BylineJson {
  role: string | null;
  id: string;
  slug: string;
  name: string;
  kind: "person" | "organization";
  job_title: string | null;
  avatar_media_id: string | null;
  user_id: string | null;
}
export interface TagJson {
  id: string;
  slug: string;
  name: string;
}
export interface RelatedJson {
  target_article_id: string | null;
  url: string | null;
  title: string | null;
  summary: string | null;
  source_name: string | null;
}

export const childrenJson = {
  bylinesJson: sql<string>`(SELECT json_group_array(json_object('role', b.role, 'id', c.id, 'slug', c.slug, 'name', c.name, 'kind', c.kind,
      'job_title', c.job_title, 'avatar_media_id', c.avatar_media_id, 'user_id', c.user_id) ORDER BY b.position)
    FROM bylines b JOIN contributors c ON c.id = b.contributor_id WHERE b.article_id = ${OUTER_ID})`.as("bylines_json"),
  tagsJson: sql<string>`(SELECT json_group_array(json_object('id', t.id, 'slug', t.slug, 'name', t.name) ORDER BY x.position)
    FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = ${OUTER_ID})`.as("tags_json"),
  relatedJson: sql<string>`(SELECT json_group_array(json_object('target_article_id', r.target_article_id, 'url', r.url, 'title', r.title,
      'summary', r.summary, 'source_name', r.source_name) ORDER BY r.position)
    FROM related_links r WHERE r.article_id = ${OUTER_ID})`.as("related_json"),
};

/**
 * What readers may see: the same children without internal tags (Ghost's `#…`, tags.visibility
 * "internal"), which stay on the article for editors only. Every public read (content API, feeds,
 * JSON-LD, the Ghost-compatible API) loads articles through src/public/load.ts with these.
 */
export const publicChildrenJson = {
  ...childrenJson,
  tagsJson: sql<string>`(SELECT json_group_array(json_object('id', t.id, 'slug', t.slug, 'name', t.name) ORDER BY x.position)
    FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = ${OUTER_ID} AND t.visibility = 'public')`.as("tags_json"),
};

export function parseChildren(row: { bylinesJson: string | null; tagsJson: string | null; relatedJson: string | null }) {
  return {
    bylines: JSON.parse(row.bylinesJson ?? "[]") as BylineJson[],
    tags: JSON.parse(row.tagsJson ?? "[]") as TagJson[],
    related: JSON.parse(row.relatedJson ?? "[]") as RelatedJson[],
  };
}
