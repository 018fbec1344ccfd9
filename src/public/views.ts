// Explicit mappers from loaded public articles to what leaves the server: the content API's JSON
// and the feed model. Nothing here can reach an email, a hash, a draft or a user id. Each JSON view
// is a valibot schema too: the mapper returns exactly its type, and the content document
// (src/public/openapi.ts) describes it, so the code and the reference cannot disagree.
import * as v from "valibot";
import { BodyDocSchema, excerpt, type BodyDoc } from "../body";
import type { FeedItem, FeedPerson } from "../feeds/model";
import type { SiteUrls } from "../lib/urls";
import type { SiteSettings } from "../editorial/settings/domain";
import { jsonLdScript, newsArticleJsonLd } from "../seo/json-ld";
import { shareMetadata } from "../seo/share";
import type * as dir from "./directory";
import { ARTICLE_EXAMPLE, ARTICLE_SUMMARY_EXAMPLE } from "./examples";
import { ShareView } from "./share-view";
import type { PublicArticle, PublicByline } from "./load";
import { amendmentsBlockHtml } from "../amendments/doc";
import { publicModifiedAt } from "../amendments/domain";
import { PublicAmendmentView, toPublicAmendment } from "./amendment-views";

type PublicUrls = SiteUrls;

// --- small pieces ---------------------------------------------------------------------------

const text = (description: string) => v.pipe(v.string(), v.description(description));
/** A link this server builds (to the site, or to an image it serves): always absolute. */
const link = (description: string) => v.pipe(v.string(), v.url(), v.description(description));
const time = (description: string) => v.pipe(v.string(), v.isoTimestamp(), v.description(`${description} UTC, RFC 3339 with milliseconds.`));
const pixels = v.nullable(v.pipe(v.number(), v.integer()));
const Kind = v.pipe(v.picklist(["person", "organization"]), v.description("A person, or a desk (an organization) holding a byline in its own right."));
type Kind = v.InferOutput<typeof Kind>;

const SectionRef = v.nullable(v.object({ slug: v.string(), name: v.string() }));
const TagRef = v.object({ slug: v.string(), name: v.string() });

const BylineView = v.object({
  slug: v.string(),
  name: v.string(),
  kind: Kind,
  role: v.nullable(text("What this byline did on the story (\"Additional reporting\"); null for the plain byline.")),
  job_title: v.nullable(v.string()),
  avatar: v.nullable(link("The contributor's picture, served by this server.")),
  url: link("The contributor's page on the site."),
});

const ImageView = v.object({
  url: link("The image, served by this server (`/media/{id}`)."),
  mime_type: v.picklist(["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"]),
  width: pixels,
  height: pixels,
  alt: text("This story's alt text for the image (the library's when the story gives none)."),
  caption: v.nullable(v.string()),
  credit: v.nullable(v.string()),
});

// --- articles -------------------------------------------------------------------------------

const summaryEntries = {
  id: text("Never changes, whatever is edited."),
  slug: v.string(),
  url: link("The story's page on the site (`PUBLIC_SITE_URL` + `ARTICLE_URL_PATTERN`)."),
  headline: v.string(),
  dek: v.nullable(v.string()),
  summary: v.nullable(v.string()),
  section: SectionRef,
  bylines: v.pipe(v.array(BylineView), v.description("In the order the story shows them: people and desks alike.")),
  tags: v.pipe(v.array(TagRef), v.description("In order; the first is the primary tag.")),
  featured_image: v.nullable(ImageView),
  reading_time: v.pipe(v.number(), v.integer(), v.description("Minutes, derived from the body (230 words a minute, at least 1).")),
  language: text("BCP 47 language tag of the story."),
  published_at: time("When the story was (last) published."),
  updated_at: time("The last change of any kind, a minor fix included: what a cache or a sync keys on."),
  last_major_update_at: time(
    "The last update readers are told of (\"Updated …\"; JSON-LD `dateModified`, the feeds' update times): a minor change of the text leaves it, every other save and every amendment moves it.",
  ),
};

