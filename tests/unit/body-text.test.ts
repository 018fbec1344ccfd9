import { describe, expect, it } from "vitest";
import { bodyToPlainText, countWords, excerpt, parseBody, readingTimeMinutes } from "../../src/body";
import type { BodyDoc } from "../../src/body";

const text = (t: string) => ({ type: "text", text: t });
const p = (t: string) => ({ type: "paragraph", content: [text(t)] });
const li = (...content: unknown[]) => ({ type: "listItem", content });

function doc(...content: unknown[]): BodyDoc {
  const result = parseBody({ type: "doc", content });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

/** A doc whose text is exactly `n` words. */
const wordsDoc = (n: number) => (n === 0 ? doc() : doc(p(Array.from({ length: n }, (_, i) => `word${i}`).join(" "))));

describe("bodyToPlainText", () => {
  it("separates blocks with blank lines and list items with newlines", () => {
    const d = doc(
      { type: "heading", attrs: { level: 2 }, content: [text("Headline & <more>")] },
      p("First paragraph."),
      { type: "blockquote", content: [p("Quoted one."), p("Quoted two.")] },
      { type: "bulletList", content: [li(p("apples")), li(p("pears"), { type: "orderedList", content: [li(p("nested"))] })] },
      { type: "paragraph", content: [text("line"), { type: "hardBreak" }, text("break")] },
    );
    expect(bodyToPlainText(d)).toBe(
      "Headline & <more>\n\nFirst paragraph.\n\nQuoted one.\n\nQuoted two.\n\napples\npears\nnested\n\nline\nbreak",
    );
  });

  it("excludes captions, cards, embeds, rules and empty paragraphs", () => {
    const d = doc(
      p("Story words."),
      { type: "image", attrs: { media_id: "m", alt: "alt words", caption: "caption words", credit: "AP" } },
      { type: "relatedCard", attrs: { article_id: "a1" } },
      { type: "embed", attrs: { url: "https://x.test", caption: "embed words", provider: "X" } },
      { type: "horizontalRule" },
      { type: "paragraph" },
      p("More words."),
    );
    expect(bodyToPlainText(d)).toBe("Story words.\n\nMore words.");
  });

  it("keeps RTL text and emoji", () => {
    expect(bodyToPlainText(doc(p("مرحبا بالعالم 🌍"), p("שלום")))).toBe("مرحبا بالعالم 🌍\n\nשלום");
  });

  it("is empty for an empty doc", () => {
    expect(bodyToPlainText(doc())).toBe("");
  });
});

describe("countWords", () => {
  it("counts whitespace-separated tokens with a letter or digit", () => {
    expect(countWords("")).toBe(0);
    expect(countWords("   \n\t ")).toBe(0);
    expect(countWords("The mayor's plan — 2024 edition!")).toBe(5);
    expect(countWords("🎉 — • 🎉🎉")).toBe(0);
    expect(countWords("Ünal said:\n\"no\"")).toBe(3);
  });

  it("counts Arabic and Hebrew words and handles non-breaking spaces", () => {
    expect(countWords("مرحبا بالعالم")).toBe(2);
    expect(countWords("שלום עולם יפה")).toBe(3);
    expect(countWords("one\u00a0two\u2003three")).toBe(3);
  });
});

describe("readingTimeMinutes", () => {
  it.each([
    [0, 1],
    [1, 1],
    [230, 1],
    [231, 2],
    [430, 2],
    [461, 3],
  ])("%i words → %i min", (words, minutes) => {
    const d = wordsDoc(words);
    expect(countWords(bodyToPlainText(d))).toBe(words);
    expect(readingTimeMinutes(d)).toBe(minutes);
  });

  it("ignores caption text", () => {
    const d = doc(p("x"), { type: "image", attrs: { media_id: "m", alt: "", caption: Array(500).fill("cap").join(" ") } });
    expect(readingTimeMinutes(d)).toBe(1);
  });
});

describe("excerpt", () => {
  it("returns short text whole, on one line", () => {
    expect(excerpt(doc(p("Short."), p("Two.")))).toBe("Short. Two.");
    expect(excerpt(doc())).toBe("");
  });

  it("cuts at a word boundary with an ellipsis, within maxChars", () => {
    const d = doc(p("The council voted on Tuesday to approve the budget."));
    expect(excerpt(d, 20)).toBe("The council voted…");
    expect(excerpt(d, 18)).toBe("The council voted…"); // "The council voted" is 17 chars + "…"
    expect(excerpt(d, 17)).toBe("The council…");
  });

  it("drops trailing punctuation before the ellipsis", () => {
    expect(excerpt(doc(p("Well, said the mayor, we tried.")), 12)).toBe("Well, said…");
    expect(excerpt(doc(p("Wait — there is more here")), 8)).toBe("Wait…");
  });

  it("hard-cuts a single over-long word without splitting emoji", () => {
    expect(excerpt(doc(p("Supercalifragilistic")), 6)).toBe("Super…");
    const out = excerpt(doc(p("🎉🎉🎉🎉🎉🎉")), 4);
    expect(out).toBe("🎉🎉🎉…");
    expect(Array.from(out)).toHaveLength(4);
  });

  it("defaults to 280 chars", () => {
    const d = doc(p(Array(100).fill("word").join(" "))); // 499 chars
    const out = excerpt(d);
    expect(Array.from(out).length).toBeLessThanOrEqual(280);
    expect(out.endsWith("word…")).toBe(true);
    expect(out).toBe(`${Array(56).fill("word").join(" ")}…`); // 56 words = 279 chars + "…" = 280
  });

  it("handles RTL text", () => {
    expect(excerpt(doc(p("שלום עולם יפה מאוד")), 10)).toBe("שלום עולם…");
  });
});
