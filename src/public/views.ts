// Explicit mappers from loaded public articles to what leaves the server: the content API's JSON
// (the feed model: feed-item.ts). Nothing here can reach an email, a hash, a draft or a user id.
// Each JSON view is a valibot schema too: the mapper returns exactly its type, and the content
// document (src/public/openapi.ts) describes it, so the code and the reference cannot disagree.
// The directory's views (directory-views.ts) are re-exported below: this file stays the one import
// point for what the public API answers, as src/db/schema.ts is for tables.
import * as v from "valibot";
import { BodyDocSchema, bodyToPlainText, type BodyDoc } from "../body";
import type { FeedItem, FeedPerson } from "../feeds/model";
import type { SiteUrls } from "../lib/urls";
import type { SiteSettings } from "../editorial/settings/domain";
import { jsonLdScript, liveBlogPostingJsonLd, newsArticleJsonLd } from "../seo/json-ld";
import { ARTICLE_KINDS } from "../db/schema";
import { entryHeadline, entryUrl } from "../live/public-view";
import { LiveBlockView, liveLinks, type LiveBlock } from "./live-links";
import { shareMetadata } from "../seo/share";
import { ARTICLE_EXAMPLE, ARTICLE_SUMMARY_EXAMPLE } from "./examples";
import { ShareView } from "./share-view";
import type { PublicArticle, PublicArticleOf, PublicRow } from "./load";
import { BylineView, bylineView } from "./byline-view";
import { bodyWithAmendmentsHtml } from "../amendments/doc";
import { publicChangedAt, publicModifiedAt } from "../amendments/domain";
import { toFeedItem } from "./feed-item";
import { ImageView, imageView } from "./image-view";
import { PublicAmendmentView, toPublicAmendment } from "./amendment-views";
import { JsonLdView } from "./json-ld-view";
import { Kind, link, pixels, text, time } from "./view-fields";

export {
  CollectionView,
  ContributorView,
  SectionView,
  TagView,
  toCollectionView,
  toContributorView,
  toSectionView,
  toTagView,
} from "./directory-views";

type PublicUrls = SiteUrls;

// --- small pieces ---------------------------------------------------------------------------

const SectionRef = v.nullable(v.object({ slug: v.string(), name: v.string() }));
const TagRef = v.object({ slug: v.string(), name: v.string() });

// --- articles -------------------------------------------------------------------------------

const summaryEntries = {
  id: text("Never changes, whatever is edited."),
  kind: v.pipe(v.picklist(ARTICLE_KINDS), v.description("`live` for a live blog (entries, a push stream and feeds of its own: see `live` on the whole story), `article` for any other story.")),
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
    live: v.nullable(LiveBlockView),
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

/** Any public article, whatever its loader read beside the common columns. */
type AnyArticle = PublicArticleOf<PublicRow>;

export function toArticleSummary(a: AnyArticle, urls: PublicUrls): ArticleSummary {
  const r = a.row;
  return {
    id: r.id,
    kind: r.kind,
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
    updated_at: publicChangedAt(r),
    last_major_update_at: publicModifiedAt(r),
  };
}

/** The whole story, with its share metadata and structured data (from the site settings). */
export function toArticleFull(a: PublicArticle, urls: PublicUrls, site: SiteSettings): Article {
  const item = toFeedItem(a, urls);
  const input = {
    item,
    publisher: { name: site.title, url: urls.home, logo: site.logo ? { url: urls.media(site.logo.id), width: site.logo.width, height: site.logo.height } : null },
    dek: a.row.dek,
  };
  const jsonLd = a.row.kind === "live" ? liveBlogPostingJsonLd({ ...input, ...liveJsonLdInput(a, urls) }) : newsArticleJsonLd(input);
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
export const shareInput = (a: AnyArticle, item: FeedItem, site: SiteSettings) => ({
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
    live: liveBlock(a, urls),
    amendments: a.amendments.map(toPublicAmendment),
  };
}

/** A live blog's coverage and newest entries for its LiveBlogPosting (src/seo/json-ld.ts). */
function liveJsonLdInput(a: PublicArticle, urls: PublicUrls) {
  return {
    coverageStartAt: a.row.coverageStartAt,
    coverageEndAt: a.row.coverageEndAt,
    updates: (a.live?.updates ?? []).map((e) => ({
      url: entryUrl(a.url, e.id),
      headline: entryHeadline(e, a.row.headline),
      text: bodyToPlainText(e.body),
      publishedAt: e.publishedAt ?? e.updatedAt,
      updatedAt: e.updatedAt,
      bylines: e.bylines.map((b): FeedPerson => ({ name: b.name, kind: b.kind, role: b.role, url: urls.contributor(b.slug), avatarUrl: null })),
    })),
  };
}

/** The article view's `live`: set on a live blog only. */
function liveBlock(a: PublicArticle, urls: PublicUrls): LiveBlock | null {
  if (a.row.kind !== "live") return null;
  return {
    coverage_start_at: a.row.coverageStartAt,
    coverage_end_at: a.row.coverageEndAt,
    last_event_id: a.live?.lastEventId ?? 0,
    ...liveLinks(urls.origin, a.row.slug),
  };
}

/** The body, then the amendments block (src/amendments/doc.ts) when there is one. */
const bodyHtmlWithAmendments = (a: PublicArticle) => bodyWithAmendmentsHtml(a.bodyHtml, a.amendments);
