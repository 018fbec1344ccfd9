// Loads one article with everything hanging off it in a single D1 statement.
import { eq, getTableColumns, sql } from "drizzle-orm";
import type { BodyDoc } from "../body/schema";
import type { DB } from "../db/client";
import { articles } from "../db/schema";
import { childrenJson, parseChildren } from "./children-json";
import type { ArticleContent, RelatedContent, Snapshot } from "./content";

export type ArticleRow = typeof articles.$inferSelect;

export interface ArticleRecord {
  row: ArticleRow;
  section: { id: string; slug: string; name: string } | null;
  featuredMedia: { id: string; width: number | null; height: number | null } | null;
  bylines: { role: string | null; contributor: { id: string; slug: string; name: string; kind: "person" | "organization"; jobTitle: string | null; userId: string | null } }[];
  tags: { id: string; slug: string; name: string }[];
  related: { targetArticleId: string | null; url: string | null; title: string | null; summary: string | null; sourceName: string | null }[];
}

// The row, its section and image, and its children as JSON: the whole record is ONE statement.
const selection = {
  ...getTableColumns(articles),
  sectionJson: sql<string | null>`(SELECT json_object('id', s.id, 'slug', s.slug, 'name', s.name) FROM sections s WHERE s.id = "articles"."section_id")`.as("section_json"),
  mediaJson: sql<string | null>`(SELECT json_object('id', m.id, 'width', m.width, 'height', m.height) FROM media m WHERE m.id = "articles"."featured_media_id")`.as("media_json"),
  ...childrenJson,
};

export async function loadArticle(db: DB, by: { id: string } | { slug: string }): Promise<ArticleRecord | null> {
  const key = "id" in by ? eq(articles.id, by.id) : eq(articles.slug, by.slug);
  const found = await db.select(selection).from(articles).where(key).get();
  if (!found) return null;
  const { sectionJson, mediaJson, bylinesJson, tagsJson, relatedJson, ...row } = found;
  const children = parseChildren({ bylinesJson, tagsJson, relatedJson });
  return {
    row,
    section: sectionJson ? JSON.parse(sectionJson) : null,
    featuredMedia: mediaJson ? JSON.parse(mediaJson) : null,
    bylines: children.bylines.map((b) => ({
      role: b.role,
      contributor: { id: b.id, slug: b.slug, name: b.name, kind: b.kind, jobTitle: b.job_title, userId: b.user_id },
    })),
    tags: children.tags,
    related: children.related.map((r) => ({ targetArticleId: r.target_article_id, url: r.url, title: r.title, summary: r.summary, sourceName: r.source_name })),
  };
}

export function toContent(rec: ArticleRecord): ArticleContent {
  const r = rec.row;
  return {
    slug: r.slug,
    headline: r.headline,
    dek: r.dek,
    summary: r.summary,
    body: r.body as BodyDoc,
    section_id: r.sectionId,
    bylines: rec.bylines.map((b) => ({ contributor_id: b.contributor.id, role: b.role })),
    tag_ids: rec.tags.map((t) => t.id),
    related: rec.related.map(
      (l): RelatedContent =>
        l.targetArticleId ? { article_id: l.targetArticleId } : { url: l.url ?? "", title: l.title ?? "", summary: l.summary, source: l.sourceName },
    ),
    featured_image: r.featuredMediaId
      ? { media_id: r.featuredMediaId, alt: r.featuredAlt ?? "", caption: r.featuredCaption, credit: r.featuredCredit }
      : null,
    audio: r.audioUrl ? { url: r.audioUrl, disclosure: r.audioDisclosure } : null,
    canonical_url: r.canonicalUrl,
    language: r.language,
    seo_title: r.seoTitle,
    seo_description: r.seoDescription,
    comments_enabled: r.commentsEnabled,
  };
}

export function toSnapshot(rec: ArticleRecord): Snapshot {
  const r = rec.row;
  return {
    content: toContent(rec),
    state: { status: r.status, scheduled_at: r.scheduledAt, published_at: r.publishedAt, first_published_at: r.firstPublishedAt },
  };
}

/** User ids behind this article's bylines: what decides an author's right to publish it. */
export const bylinedUserIds = (rec: ArticleRecord) =>
  rec.bylines.flatMap((b) => (b.contributor.userId ? [b.contributor.userId] : []));
