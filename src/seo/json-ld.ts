/**
 * schema.org NewsArticle structured data for article pages, and a serialiser that is safe
 * to embed in <script type="application/ld+json">. Pure: no I/O, no clock.
 *
 * Choices worth knowing:
 * - `headline` is the full headline, never cut. Google's old "110 characters" limit is no
 *   longer in its Article guidance (long titles may merely be truncated on display), and a
 *   cut headline would no longer match the page's.
 * - `description` is the summary; when there is no summary, the dek. The dek is also given
 *   as `alternativeHeadline` (schema.org's secondary headline).
 * - Every byline is an author, in byline order; desks ("organization" contributors) are
 *   `Organization`s. With no bylines, `author` is omitted rather than invented.
 * - Dates are RFC 3339 UTC with whole seconds; `dateModified` is never earlier than
 *   `datePublished`.
 * - Optional properties are omitted, never null, when the source has nothing.
 * - `publisher.logo` is an ImageObject with its pixel size, from the site settings' logo.
 * - `correction` (schema.org: on CreativeWork; expects CorrectionComment, Text or URL) lists the
 *   story's public entries of kind "correction" as `CorrectionComment`s with `text` (plain) and
 *   `datePublished`, oldest first; omitted without one. Clarifications, updates and editor's notes
 *   admit no error, so they are not corrections: they move `dateModified` only.
 * - A live blog is a `LiveBlogPosting` (schema.org; a BlogPosting, so an Article): the same
 *   properties, plus `coverageStartTime` (the desk's coverage start, else the first publication),
 *   `coverageEndTime` (only once set) and `liveBlogUpdate`: its newest published entries (≤ 20, in
 *   time order, newest first; pinning is a display choice, not data) as `BlogPosting`s with
 *   headline, articleBody (plain text), dates, url (the entry's anchor) and authors. `dateModified`
 *   is never before the newest update's. Google no longer documents a live-blog feature, so nothing
 *   beyond schema.org's own definitions is added.
 * - The object holds the text as written (a headline may contain "</script>"); to put it in a
 *   page, use jsonLdScript, never a bare JSON.stringify. The content API sends both.
 */
import type { FeedImage, FeedItem, FeedPerson } from "../feeds/model";
import { amendmentText } from "../amendments/doc";
import { pageDates, parseInstant, toRfc3339 } from "../lib/rfc3339";

export interface JsonLdAuthor {
  "@type": "Person" | "Organization";
  name: string;
  url?: string;
}

export interface JsonLdImage {
  "@type": "ImageObject";
  url: string;
  width?: number;
  height?: number;
  caption?: string;
  creditText?: string;
  /** The image's alt text. */
  description?: string;
}

export interface JsonLdLogo {
  "@type": "ImageObject";
  url: string;
  width?: number;
  height?: number;
}

export interface JsonLdPublisher {
  "@type": "Organization";
  name: string;
  url: string;
  /** The site settings' logo: checkers applying Google's NewsArticle rules expect one. */
  logo?: JsonLdLogo;
}

export interface JsonLdAudio {
  "@type": "AudioObject";
  contentUrl: string;
  /** The disclosure line, e.g. "This audio is created with AI assistance". */
  description?: string;
}

/** schema.org CorrectionComment (a Comment, so a CreativeWork): what was put right, and when. */
export interface JsonLdCorrection {
  "@type": "CorrectionComment";
  text: string;
  datePublished: string;
}

export interface NewsArticleJsonLd {
  "@context": "https://schema.org";
  "@type": "NewsArticle";
  headline: string;
  alternativeHeadline?: string;
  description?: string;
  mainEntityOfPage: string;
  url: string;
  datePublished: string;
  dateModified: string;
  author?: JsonLdAuthor[];
  image?: JsonLdImage[];
  articleSection?: string;
  keywords?: string[];
  inLanguage: string;
  /** ISO 8601 duration in whole minutes, e.g. "PT2M". */
  timeRequired?: string;
  publisher: JsonLdPublisher;
  isAccessibleForFree: true;
  audio?: JsonLdAudio;
  correction?: JsonLdCorrection[];
}

