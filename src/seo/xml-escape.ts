/**
 * A small XML text/attribute escape for the SEO renderers (sitemaps, news sitemaps).
 *
 * Its quoting differs from the feeds' escapeFeedXml (numeric references, CR kept as &#xD;), hence
 * a name of its own per output format; the set of
 * illegal characters is shared with src/feeds/xml.ts.
 */
import { escapeHtml } from "../body/render-html";
import { stripControlChars } from "../feeds/xml";

// The characters XML 1.0 forbids are the same for every document we write: one definition.
export { stripControlChars as stripXmlIllegal } from "../feeds/xml";

/**
 * Escape for XML text content and for single- or double-quoted attribute values:
 * `&`, `<`, `>`, `"` and `'` become references, illegal characters are dropped, and
 * CR becomes `&#xD;` so a parser's end-of-line normalisation cannot change the value.
 */
export function escapeSitemapXml(value: string): string {
  return escapeHtml(stripControlChars(value)).replace(/\r/g, "&#xD;");
}
