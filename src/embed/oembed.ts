// oEmbed 1.0 (https://oembed.com/) for one published story: a `rich` answer whose `html` is an
// <iframe> of our card page (src/embed/card-html.ts), so the consumer's page runs nothing of ours and
// the card keeps its own CSP. Pure: the route (src/embed/routes.ts) gathers the story and the site.
import * as v from "valibot";
import { escapeHtml } from "../body/render-html";
import type { FeedItem } from "../feeds/model";
import { formatByline } from "../lib/byline";
import { MAX_URL_LENGTH } from "./article-url";
import { escapeSitemapXml } from "../seo/xml-escape";

/** The card's width when the consumer sets no `maxwidth`: a common column width. */
export const DEFAULT_WIDTH = 560;
/**
 * The card's height (src/embed/card-html.ts lays it out for this at any width: headline on three
 * lines at most, byline on two, footer on one). A smaller `maxheight` gets a smaller frame, which
 * the card fills without overflowing (it clips the headline earlier).
 */
export const CARD_HEIGHT = 200;
/** How long a consumer may keep this answer, in seconds. The card inside the frame is always live. */
export const CACHE_AGE = 3600;
/**
 * The largest `maxwidth`/`maxheight` read (nine digits): they are maxima, so any larger limit than
 * the card needs simply leaves it at its own size; the bound only keeps the number a number.
 */
export const MAX_DIMENSION = 999_999_999;
/** The sandbox the frame gets: no script, no same-origin; links may open the story in a new tab or, on a click, the top window. */
export const IFRAME_SANDBOX = "allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation";

const dimension = (name: string) =>
  v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,9}$/, "Use a whole number of pixels, at least 1."),
      v.transform(Number),
      v.minValue(1, "Use a whole number of pixels, at least 1."),
      v.maxValue(MAX_DIMENSION, `At most ${MAX_DIMENSION}.`),
      v.description(`The largest ${name} the consumer can show, in pixels (a whole number, at least 1). The answer's \`${name}\` never exceeds it, and a thumbnail that would is left out.`),
    ),
  );

export const OEmbedQuery = v.object({
  url: v.pipe(
    v.string(),
    v.minLength(1, "Give the URL of a story's page (or of its embed card)."),
    v.maxLength(MAX_URL_LENGTH, `At most ${MAX_URL_LENGTH} characters: no story's address is longer.`),
    v.description("The story's page on the site (`PUBLIC_SITE_URL` + `ARTICLE_URL_PATTERN`, as the content API's `url`), or its card `/embed/v1/article/{slug}`. A query string, fragment or trailing slash is ignored, and so is http for https."),
  ),
  // oEmbed's 501 is for a provider that lacks one of the spec's two formats ("doesn't support XML").
  // Both are served here, so that case never arises; any other value is a malformed request: 400
  // naming the field, as for every input (a client's input never gets a 5xx from us).
  format: v.optional(v.pipe(v.picklist(["json", "xml"], "Use format=json or format=xml."), v.description("`json` (the default) or `xml`, the two formats oEmbed defines; anything else is 400."))),
  maxwidth: dimension("width"),
  maxheight: dimension("height"),
});
export type OEmbedQuery = v.InferOutput<typeof OEmbedQuery>;

const px = (description: string) => v.pipe(v.number(), v.integer(), v.minValue(1), v.description(description));