/** One story in a list: everything but the body. */
export const ArticleSummaryView = v.pipe(v.object(summaryEntries), v.metadata({ examples: [ARTICLE_SUMMARY_EXAMPLE] }));
type ArticleSummary = v.InferOutput<typeof ArticleSummaryView>;

const RelatedArticleView = v.object({
  type: v.literal("article"),
  slug: v.string(),
  url: link("The related story's page on the site."),
  headline: v.string(),
  summary: v.nullable(v.string()),
  bylines: v.array(v.object({ slug: v.string(), name: v.string(), kind: Kind, url: link("The contributor's page on the site.") })),
  image: v.nullable(v.object({ url: link("Its featured image."), width: pixels, height: pixels, alt: v.string() })),
  published_at: v.nullable(time("When it was published.")),
});
const RelatedExternalView = v.object({
  type: v.literal("external"),
  url: v.string(),
  title: v.string(),
  summary: v.nullable(v.string()),
  source: v.nullable(text("Who published it (\"Reuters\").")),
});

const optional = <S extends v.GenericSchema>(schema: S) => v.optional(schema);
const JsonLdImageObject = v.object({
  "@type": v.literal("ImageObject"),
  url: v.string(),
  width: optional(v.number()),
  height: optional(v.number()),
  caption: optional(v.string()),
  creditText: optional(v.string()),
  description: optional(text("The image's alt text.")),
});
/** schema.org NewsArticle, as src/seo/json-ld.ts builds it: properties with nothing to say are left out. */
const JsonLdView = v.pipe(
  v.object({
    "@context": v.literal("https://schema.org"),
    "@type": v.literal("NewsArticle"),
    headline: v.string(),
    alternativeHeadline: optional(v.string()),
    description: optional(v.string()),
    mainEntityOfPage: v.string(),
    url: v.string(),
    datePublished: text("RFC 3339, UTC, whole seconds."),
    dateModified: text("RFC 3339, UTC, whole seconds; never before datePublished."),
    author: optional(v.array(v.object({ "@type": v.picklist(["Person", "Organization"]), name: v.string(), url: optional(v.string()) }))),
    image: optional(v.array(JsonLdImageObject)),
    articleSection: optional(v.string()),
    keywords: optional(v.array(v.string())),
    inLanguage: v.string(),
    timeRequired: optional(text("ISO 8601 duration in whole minutes (`PT2M`).")),
    publisher: v.object({
      "@type": v.literal("Organization"),
      name: v.string(),
      url: v.string(),
      logo: optional(v.object({ "@type": v.literal("ImageObject"), url: v.string(), width: optional(v.number()), height: optional(v.number()) })),
    }),
    isAccessibleForFree: v.literal(true),
    audio: optional(v.object({ "@type": v.literal("AudioObject"), contentUrl: v.string(), description: optional(v.string()) })),
    correction: optional(
      v.pipe(
        v.array(v.object({ "@type": v.literal("CorrectionComment"), text: v.string(), datePublished: text("RFC 3339, UTC, whole seconds.") })),
        v.description("The story's public corrections (kind `correction`), oldest first; left out without any."),
      ),
    ),
  }),
  v.description("schema.org `NewsArticle` structured data, holding the text as written. To put it in a page use `json_ld_script`, never a bare `JSON.stringify`."),
);

