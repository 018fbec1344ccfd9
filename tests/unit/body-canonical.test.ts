import { describe, expect, it } from "vitest";
import { canonicalizeBody, parseBody } from "../../src/body";

const parse = (doc: unknown) => {
  const r = parseBody(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return canonicalizeBody(r.value);
};

describe("canonical body form", () => {
  it("gives the same document for TipTap's and a program's spelling of one body", () => {
    const fromTipTap = parse({
      type: "doc",
      content: [
        { type: "orderedList", attrs: { start: 1 }, content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "one" }] }] }] },
        { type: "paragraph", content: [
          { type: "text", text: "bold ", marks: [{ type: "italic" }, { type: "bold" }] },
          { type: "text", text: "run", marks: [{ type: "bold" }, { type: "italic" }] },
        ] },
        { type: "image", attrs: { media_id: "med_1", alt: "A", caption: null, credit: null } },
        { type: "paragraph", content: [] },
      ],
    });
    const fromProgram = parse({
      type: "doc",
      content: [
        { type: "orderedList", content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "one" }] }] }] },
        { type: "paragraph", content: [{ type: "text", text: "bold run", marks: [{ type: "bold" }, { type: "italic" }] }] },
        { type: "image", attrs: { media_id: "med_1", alt: "A" } },
        { type: "paragraph" },
      ],
    });
    expect(fromTipTap).toEqual(fromProgram);
    expect(JSON.stringify(fromTipTap)).toBe(JSON.stringify(fromProgram));
  });

  it("keeps what carries meaning: a list's other start, link targets, distinct marks", () => {
    const doc = parse({
      type: "doc",
      content: [
        { type: "orderedList", attrs: { start: 3 }, content: [{ type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "x" }] }] }] },
        { type: "paragraph", content: [
          { type: "text", text: "a", marks: [{ type: "link", attrs: { href: "https://example.org/a" } }] },
          { type: "text", text: "b", marks: [{ type: "link", attrs: { href: "https://example.org/b" } }] },
        ] },
      ],
    });
    expect(doc.content[0]).toMatchObject({ attrs: { start: 3 } });
    expect((doc.content[1] as any).content).toHaveLength(2);
  });
});
