/**
 * The story's own words as plain text: for search indexing, word counts,
 * reading time and excerpts. Image captions, related cards and embeds are
 * left out on purpose — they aren't the reporter's prose, and counting them
 * would inflate reading time and pollute excerpts.
 */
import type { BlockNode, BodyDoc, InlineNode } from "./schema";

/** Average adult silent reading speed for news copy, words per minute. */
export const WORDS_PER_MINUTE = 230;

/**
 * Blocks are separated by a blank line; list items by a single newline;
 * a hard break becomes a newline.
 */
export function bodyToPlainText(doc: BodyDoc): string {
  return blocksText(doc.content, "\n\n");
}

function blocksText(blocks: readonly BlockNode[], separator: string): string {
  return blocks
    .map(blockText)
    .filter((text) => text !== "")
    .join(separator);
}

function blockText(node: BlockNode): string {
  switch (node.type) {
    case "paragraph":
    case "heading":
      return inlineText(node.content ?? []).trim();
    case "blockquote":
      return blocksText(node.content, "\n\n");
    case "bulletList":
    case "orderedList":
      return node.content
        .map((item) => blocksText(item.content, "\n"))
        .filter((text) => text !== "")
        .join("\n");
    case "horizontalRule":
    case "image":
    case "relatedCard":
    case "embed":
      return "";
  }
}

function inlineText(nodes: readonly InlineNode[]): string {
  return nodes.map((node) => (node.type === "text" ? node.text : "\n")).join("");
}

/**
 * Whitespace-separated tokens that contain at least one letter or digit in any
 * script, so "—", "•" and emoji on their own don't count but "Ünal", "مرحبا"
 * and "2024" do. Scripts written without spaces (Chinese, Japanese, Thai)
 * count each run as one word; good enough until we serve those markets.
 */
export function countWords(text: string): number {
  let count = 0;
  for (const token of text.split(/\s+/u)) {
    if (/[\p{L}\p{N}]/u.test(token)) count++;
  }
  return count;
}

/** Whole minutes, never 0: "0 min read" looks broken even for a photo story. */
export function readingTimeMinutes(doc: BodyDoc): number {
  return Math.max(1, Math.ceil(countWords(bodyToPlainText(doc)) / WORDS_PER_MINUTE));
}

/**
 * The opening of the story on one line, at most `maxChars` characters
 * (code points, so emoji aren't split) including the "…" added when cut.
 * Cuts at the last word boundary; a single over-long word is hard-cut.
 */
export function excerpt(doc: BodyDoc, maxChars = 280): string {
  const flat = bodyToPlainText(doc).replace(/\s+/gu, " ").trim();
  const chars = Array.from(flat);
  if (chars.length <= maxChars) return flat;
  if (maxChars < 1) return "";
  // The text budget is maxChars - 1 (room for "…"). Look at one char more than
  // that: if it is a space, the budget ends exactly on a word boundary.
  const head = chars.slice(0, maxChars).join("");
  const lastSpace = head.lastIndexOf(" ");
  let cut = lastSpace > 0 ? head.slice(0, lastSpace) : chars.slice(0, maxChars - 1).join("");
  // Drop dangling punctuation so we don't print "said,…" or "— …".
  cut = cut.replace(/[\s,;:.\u2013\u2014-]+$/u, "");
  return `${cut}…`;
}
