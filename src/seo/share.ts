/**
 * Share metadata for a story's page: Open Graph (with its `article:` properties), the X/Twitter
 * card, and the same as a ready-to-render list of `<meta>` tags, plus the oEmbed discovery URLs.
 * Pure: no I/O, no clock. The content API sends it as `article.share` (src/public/views.ts).
 *
 * Rules (the README's Embedding section repeats them for front-ends):
 * - title: the SEO title, else the headline; never cut (as JSON-LD's headline: a cut title no
 *   longer matches the page's, and every card shortens on display anyway).
 * - description: the SEO description, else the summary, else the dek, else the feeds' description
 *   (an excerpt of the body, else the headline); at most DESCRIPTION_MAX characters (graphemes,
 *   so no emoji or flag is split), cut on a word boundary with "…". X's own limit is 200.
 * - url: the canonical URL, else the story's URL (og:url is the canonical page by definition).
 *   The oEmbed links always name the story's own URL: that is what /oembed can resolve.
 * - locale: og:locale's `ll_TT` form of the story's language: its own region ("pt-BR" → "pt_BR");
 *   else the site's, when the site's language is the same language ("en" on an "en-GB" site →
 *   "en_GB"); else CLDR's likely region for it ("uk" → "uk_UA", "en" → "en_US"); null (and no
 *   tag) when none can be told.
 * - image: the featured image with its pixel size, alt and type; X gets it only in a type X shows
 *   (JPEG, PNG, WebP, GIF), and the large card only when its size is known and at least
 *   300×157 (X's minimum for `summary_large_image`); otherwise the `summary` card.
 * - dates: RFC 3339 UTC whole seconds, as JSON-LD; modified never before published.
 * - authors: every byline in order (desks too): page URLs for `article:author`, names beside.
 * - Strings are data, not HTML: never entity-escaped here (a front-end escapes them once, as
 *   attribute values). Control characters are removed, line breaks and runs of spaces become one
 *   space, a lone surrogate becomes U+FFFD; empty values are left out of `meta`.
 */
import { oembedLinks } from "../embed/links";
import type { FeedItem } from "../feeds/model";
import { pageDates } from "../lib/rfc3339";

/** Characters (graphemes) of the og/X description, "…" included. */
export const DESCRIPTION_MAX = 200;
/** X's limit for twitter:image:alt. */
export const TWITTER_ALT_MAX = 420;
/** X's minimum size for a `summary_large_image` card. */
export const LARGE_CARD_MIN = { width: 300, height: 157 } as const;
const TWITTER_IMAGE_TYPES = new Set(["image/jpeg", "image/png", "image/webp", "image/gif"]);

export interface ShareImage {
  url: string;
  width: number | null;
  height: number | null;
  /** null for a decorative image (empty alt). */
  alt: string | null;
  /** Its MIME type (og:image:type). */
  type: string;
}

export interface OpenGraph<Published extends string | null = string> {
  type: "article";
  title: string;
  description: string;
  url: string;
  site_name: string;
  locale: string | null;
  image: ShareImage | null;
  published_time: Published;
  modified_time: string;
  authors: string[];
  author_names: string[];
  section: string | null;
  tags: string[];
}

export interface TwitterCard {
  card: "summary_large_image" | "summary";
  title: string;
  description: string;
  image: { url: string; alt: string | null } | null;
}

export type MetaTag = { property: string; content: string } | { name: string; content: string };

export interface ShareMetadata {
  title: string;
  description: string;
  url: string;
  open_graph: OpenGraph;
  twitter: TwitterCard;
  meta: MetaTag[];
  oembed: { json: string; xml: string };
}

/** A preview's: maybe never published, no oEmbed (it answers 404 for a draft), and `noindex` first in `meta`. */
export interface PreviewShareMetadata extends Omit<ShareMetadata, "open_graph" | "oembed"> {
  open_graph: OpenGraph<string | null>;
  oembed: null;
}

export interface ShareInput {
  /** The story as feeds see it (toFeedItem): headline, summary, dek, description, image, bylines, tags. */
  item: FeedItem;
  seo: { title: string | null; description: string | null; canonicalUrl: string | null };
  /** The site settings' title and BCP 47 language. */
  site: { name: string; language: string };
}

