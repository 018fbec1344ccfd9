// Loads one article with everything hanging off it in a single D1 round trip.
import { asc, eq } from "drizzle-orm";
import type { BodyDoc } from "../body/schema";
import type { DB } from "../db/client";
import { articles, articleTags, bylines, contributors, media, relatedLinks, sections, tags } from "../db/schema";
import type { ArticleContent, RelatedContent, Snapshot } from "./content";

export type ArticleRow = typeof articles.$inferSelect;
export type ContributorRow = typeof contributors.$inferSelect;
export type MediaRow = typeof media.$inferSelect;

export interface ArticleRecord {
  row: ArticleRow;
  section: typeof sections.$inferSelect | null;
  featuredMedia: MediaRow | null;
  bylines: { role: string | null; contributor: ContributorRow }[];
  tags: (typeof tags.$inferSelect)[];
  related: (typeof relatedLinks.$inferSelect)[];
}

export async function loadArticle(db: DB, by: { id: string } | { slug: string }): Promise<ArticleRecord | null> {
  const key = "id" in by ? eq(articles.id, by.id) : eq(articles.slug, by.slug);
  // Children are selected through the same key so all five reads go out together.
  const idOf = db.select({ id: articles.id }).from(articles).where(key);
  // No joins onto the article row: D1 batch results are keyed by column name, and joined tables
  // share names such as "id" and "slug" that would overwrite each other.
  const [main, sectionRows, mediaRows, bylineRows, tagRows, relatedRows] = await db.batch([
    db.select().from(articles).where(key),
    db.select().from(sections).where(eq(sections.id, db.select({ id: articles.sectionId }).from(articles).where(key))),
    db.select().from(media).where(eq(media.id, db.select({ id: articles.featuredMediaId }).from(articles).where(key))),
    db
      .select({ role: bylines.role, contributor: contributors })
      .from(bylines)
      .innerJoin(contributors, eq(contributors.id, bylines.contributorId))
      .where(eq(bylines.articleId, idOf))
      .orderBy(asc(bylines.position)),
    db
      .select({ tag: tags })
      .from(articleTags)
      .innerJoin(tags, eq(tags.id, articleTags.tagId))
      .where(eq(articleTags.articleId, idOf))
      .orderBy(asc(articleTags.position)),
    db.select().from(relatedLinks).where(eq(relatedLinks.articleId, idOf)).orderBy(asc(relatedLinks.position)),
  ]);
  const first = main[0];
  if (!first) return null;
  return {
    row: first,
    section: sectionRows[0] ?? null,
    featuredMedia: mediaRows[0] ?? null,
    bylines: bylineRows,
    tags: tagRows.map((t) => t.tag),
    related: relatedRows,
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
