// JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) plus a `_copydesk` extension that
// carries what the standard fields flatten away: byline kinds and roles, tag slugs, the
// image's alt/caption/credit, the audio disclosure and the related stories.
//
// Objects are built as literals in a fixed key order and optional keys are added only when
// they have a value, so the output is byte-stable and never contains `"key": undefined`.
import { formatByline } from "../lib/byline";
import { composeContentHtml } from "./content-html";
import type * as v from "valibot";
import type { AmendmentExtension, CopydeskExtension, CorrectionsJsonFeedItemOut, JsonFeed, JsonFeedItemOut, LiveEntryExtension, LiveJsonFeedItemOut, RelatedArticle, RelatedExternal } from "./json-feed-schema";
import type { FeedItem, FeedPerson, FeedRelated, FeedSite } from "./model";
import { rfc3339Fraction, stripControlChars } from "./xml";

export const JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1";

/**
 * Where the `_copydesk` extension is documented. The JSON Feed spec asks every extension
 * object to carry an `about` URL so a developer who meets it can look it up.
 */
export const COPYDESK_EXTENSION_ABOUT = "https://github.com/copydesk/copydesk#json-feed-extension";

function author(person: FeedPerson): NonNullable<JsonFeedItemOut["authors"]>[number] {
  return {
    name: person.name,
    ...(person.url ? { url: person.url } : {}),
    ...(person.avatarUrl ? { avatar: person.avatarUrl } : {}),
  };
}

function relatedExtension(related: FeedRelated): v.InferOutput<typeof RelatedArticle> | v.InferOutput<typeof RelatedExternal> {
  if (related.kind === "article") {
    return {
      kind: "article" as const,
      id: related.id,
      url: related.url,
      headline: related.headline,
      summary: related.summary,
      byline: formatByline(related.bylines),
      bylines: related.bylines,
      image_url: related.imageUrl,
    };
  }
  return { kind: "external" as const, url: related.url, title: related.title, summary: related.summary, source: related.source };
}

/** `_copydesk`: every key always present (null when empty) so consumers need no existence checks. */
function extension(item: FeedItem): v.InferOutput<typeof CopydeskExtension> {
  const { image, audio } = item;
  return {
    about: COPYDESK_EXTENSION_ABOUT,
    dek: item.dek,
    byline: formatByline(item.bylines.map((b) => b.name)),
    bylines: item.bylines.map((b) => ({ name: b.name, kind: b.kind, role: b.role, url: b.url })),
    section: item.section ? { name: item.section.name, url: item.section.url } : null,
    tags: item.tags.map((t) => ({ name: t.name, slug: t.slug })),
    reading_time: item.readingTime,
    image: image
      ? { url: image.url, width: image.width, height: image.height, alt: image.alt, caption: image.caption, credit: image.credit }
      : null,
    audio: audio ? { url: audio.url, disclosure: audio.disclosure } : null,
    related: item.related.map(relatedExtension),
  };
}

/** An amendment's `_copydesk` (the corrections feeds): its kind and the story it amends, nothing invented. */
const amendmentExtension = (of: NonNullable<FeedItem["amendmentOf"]>): v.InferOutput<typeof AmendmentExtension> => ({
  about: COPYDESK_EXTENSION_ABOUT,
  kind: of.kind,
  article: { id: of.article.id, url: of.article.url },
});

/** A live blog entry's `_copydesk` (a blog's own feeds): its blog and the desk's marks, nothing a story has. */
const liveEntryExtension = (of: NonNullable<FeedItem["liveEntryOf"]>): v.InferOutput<typeof LiveEntryExtension> => ({
  about: COPYDESK_EXTENSION_ABOUT,
  live_blog: { id: of.blog.id, url: of.blog.url },
  key_event: of.keyEvent,
  pinned: of.pinned,
});

type AnyItem = JsonFeedItemOut | CorrectionsJsonFeedItemOut | LiveJsonFeedItemOut;

