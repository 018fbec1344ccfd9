// What replaced the stored plain text for readers (migration 0018): the excerpt kept for a story
// without a summary must give every reader of it exactly what the whole text gave (a feed's
// description, Ghost's `excerpt`), and the compressed stored body must give back its text.
import { describe, expect, it } from "vitest";
import { EXCERPT_FEED_CHARS, GHOST_EXCERPT_UNITS, needsExcerpt, storedExcerpt } from "../../src/articles/search-index";
import { storeBodyHtml, STORED_BODY_FORMAT } from "../../src/body/stored-html";
import { packStoredBody, unpackStoredBody } from "../../src/body/stored-html-pack";
import { FEED_EXCERPT_CHARS, feedDescriptionOfText } from "../../src/public/feed-item";

const words = (n: number, w = "word") => Array.from({ length: n }, (_, i) => `${w}${i}`).join(" ");
const TEXTS: [string, string][] = [
  ["empty", ""],
  ["short", "A short body."],
  ["exactly 300 characters", "x".repeat(300)],
  ["301 characters", "x".repeat(301)],
  ["long prose", words(400)],
  ["paragraphs", Array.from({ length: 40 }, (_, i) => `Paragraph ${i} says something.`).join("\n\n")],
  // Whitespace the feed's excerpt collapses: 500 characters of it hold fewer than 301 once collapsed.
  ["whitespace-heavy", Array.from({ length: 200 }, (_, i) => `w${i}` + " ".repeat(6)).join("\n")],
  ["leading whitespace", " \n\n ".repeat(150) + words(200)],
  // Astral characters: two UTF-16 units each (Ghost slices units, the feed counts code points).
  ["emoji", "🎉 ".repeat(400)],
  ["a pair across the cut", "a".repeat(GHOST_EXCERPT_UNITS - 1) + "🎉" + "b".repeat(50)],
  ["right-to-left", "مرحبا بالعالم ".repeat(80)],
];

describe("storedExcerpt", () => {
  it("counts the feed's characters as the feed does", () => {
    expect(EXCERPT_FEED_CHARS).toBe(FEED_EXCERPT_CHARS);
  });

  it.each(TEXTS)("%s: the feed description and Ghost's excerpt are those of the whole text", (_name, text) => {
    for (const summary of [null, "", " \u00a0\n"]) {
      const kept = storedExcerpt(summary, text);
      expect(kept).not.toBeNull();
      expect(text.startsWith(kept!)).toBe(true);
      expect(feedDescriptionOfText(summary, kept, "Headline")).toBe(feedDescriptionOfText(summary, text, "Headline"));
      expect(kept!.slice(0, GHOST_EXCERPT_UNITS)).toBe(text.slice(0, GHOST_EXCERPT_UNITS));
      // Never half a surrogate pair at its end (stored as U+FFFD).
      expect(kept!.length === text.length || !/[\uD800-\uDBFF]$/.test(kept!)).toBe(true);
    }
  });

  it("keeps a few hundred characters, not the text", () => {
    expect(storedExcerpt(null, words(2000))!.length).toBeLessThanOrEqual(GHOST_EXCERPT_UNITS + 100);
  });

  it("keeps nothing for a story with a summary: no reader sees its text", () => {
    expect(storedExcerpt("A summary.", words(100))).toBeNull();
    expect(needsExcerpt(" Said\u00a0so ")).toBe(false);
    expect(needsExcerpt("\u3000\ufeff")).toBe(true);
  });
});

describe("packStoredBody", () => {
  const doc = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Tom & Jerry 🎉 مرحبا <b> " + words(500) }] }] } as never;

  it("gives back the stored body it packed, marker in clear, ~3× smaller on prose", () => {
    const stored = storeBodyHtml(doc);
    const packed = packStoredBody(stored);
    expect(new TextDecoder().decode(packed.subarray(0, STORED_BODY_FORMAT.length))).toBe(STORED_BODY_FORMAT);
    expect(unpackStoredBody(packed)).toBe(stored);
    expect(packed.length).toBeLessThan(new TextEncoder().encode(stored).length / 2);
  });

  it("refuses another format: the reader renders the tree instead", () => {
    expect(unpackStoredBody(new TextEncoder().encode("<!--copydesk:body 0-->xyz"))).toBeNull();
    expect(unpackStoredBody(null)).toBeNull();
    expect(() => packStoredBody("<p>no marker</p>")).toThrow();
  });
});
