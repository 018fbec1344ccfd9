// The HTML a feed reader shows as the article: featured image, body, related stories.
//
// The body renderer leaves the figure and the related list to the page template; a feed has
// no template, so without this a reader would show neither the photo's credit nor the
// related stories the editors picked. Every value is escaped here; the body is already safe.
import { escapeHtml } from "../body/render-html";
import { amendmentsBlockHtml } from "../amendments/doc";
import { formatByline } from "../lib/byline";
import type { FeedImage, FeedItem, FeedRelated } from "./model";

function figure(image: FeedImage): string {
  const attrs = [`src="${escapeHtml(image.url)}"`, `alt="${escapeHtml(image.alt)}"`];
  // Dimensions let readers reserve space before the image loads; omitted when unknown.
  if (image.width !== null) attrs.push(`width="${image.width}"`);
  if (image.height !== null) attrs.push(`height="${image.height}"`);
  const captionParts: string[] = [];
  if (image.caption) captionParts.push(escapeHtml(image.caption));
  if (image.credit) captionParts.push(`<span class="credit">${escapeHtml(image.credit)}</span>`);
  const figcaption = captionParts.length > 0 ? `<figcaption>${captionParts.join(" ")}</figcaption>` : "";
  return `<figure><img ${attrs.join(" ")}>${figcaption}</figure>`;
}

function relatedItem(related: FeedRelated): string {
  if (related.kind === "article") {
    let li = `<a href="${escapeHtml(related.url)}">${escapeHtml(related.headline)}</a>`;
    if (related.summary) li += ` — ${escapeHtml(related.summary)}`;
    const byline = formatByline(related.bylines);
    if (byline) li += ` (By ${escapeHtml(byline)})`;
    return `<li>${li}</li>`;
  }
  // External links name their source so a reader knows they are leaving the site.
  let li = `<a href="${escapeHtml(related.url)}">${escapeHtml(related.title)}</a>`;
  if (related.source) li += ` <span class="source">${escapeHtml(related.source)}</span>`;
  if (related.summary) li += ` — ${escapeHtml(related.summary)}`;
  return `<li>${li}</li>`;
}

/** Featured figure + body + "Related stories" list + the amendments block, as one HTML string (newline-separated blocks). */
export function composeContentHtml(item: FeedItem): string {
  const parts: string[] = [];
  if (item.image) parts.push(figure(item.image));
  if (item.bodyHtml) parts.push(item.bodyHtml);
  if (item.related.length > 0) {
    parts.push("<h2>Related stories</h2>");
    parts.push(`<ul class="related">\n${item.related.map(relatedItem).join("\n")}\n</ul>`);
  }
  // Corrections last, as on the page: a reader of the feed is told what changed, too.
  const amendments = amendmentsBlockHtml(item.amendments ?? []);
  if (amendments) parts.push(amendments);
  return parts.join("\n");
}
