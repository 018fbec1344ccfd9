// A public article as a feed item (src/feeds/model.ts): what RSS, Atom and JSON Feed, the embeds,
// and a story's JSON-LD and share metadata (a preview's too) are made of. Its description is the
// summary, else the opening of the body, else the headline. As in views.ts, nothing here can reach
// an email, a hash, a draft or a user id.
import { excerpt, type BodyDoc } from "../body";
import type { FeedItem, FeedPerson } from "../feeds/model";
import type { SiteUrls } from "../lib/urls";
import { publicModifiedAt } from "../amendments/domain";
import type { PublicArticleOf, PublicRow } from "./load";
import { imageView } from "./image-view";

/** One a feed item can be made of: with its tree (read whole), or with the plain text its description may need (a page's). */
type DescribedArticle = PublicArticleOf<PublicRow & ({ body: unknown } | { excerptText: string | null })>;

/** Stable across headline and slug edits: the article id never changes. */
export const feedId = (articleId: string) => `urn:copydesk:article:${articleId}`;

/** Characters of body text a feed shows for a story without a summary (whole words, then "…"). */
export const FEED_EXCERPT_CHARS = 300;

/** The summary, else the opening of the body, else the headline: feeds always carry a description. */
export function feedDescription(summary: string | null, body: BodyDoc, headline: string): string {
  if (summary && summary.trim() !== "") return summary;
  return excerpt(body, FEED_EXCERPT_CHARS) || headline;
}

/**
 * feedDescription from the body's plain text (articles.body_text, bodyToPlainText of the body at
 * its save) rather than its tree: excerpt() reads nothing but that text, and a one-paragraph body
 * of it gives it back (up to the whitespace excerpt collapses anyway).
 */
export function feedDescriptionOfText(summary: string | null, plainText: string | null, headline: string): string {
  if (summary && summary.trim() !== "") return summary;
  return feedDescription(null, { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: plainText ?? "" }] }] }, headline);
}

export function toFeedItem(a: DescribedArticle, urls: SiteUrls): FeedItem {
  const r = a.row;
  const image = imageView(a, urls);
  return {
    id: feedId(r.id),
    url: a.url,
    headline: r.headline,
    dek: r.dek,
    summary: r.summary,
    description: "body" in r ? feedDescription(r.summary, r.body as BodyDoc, r.headline) : feedDescriptionOfText(r.summary, r.excerptText, r.headline),
    bodyHtml: a.bodyHtml,
    publishedAt: r.publishedAt!,
    // What readers are told is the last update: a minor save leaves it (src/amendments/domain.ts).
    updatedAt: publicModifiedAt(r),
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
    amendments: a.amendments,
  };
}
