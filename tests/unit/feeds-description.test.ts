// Every feed item carries a description: the summary, else the body's opening, else the headline.
// The W3C validator flags an RSS item with content:encoded and no description before it.
import { describe, expect, it } from "vitest";
import { bodyToPlainText, parseBody, type BodyDoc } from "../../src/body";
import { FEED_EXCERPT_CHARS, feedDescription, feedDescriptionOfText } from "../../src/public/feed-item";
import { articles as demoArticles } from "../../scripts/demo/content";

const body = (...paragraphs: string[]): BodyDoc =>
  ({ type: "doc", content: paragraphs.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })) }) as BodyDoc;

describe("feedDescription", () => {
  it("is the summary when there is one, untouched", () => {
    expect(feedDescription("<b>As written</b> & kept", body("Body."), "H")).toBe("<b>As written</b> & kept");
  });

  it("is the body's opening in whole words, with an ellipsis, within 300 characters, for a blank or missing summary", () => {
    const words = Array.from({ length: 200 }, (_, i) => `w${i}`).join(" ");
    for (const summary of [null, "", "   "]) {
      const d = feedDescription(summary, body(words), "H");
      expect(Array.from(d).length).toBeLessThanOrEqual(FEED_EXCERPT_CHARS);
      expect(d.endsWith("…")).toBe(true);
      // Whole words: what precedes the ellipsis is a prefix of the text ending at a word boundary.
      const kept = d.slice(0, -1);
      expect(words.startsWith(kept)).toBe(true);
      expect(words[kept.length]).toBe(" ");
    }
    expect(FEED_EXCERPT_CHARS).toBe(300);
  });

  it("joins paragraphs on one line and keeps a short body whole, without an ellipsis", () => {
    expect(feedDescription(null, body("First.", "Second <not markup>."), "H")).toBe("First. Second <not markup>.");
  });

  it("falls back to the headline for a body with no text", () => {
    expect(feedDescription(null, { type: "doc", content: [] } as unknown as BodyDoc, "Photo story")).toBe("Photo story");
  });
});

describe("feedDescriptionOfText (a page's stories: the stored plain text, not the tree)", () => {
  it("says what feedDescription says of the body the text came from", () => {
    const long = Array.from({ length: 120 }, (_, i) => `wörd${i},`).join(" \n\u00a0 ");
    const bodies: BodyDoc[] = [
      body(),
      body("  "),
      body("Short."),
      body(long),
      body("First\u2028line", " ", `${"x".repeat(400)}`, "🎉 مرحبا — end"),
      ({ type: "doc", content: [{ type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: long }] }] }] }, { type: "paragraph", content: [{ type: "text", text: "a" }, { type: "hardBreak" }, { type: "text", text: "b" }] }] }) as BodyDoc,
      ...demoArticles.map((a) => {
        const parsed = parseBody(a.body);
        if (!parsed.ok) throw new Error("demo body");
        return parsed.value;
      }),
    ];
    for (const b of bodies) {
      for (const summary of [null, "", " \u3000 ", "Given"]) {
        expect(feedDescriptionOfText(summary, bodyToPlainText(b), "H")).toBe(feedDescription(summary, b, "H"));
      }
    }
    expect(feedDescriptionOfText(null, null, "H")).toBe("H");
  });
});