// --- text ----------------------------------------------------------------------------------------

// C0 and C1 controls and DEL (tab, line feed and the like are whitespace, handled first).
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** One line of plain text: whitespace runs → one space, controls removed, trimmed. */
export function cleanText(value: string | null | undefined): string {
  if (typeof value !== "string") return "";
  return value.replace(LONE_SURROGATE, "\uFFFD").replace(/\s+/gu, " ").replace(CONTROL, "").trim();
}

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/** At most `max` graphemes: whole words when there is a space to cut at, then "…". */
export function clip(text: string, max: number): string {
  // A grapheme is at least one UTF-16 unit: text no longer than max in units is within it (most
  // descriptions and alts), and is not segmented on every story miss.
  if (text.length <= max) return text;
  const parts: string[] = [];
  // Only as far as needed: a long summary is not segmented whole.
  for (const { segment } of graphemes.segment(text)) {
    parts.push(segment);
    if (parts.length > max) break;
  }
  if (parts.length <= max) return text;
  // Budget max - 1 (room for "…"); one grapheme more tells whether the cut falls between words.
  const head = parts.slice(0, max).join("");
  const lastSpace = head.lastIndexOf(" ");
  // Between words only when that keeps at least half the budget: "Hi xxxx…(300 x)" must not
  // shrink to "Hi…" because its one space comes early.
  const wordCut = lastSpace > 0 ? head.slice(0, lastSpace) : "";
  const cut = [...graphemes.segment(wordCut)].length >= max / 2 ? wordCut : parts.slice(0, max - 1).join("");
  // No "said,…" or "— …".
  return `${cut.replace(/[\s,;:.\u2013\u2014-]+$/u, "")}…`;
}

const firstText = (...values: (string | null | undefined)[]) => values.map(cleanText).find((s) => s !== "") ?? "";

// --- locale --------------------------------------------------------------------------------------

const parseLocale = (tag: string): Intl.Locale | null => {
  try {
    return new Intl.Locale(tag.trim());
  } catch {
    return null;
  }
};

/**
 * og:locale (`language_TERRITORY`) for a story in `language` on a site in `siteLanguage`; null
 * when no territory can be told (an unknown language, or "und").
 */
export function ogLocale(language: string, siteLanguage: string): string | null {
  // Intl.Locale and its maximize() on every story miss, for the few pairs a newsroom has: kept per isolate.
  const key = JSON.stringify([language, siteLanguage]);
  const known = locales.get(key);
  if (known !== undefined) return known;
  if (locales.size >= 64) locales.clear();
  const locale = ogLocaleOf(language, siteLanguage);
  locales.set(key, locale);
  return locale;
}
const locales = new Map<string, string | null>();

function ogLocaleOf(language: string, siteLanguage: string): string | null {
  const story = parseLocale(language);
  // "und" (undetermined): some engines give it no `language` at all, so both are checked.
  if (!story || !story.language || story.language === "und") return null;
  const site = parseLocale(siteLanguage);
  const region = story.region ?? (site?.language === story.language ? site.region : undefined) ?? story.maximize().region;
  // A UN M.49 area ("es-419") is not a territory og:locale can name.
  return region && /^[A-Z]{2}$/.test(region) ? `${story.language}_${region}` : null;
}

// --- the share object ----------------------------------------------------------------------------

const dimension = (n: number | null) => (n !== null && Number.isSafeInteger(n) && n > 0 ? n : null);

function shareImage(item: FeedItem): ShareImage | null {
  const img = item.image;
  if (!img || cleanText(img.url) === "") return null;
  return { url: img.url, width: dimension(img.width), height: dimension(img.height), alt: cleanText(img.alt) || null, type: img.mimeType };
}

function twitterCard(title: string, description: string, image: ShareImage | null): TwitterCard {
  const shown = image && TWITTER_IMAGE_TYPES.has(image.type) ? image : null;
  const large = shown !== null && (shown.width ?? 0) >= LARGE_CARD_MIN.width && (shown.height ?? 0) >= LARGE_CARD_MIN.height;
  return {
    card: large ? "summary_large_image" : "summary",
    title,
    description,
    image: shown ? { url: shown.url, alt: shown.alt === null ? null : clip(shown.alt, TWITTER_ALT_MAX) } : null,
  };
}

