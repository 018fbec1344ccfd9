// XML text primitives shared by the RSS and Atom renderers.
//
// Everything a feed prints passes through escapeFeedXml or cdata, and both strip the characters
// XML 1.0 forbids: one stray U+0001 pasted from a word processor makes the whole document
// ill-formed, and a strict reader then drops every item, not just the bad one.
import { parseInstant, toRfc3339 } from "../lib/rfc3339";

// Not allowed anywhere in an XML 1.0 document, not even as a character reference
// (https://www.w3.org/TR/xml/#charsets). Tab, LF and CR are allowed and kept.
// With the `u` flag, [\uD800-\uDFFF] matches only *lone* surrogates: a well-formed pair
// (emoji, most CJK extensions) is one code point and is left alone.
const ILLEGAL_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const HAS_ILLEGAL_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const LONE_SURROGATES = /[\uD800-\uDFFF]/gu;

/**
 * Remove characters that are illegal in XML 1.0 (C0 controls except tab/LF/CR, U+FFFE/U+FFFF, lone surrogates).
 * A feed passes ~400 KB of content through here, almost always clean: one `u`-flag replace over it
 * cost ~6 ms, so each kind is looked for first by a cheaper means. Lone surrogates go first, as one
 * pass would remove them (dropping a control character cannot pair two of them up afterwards).
 */
export function stripControlChars(value: string): string {
  // String#isWellFormed (ES2024; the Workers runtime has it, our lib setting is ES2023): no lone surrogate.
  const wellFormed = (value as string & { isWellFormed(): boolean }).isWellFormed();
  const paired = wellFormed ? value : value.replace(LONE_SURROGATES, "");
  return HAS_ILLEGAL_XML_CHAR.test(paired) ? paired.replace(ILLEGAL_XML_CHARS, "") : paired;
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/**
 * Escape for XML text and for attribute values in either quote style.
 * `>` is escaped too, so "]]>" can never appear in text content.
 */
export function escapeFeedXml(value: string): string {
  return stripControlChars(value).replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch]!);
}

/**
 * Wrap text in a CDATA section. A CDATA section cannot contain "]]>", so each one is split
 * across two sections ("]]" ends the first, ">" starts the next): the parsed text is unchanged.
 */
export function cdata(text: string): string {
  return `<![CDATA[${stripControlChars(text).replaceAll("]]>", "]]]]><![CDATA[>")}]]>`;
}

/**
 * RFC 822 date as RSS 2.0 requires: "Fri, 01 Nov 2024 22:34:00 GMT".
 * Date#toUTCString has produced exactly this shape since ES2018 (it is specified, not
 * implementation-defined), always in GMT, with English day and month names.
 */
export function rfc822(iso: string): string {
  return new Date(parseInstant(iso)).toUTCString();
}

/** RFC 3339 in UTC to the second: "2024-11-01T22:34:00Z" (sitemaps and the tests' fixtures). */
export function rfc3339(iso: string): string {
  return toRfc3339(iso);
}

const FRACTION = /:\d{2}\.(\d+)(?:[Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds since the epoch, keeping the stored fraction (parseInstant drops it). Stories
 * published or imported in the same second differ only there, and Atom and JSON Feed readers
 * (and the W3C validator, for Atom's <updated>) need them apart.
 */
export function instantMillis(iso: string): number {
  const digits = FRACTION.exec(iso.trim())?.[1] ?? "";
  return parseInstant(iso) + Number(digits.slice(0, 3).padEnd(3, "0"));
}

/**
 * RFC 3339 in UTC with fractional seconds: "2024-11-01T22:34:00.123Z", or with microseconds
 * ("…00.123007Z") when a tie-break is given. Always the same width, so strings compare as instants.
 */
export function rfc3339Fraction(iso: string, micros?: number): string {
  // instantMillis parses with parseInstant, which refuses anything outside years 0000–9999.
  const millis = new Date(instantMillis(iso)).toISOString();
  return micros === undefined ? millis : withMicros(millis, micros);
}

/** "…00.123Z" with three more digits: "…00.123007Z". */
export const withMicros = (millisIso: string, micros: number) => `${millisIso.slice(0, -1)}${String(micros).padStart(3, "0")}Z`;

const HTML_IN_XML: Record<string, string> = { "&": "&#x26;amp;", "<": "&#x26;lt;", ">": "&#x26;gt;" };

/**
 * Plain text for an RSS element that readers decode as HTML: item <description> (HTML by the
 * RSS Best Practices Profile) and <title> (feedparser and others guess, and a headline such
 * as "<b>x</b>" then becomes markup). The text is HTML-escaped, then XML-escaped, so after both
 * decodings a reader shows exactly the characters written. The ampersand of each HTML
 * reference is the hexadecimal &#x26; the Profile recommends for plain text: validators read
 * it as "this entity is literal text", not as HTML in a plain-text element.
 */
export function htmlTextForXml(value: string): string {
  return stripControlChars(value).replace(/[&<>]/g, (ch) => HTML_IN_XML[ch]!);
}

/** `name="value"` pairs, escaped, skipping null/undefined values; leading space included. */
export function attrs(pairs: Record<string, string | number | null | undefined>): string {
  let out = "";
  for (const [name, value] of Object.entries(pairs)) {
    if (value === null || value === undefined) continue;
    out += ` ${name}="${escapeFeedXml(String(value))}"`;
  }
  return out;
}

/** `<name attrs>text</name>` for RSS elements readers treat as HTML: see htmlTextForXml. */
export function htmlTextElement(name: string, text: string): string {
  return `<${name}>${htmlTextForXml(text)}</${name}>`;
}

/** `<name attrs>escaped text</name>`. */
export function element(name: string, text: string, attributes: Record<string, string | number | null | undefined> = {}): string {
  return `<${name}${attrs(attributes)}>${escapeFeedXml(text)}</${name}>`;
}
