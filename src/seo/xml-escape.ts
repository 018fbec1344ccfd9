/**
 * A small XML text/attribute escape for the SEO renderers (sitemaps, news sitemaps).
 *
 * Kept local on purpose: src/feeds has its own, and the two may evolve apart.
 */
import { escapeHtml } from "../body/render-html";

/**
 * Everything outside XML 1.0's `Char` production:
 *   #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
 * i.e. C0 controls other than tab/LF/CR, U+FFFE, U+FFFF, and lone surrogates
 * (with the `u` flag a well-formed surrogate pair is one code point ≥ U+10000,
 * so only unpaired halves match).
 */
const XML_ILLEGAL = /[^\t\n\r\u{20}-\u{D7FF}\u{E000}-\u{FFFD}\u{10000}-\u{10FFFF}]/gu;

/** Remove characters that may not appear anywhere in an XML 1.0 document, even as references. */
export function stripXmlIllegal(value: string): string {
  return value.replace(XML_ILLEGAL, "");
}

/**
 * Escape for XML text content and for single- or double-quoted attribute values:
 * `&`, `<`, `>`, `"` and `'` become references, illegal characters are dropped, and
 * CR becomes `&#xD;` so a parser's end-of-line normalisation cannot change the value.
 */
export function escapeXml(value: string): string {
  return escapeHtml(stripXmlIllegal(value)).replace(/\r/g, "&#xD;");
}
