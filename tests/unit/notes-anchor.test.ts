// Anchors found again by their words (src/notes/anchor.ts): what survives an edit, what orphans a
// note, which of several identical phrases a note meant, and text that is not left-to-right ASCII.
import { describe, expect, it } from "vitest";
import { checkRow } from "../../src/editorial/export/check-row";
import { anchorFor, anchorText, offsetOf, positionOf, resolveAnchor, type AnchorNode } from "../../src/notes/anchor";

const p = (...content: AnchorNode[]): AnchorNode => ({ type: "paragraph", content });
const t = (text: string): AnchorNode => ({ type: "text", text });
const doc = (...content: AnchorNode[]): AnchorNode => ({ type: "doc", content });
const textOf = (...paragraphs: string[]) => anchorText(doc(...paragraphs.map((s) => p(t(s))))).text;

/** The anchor the admin would make for the first `quote` in the text (or the nth). */
function anchorOn(text: string, quote: string, nth = 0) {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(quote, at + 1);
  return anchorFor(text, at, at + quote.length)!;
}
const found = (text: string, anchor: ReturnType<typeof anchorOn>) => {
  const m = resolveAnchor(text, anchor);
  return m && text.slice(m.start, m.end);
};

describe("the body's text", () => {
  it("joins textblocks with a newline and maps offsets to editor positions both ways", () => {
    // <p>Ab</p><blockquote><p>C<br>d</p></blockquote><hr><h2>E</h2>
    const body = doc(p(t("Ab")), { type: "blockquote", content: [p(t("C"), { type: "hardBreak" }, t("d"))] }, { type: "horizontalRule" }, { type: "heading", content: [t("E")] });
    const at = anchorText(body);
    expect(at.text).toBe("Ab\nC\nd\nE");
    // ProseMirror counting: p opens at 0, "Ab" at 1; blockquote at 4, its p at 5, "C" at 6, br 7, "d" 8; hr 11; h2 at 12, "E" 13.
    expect([0, 1, 3, 4, 5, 7].map((o) => positionOf(at, o, "start"))).toEqual([1, 2, 6, 7, 8, 13]);
    expect(positionOf(at, 2, "end")).toBe(3);
    expect(offsetOf(at, 13)).toBe(7);
    expect(offsetOf(at, 11)).toBeNull();
    expect(positionOf(at, 6, "start")).toBeNull();
  });
});