function jsonItem(item: FeedItem): AnyItem {
  const base = standardFields(item);
  if (item.amendmentOf) return { ...base, _copydesk: amendmentExtension(item.amendmentOf) };
  if (item.liveEntryOf) return { ...base, _copydesk: liveEntryExtension(item.liveEntryOf) };
  return { ...base, _copydesk: extension(item) };
}

function standardFields(item: FeedItem): Omit<JsonFeedItemOut, "_copydesk"> {
  // Section first, then tags in order, matching the RSS categories and Atom categories.
  const tags = [...(item.section ? [item.section.name] : []), ...item.tags.map((t) => t.name)];
  return {
    id: item.id,
    url: item.url,
    title: item.headline,
    // Plain text by the spec (title too): readers must not decode it as HTML. Always present,
    // the excerpt standing in for a story without a summary.
    summary: item.description,
    content_html: composeContentHtml(item),
    // RFC 3339 with the stored milliseconds, so stories of the same second stay apart.
    date_published: rfc3339Fraction(item.publishedAt),
    date_modified: rfc3339Fraction(item.updatedAt),
    // One author per byline, in order (JSON Feed 1.1 `authors`; the 1.0 `author` is deprecated).
    ...(item.bylines.length > 0 ? { authors: item.bylines.map(author) } : {}),
    ...(tags.length > 0 ? { tags } : {}),
    language: item.language,
    ...(item.image ? { image: item.image.url } : {}),
    ...(item.audio
      ? {
          attachments: [
            {
              url: item.audio.url,
              mime_type: "audio/mpeg",
              ...(item.audio.disclosure ? { title: item.audio.disclosure } : {}),
            },
          ],
        }
      : {}),
  };
}

// Control characters are legal in JSON (as \u escapes) but not in the HTML and XML that
// readers build from it; strip them so all three feeds carry the same text.
const stripStrings = (_key: string, value: unknown): unknown => (typeof value === "string" ? stripControlChars(value) : value);

/**
 * One item as renderJsonFeed prints it inside `items` (indented two levels): depends on the item
 * alone. JSON strings hold no raw newline, so every line break is the pretty-printer's own.
 */
export const jsonFeedItemText = (item: FeedItem): string => JSON.stringify(jsonItem(item), stripStrings, 2).replace(/\n/g, "\n    ");

/**
 * Render a JSON Feed 1.1 document, pretty-printed with two spaces. Items in the order given.
 * `itemText` may hand back an item's text rendered before (src/public/feed-item-cache.ts); it must be
 * what jsonFeedItemText gives for the same item.
 */
export function renderJsonFeed(site: FeedSite, items: readonly FeedItem[], itemText: (item: FeedItem, index: number) => string = jsonFeedItemText): string {
  // Top-level `authors` is omitted on purpose: a newsroom feed has many authors, and readers
  // fall back to the feed's authors for items that lack their own, which would misattribute.
  const feed: Omit<JsonFeed, "items"> & { items: AnyItem[] } = {
    version: JSON_FEED_VERSION,
    title: site.title,
    home_page_url: site.homeUrl,
    feed_url: site.feedUrl,
    description: site.description,
    language: site.language,
    ...(site.nextUrl !== null ? { next_url: site.nextUrl } : {}),
    ...(site.iconUrl ? { icon: site.iconUrl } : {}),
    // JSON Feed 1.1 `hubs`: the WebSub hubs to subscribe to `feed_url` through.
    ...(site.hubs?.length ? { hubs: site.hubs.map((url) => ({ type: "WebSub" as const, url })) } : {}),
    items: [],
  };
  const head = JSON.stringify(feed, stripStrings, 2);
  if (!items.length) return head;
  // `"items": []` ends the document: the items go between its brackets as JSON.stringify would put them.
  return `${head.slice(0, -"[]\n}".length)}[\n    ${items.map(itemText).join(",\n    ")}\n  ]\n}`;
}