/** The whole story, as `GET /api/content/v1/articles/{slug}` answers it. */
export const ArticleView = v.pipe(
  v.object({
    ...summaryEntries,
    first_published_at: v.nullable(time("When the story first went out (kept through unpublishing).")),
    audio: v.nullable(v.object({ url: v.string(), disclosure: v.nullable(text("Shown with the player, e.g. \"This audio is created with AI assistance\".")) })),
    body: BodyDocSchema,
    body_html: text("The body rendered by our own renderer: every text escaped, related cards and images in place, URLs absolute; the story's amendments follow as `<aside class=\"copydesk-amendments\">`."),
    related: v.pipe(
      v.array(v.variant("type", [RelatedArticleView, RelatedExternalView])),
      v.description("Related stories, resolved when read; one that is not published (or was deleted) is left out."),
    ),
    canonical_url: v.nullable(v.string()),
    seo_title: v.nullable(v.string()),
    seo_description: v.nullable(v.string()),
    comments_enabled: v.boolean(),
    amendments: v.pipe(v.array(PublicAmendmentView), v.description("Corrections and updates, oldest first; a superseded entry is replaced by the one that superseded it.")),
    share: ShareView,
    json_ld: JsonLdView,
    json_ld_script: text(
      "`json_ld` serialised with `<`, `>`, `&`, U+2028 and U+2029 as `\\u` escapes: paste it verbatim as the text of a `script` element of type `application/ld+json`, and nothing else.",
    ),
  }),
  v.metadata({ examples: [ARTICLE_EXAMPLE] }),
);
type Article = v.InferOutput<typeof ArticleView>;

const bylineView = (b: PublicByline, urls: PublicUrls): v.InferOutput<typeof BylineView> => ({
  slug: b.slug,
  name: b.name,
  kind: b.kind,
  role: b.role,
  job_title: b.job_title,
  avatar: b.avatar_media_id ? urls.media(b.avatar_media_id) : null,
  url: urls.contributor(b.slug),
});

const imageView = (a: PublicArticle, urls: PublicUrls): v.InferOutput<typeof ImageView> | null =>
  a.image
    ? {
        url: urls.media(a.image.id),
        // Detected from the bytes at upload: always one of the types we serve.
        mime_type: a.image.mimeType as v.InferOutput<typeof ImageView>["mime_type"],
        width: a.image.width,
        height: a.image.height,
        // The article's own text for this use of the image, never overwritten by the library's.
        alt: a.row.featuredAlt ?? a.image.alt,
        caption: a.row.featuredCaption,
        credit: a.row.featuredCredit,
      }
    : null;

export function toArticleSummary(a: PublicArticle, urls: PublicUrls): ArticleSummary {
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
    // Only published stories are loaded here, and a published story has both dates.
    published_at: r.publishedAt!,
    updated_at: r.updatedAt,
    last_major_update_at: publicModifiedAt(r),
  };
}

/** The whole story, with its share metadata and structured data (from the site settings). */
export function toArticleFull(a: PublicArticle, urls: PublicUrls, site: SiteSettings): Article {
  const item = toFeedItem(a, urls);
  const jsonLd = newsArticleJsonLd({
    item,
    publisher: { name: site.title, url: urls.home, logo: site.logo ? { url: urls.media(site.logo.id), width: site.logo.width, height: site.logo.height } : null },
    dek: a.row.dek,
  });
  return {
    ...toArticleWithoutJsonLd(a, urls),
    share: shareMetadata(shareInput(a, item, site), urls.origin),
    // json_ld is the data as written; json_ld_script is the same object ready to paste between
    // <script type="application/ld+json"> and </script> (no "</script", "<!--" or raw U+2028/9).
    json_ld: jsonLd,
    json_ld_script: jsonLdScript(jsonLd),
  };
}

/** What src/seo/share.ts derives the share metadata from (a preview's too). */
export const shareInput = (a: PublicArticle, item: FeedItem, site: SiteSettings) => ({
  item,
  seo: { title: a.row.seoTitle, description: a.row.seoDescription, canonicalUrl: a.row.canonicalUrl },
  site: { name: site.title, language: site.language },
});

