// RSS 2.0 (https://www.rssboard.org/rss-specification) with the content, dc, atom and media
// namespaces. Pure: the same (site, items) always gives the same bytes, so caches and
// conditional requests work and an unchanged feed never looks "new" to a reader.
import { formatByline } from "../lib/byline";
import { composeContentHtml } from "./content-html";
import { MEDIA_RSS_NS, mediaContentLines } from "./media-rss";
import type { FeedItem, FeedSite } from "./model";
import { attrs, cdata, element, htmlTextElement, rfc822 } from "./xml";

const NAMESPACES = {
  version: "2.0",
  "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
  "xmlns:dc": "http://purl.org/dc/elements/1.1/",
  "xmlns:atom": "http://www.w3.org/2005/Atom",
  "xmlns:media": MEDIA_RSS_NS,
};

function itemLines(site: FeedSite, item: FeedItem): string[] {
  const i = "      ";
  const lines = [
    "    <item>",
    // Title and description are read as HTML by many readers (see htmlTextForXml): a headline
    // is plain text, so it is escaped for HTML before XML, and reaches the reader as text.
    i + htmlTextElement("title", item.headline),
    i + element("link", item.url),
    // The id, not the URL: URLs change when a slug or section is edited, and a changed guid
    // makes every reader show the story again as new.
    i + element("guid", item.id, { isPermaLink: "false" }),
    i + element("pubDate", rfc822(item.publishedAt)),
  ];
  // One dc:creator holding the whole byline: readers given several creators typically show
  // only the first (or reorder them), and a desk byline would then vanish from the story.
  const byline = formatByline(item.bylines.map((b) => b.name));
  if (byline) lines.push(i + element("dc:creator", byline));
  // Section first, then tags in editorial order (the first tag is the primary one).
  if (item.section) lines.push(i + element("category", item.section.name));
  for (const tag of item.tags) lines.push(i + element("category", tag.name));
  // Always present: the W3C validator flags content:encoded without a description before it.
  lines.push(i + htmlTextElement("description", item.description));
  // RSS has no per-item language; Dublin Core's does, for a story unlike the channel's.
  if (item.language !== site.language) lines.push(i + element("dc:language", item.language));
  lines.push(`${i}<content:encoded>${cdata(composeContentHtml(item))}</content:encoded>`);
  if (item.image) lines.push(...mediaContentLines(item.image, i));
  if (item.audio) {
    // RSS requires a length; we do not store the file size, and 0 is the value the RSS
    // Advisory Board recommends when it is unknown.
    lines.push(`${i}<enclosure${attrs({ url: item.audio.url, type: "audio/mpeg", length: 0 })}/>`);
  }
  lines.push("    </item>");
  return lines;
}

/** One item's lines, as renderRss prints them: depends on the item and the site's language only. */
export const rssItemText = (site: FeedSite, item: FeedItem): string => itemLines(site, item).join("\n");

/**
 * Render an RSS 2.0 document. Items are printed in the order given (newest first is the caller's job).
 * `itemText` may hand back an item's text rendered before (src/public/feed-item-cache.ts); it must be
 * what rssItemText gives for the same item and site language.
 */
export function renderRss(site: FeedSite, items: readonly FeedItem[], itemText: (site: FeedSite, item: FeedItem, index: number) => string = rssItemText): string {
  const c = "    ";
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<rss${attrs(NAMESPACES)}>`,
    "  <channel>",
    c + htmlTextElement("title", site.title),
    c + element("link", site.homeUrl),
    c + htmlTextElement("description", site.description),
    c + element("language", site.language),
  ];
  // From the newest change shown, never the clock, so two renders of one feed are identical.
  if (site.updated !== null) lines.push(c + element("lastBuildDate", rfc822(site.updated)));
  lines.push(c + element("generator", "Copydesk"));
  lines.push(`${c}<atom:link${attrs({ href: site.feedUrl, rel: "self", type: "application/rss+xml" })}/>`);
  // WebSub discovery (§4): RSS has no link element of its own for it, Atom's is the convention.
  for (const hub of site.hubs ?? []) lines.push(`${c}<atom:link${attrs({ href: hub, rel: "hub" })}/>`);
  // RFC 5005 paging, so a reader that missed a day can walk back to older items.
  if (site.nextUrl !== null) {
    lines.push(`${c}<atom:link${attrs({ href: site.nextUrl, rel: "next", type: "application/rss+xml" })}/>`);
  }
  if (site.iconUrl) {
    lines.push(`${c}<image>`, `${c}  ${element("url", site.iconUrl)}`, `${c}  ${htmlTextElement("title", site.title)}`, `${c}  ${element("link", site.homeUrl)}`, `${c}</image>`);
  }
  items.forEach((item, k) => lines.push(itemText(site, item, k)));
  lines.push("  </channel>", "</rss>", "");
  return lines.join("\n");
}
