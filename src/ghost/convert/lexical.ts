// Ghost ≥ 5 bodies: Lexical JSON ({"root": {"type": "root", "children": [...]}}) → our blocks.
// Element nodes (paragraph, extended-heading, extended-quote, list/listitem, link) carry `children`;
// text runs carry `text` and a `format` bit mask; cards are decorator nodes with their fields inline
// (handed to cards.ts, shared with Mobiledoc).
import type { BlockNode, ListItemNode } from "../../body/schema";
import { jsonTooDeep } from "./budget";
import { Inline, PLAIN, blockquote, heading, list, listFits, paragraph, quoteFits, textParagraphs, type Cx, type Style } from "./builder";
import { convertCard } from "./cards";

type LNode = Record<string, unknown>;
const isNode = (v: unknown): v is LNode => typeof v === "object" && v !== null && !Array.isArray(v);
const kids = (n: LNode): unknown[] => (Array.isArray(n.children) ? n.children : []);

/** Lexical's text format bits beyond bold (1) and italic (2): kept as plain text, reported once. */
const FORMATS: Array<[number, string]> = [[4, "strikethrough"], [8, "underline"], [16, "code"], [32, "subscript"], [64, "superscript"], [128, "highlight"]];
const TEXT_TYPES = new Set(["text", "extended-text", "tab"]);
const INLINE_TYPES = new Set(["text", "extended-text", "tab", "linebreak", "link", "autolink", "at-link", "hashtag", "zwnj"]);
/** Inline nesting (links in links…) deeper than this is read as plain text. */
const MAX_INLINE_DEPTH = 16;
/** Block-level wrappers nested deeper than this (in malformed input) are read as plain text. */
const MAX_WRAPPER_DEPTH = 24;
/** A node walk that visits more than this is a hostile body: the rest is not read. */
const MAX_VISITS = 200_000;

/** Parse and convert; null (with a note) when the JSON is not a Lexical document. */
export function convertLexical(cx: Cx, source: unknown): BlockNode[] | null {
  let data: unknown = source;
  if (typeof source === "string") {
    if (jsonTooDeep(source)) {
      cx.note("malformed_body", "The Lexical body is nested more deeply than any real post; it was not read.");
      return null;
    }
    try {
      data = JSON.parse(source);
    } catch (err) {
      cx.note("malformed_body", `The Lexical body is not valid JSON (${(err as Error).message.slice(0, 120)}).`);
      return null;
    }
  }
  const root = isNode(data) && isNode(data.root) ? data.root : null;
  if (!root || !Array.isArray(root.children)) {
    cx.note("malformed_body", "The Lexical body has no root node with children.");
    return null;
  }
  return new LexicalReader(cx).blocks(root.children, 1, 0);
}

/** Every text run below `node`, iteratively (no recursion, bounded visits): words of structure we cannot keep. */
export function lexicalText(node: unknown): string {
  const parts: string[] = [];
  const stack: unknown[] = [node];
  let visits = 0;
  while (stack.length && ++visits < MAX_VISITS) {
    const n = stack.pop();
    if (!isNode(n)) continue;
    if (typeof n.text === "string") parts.push(n.text);
    if (n.type === "linebreak") parts.push("\n");
    const children = kids(n);
    if (children.length) {
      if (n.type === "paragraph" || n.type === "listitem" || n.type === "extended-heading" || n.type === "heading") parts.push("\n\n");
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
    }
  }
  return parts.join("");
}

class LexicalReader {
  constructor(private readonly cx: Cx) {}

  blocks(nodes: readonly unknown[], depth: number, wrappers: number): BlockNode[] {
    const out: BlockNode[] = [];
    let pending: unknown[] = [];
    // Inline nodes directly among blocks (malformed, or a wrapper's children) make one paragraph.
    const flush = () => {
      if (pending.length) out.push(...paragraph(this.inlineOf(pending)));
      pending = [];
    };
    for (const node of nodes) {
      if (!isNode(node)) continue;
      if (INLINE_TYPES.has(String(node.type))) {
        pending.push(node);
        continue;
      }
      flush();
      out.push(...this.block(node, depth, wrappers));
    }
    flush();
    return out;
  }

