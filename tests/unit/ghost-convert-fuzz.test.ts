// The converter's promise, checked on generated input: whatever a Ghost export holds (well-formed
// or not), convertGhostBody returns without throwing and its document passes parseBody. Generators
// lean towards what breaks converters: Ghost's own node and card names with wrong field types,
// dangerous URLs, awkward text, nesting, tag soup. Seeded, so a failure reproduces.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalizeBody } from "../../src/body/canonical";
import { parseBody } from "../../src/body/schema";
import { CONVERT_NOTE_CODES, convertGhostBody, ghostImageUrls } from "../../src/ghost/convert/index";
import { context } from "../fixtures/ghost/convert-helpers";

const TYPES = ["paragraph", "extended-text", "text", "link", "extended-heading", "heading", "extended-quote", "quote", "aside", "list", "listitem", "linebreak", "tab", "horizontalrule", "image", "embed", "bookmark", "gallery", "html", "callout", "toggle", "markdown", "codeblock", "video", "button", "paywall", "root", "weird"];
const URLS = ["https://example.org/a", "__GHOST_URL__/slug/", "/relative/", "javascript:alert(1)", " JaVaScRiPt:x", "mailto:a@b.example", "data:image/png;base64,AA", "", "http://", `https://x.example/${"a".repeat(5000)}`];
const TEXTS = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom("&amp; <b>x</b>", "שלום", "🍟👨‍👩‍👧", " ", "", "Photo: A / B", "\u0000\ud800"));
const scalar = fc.oneof(TEXTS, fc.constantFrom(...URLS), fc.integer({ min: -5, max: 300 }), fc.constant(null), fc.boolean());

const lexNode = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.record(
    {
      type: fc.constantFrom(...TYPES),
      text: TEXTS,
      format: fc.integer({ min: -1, max: 300 }),
      url: fc.constantFrom(...URLS),
      src: fc.constantFrom(...URLS),
      tag: fc.constantFrom("h1", "h2", "h4", "h6", "h9", "p"),
      listType: fc.constantFrom("bullet", "number", "check"),
      caption: TEXTS,
      html: TEXTS,
      calloutText: TEXTS,
      images: fc.array(fc.record({ src: fc.constantFrom(...URLS), alt: scalar }), { maxLength: 3 }),
      metadata: fc.oneof(fc.constant(null), fc.record({ title: scalar, provider_name: scalar, publisher: scalar })),
      children: fc.oneof({ depthSize: "small", withCrossShrink: true }, fc.constant(undefined), fc.array(tie("node"), { maxLength: 4 }), scalar),
    },
    { requiredKeys: ["type"] },
  ),
}));

const ctx = context({ slug: "article-1" });
function check(post: { lexical?: string | null; mobiledoc?: string | null; html?: string | null }): void {
  const result = convertGhostBody(post, ctx);
  const checked = parseBody(result.doc);
  if (!checked.ok) throw new Error(`invalid body: ${JSON.stringify(checked.issues.slice(0, 2))} from ${JSON.stringify(post).slice(0, 500)}`);
  // The last-resort net (words only) must not be what made it valid: that would hide a reader's bug.
  // Canonical already: what the importer stores (canonicalizeBody) is what we made, and still valid.
  expect(canonicalizeBody(result.doc)).toEqual(result.doc);
  for (const n of result.notes) if (!(n.code in CONVERT_NOTE_CODES)) throw new Error(`undocumented note code ${n.code}`);
  const failed = result.notes.find((n) => n.code === "conversion_failed");
  if (failed) throw new Error(`${failed.message} from ${JSON.stringify(post).slice(0, 500)}`);
  expect(Array.isArray(ghostImageUrls(post, "https://old.example"))).toBe(true);
}

describe("convertGhostBody on generated input", () => {
  it("Lexical trees of Ghost's node types with wrong field types", () => {
    fc.assert(fc.property(fc.array(lexNode.node, { maxLength: 6 }), (children) => check({ lexical: JSON.stringify({ root: { type: "root", children } }) })), { seed: 12, numRuns: 150 });
  });

  it("any JSON as Lexical or Mobiledoc", () => {
    fc.assert(fc.property(fc.json({ maxDepth: 6 }), (json) => {
      check({ lexical: json });
      check({ mobiledoc: json, html: "<p>fallback</p>" });
    }), { seed: 12, numRuns: 150 });
  });

  it("Mobiledoc with random sections, markers and markups", () => {
    const marker = fc.tuple(fc.constantFrom(0, 1, 2), fc.array(fc.integer({ min: -1, max: 4 }), { maxLength: 3 }), fc.integer({ min: -1, max: 4 }), fc.oneof(TEXTS, fc.integer({ min: -1, max: 3 })));
    const section = fc.oneof(
      fc.tuple(fc.constant(1), fc.constantFrom("p", "h2", "h7", "blockquote", "aside", "x"), fc.array(marker, { maxLength: 4 })),
      fc.tuple(fc.constant(3), fc.constantFrom("ul", "ol"), fc.array(fc.array(marker, { maxLength: 3 }), { maxLength: 3 })),
      fc.tuple(fc.constant(10), fc.integer({ min: -1, max: 3 })),
      fc.tuple(fc.constant(2), fc.constantFrom(...URLS)),
      scalar,
    );
    const doc = fc.record({
      markups: fc.array(fc.oneof(fc.tuple(fc.constantFrom("a", "b", "em", "u", "strong")), fc.tuple(fc.constant("a"), fc.tuple(fc.constant("href"), fc.constantFrom(...URLS)))), { maxLength: 5 }),
      atoms: fc.array(fc.tuple(fc.constantFrom("soft-return", "mention"), TEXTS, fc.constant({})), { maxLength: 3 }),
      cards: fc.array(fc.tuple(fc.constantFrom("image", "embed", "bookmark", "html", "hr", "card-markdown", "gallery", "nope"), fc.record({ src: fc.constantFrom(...URLS), url: fc.constantFrom(...URLS), markdown: TEXTS, caption: TEXTS })), { maxLength: 4 }),
      sections: fc.array(section, { maxLength: 8 }),
    });
    fc.assert(fc.property(doc, (d) => check({ mobiledoc: JSON.stringify(d) })), { seed: 12, numRuns: 150 });
  });

  it("tag soup as html", () => {
    const piece = fc.oneof(
      TEXTS,
      fc.constantFrom("<p>", "</p>", "<ul>", "<ol start=0>", "<li>", "</li>", "</ul>", "<blockquote>", "</blockquote>", "<b>", "</i>", "<br/>", "<hr>", "<h1>", "</h3>", "<figure class=\"kg-card kg-image-card\">", "<figcaption>Photo: X</figcaption>", "</figure>",
        '<img src="__GHOST_URL__/i.jpg" alt="a">', '<img src="javascript:x">', '<a href="javascript:x">', '<a href="https://a.example/">', "</a>", "<script>", "</script>", "<!--kg-card-begin: html-->", "<!--kg-card-end: html-->",
        '<iframe src="https://www.youtube.com/embed/abcdef">', "</iframe>", "<!--", "-->", "<", "&", "&#x110000;", "&amp", "<div class=\"kg-card kg-toggle-card\">", "</div>", "<table><tr><td>", "<pre>"),
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 40 }), (parts) => check({ html: parts.join("") })), { seed: 12, numRuns: 200 });
  });
});
