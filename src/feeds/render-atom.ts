// Atom 1.0 (RFC 4287) with Media RSS. Atom is the format that can carry each byline as its
// own <author>, in order, with a link — RSS has no such structure.
import { slugify } from "../lib/slug";
import { composeContentHtml } from "./content-html";
import { MEDIA_RSS_NS, mediaContentLines } from "./media-rss";
import type { FeedItem, FeedSite } from "./model";
import { attrs, element, escapeFeedXml, rfc3339Fraction, withMicros } from "./xml";

/**
 * RFC 4287 makes feed-level <updated> mandatory, even for a feed with no entries. The model
 * gives null then (there is no newest change), and "now" would make the feed differ on every
 * request, so we print the Unix epoch: a fixed, obviously-not-real instant.
 */
export const ATOM_EMPTY_UPDATED = "1970-01-01T00:00:00Z";

function linkLine(indent: string, rel: string, type: string, href: string, title?: string | null): string {
  return `${indent}<link${attrs({ rel, type, href, title })}/>`;
}

/** FNV-1a: a small, stable hash of the entry id, so its tie-break never depends on its neighbours. */
function stableMicros(id: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < id.length; k++) h = Math.imul(h ^ id.charCodeAt(k), 0x01000193) >>> 0;
  return h % 1000;
}

/**
 * Each entry's <updated>, distinct within the document. The W3C validator warns when two entries
 * share one value, which happens whenever stories are published or imported in the same second
 * (or, imported, in the same millisecond). The stored milliseconds are kept and each entry adds
 * microseconds from a hash of its id: stable across pages and renders, and always within its own
 * millisecond, so the order of changes is unchanged. Should two entries still collide, the later
 * one in the document steps on by one microsecond (wrapping within the millisecond: a feed page
 * holds at most 100 entries, so a free value is always found, and no instant leaves 0000–9999).
 */
export function distinctUpdated(items: readonly FeedItem[]): string[] {
  const seen = new Set<string>();
  return items.map((item) => {
    let micros = stableMicros(item.id);
    const millis = rfc3339Fraction(item.updatedAt);
    let value = withMicros(millis, micros);
    for (let step = 0; seen.has(value) && step < 1000; step++) {
      micros = (micros + 1) % 1000;
      value = withMicros(millis, micros);
    }
    seen.add(value);
    return value;
  });
}

function entryLines(site: FeedSite, item: FeedItem, updated: string): string[] {
  const i = "    ";
  // xml:lang only where the entry differs from the feed, e.g. a Ukrainian story in an English feed.
  const lang = item.language !== site.language ? { "xml:lang": item.language } : {};
  const lines = [
    `  <entry${attrs(lang)}>`,
    i + element("id", item.id),
    i + element("title", item.headline, { type: "text" }),
    linkLine(i, "alternate", "text/html", item.url),
    i + element("published", rfc3339Fraction(item.publishedAt)),
    i + element("updated", updated),
  ];
  // One <author> per byline, in order: people and desks are bylines in their own right.
  for (const person of item.bylines) {
    lines.push(`${i}<author>`, `${i}  ${element("name", person.name)}`);
    if (person.url) lines.push(`${i}  ${element("uri", person.url)}`);
    lines.push(`${i}</author>`);
  }
  // RFC 4287 requires an author on every entry unless the feed has one; an unbylined story
  // (e.g. an obituary notice) is credited to the site instead of making the feed invalid.
  if (item.bylines.length === 0) lines.push(`${i}<author>`, `${i}  ${element("name", site.authorName ?? site.title)}`, `${i}</author>`);
  // Section first, then tags in order. Sections carry no slug in the model, so the term is
  // derived the same way tag slugs are; a non-Latin name that slugifies to "" keeps its name.
  if (item.section) {
    lines.push(`${i}<category${attrs({ term: slugify(item.section.name) || item.section.name, label: item.section.name })}/>`);
  }
  for (const tag of item.tags) lines.push(`${i}<category${attrs({ term: tag.slug, label: tag.name })}/>`);
  // Always a summary (the excerpt when the story has none), as plain text: type="text" tells
  // readers not to decode it as HTML, so one XML escape is the whole story.
  lines.push(i + element("summary", item.description, { type: "text" }));
  lines.push(`${i}<content type="html">${escapeFeedXml(composeContentHtml(item))}</content>`);
  if (item.image) lines.push(...mediaContentLines(item.image, i));
  if (item.audio) lines.push(linkLine(i, "enclosure", "audio/mpeg", item.audio.url, item.audio.disclosure));
  lines.push("  </entry>");
  return lines;
}

/**
 * One entry as renderAtom prints it, given its distinct <updated> (distinctUpdated): depends on the
 * item, that value, the site's language and, for an entry without bylines, the feed's author name.
 */
export const atomEntryText = (site: FeedSite, item: FeedItem, updated: string): string => entryLines(site, item, updated).join("\n");

/**
 * Render an Atom 1.0 document. Entries are printed in the order given. `entryText` may hand back an
 * entry's text rendered before (src/public/feed-item-cache.ts); it must be what atomEntryText gives.
 */
export function renderAtom(site: FeedSite, items: readonly FeedItem[], entryText: (site: FeedSite, item: FeedItem, updated: string, index: number) => string = atomEntryText): string {
  const f = "  ";
  const updated = distinctUpdated(items);
  // The newest of the entries' own values and the site's newest change (one width, so strings
  // compare as instants); the epoch for a feed with neither.
  const candidates = site.updated !== null ? [...updated, rfc3339Fraction(site.updated, 0)] : updated;
  const feedUpdated = candidates.reduce<string | null>((a, u) => (a === null || u > a ? u : a), null) ?? ATOM_EMPTY_UPDATED;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed${attrs({ xmlns: "http://www.w3.org/2005/Atom", "xmlns:media": MEDIA_RSS_NS, "xml:lang": site.language })}>`,
    // The feed URL is the feed's identity: stable, unique, and already an IRI.
    f + element("id", site.feedUrl),
    f + element("title", site.title, { type: "text" }),
    f + element("subtitle", site.description, { type: "text" }),
    f + element("updated", feedUpdated),
    linkLine(f, "alternate", "text/html", site.homeUrl),
    linkLine(f, "self", "application/atom+xml", site.feedUrl),
  ];
  // WebSub discovery (§4): each hub beside rel="self", which names the topic to subscribe to.
  for (const hub of site.hubs ?? []) lines.push(`${f}<link${attrs({ rel: "hub", href: hub })}/>`);
  // RFC 5005 paging: rel="next" points at older entries; absent on the last page.
  if (site.nextUrl !== null) lines.push(linkLine(f, "next", "application/atom+xml", site.nextUrl));
  lines.push(f + element("generator", "Copydesk"));
  if (site.iconUrl) lines.push(f + element("icon", site.iconUrl));
  items.forEach((item, k) => lines.push(entryText(site, item, updated[k]!, k)));
  lines.push("</feed>", "");
  return lines.join("\n");
}
