/**
 * Sitemaps for discovery: sitemaps.org 0.9 urlsets and sitemap indexes, and Google News
 * sitemaps. Pure renderers (no I/O, no clock): the same input gives byte-identical output.
 *
 * Callers pass absolute, already-canonical URLs; the renderer escapes them for XML but does
 * not rewrite them. sitemaps.org also caps a file at 50 MB uncompressed and a URL at 2,048
 * characters; at news-site URL lengths 50,000 entries stay far below 50 MB, so only the
 * entry count is enforced here.
 */
import { escapeSitemapXml } from "./xml-escape";
import { toRfc3339 } from "../lib/rfc3339";

/** Most URLs in one sitemap, and most sitemaps in one index (sitemaps.org). */
export const SITEMAP_LIMIT = 50_000;
/** Most URLs in one Google News sitemap; extra items are dropped, not an error. */
export const NEWS_SITEMAP_LIMIT = 1_000;

export const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
export const NEWS_SITEMAP_NS = "http://www.google.com/schemas/sitemap-news/0.9";

export interface SitemapEntry {
  url: string;
  /** Any ISO 8601 instant with a zone; written as RFC 3339 UTC seconds. */
  lastmod: string;
}

export interface SitemapRef {
  url: string;
  /** null → no <lastmod> (e.g. an empty sitemap). */
  lastmod: string | null;
}

export interface NewsSitemapSite {
  /** Publication name exactly as it appears on the site and in Google News. */
  name: string;
  /** Default language (BCP 47 or ISO 639); see newsLanguage(). */
  language: string;
}

export interface NewsSitemapItem {
  url: string;
  headline: string;
  publishedAt: string;
  /** Overrides the site language for this article. */
  language?: string;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** sitemaps.org urlset. Throws RangeError above SITEMAP_LIMIT entries: split with sitemapPages(). */
export function renderSitemap(entries: readonly SitemapEntry[]): string {
  if (entries.length > SITEMAP_LIMIT) {
    throw new RangeError(`a sitemap holds at most ${SITEMAP_LIMIT} URLs, got ${entries.length}; split it (see sitemapPages)`);
  }
  const lines = [XML_DECLARATION, `<urlset xmlns="${SITEMAP_NS}">`];
  for (const e of entries) {
    lines.push(`<url><loc>${escapeSitemapXml(e.url)}</loc><lastmod>${toRfc3339(e.lastmod)}</lastmod></url>`);
  }
  lines.push("</urlset>", "");
  return lines.join("\n");
}

/** sitemaps.org sitemapindex. Throws RangeError above SITEMAP_LIMIT sitemaps. */
export function renderSitemapIndex(sitemaps: readonly SitemapRef[]): string {
  if (sitemaps.length > SITEMAP_LIMIT) {
    throw new RangeError(`a sitemap index lists at most ${SITEMAP_LIMIT} sitemaps, got ${sitemaps.length}`);
  }
  const lines = [XML_DECLARATION, `<sitemapindex xmlns="${SITEMAP_NS}">`];
  for (const s of sitemaps) {
    const lastmod = s.lastmod === null ? "" : `<lastmod>${toRfc3339(s.lastmod)}</lastmod>`;
    lines.push(`<sitemap><loc>${escapeSitemapXml(s.url)}</loc>${lastmod}</sitemap>`);
  }
  lines.push("</sitemapindex>", "");
  return lines.join("\n");
}

/**
 * How many sitemap files `total` URLs need at SITEMAP_LIMIT each. Never less than 1, so an
 * index always lists at least one (possibly empty) sitemap: the sitemaps.org schema requires
 * a sitemapindex to have at least one <sitemap>. Throws RangeError unless `total` is a
 * non-negative safe integer.
 */
export function sitemapPages(total: number): number {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError(`sitemapPages: not a count: ${total}`);
  return Math.max(1, Math.ceil(total / SITEMAP_LIMIT));
}

/**
 * The language code Google News wants: an ISO 639 code (two or three letters), except
 * "zh-cn" for Simplified and "zh-tw" for Traditional Chinese. Accepts BCP 47 tags:
 * "en-GB" → "en", "zh-Hans-CN" → "zh-cn", "zh-HK" → "zh-tw", "ZH_tw" → "zh-tw".
 * Plain "zh" (script unknown) stays "zh". Returns null when no ISO 639 code can be found.
 */
export function newsLanguage(tag: string): string | null {
  const parts = tag.trim().toLowerCase().split(/[-_]/);
  const primary = parts[0] ?? "";
  if (!/^[a-z]{2,3}$/.test(primary)) return null;
  if (primary === "zh") {
    const rest = parts.slice(1);
    if (rest.includes("hant")) return "zh-tw";
    if (rest.includes("hans")) return "zh-cn";
    if (rest.some((p) => p === "tw" || p === "hk" || p === "mo")) return "zh-tw";
    if (rest.some((p) => p === "cn" || p === "sg" || p === "my")) return "zh-cn";
  }
  return primary;
}

/**
 * Google News sitemap. Callers select the articles (published in the last 48 hours, newest
 * first); the renderer keeps the first NEWS_SITEMAP_LIMIT (1,000) and drops the rest.
 * An item whose own language yields no ISO 639 code falls back to the site's; a site
 * language that yields none throws RangeError.
 */
export function renderNewsSitemap(site: NewsSitemapSite, items: readonly NewsSitemapItem[]): string {
  const siteLanguage = newsLanguage(site.language);
  if (siteLanguage === null) throw new RangeError(`news sitemap: no ISO 639 code in site language ${JSON.stringify(site.language)}`);
  const name = escapeSitemapXml(site.name);
  const lines = [XML_DECLARATION, `<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_SITEMAP_NS}">`];
  for (const item of items.slice(0, NEWS_SITEMAP_LIMIT)) {
    const language = (item.language === undefined ? null : newsLanguage(item.language)) ?? siteLanguage;
    lines.push(
      `<url><loc>${escapeSitemapXml(item.url)}</loc><news:news>` +
        `<news:publication><news:name>${name}</news:name><news:language>${language}</news:language></news:publication>` +
        `<news:publication_date>${toRfc3339(item.publishedAt)}</news:publication_date>` +
        `<news:title>${escapeSitemapXml(item.headline)}</news:title>` +
        `</news:news></url>`,
    );
  }
  lines.push("</urlset>", "");
  return lines.join("\n");
}
