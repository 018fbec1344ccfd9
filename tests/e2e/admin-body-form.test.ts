// The admin saves and compares bodies in the server's canonical form, not a look-alike: the two once
// ordered marks differently (the admin by name, the server link, bold, italic), so a body the admin
// called unchanged could still differ from what the server stored. Runs in Node beside the other
// admin-logic tests.
import { expect, test } from "vitest";
import { normalizeBody, type BodyDoc, type BodyNode } from "../../admin/src/editor/body-json";
import { canonicalizeBody, parseBody } from "../../src/body";

const server = (doc: unknown) => {
  const r = parseBody(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return canonicalizeBody(r.value);
};

type Mark = NonNullable<BodyNode["marks"]>[number];
const link: Mark = { type: "link", attrs: { href: "https://example.org/a", target: "_blank", rel: "noopener", class: null, title: null } };
const text = (t: string, ...marks: Mark[]): BodyNode => (marks.length ? { type: "text", text: t, marks } : { type: "text", text: t });

// As TipTap's getJSON() writes them: ProseMirror's own mark order, extra attributes, split runs.
const DOCS: Record<string, BodyDoc> = {
  "marks in each order": {
    type: "doc",
    content: [
      { type: "paragraph", content: [text("a", { type: "bold" }, link)] },
      { type: "paragraph", content: [text("b", { type: "italic" }, { type: "bold" }, link)] },
      { type: "paragraph", content: [text("c", link, { type: "italic" })] },
    ],
  },
  "runs split with their marks in different orders": {
    type: "doc",
    content: [{ type: "paragraph", content: [text("bold ", { type: "italic" }, { type: "bold" }), text("run", { type: "bold" }, { type: "italic" }), text(" plain")] }],
  },
  "lists, headings and images with TipTap's defaults": {
    type: "doc",
    content: [
      { type: "heading", attrs: { level: 2, id: null }, content: [text("Hi", link, { type: "bold" })] },
      { type: "orderedList", attrs: { start: 1, type: null }, content: [{ type: "listItem", content: [{ type: "paragraph", content: [text("one")] }] }] },
      { type: "orderedList", attrs: { start: 4, type: null }, content: [{ type: "listItem", content: [{ type: "paragraph", content: [text("four")] }] }] },
      { type: "blockquote", content: [{ type: "paragraph", content: [text("q", { type: "italic" }, link)] }] },
      { type: "image", attrs: { media_id: "med_1", alt: "A", caption: null, credit: null } },
    ],
  },
};

test.each(Object.entries(DOCS))("the admin's form of a TipTap body is the server's canonical form: %s", (_name, doc) => {
  const admin = normalizeBody(doc);
  expect(admin).toEqual(server(admin));
  expect(admin).toEqual(server(doc));
});

test("marks come out in the server's order, link first, whatever order TipTap wrote them in", () => {
  const doc: BodyDoc = { type: "doc", content: [{ type: "paragraph", content: [text("x", { type: "italic" }, { type: "bold" }, link)] }] };
  const [p] = normalizeBody(doc).content;
  expect(p?.content?.[0]?.marks?.map((m) => m.type)).toEqual(["link", "bold", "italic"]);
});