/** The whole story but its share metadata and structured data: what a preview link shows too (src/previews). */
export function toArticleWithoutJsonLd(a: PublicArticle, urls: PublicUrls): Omit<Article, "share" | "json_ld" | "json_ld_script"> {
  const r = a.row;
  return {
    ...toArticleSummary(a, urls),
    first_published_at: r.firstPublishedAt,
    audio: r.audioUrl ? { url: r.audioUrl, disclosure: r.audioDisclosure } : null,
    body: r.body as BodyDoc,
    body_html: bodyHtmlWithAmendments(a),
    related: a.related.map((l) =>
      l.kind === "article"
        ? {
            type: "article" as const,
            slug: l.card.slug,
            url: l.card.url,
            headline: l.card.headline,
            summary: l.card.summary,
            bylines: l.card.bylines.map((b) => ({ slug: b.slug, name: b.name, kind: b.kind as Kind, url: urls.contributor(b.slug) })),
            image: l.card.image,
            published_at: l.card.published_at,
          }
        : { type: "external" as const, url: l.url, title: l.title, summary: l.summary, source: l.source },
    ),
    canonical_url: r.canonicalUrl,
    seo_title: r.seoTitle,
    seo_description: r.seoDescription,
    comments_enabled: r.commentsEnabled,
    amendments: a.amendments.map(toPublicAmendment),
  };
}

/** The body, then the amendments block (src/amendments/doc.ts) when there is one. */
const bodyHtmlWithAmendments = (a: PublicArticle) => [a.bodyHtml, amendmentsBlockHtml(a.amendments)].filter((html) => html !== "").join("\n");

// --- the directory: contributors, tags, sections, collections --------------------------------

const articleCount = v.pipe(v.number(), v.integer(), v.description("Published stories only."));

export const ContributorView = v.object({
  slug: v.string(),
  kind: Kind,
  name: v.string(),
  job_title: v.nullable(v.string()),
  bio: v.nullable(v.string()),
  avatar: v.nullable(link("Their picture, served by this server.")),
  links: v.pipe(v.array(v.object({ label: v.string(), url: v.string() })), v.description("Their own pages elsewhere, in order.")),
  url: link("Their page on the site (`/authors/{slug}`)."),
  article_count: articleCount,
});
/** What tags, sections and collections have in common. */
const named = { slug: v.string(), name: v.string(), description: v.nullable(v.string()) };
export const TagView = v.object({ ...named, url: link("The tag's page on the site (`/tags/{slug}`)."), article_count: articleCount });
export const SectionView = v.object({ ...named, url: link("The section's page on the site (`/{slug}`)."), article_count: articleCount });
export const CollectionView = v.object({
  ...named,
  updated_at: time("The last change to the collection itself (its stories or their order)."),
});

type Row<F extends (...args: never[]) => Promise<unknown[]>> = Awaited<ReturnType<F>>[number];

export const toContributorView = ({ c, article_count }: Row<typeof dir.listContributorsWithCounts>, urls: PublicUrls): v.InferOutput<typeof ContributorView> => ({
  slug: c.slug,
  kind: c.kind,
  name: c.name,
  job_title: c.jobTitle,
  bio: c.bio,
  avatar: c.avatarMediaId ? urls.media(c.avatarMediaId) : null,
  links: c.links,
  url: urls.contributor(c.slug),
  article_count,
});
export const toTagView = ({ t, article_count }: Row<typeof dir.listTagsWithCounts>, urls: PublicUrls): v.InferOutput<typeof TagView> => ({
  slug: t.slug,
  name: t.name,
  description: t.description,
  url: urls.tag(t.slug),
  article_count,
});
export const toSectionView = ({ s, article_count }: Row<typeof dir.listSectionsWithCounts>, urls: PublicUrls): v.InferOutput<typeof SectionView> => ({
  slug: s.slug,
  name: s.name,
  description: s.description,
  url: urls.section(s.slug),
  article_count,
});
export const toCollectionView = (row: Awaited<ReturnType<typeof dir.getCollectionBySlug>>): v.InferOutput<typeof CollectionView> => ({
  slug: row.slug,
  name: row.name,
  description: row.description,
  updated_at: row.updatedAt,
});

// --- feeds ----------------------------------------------------------------------------------

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
    dek: r.dek,
    summary: r.summary,
    description: feedDescription(r.summary, r.body as BodyDoc, r.headline),
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
