// Atom 1.0 (RFC 4287) with Media RSS. Atom is the format that can carry each byline as its
// own <author>, in order, with a link — RSS has no such structure.
import { slugify } from "../lib/slug";
import { composeContentHtml } from "./content-html";
import { MEDIA_RSS_NS, mediaContentLines } from "./media-rss";
import type { FeedItem, FeedSite } from "./model";
import { attrs, element, escapeXml, rfc3339 } from "./xml";

/**
 * RFC 4287 makes feed-level <updated> mandatory, even for a feed with no entries. The model
 * gives null then (there is no newest change), and "now" would make the feed differ on every
 * request, so we print the Unix epoch: a fixed, obviously-not-real instant.
 */
export const ATOM_EMPTY_UPDATED = "1970-01-01T00:00:00Z";

function linkLine(indent: string, rel: string, type: string, href: string, title?: string | null): string {
  return `${indent}<link${attrs({ rel, type, href, title })}/>`;
}

function entryLines(site: FeedSite, item: FeedItem): string[] {
  const i = "    ";
  // xml:lang only where the entry differs from the feed, e.g. a Ukrainian story in an English feed.
  const lang = item.language !== site.language ? { "xml:lang": item.language } : {};
  const lines = [
    `  <entry${attrs(lang)}>`,
    i + element("id", item.id),
    i + element("title", item.headline, { type: "text" }),
    linkLine(i, "alternate", "text/html", item.url),
    i + element("published", rfc3339(item.publishedAt)),
    i + element("updated", rfc3339(item.updatedAt)),
  ];
  // One <author> per byline, in order: people and desks are bylines in their own right.
  for (const person of item.bylines) {
    lines.push(`${i}<author>`, `${i}  ${element("name", person.name)}`);
    if (person.url) lines.push(`${i}  ${element("uri", person.url)}`);
    lines.push(`${i}</author>`);
  }
  // RFC 4287 requires an author on every entry unless the feed has one; an unbylined story
  // (e.g. an obituary notice) is credited to the site instead of making the feed invalid.
  if (item.bylines.length === 0) lines.push(`${i}<author>`, `${i}  ${element("name", site.title)}`, `${i}</author>`);
  // Section first, then tags in order. Sections carry no slug in the model, so the term is
  // derived the same way tag slugs are; a non-Latin name that slugifies to "" keeps its name.
  if (item.section) {
    lines.push(`${i}<category${attrs({ term: slugify(item.section.name) || item.section.name, label: item.section.name })}/>`);
  }
  for (const tag of item.tags) lines.push(`${i}<category${attrs({ term: tag.slug, label: tag.name })}/>`);
  if (item.summary !== null) lines.push(i + element("summary", item.summary, { type: "text" }));
  lines.push(`${i}<content type="html">${escapeXml(composeContentHtml(item))}</content>`);
  if (item.image) lines.push(...mediaContentLines(item.image, i));
  if (item.audio) lines.push(linkLine(i, "enclosure", "audio/mpeg", item.audio.url, item.audio.disclosure));
  lines.push("  </entry>");
  return lines;
}

/** Render an Atom 1.0 document. Entries are printed in the order given. */
export function renderAtom(site: FeedSite, items: readonly FeedItem[]): string {
  const f = "  ";
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<feed${attrs({ xmlns: "http://www.w3.org/2005/Atom", "xmlns:media": MEDIA_RSS_NS, "xml:lang": site.language })}>`,
    // The feed URL is the feed's identity: stable, unique, and already an IRI.
    f + element("id", site.feedUrl),
    f + element("title", site.title, { type: "text" }),
    f + element("subtitle", site.description, { type: "text" }),
    f + element("updated", site.updated !== null ? rfc3339(site.updated) : ATOM_EMPTY_UPDATED),
    linkLine(f, "alternate", "text/html", site.homeUrl),
    linkLine(f, "self", "application/atom+xml", site.feedUrl),
  ];
  // RFC 5005 paging: rel="next" points at older entries; absent on the last page.
  if (site.nextUrl !== null) lines.push(linkLine(f, "next", "application/atom+xml", site.nextUrl));
  lines.push(f + element("generator", "Copydesk"));
  if (site.iconUrl) lines.push(f + element("icon", site.iconUrl));
  for (const item of items) lines.push(...entryLines(site, item));
  lines.push("</feed>", "");
  return lines.join("\n");
}
