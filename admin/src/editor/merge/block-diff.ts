// Two-way difference of two bodies, block by block, with the words that changed inside a block:
// what History shows between a revision and the current text, and what "Update live story" shows
// between the live version and the working copy.
import { canonical } from "../../lib/same";
import { normalizeBody, type BodyDoc, type BodyNode } from "../body-json";
import { hunks } from "./lcs";
import { diffWords, type WordPart } from "./word-diff";

export interface DiffRow {
  op: "same" | "add" | "del" | "change";
  old?: BodyNode;
  new?: BodyNode;
  /** For "change": the words of the block's plain text, old → new (all "same" when only formatting changed). */
  words?: WordPart[];
}

const KIND: Record<string, string> = {
  paragraph: "paragraph",
  heading: "heading",
  bulletList: "list",
  orderedList: "list",
  blockquote: "quote",
  image: "image",
  embed: "embed",
  relatedCard: "related card",
  horizontalRule: "divider",
};

/** The block's kind in words, as a legend names it ("paragraph", "list", "related card"). */
export const blockKind = (node: BodyNode | undefined): string => (node ? (KIND[node.type] ?? node.type) : "block");

const attr = (n: BodyNode, k: string) => {
  const v = n.attrs?.[k];
  return typeof v === "string" || typeof v === "number" ? String(v) : "";
};

/**
 * A block as plain text: its words for text blocks (list items on their own lines), and a short
 * description for the others, whose changes would otherwise be invisible in a text diff.
 */
export function blockText(node: BodyNode): string {
  switch (node.type) {
    case "text":
      return node.text ?? "";
    case "hardBreak":
      return "\n";
    case "paragraph":
    case "heading":
      return (node.content ?? []).map(blockText).join("");
    case "bulletList":
    case "orderedList":
    case "blockquote":
    case "listItem":
      return (node.content ?? []).map(blockText).join("\n");
    case "image":
      return ["Image: " + (attr(node, "alt") || "(no alt text)"), attr(node, "caption"), attr(node, "credit") && `Credit: ${attr(node, "credit")}`].filter(Boolean).join(" · ");
    case "embed":
      return ["Embed: " + attr(node, "url"), attr(node, "caption")].filter(Boolean).join(" · ");
    case "relatedCard":
      return `Related story ${attr(node, "article_id")}`;
    case "horizontalRule":
      return "———";
    default:
      return (node.content ?? []).map(blockText).join("");
  }
}

export function diffDocs(oldDoc: BodyDoc, newDoc: BodyDoc): DiffRow[] {
  const a = normalizeBody(oldDoc).content;
  const b = normalizeBody(newDoc).content;
  const rows: DiffRow[] = [];
  let i = 0;
  let j = 0;
  for (const h of [...hunks(a.map(canonical), b.map(canonical)), { aStart: a.length, aEnd: a.length, bStart: b.length, bEnd: b.length }]) {
    while (i < h.aStart) rows.push({ op: "same", old: a[i++], new: b[j++] });
    // Inside a changed run, blocks at the same offset and of the same kind read as one edited block.
    const n = h.aEnd - h.aStart;
    const m = h.bEnd - h.bStart;
    for (let k = 0; k < Math.max(n, m); k++) {
      const o = k < n ? a[h.aStart + k] : undefined;
      const w = k < m ? b[h.bStart + k] : undefined;
      if (o && w && o.type === w.type) rows.push({ op: "change", old: o, new: w, words: diffWords(blockText(o), blockText(w)) });
      else {
        if (o) rows.push({ op: "del", old: o });
        if (w) rows.push({ op: "add", new: w });
      }
    }
    i = h.aEnd;
    j = h.bEnd;
  }
  return rows;
}