type Entry = ["property" | "name", string, string | number | null];

/** The tags in the order a head wants them; a value that is empty or null gives no tag. */
function metaTags(og: OpenGraph<string | null>, tw: TwitterCard): MetaTag[] {
  const og_ = (key: string, content: string | number | null): Entry => ["property", key, content];
  const x = (key: string, content: string | null): Entry => ["name", key, content];
  const entries: Entry[] = [
    og_("og:type", og.type),
    og_("og:title", og.title),
    og_("og:description", og.description),
    og_("og:url", og.url),
    og_("og:site_name", og.site_name),
    og_("og:locale", og.locale),
    // Structured properties follow their og:image (the Open Graph protocol's rule for arrays).
    ...(og.image
      ? [og_("og:image", og.image.url), og_("og:image:type", og.image.type), og_("og:image:width", og.image.width), og_("og:image:height", og.image.height), og_("og:image:alt", og.image.alt)]
      : []),
    og_("article:published_time", og.published_time),
    og_("article:modified_time", og.modified_time),
    ...og.authors.map((author) => og_("article:author", author)),
    og_("article:section", og.section),
    ...og.tags.map((tag) => og_("article:tag", tag)),
    x("twitter:card", tw.card),
    x("twitter:title", tw.title),
    x("twitter:description", tw.description),
    ...(tw.image ? [x("twitter:image", tw.image.url), x("twitter:image:alt", tw.image.alt)] : []),
  ];
  return entries
    .filter(([, , content]) => content !== null && content !== "")
    .map(([attr, key, content]) => (attr === "property" ? { property: key, content: String(content) } : { name: key, content: String(content) }));
}

function build(input: ShareInput, publishedAt: string | null) {
  const { item, seo, site } = input;
  const title = firstText(seo.title, item.headline);
  const description = clip(firstText(seo.description, item.summary, item.dek, item.description, item.headline), DESCRIPTION_MAX);
  const url = firstText(seo.canonicalUrl, item.url);
  const image = shareImage(item);
  // The same instants as JSON-LD's datePublished/dateModified.
  const dates = pageDates(publishedAt, item.updatedAt);
  const og: OpenGraph<string | null> = {
    type: "article",
    title,
    description,
    url,
    site_name: cleanText(site.name),
    locale: ogLocale(item.language, site.language),
    image,
    published_time: dates.published,
    modified_time: dates.modified,
    authors: item.bylines.map((b) => cleanText(b.url)).filter((u) => u !== ""),
    author_names: item.bylines.map((b) => cleanText(b.name)).filter((n) => n !== ""),
    section: cleanText(item.section?.name) || null,
    tags: item.tags.map((t) => cleanText(t.name)).filter((n) => n !== ""),
  };
  const twitter = twitterCard(title, description, image);
  return { title, description, url, og, twitter };
}

/** `origin`: the Worker's public origin, for the oEmbed links (SiteUrls.origin). */
export function shareMetadata(input: ShareInput, origin: string): ShareMetadata {
  const { title, description, url, og, twitter } = build(input, input.item.publishedAt);
  const open_graph = og as OpenGraph;
  return {
    title,
    description,
    url,
    open_graph,
    twitter,
    meta: metaTags(open_graph, twitter),
    oembed: oembedLinks(origin, input.item.url),
  };
}

/**
 * The same for a preview of any version: `publishedAt` null for a story never published. A preview
 * page must not be indexed nor shared as the story, so `meta` starts with robots noindex, and there
 * is no oEmbed (the endpoint only knows published stories).
 */
export function previewShareMetadata(input: ShareInput, publishedAt: string | null): PreviewShareMetadata {
  const { title, description, url, og, twitter } = build(input, publishedAt);
  return {
    title,
    description,
    url,
    open_graph: og,
    twitter,
    meta: [{ name: "robots", content: "noindex, nofollow" }, ...metaTags(og, twitter)],
    oembed: null,
  };
}