  private block(node: LNode, depth: number, wrappers: number): BlockNode[] {
    const type = String(node.type ?? "");
    switch (type) {
      case "paragraph":
        return paragraph(this.inlineOf(kids(node)));
      case "heading":
      case "extended-heading": {
        const level = /^h([1-6])$/.exec(String(node.tag ?? ""))?.[1];
        return heading(level ? Number(level) : 2, this.inlineOf(kids(node)));
      }
      case "quote":
      case "extended-quote":
      case "aside": {
        const inner = paragraph(this.inlineOf(kids(node)));
        if (quoteFits(depth)) return blockquote(inner);
        this.cx.once("flattened_nesting", "Quotes or lists nested too deeply were flattened into paragraphs.");
        return inner;
      }
      case "list":
        return this.list(node, depth);
      case "horizontalrule":
        return [{ type: "horizontalRule" }];
      case "listitem": // outside a list
      case "root":
        return this.wrapper(node, depth, wrappers);
      default:
        if (Array.isArray(node.children)) {
          this.cx.once("unknown_node", `Unknown Lexical node "${type.slice(0, 60)}": its content was kept.`);
          return this.wrapper(node, depth, wrappers);
        }
        // A decorator node: a card with its fields inline.
        return convertCard(this.cx, type, node, depth);
    }
  }

  private wrapper(node: LNode, depth: number, wrappers: number): BlockNode[] {
    if (wrappers >= MAX_WRAPPER_DEPTH) {
      this.cx.once("flattened_nesting", "Quotes or lists nested too deeply were flattened into paragraphs.");
      return textParagraphs(lexicalText(node));
    }
    return this.blocks(kids(node), depth, wrappers + 1);
  }

  private list(node: LNode, depth: number): BlockNode[] {
    if (!listFits(depth)) {
      this.cx.once("flattened_nesting", "Quotes or lists nested too deeply were flattened into paragraphs.");
      return textParagraphs(lexicalText(node));
    }
    const items: ListItemNode[] = [];
    for (const child of kids(node)) {
      if (!isNode(child)) continue;
      const content: BlockNode[] = [];
      let onlyLists = true;
      let pending: unknown[] = [];
      const flush = () => {
        if (pending.length) {
          const p = paragraph(this.inlineOf(pending));
          if (p.length) onlyLists = false;
          content.push(...p);
        }
        pending = [];
      };
      const itemKids = child.type === "listitem" ? kids(child) : [child];
      for (const k of itemKids) {
        if (!isNode(k)) continue;
        if (INLINE_TYPES.has(String(k.type))) {
          pending.push(k);
          continue;
        }
        flush();
        const blocks = k.type === "list" ? this.list(k, depth + 2) : this.block(k, depth + 2, 0);
        if (k.type !== "list") onlyLists = false;
        content.push(...blocks);
      }
      flush();
      if (!content.length) continue;
      // Lexical nests a list in an item of its own right after the item it belongs to.
      const prev = items[items.length - 1];
      if (onlyLists && prev) prev.content.push(...content);
      else items.push({ type: "listItem", content });
    }
    const ordered = node.listType === "number" || node.tag === "ol";
    return list(ordered, items, typeof node.start === "number" ? node.start : undefined);
  }

  private inlineOf(nodes: readonly unknown[]): Inline {
    const inline = new Inline();
    this.inline(nodes, PLAIN, inline, 0);
    return inline;
  }

  private inline(nodes: readonly unknown[], style: Style, into: Inline, level: number): void {
    for (const n of nodes) {
      if (!isNode(n)) continue;
      const type = String(n.type ?? "");
      if (TEXT_TYPES.has(type)) {
        const text = type === "tab" ? "\t" : typeof n.text === "string" ? n.text : "";
        into.text(text, this.format(style, n.format));
      } else if (type === "linebreak") {
        into.br();
      } else if (type === "zwnj") {
        // Ghost's zero-width non-joiner: a cursor aid in the editor, nothing a reader sees.
      } else if (Array.isArray(n.children)) {
        if (level >= MAX_INLINE_DEPTH) {
          into.text(lexicalText(n).replace(/\s+/g, " "), style);
          continue;
        }
        const linked = type === "link" || type === "autolink" || type === "at-link" ? { ...style, href: this.cx.href(n.url) } : style;
        this.inline(n.children, linked, into, level + 1);
      } else if (typeof n.text === "string") {
        into.text(n.text, style);
      } else if (type) {
        // A card inside a line (Lexical allows none, but a hand-made export might): reported, not placed.
        this.cx.note("unmapped_card", `Ghost "${type.slice(0, 60)}" card inside a line of text cannot be represented: it was left out.`);
      }
    }
  }

  private format(style: Style, raw: unknown): Style {
    const bits = typeof raw === "number" && Number.isInteger(raw) ? raw : 0;
    for (const [bit, name] of FORMATS) if (bits & bit) this.cx.once("unsupported_format", `Formatting "${name}" is not kept; its text is.`);
    if (!(bits & 3)) return style;
    return { ...style, bold: style.bold || !!(bits & 1), italic: style.italic || !!(bits & 2) };
  }
}
