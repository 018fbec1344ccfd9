// Explicit mappers from loaded public articles to what leaves the server: the content API's JSON
// and the feed model. Nothing here can reach an email, a hash, a draft or a user id.
import { excerpt, type BodyDoc } from "../body";
import type { FeedItem, FeedPerson } from "../feeds/model";
import type { SiteUrls } from "../lib/urls";
import type { PublicArticle, PublicByline } from "./load";

type PublicUrls = SiteUrls;

const bylineView = (b: PublicByline, urls: PublicUrls) => ({
  slug: b.slug,
  name: b.name,
  kind: b.kind,
  role: b.role,
  job_title: b.job_title,
  avatar: b.avatar_media_id ? urls.media(b.avatar_media_id) : null,
  url: urls.contributor(b.slug),
});

const imageView = (a: PublicArticle, urls: PublicUrls) =>
  a.image
    ? {
        url: urls.media(a.image.id),
        mime_type: a.image.mimeType,
        width: a.image.width,
        height: a.image.height,
        // The article's own text for this use of the image, never overwritten by the library's.
        alt: a.row.featuredAlt ?? a.image.alt,
        caption: a.row.featuredCaption,
        credit: a.row.featuredCredit,
      }
    : null;

export function toArticleSummary(a: PublicArticle, urls: PublicUrls) {
  const r = a.row;
  return {
    id: r.id,
    slug: r.slug,
    url: a.url,
    headline: r.headline,
    dek: r.dek,
    summary: r.summary,
    section: a.section ? { slug: a.section.slug, name: a.section.name } : null,
    bylines: a.bylines.map((b) => bylineView(b, urls)),
    tags: a.tags.map((t) => ({ slug: t.slug, name: t.name })),
    featured_image: imageView(a, urls),
    reading_time: r.readingTime,
    language: r.language,
    published_at: r.publishedAt,
    updated_at: r.updatedAt,
  };
}

export function toArticleFull(a: PublicArticle, urls: PublicUrls) {
  const r = a.row;
  return {
    ...toArticleSummary(a, urls),
    first_published_at: r.firstPublishedAt,
    audio: r.audioUrl ? { url: r.audioUrl, disclosure: r.audioDisclosure } : null,
    body: r.body,
    body_html: a.bodyHtml,
    related: a.related.map((l) =>
      l.kind === "article"
        ? {
            type: "article" as const,
            slug: l.card.slug,
            url: l.card.url,
            headline: l.card.headline,
            summary: l.card.summary,
            bylines: l.card.bylines.map((b) => ({ ...b, url: urls.contributor(b.slug) })),
            image: l.card.image,
            published_at: l.card.published_at,
          }
        : { type: "external" as const, url: l.url, title: l.title, summary: l.summary, source: l.source },
    ),
    canonical_url: r.canonicalUrl,
    seo_title: r.seoTitle,
    seo_description: r.seoDescription,
    comments_enabled: r.commentsEnabled,
  };
}

/** Stable across headline and slug edits: the article id never changes. */
export const feedId = (articleId: string) => `urn:copydesk:article:${articleId}`;

/** Characters of body text a feed shows for a story without a summary (whole words, then "…"). */
export const FEED_EXCERPT_CHARS = 300;

/** The summary, else the opening of the body, else the headline: feeds always carry a description. */
export function feedDescription(summary: string | null, body: BodyDoc, headline: string): string {
  if (summary && summary.trim() !== "") return summary;
  return excerpt(body, FEED_EXCERPT_CHARS) || headline;
}

export function toFeedItem(a: PublicArticle, urls: PublicUrls): FeedItem {
  const r = a.row;
  const image = imageView(a, urls);
  return {
    id: feedId(r.id),
    url: a.url,
    headline: r.headline,
    summary: r.summary,
    description: feedDescription(r.summary, r.body as BodyDoc, r.headline),
    bodyHtml: a.bodyHtml,
    publishedAt: r.publishedAt!,
    updatedAt: r.updatedAt,
    language: r.language,
    readingTime: r.readingTime,
    bylines: a.bylines.map(
      (b): FeedPerson => ({
        name: b.name,
        kind: b.kind,
        role: b.role,
        url: urls.contributor(b.slug),
        avatarUrl: b.avatar_media_id ? urls.media(b.avatar_media_id) : null,
      }),
    ),
    section: a.section ? { name: a.section.name, url: urls.section(a.section.slug) } : null,
    tags: a.tags.map((t) => ({ name: t.name, slug: t.slug })),
    image: image
      ? { url: image.url, mimeType: image.mime_type, width: image.width, height: image.height, alt: image.alt, caption: image.caption, credit: image.credit }
      : null,
    audio: r.audioUrl ? { url: r.audioUrl, disclosure: r.audioDisclosure } : null,
    related: a.related.map((l) =>
      l.kind === "article"
        ? { kind: "article", id: feedId(l.card.id), url: l.card.url, headline: l.card.headline, summary: l.card.summary, bylines: l.card.bylines.map((b) => b.name), imageUrl: l.card.image?.url ?? null }
        : { kind: "external", url: l.url, title: l.title, summary: l.summary, source: l.source },
    ),
  };
}