describe("resolving an anchor", () => {
  const before = ["The council met on Tuesday.", "The budget was cut by ten percent.", "Residents protested the cut outside the hall."];

  it("survives edits to other paragraphs, before and after it", () => {
    const anchor = anchorOn(textOf(...before), "protested the cut");
    const after = textOf("A new first paragraph.", "The council met late on Tuesday night.", before[1]!, before[2]!, "A closing line.");
    expect(found(after, anchor)).toBe("protested the cut");
  });

  it("survives a change to its own context: the quote alone still finds it", () => {
    const anchor = anchorOn(textOf(...before), "ten percent");
    expect(found(textOf(before[0]!, "Spending fell by ten percent overall."), anchor)).toBe("ten percent");
  });

  it("orphans when the quoted words themselves are edited or removed", () => {
    const anchor = anchorOn(textOf(...before), "protested the cut");
    expect(resolveAnchor(textOf(before[0]!, before[1]!, "Residents objected to the cut outside the hall."), anchor)).toBeNull();
    expect(resolveAnchor(textOf(before[0]!, before[1]!), anchor)).toBeNull();
  });

  it("orphans when its own words are edited, though the same words stand in another paragraph", () => {
    const text = textOf(before[0]!, before[1]!, "Residents questioned the ten percent figure.");
    const anchor = anchorOn(text, "ten percent");
    expect(anchor.prefix.endsWith("The budget was cut by ")).toBe(true);
    // Paragraph 2 now says "twelve percent": the note was about those words, not paragraph 3's.
    expect(resolveAnchor(textOf(before[0]!, "The budget was cut by twelve percent.", "Residents questioned the ten percent figure."), anchor)).toBeNull();
    // Its paragraph gone altogether and the phrase still elsewhere: that is another passage too.
    const twice = textOf("Ten percent, said one; ten percent, said another.", "Residents questioned the ten percent figure.");
    expect(resolveAnchor(twice, anchor)).toBeNull();
    // An edit to other paragraphs leaves it where it was; an edit on one side of it keeps it too.
    const elsewhere = textOf("A new first paragraph.", before[1]!, "Residents questioned the ten percent figure again.");
    expect(resolveAnchor(elsewhere, anchor)!.start).toBe(elsewhere.indexOf("ten percent"));
    const oneSide = textOf(before[0]!, "Last spring the budget was cut by ten percent, officials said.", "Residents questioned the ten percent figure.");
    expect(resolveAnchor(oneSide, anchor)!.start).toBe(oneSide.indexOf("ten percent"));
  });

  it("tells a repeated phrase apart by its context, wherever the others move", () => {
    const text = textOf("The mayor said no.", "Later the council said no.", "Finally the court said no.");
    const second = anchorOn(text, "said no", 1);
    expect(resolveAnchor(text, second)!.start).toBe(text.indexOf("said no", text.indexOf("council")));
    // Paragraphs reordered and another repeat added first: still the council's.
    const moved = textOf("Everyone said no.", "Finally the court said no.", "Later the council said no.", "The mayor said no.");
    expect(resolveAnchor(moved, second)!.start).toBe(moved.indexOf("said no", moved.indexOf("council")));
  });

  it("finds a quote spanning paragraphs whatever whitespace separates them", () => {
    const text = textOf(...before);
    const fromBrowser = { quote: "Tuesday.\n\nThe budget", prefix: "met on ", suffix: " was" };
    const m = resolveAnchor(text, fromBrowser)!;
    expect(text.slice(m.start, m.end)).toBe("Tuesday.\nThe budget");
  });

  it("handles right-to-left text and emoji (UTF-16 offsets, as the editor counts)", () => {
    const arabic = ["قال رئيس البلدية إن الميزانية ستُخفض.", "احتج السكان 🚧 على التخفيض أمام القاعة.", "احتج السكان مرة أخرى."];
    const anchor = anchorOn(textOf(...arabic), "احتج السكان 🚧");
    const edited = textOf("فقرة جديدة 🎉 في البداية.", ...arabic);
    expect(found(edited, anchor)).toBe("احتج السكان 🚧");
    // The repeat in the last paragraph is told apart by context.
    const again = anchorOn(textOf(...arabic), "احتج السكان", 1);
    const m = resolveAnchor(edited, again)!;
    expect(m.start).toBe(edited.lastIndexOf("احتج السكان"));
    const emoji = textOf("Fans 👩🏽‍🚀 cheered 🎉🎉 loudly.");
    expect(found(textOf("Intro.", "Fans 👩🏽‍🚀 cheered 🎉🎉 loudly."), anchorOn(emoji, "👩🏽‍🚀 cheered 🎉"))).toBe("👩🏽‍🚀 cheered 🎉");
  });

  it("refuses to make an anchor of nothing but spaces", () => {
    expect(anchorFor("a   b", 1, 4)).toBeNull();
    expect(resolveAnchor("a b", { quote: "  ", prefix: "", suffix: "" })).toBeNull();
  });
});

describe("a note's anchor in an imported export", () => {
  const row = (anchor: string | null) => ({
    id: "note_a",
    article_id: "art_a",
    parent_id: null,
    author_id: null,
    body: "Check",
    anchor,
    resolved_at: null,
    resolved_by: null,
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: "2026-01-01T00:00:00.000Z",
  });
  it("is checked as the API would store it", () => {
    expect(checkRow("article_notes", row(JSON.stringify({ quote: "ten percent", prefix: "by ", suffix: "." })), "t").ok).toBe(true);
    expect(checkRow("article_notes", row(null), "t").ok).toBe(true);
    const bad = [row("{"), row(JSON.stringify({ quote: "", prefix: "", suffix: "" })), row(JSON.stringify({ quote: "q", prefix: "p".repeat(65), suffix: "" }))];
    const firstPath = (r: ReturnType<typeof row>) => {
      const c = checkRow("article_notes", r, "t");
      return c.ok ? null : c.errors[0]!.path;
    };
    expect(bad.map(firstPath)).toEqual(["t.anchor", "t.anchor.quote", "t.anchor.prefix"]);
  });
});
