// One spelling per document. Editors (TipTap) and programs can write the same body in several
// JSON forms — `attrs: {start: 1}` or none, `caption: null` or absent, marks in any order, a run
// of text split in two. Stored and compared canonically, opening and re-saving an untouched
// story is not a change and creates no new version. The admin compares and saves bodies in this
// same form (admin/src/editor/body-json.ts imports it), so this module stays pure TypeScript.
import type { BlockNode, BodyDoc, InlineNode, Mark } from "./schema";

const MARK_ORDER: Record<Mark["type"], number> = { link: 0, bold: 1, italic: 2 };

function cleanAttrs<T extends { attrs?: Record<string, unknown> | undefined }>(node: T): T {
  if (!node.attrs) return node;
  const attrs = Object.fromEntries(Object.entries(node.attrs).filter(([, v]) => v !== null && v !== undefined));
  const { attrs: _old, ...rest } = node;
  return (Object.keys(attrs).length ? { ...rest, attrs } : rest) as T;
}

function canonicalInline(nodes: readonly InlineNode[] | undefined): InlineNode[] {
  const out: InlineNode[] = [];
  for (const node of nodes ?? []) {
    if (node.type !== "text") {
      out.push(node);
      continue;
    }
    const marks = (node.marks ?? []).map((m) => cleanAttrs(m as Mark & { attrs?: Record<string, unknown> })).sort((a, b) => MARK_ORDER[a.type] - MARK_ORDER[b.type]);
    const text = marks.length ? { type: "text" as const, text: node.text, marks } : { type: "text" as const, text: node.text };
    const prev = out.at(-1);
    // Adjacent runs with the same marks are one run.
    if (prev?.type === "text" && JSON.stringify(prev.marks ?? []) === JSON.stringify(text.marks ?? [])) {
      out[out.length - 1] = { ...prev, text: prev.text + text.text };
    } else out.push(text);
  }
  return out;
}

function canonicalBlock(node: BlockNode): BlockNode {
  switch (node.type) {
    case "paragraph":
    case "heading": {
      const content = canonicalInline(node.content);
      const { content: _c, ...rest } = cleanAttrs(node as typeof node & { attrs?: Record<string, unknown> });
      return (content.length ? { ...rest, content } : rest) as BlockNode;
    }
    case "blockquote":
      return { type: "blockquote", content: node.content.map(canonicalBlock) };
    case "bulletList":
      return { type: "bulletList", content: node.content.map((item) => ({ type: "listItem", content: item.content.map(canonicalBlock) })) };
    case "orderedList": {
      const start = node.attrs?.start;
      const content = node.content.map((item) => ({ type: "listItem" as const, content: item.content.map(canonicalBlock) }));
      return start !== undefined && start !== 1 ? { type: "orderedList", attrs: { start }, content } : { type: "orderedList", content };
    }
    default:
      return cleanAttrs(node as typeof node & { attrs?: Record<string, unknown> });
  }
}

export function canonicalizeBody(doc: BodyDoc): BodyDoc {
  return { type: "doc", content: doc.content.map(canonicalBlock) };
}
