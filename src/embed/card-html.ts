// The embed card (`/embed/v1/article/{slug}`): a small, complete HTML page for an <iframe> on any
// site (the oEmbed `html`, src/embed/oembed.ts). No script at all; its one <style> is allowed by the
// hash of its exact text, so the page's CSP can say `default-src 'none'`. Pure: the route gathers
// the story, the site's name and the newsroom's time zone.
import { escapeHtml } from "../body/render-html";
import { textDirection } from "../lib/text-direction";
import type { FeedItem } from "../feeds/model";
import { formatByline } from "../lib/byline";

export type CardItem = Pick<FeedItem, "url" | "headline" | "bylines" | "section" | "image" | "publishedAt" | "language">;

export interface CardInput {
  item: CardItem;
  siteName: string;
  /** NEWSROOM_TIME_ZONE: the date is the newsroom's, as its editors see it. */
  timeZone: string;
  /** The oEmbed discovery URLs for this story (oembedUrl() in src/embed/links.ts). */
  oembed: { json: string; xml: string };
  /** The story's canonical URL when its SEO fields name one elsewhere (as `share.url`); else its page. */
  canonical?: string | null;
}

export { textDirection } from "../lib/text-direction";

/** A `lang` attribute we can vouch for: the story's tag when it is well formed, else "und". */
export const langAttribute = (language: string) => (/^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/.test(language) ? language : "und");

/** "1 November 2024 at 23:34" in the story's language and the newsroom's zone; UTC or English when either is unusable. */
export function humanDate(iso: string, language: string, timeZone: string): string {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return "";
  const opts: Intl.DateTimeFormatOptions = { dateStyle: "long", timeStyle: "short" };
  for (const [lang, zone] of [[language, timeZone], ["en", timeZone], ["en", "UTC"]] as const) {
    try {
      return new Intl.DateTimeFormat(lang, { ...opts, timeZone: zone }).format(when);
    } catch {
      // RangeError: an unknown zone or a malformed tag. Try the next, plainer pair.
    }
  }
  return iso;
}

// Logical properties throughout (inline-start, not left), so dir="rtl" mirrors the card by itself;
// the site's name and the date are isolated, so a Latin name beside an Arabic date keeps its order.
// Fits any frame: the text column clamps the headline and byline, nothing sets a width, and below
// 360 px the picture gives way to the text.
export const CARD_CSS = `:root{color-scheme:light dark;--fg:#1b1b1b;--muted:#595959;--bg:#fff;--line:#d6d6d6;--accent:#0b57d0}
@media (prefers-color-scheme:dark){:root{--fg:#f1f1f1;--muted:#b4b4b4;--bg:#171717;--line:#3d3d3d;--accent:#8ab4f8}}
*{box-sizing:border-box}
html,body{margin:0;height:100%;overflow:hidden;background:var(--bg);color:var(--fg)}
body{font:14px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
.card{position:relative;display:flex;gap:12px;height:100%;padding:12px;border:1px solid var(--line);border-radius:8px;overflow:hidden}
.media{flex:0 0 34%;max-inline-size:220px;margin:0;display:flex;flex-direction:column;gap:4px;min-inline-size:0;min-block-size:0}
.media img{display:block;inline-size:100%;block-size:auto;flex:1 1 0;min-block-size:0;object-fit:cover;border-radius:4px;background:var(--line)}
.media figcaption{font-size:11px;color:var(--muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.text{flex:1 1 auto;min-inline-size:0;display:flex;flex-direction:column;gap:4px;overflow:hidden}
.section{margin:0;font-size:12px;font-weight:600;letter-spacing:.03em;color:var(--accent);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
h1{margin:0;font-size:18px;line-height:1.25;display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:3;overflow:hidden;overflow-wrap:anywhere}
h1 a{color:inherit;text-decoration:none}
h1 a::after{content:"";position:absolute;inset:0}
h1 a:hover,h1 a:focus-visible{text-decoration:underline}
a:focus-visible{outline:2px solid var(--accent);outline-offset:2px}
.byline{margin:0;color:var(--muted);display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2;overflow:hidden;overflow-wrap:anywhere}
.meta{margin:auto 0 0;font-size:12px;color:var(--muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.meta>*{unicode-bidi:isolate}
@media (max-width:360px){.media{display:none}}
`;

const hashes = new Map<string, Promise<string>>();
/** A CSP source for this exact style text (`'sha256-…'`), computed once per isolate. */
export function styleHashSource(css: string): Promise<string> {
  let p = hashes.get(css);
  if (!p) {
    p = crypto.subtle.digest("SHA-256", new TextEncoder().encode(css)).then((d) => `'sha256-${btoa(String.fromCharCode(...new Uint8Array(d)))}'`);
    hashes.set(css, p);
  }
  return p;
}

/**
 * The card's CSP. Images come from this Worker (`/media/{id}`), which sends an image an import left
 * at its old address there by redirect: https only. Anyone may frame it (`frame-ancestors *`:
 * src/http/security-headers.ts then sends no X-Frame-Options); nothing else is allowed at all.
 */
export const cardCsp = (workerOrigin: string, styleHash: string) =>
  `default-src 'none'; img-src ${workerOrigin} https:; style-src ${styleHash}; base-uri 'none'; form-action 'none'; frame-ancestors *`;

const attr = escapeHtml;
const text = escapeHtml;

export function renderCard({ item, siteName, timeZone, oembed, canonical }: CardInput): string {
  const lang = langAttribute(item.language);
  const dir = textDirection(item.language);
  const byline = formatByline(item.bylines.map((b) => b.name));
  const img = item.image;
  const isPixels = (n: number | null) => typeof n === "number" && Number.isInteger(n) && n > 0;
  const figure = img
    ? `<figure class="media"><img src="${attr(img.url)}" alt="${attr(img.alt)}"${isPixels(img.width) ? ` width="${img.width}"` : ""}${isPixels(img.height) ? ` height="${img.height}"` : ""} decoding="async">` +
      (img.credit?.trim() ? `<figcaption>${text(img.credit.trim())}</figcaption>` : "") +
      `</figure>`
    : "";
  const date = humanDate(item.publishedAt, item.language, timeZone);
  return `<!doctype html>
<html lang="${attr(lang)}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="color-scheme" content="light dark">
<title>${text(item.headline)} – ${text(siteName)}</title>
<link rel="canonical" href="${attr(canonical ?? item.url)}">
<link rel="alternate" type="application/json+oembed" href="${attr(oembed.json)}" title="${attr(item.headline)}">
<link rel="alternate" type="text/xml+oembed" href="${attr(oembed.xml)}" title="${attr(item.headline)}">
<style>${CARD_CSS}</style>
</head>
<body>
<article class="card">
${figure}<div class="text">
${item.section ? `<p class="section">${text(item.section.name)}</p>\n` : ""}<h1><a href="${attr(item.url)}" target="_blank" rel="noopener">${text(item.headline)}</a></h1>
${byline ? `<p class="byline">${text(byline)}</p>\n` : ""}<p class="meta"><span class="site">${text(siteName)}</span>${date ? ` · <time datetime="${attr(item.publishedAt)}">${text(date)}</time>` : ""}</p>
</div>
</article>
</body>
</html>
`;
}