/** schema.org BlogPosting: one entry of a live blog, as `liveBlogUpdate` lists it. */
export interface JsonLdBlogPosting {
  "@type": "BlogPosting";
  headline: string;
  articleBody: string;
  datePublished: string;
  dateModified: string;
  url: string;
  author?: JsonLdAuthor[];
}

/** schema.org LiveBlogPosting: the story's NewsArticle properties plus the coverage and its updates. */
export interface LiveBlogPostingJsonLd extends Omit<NewsArticleJsonLd, "@type"> {
  "@type": "LiveBlogPosting";
  coverageStartTime: string;
  coverageEndTime?: string;
  liveBlogUpdate?: JsonLdBlogPosting[];
}

/** One published entry, as the JSON-LD builder needs it (url absolute: the blog's page at the entry's anchor). */
export interface LiveBlogUpdateInput {
  url: string;
  headline: string;
  text: string;
  publishedAt: string;
  updatedAt: string;
  bylines: FeedPerson[];
}

export interface LiveBlogInput extends NewsArticleInput {
  coverageStartAt: string | null;
  coverageEndAt: string | null;
  /** Published entries; the newest MAX_LIVE_BLOG_UPDATES are listed. */
  updates: LiveBlogUpdateInput[];
}

/** How many entries `liveBlogUpdate` lists: the newest ones. */
export const MAX_LIVE_BLOG_UPDATES = 20;

export interface NewsArticleInput {
  item: FeedItem;
  publisher: { name: string; url: string; logo?: { url: string; width: number | null; height: number | null } | null };
  dek?: string | null;
}

const text = (value: string | null | undefined): string | undefined =>
  typeof value === "string" && value.trim() !== "" ? value : undefined;

const dimension = (value: number | null): number | undefined =>
  value !== null && Number.isSafeInteger(value) && value > 0 ? value : undefined;

/** Copy of `obj` without its undefined-valued keys, so the output has no `"x": undefined`. */
function compact<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;
}

export function jsonLdAuthor(person: FeedPerson): JsonLdAuthor {
  return compact<JsonLdAuthor>({
    "@type": person.kind === "organization" ? "Organization" : "Person",
    name: person.name,
    url: text(person.url),
  });
}

export function jsonLdImage(image: FeedImage): JsonLdImage {
  return compact<JsonLdImage>({
    "@type": "ImageObject",
    url: image.url,
    width: dimension(image.width),
    height: dimension(image.height),
    caption: text(image.caption),
    creditText: text(image.credit),
    description: text(image.alt),
  });
}

/** Reading time in minutes → ISO 8601 duration ("PT2M"); whole minutes, at least 1. */
export function isoDurationMinutes(minutes: number): string | undefined {
  if (!Number.isFinite(minutes)) return undefined;
  return `PT${Math.max(1, Math.ceil(minutes))}M`;
}

export function newsArticleJsonLd(input: NewsArticleInput): NewsArticleJsonLd {
  const { item, publisher } = input;
  const dek = text(input.dek);
  const dates = pageDates(item.publishedAt, item.updatedAt);
  const logo = publisher.logo && text(publisher.logo.url) ? publisher.logo : null;

  return compact<NewsArticleJsonLd>({
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: item.headline,
    alternativeHeadline: dek,
    description: text(item.summary) ?? dek,
    mainEntityOfPage: item.url,
    url: item.url,
    datePublished: dates.published!,
    dateModified: dates.modified,
    author: item.bylines.length > 0 ? item.bylines.map(jsonLdAuthor) : undefined,
    image: item.image ? [jsonLdImage(item.image)] : undefined,
    articleSection: text(item.section?.name),
    keywords: item.tags.length > 0 ? item.tags.map((t) => t.name) : undefined,
    inLanguage: item.language,
    timeRequired: isoDurationMinutes(item.readingTime),
    publisher: compact<JsonLdPublisher>({
      "@type": "Organization",
      name: publisher.name,
      url: publisher.url,
      logo: logo
        ? compact<JsonLdLogo>({ "@type": "ImageObject", url: logo.url, width: dimension(logo.width), height: dimension(logo.height) })
        : undefined,
    }),
    isAccessibleForFree: true,
    audio: item.audio
      ? compact<JsonLdAudio>({ "@type": "AudioObject", contentUrl: item.audio.url, description: text(item.audio.disclosure) })
      : undefined,
    correction: corrections(item),
  });
}

