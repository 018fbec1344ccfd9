// The last pass that makes any result fit our body schema's limits: the MAX_NODES budget (counting,
// cutting, dropping marks, joining paragraphs), and the nesting check made before JSON is parsed.
import { MAX_NODES, type BlockNode, type ListItemNode } from "../../body/schema";
import { Inline, PLAIN, paragraph } from "./builder";

// --- the node budget -----------------------------------------------------------------------------------

/** Nodes a block list counts toward MAX_NODES (the schema counts every node below the doc). */
export const sizeOf = (blocks: readonly BlockNode[]): number => blocks.reduce((n, b) => n + size(b), 0);

/** The same blocks without marks (links, bold, italic): adjacent runs merge, so fewer nodes. */
export function withoutMarks(blocks: readonly BlockNode[]): BlockNode[] {
  return blocks.map((b): BlockNode => {
    switch (b.type) {
      case "paragraph":
      case "heading": {
        const inline = new Inline();
        for (const n of b.content ?? []) {
          if (n.type === "text") inline.text(n.text, PLAIN);
          else inline.br();
        }
        return { ...b, content: inline.nodes } as BlockNode;
      }
      case "blockquote":
        return { type: "blockquote", content: withoutMarks(b.content) };
      case "bulletList":
      case "orderedList":
        return { ...b, content: b.content.map((item) => ({ type: "listItem" as const, content: withoutMarks(item.content) })) } as BlockNode;
      default:
        return b;
    }
  });
}

/**
 * Consecutive top-level paragraphs joined (words separated by a space, breaks as spaces): a run of
 * paragraphs becomes as few paragraphs as MAX_TEXT_LENGTH allows.
 */
export function joinParagraphs(blocks: readonly BlockNode[]): BlockNode[] {
  const out: BlockNode[] = [];
  let run: Inline | null = null;
  for (const b of blocks) {
    if (b.type !== "paragraph") {
      if (run) out.push(...paragraph(run));
      run = null;
      out.push(b);
      continue;
    }
    if (run) run.text(" ", PLAIN);
    run ??= new Inline();
    for (const n of b.content ?? []) run.text(n.type === "text" ? n.text : " ", PLAIN);
  }
  if (run) out.push(...paragraph(run));
  return out;
}

function size(node: BlockNode | ListItemNode): number {
  if (node.type === "paragraph" || node.type === "heading") return 1 + (node.content?.length ?? 0);
  if (node.type === "blockquote" || node.type === "bulletList" || node.type === "orderedList" || node.type === "listItem") {
    let n = 1;
    for (const child of node.content as Array<BlockNode | ListItemNode>) n += size(child);
    return n;
  }
  return 1;
}

/**
 * Keep blocks in order until MAX_NODES; the block that crosses it is cut inside. Returns the kept
 * blocks and the index of the first top-level block not kept whole (-1: nothing was cut).
 */
export function fitBudget(blocks: BlockNode[], budget = MAX_NODES): [BlockNode[], number] {
  const out: BlockNode[] = [];
  let left = budget;
  let cutAt = -1;
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    const n = size(block);
    if (n <= left) {
      out.push(block);
      left -= n;
      continue;
    }
    if (left >= 2) {
      const cut = cutBlock(block, left);
      if (cut) {
        out.push(cut);
        left -= size(cut);
      }
    }
    cutAt = i;
    break;
  }
  return [out, cutAt];
}

function cutBlock(block: BlockNode, budget: number): BlockNode | null {
  switch (block.type) {
    case "paragraph":
    case "heading":
      return { ...block, content: (block.content ?? []).slice(0, budget - 1) } as BlockNode;
    case "blockquote": {
      const [content] = fitBudget(block.content, budget - 1);
      return content.length ? { type: "blockquote", content } : null;
    }
    case "bulletList":
    case "orderedList": {
      const items: ListItemNode[] = [];
      let left = budget - 1;
      for (const item of block.content) {
        if (left < 2) break;
        const [content] = fitBudget(item.content, left - 1);
        if (!content.length) break;
        const kept: ListItemNode = { type: "listItem", content };
        items.push(kept);
        left -= size(kept);
        if (content.length < item.content.length) break;
      }
      return items.length ? ({ ...block, content: items } as BlockNode) : null;
    }
    default:
      return null;
  }
}

/**
 * True when JSON text nests arrays/objects deeper than `limit`. Checked before JSON.parse: a real
 * Ghost body nests a few dozen levels, and parsing a hostile 100,000-level one costs ~1 s of CPU.
 */
export function jsonTooDeep(text: string, limit = 512): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}