/** The answer, in the spec's field names. Thumbnail fields come all three or not at all. */
export const OEmbedView = v.pipe(
  v.object({
    type: v.literal("rich"),
    version: v.literal("1.0"),
    title: v.pipe(v.string(), v.description("The headline.")),
    author_name: v.optional(v.pipe(v.string(), v.description('The whole byline, in order: "A and B", "A, B and C".'))),
    author_url: v.optional(v.pipe(v.string(), v.description("The first byline's page on the site."))),
    provider_name: v.pipe(v.string(), v.description("The newsroom's name (its settings' title).")),
    provider_url: v.pipe(v.string(), v.description("The site's home page.")),
    cache_age: v.pipe(v.number(), v.integer(), v.description("Seconds a consumer may keep this answer.")),
    thumbnail_url: v.optional(v.pipe(v.string(), v.description("The featured image, when its size is known and fits `maxwidth`/`maxheight`."))),
    thumbnail_width: v.optional(px("The thumbnail's width.")),
    thumbnail_height: v.optional(px("The thumbnail's height.")),
    html: v.pipe(v.string(), v.description("An `<iframe>` of the story's card page (`/embed/v1/article/{slug}`): sandboxed, lazy, no script.")),
    width: px("The frame's width: 560, or `maxwidth` when smaller."),
    height: px("The frame's height: 200, or `maxheight` when smaller."),
  }),
  v.description("An oEmbed 1.0 `rich` response."),
);
export type OEmbed = v.InferOutput<typeof OEmbedView>;

export interface OEmbedInput {
  item: Pick<FeedItem, "headline" | "bylines" | "image">;
  /** The story's card page (cardUrl() in src/embed/links.ts). */
  cardUrl: string;
  provider: { name: string; url: string };
  maxwidth?: number | undefined;
  maxheight?: number | undefined;
}

const isPixels = (n: number | null | undefined): n is number => typeof n === "number" && Number.isInteger(n) && n > 0;

/** The frame's size: ours, shrunk to what the consumer allows (the spec says providers must). */
export function frameSize(maxwidth?: number, maxheight?: number) {
  return { width: Math.min(DEFAULT_WIDTH, maxwidth ?? Infinity), height: Math.min(CARD_HEIGHT, maxheight ?? Infinity) };
}

/** The markup consumers paste: one <iframe>, every attribute quoted and escaped, no style, no script. */
export function iframeHtml(cardUrl: string, title: string, width: number, height: number): string {
  return (
    `<iframe class="copydesk-embed" src="${escapeHtml(cardUrl)}" width="${width}" height="${height}" title="${escapeHtml(title)}"` +
    // frameborder="0": without it browsers draw a 2 px border, and the frame takes 4 px more than
    // the width and height we answer (and than maxwidth). An attribute, not a style: a host page's
    // CSP without 'unsafe-inline' would drop a style attribute, and WordPress keeps this one.
    ` frameborder="0" loading="lazy" referrerpolicy="strict-origin-when-cross-origin" sandbox="${IFRAME_SANDBOX}"></iframe>`
  );
}

export function buildOEmbed({ item, cardUrl, provider, maxwidth, maxheight }: OEmbedInput): OEmbed {
  const { width, height } = frameSize(maxwidth, maxheight);
  const byline = formatByline(item.bylines.map((b) => b.name));
  const authorUrl = item.bylines[0]?.url;
  const img = item.image;
  // We cannot resize an image, so a thumbnail is offered only at its real size, and only where it fits.
  const thumb =
    img && isPixels(img.width) && isPixels(img.height) && img.width <= (maxwidth ?? Infinity) && img.height <= (maxheight ?? Infinity)
      ? { thumbnail_url: img.url, thumbnail_width: img.width, thumbnail_height: img.height }
      : {};
  return {
    type: "rich",
    version: "1.0",
    title: item.headline,
    ...(byline ? { author_name: byline } : {}),
    ...(authorUrl ? { author_url: authorUrl } : {}),
    provider_name: provider.name,
    provider_url: provider.url,
    cache_age: CACHE_AGE,
    ...thumb,
    html: iframeHtml(cardUrl, item.headline, width, height),
    width,
    height,
  };
}

/** The spec's XML form: one element per field, in the JSON's order, every value escaped. */
export function oembedXml(o: OEmbed): string {
  const fields = Object.entries(o)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `  <${name}>${escapeSitemapXml(String(value))}</${name}>`);
  return `<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n<oembed>\n${fields.join("\n")}\n</oembed>\n`;
}