export function liveBlogPostingJsonLd(input: LiveBlogInput): LiveBlogPostingJsonLd {
  const article = newsArticleJsonLd(input);
  const updates = [...input.updates]
    .sort((a, b) => parseInstant(b.publishedAt) - parseInstant(a.publishedAt))
    .slice(0, MAX_LIVE_BLOG_UPDATES)
    .map((u): JsonLdBlogPosting => {
      const dates = pageDates(u.publishedAt, u.updatedAt);
      return compact<JsonLdBlogPosting>({
        "@type": "BlogPosting",
        headline: u.headline,
        articleBody: u.text,
        datePublished: dates.published!,
        dateModified: dates.modified,
        url: u.url,
        author: u.bylines.length > 0 ? u.bylines.map(jsonLdAuthor) : undefined,
      });
    });
  // RFC 3339 UTC with whole seconds compares as text.
  const dateModified = updates.reduce((a, u) => (u.dateModified > a ? u.dateModified : a), article.dateModified);
  return compact<LiveBlogPostingJsonLd>({
    ...article,
    "@type": "LiveBlogPosting",
    dateModified,
    coverageStartTime: input.coverageStartAt ? toRfc3339(input.coverageStartAt) : article.datePublished,
    coverageEndTime: input.coverageEndAt ? toRfc3339(input.coverageEndAt) : undefined,
    liveBlogUpdate: updates.length > 0 ? updates : undefined,
  });
}

/** The public entries of kind "correction" as CorrectionComments; undefined without any. */
export function corrections(item: FeedItem): JsonLdCorrection[] | undefined {
  const list = (item.amendments ?? []).filter((a) => a.kind === "correction");
  if (list.length === 0) return undefined;
  return list.map((a) => ({ "@type": "CorrectionComment", text: amendmentText(a.body), datePublished: toRfc3339(a.publishedAt) }));
}

const SCRIPT_UNSAFE = /[<>&\u2028\u2029]/;

/**
 * JSON for the body of <script type="application/ld+json">: `<`, `>`, `&`, U+2028 and
 * U+2029 become \uXXXX escapes. Those characters can only occur inside JSON strings, where
 * the escape means the same thing, so JSON.parse returns the original value, while the text
 * can never contain "</script", "<!--" or an HTML character reference.
 * Throws TypeError for values JSON cannot represent (undefined, functions, symbols).
 */
export function jsonLdScript(obj: unknown): string {
  const json = JSON.stringify(obj);
  if (json === undefined) throw new TypeError("jsonLdScript: value is not JSON-serialisable");
  return scriptSafe(json);
}

/** jsonLdScript's escaping of JSON text already written (valid JSON: those characters are inside strings). */
export function scriptSafe(json: string): string {
  // One native pass a character, not a callback for each: a story's answer carries its body HTML,
  // thousands of `<` and `>`, and the callback was most of the cost of writing it out (~2×).
  if (!SCRIPT_UNSAFE.test(json)) return json;
  return json.replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/** The whole element: `<script type="application/ld+json">…</script>`. */
export function jsonLdScriptTag(obj: unknown): string {
  return `<script type="application/ld+json">${jsonLdScript(obj)}</script>`;
}
