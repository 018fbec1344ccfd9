// Anchoring a note to a passage of the body by its words, not by positions: a quote with a little
// context either side (the W3C Web Annotation TextQuoteSelector: exact, prefix, suffix). Positions
// go stale with any edit above the passage; the words survive edits to other paragraphs, and an
// edit inside the passage itself leaves the note orphaned (the thing it was about is gone).
// Pure, no Worker globals: the server resolves anchors for `anchor_state`, the admin imports it
// (@shared/notes/anchor) to make anchors from a selection and to highlight them, so both read the
// body's text the same way.

/** A node of the body as TipTap/ProseMirror JSON (src/body/schema.ts is the strict form). */
export interface AnchorNode {
  type: string;
  text?: string;
  content?: readonly AnchorNode[];
}

export interface TextQuoteAnchor {
  quote: string;
  prefix: string;
  suffix: string;
}

export const ANCHOR_LIMITS = { quote: 500, context: 64 } as const;
/** How much context the admin takes either side of a selection: enough to tell repeats apart. */
export const CONTEXT_CHARS = 32;

/** Nodes that occupy one ProseMirror position and hold no text (hardBreak is "\n"). */
const LEAVES = new Set(["image", "relatedCard", "embed", "horizontalRule", "hardBreak"]);
const TEXTBLOCKS = new Set(["paragraph", "heading"]);

/** A run of the text and where it sits in the document (ProseMirror positions). */
interface Segment {
  textStart: number;
  pos: number;
  length: number;
}

export interface AnchorText {
  /** The body's words: textblocks joined by "\n", a hard break as "\n". */
  text: string;
  segments: Segment[];
}

/**
 * The body's text with a map back to document positions. Positions follow ProseMirror's counting
 * (a node with content opens and closes with one position each, a leaf is one, text is its UTF-16
 * length), so the admin can turn a text range into an editor range without a second walk.
 */
export function anchorText(doc: AnchorNode): AnchorText {
  let text = "";
  const segments: Segment[] = [];
  let lastWasBlock = false;
  // Returns the node's size; `pos` is where the node starts.
  const walk = (node: AnchorNode, pos: number): number => {
    if (node.type === "text") {
      const t = node.text ?? "";
      segments.push({ textStart: text.length, pos, length: t.length });
      text += t;
      return t.length;
    }
    if (node.type === "hardBreak") {
      segments.push({ textStart: text.length, pos, length: 1 });
      text += "\n";
      return 1;
    }
    if (LEAVES.has(node.type)) return 1;
    if (TEXTBLOCKS.has(node.type)) {
      if (lastWasBlock) text += "\n";
      lastWasBlock = true;
    }
    let size = 0;
    for (const child of node.content ?? []) size += walk(child, pos + 1 + size);
    return size + 2;
  };
  // The doc node itself has no opening position: its content starts at 0.
  let size = 0;
  for (const child of doc.content ?? []) size += walk(child, size);
  return { text, segments };
}

/** The document position of a text offset (`edge` "end" prefers the end of the run before a gap). */
export function positionOf(t: AnchorText, offset: number, edge: "start" | "end"): number | null {
  for (const s of t.segments) {
    const inside = edge === "start" ? offset >= s.textStart && offset < s.textStart + s.length : offset > s.textStart && offset <= s.textStart + s.length;
    if (inside) return s.pos + (offset - s.textStart);
  }
  return null;
}

/** The text offset of a document position, or null where no text is (between blocks, on a leaf). */
export function offsetOf(t: AnchorText, pos: number): number | null {
  for (const s of t.segments) if (pos >= s.pos && pos <= s.pos + s.length) return s.textStart + (pos - s.pos);
  return null;
}

/** The anchor for text[start, end): the quote and up to CONTEXT_CHARS either side. */
export function anchorFor(text: string, start: number, end: number): TextQuoteAnchor | null {
  const quote = text.slice(start, end);
  if (quote.trim() === "" || quote.length > ANCHOR_LIMITS.quote) return null;
  return { quote, prefix: text.slice(Math.max(0, start - CONTEXT_CHARS), start), suffix: text.slice(end, end + CONTEXT_CHARS) };
}

/**
 * Whitespace runs as one space, with a map from each normalised index to the original one: a quote
 * taken from a browser selection ("\n\n" between paragraphs) or from the search text matches the
 * same passage, and results come back in the original text's offsets. Prepare a text once to
 * resolve many anchors in it (a story's notes): one pass over the body, not one per note.
 */
export interface PreparedText {
  norm: string;
  map: number[];
}

export function prepareText(s: string): PreparedText {
  let norm = "";
  const map: number[] = [];
  let at = 0;
  const keep = (from: number, to: number) => {
    norm += s.slice(from, to);
    for (let i = from; i < to; i++) map.push(i);
  };
  for (const m of s.matchAll(/\s+/gu)) {
    keep(at, m.index);
    norm += " ";
    map.push(m.index);
    at = m.index + m[0].length;
  }
  keep(at, s.length);
  map.push(s.length);
  return { norm, map };
}

const squash = (s: string) => s.replace(/\s+/gu, " ");

function commonSuffix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

export interface AnchorMatch {
  start: number;
  end: number;
}

/** How much of the context next to the quote must still be there for an occurrence to be the anchored one. */
export const NEAR_CONTEXT = 12;
/** Shorter context than this (a quote at the very start or end of the body) says too little to look for elsewhere. */
const MIN_SEARCHED_CONTEXT = 4;

/**
 * Where the anchor is in `text` now, or null (orphaned). Every occurrence of the quote is a
 * candidate. One counts as the anchored passage when the text right before it still ends with the
 * nearest NEAR_CONTEXT characters of the stored prefix, or the text right after it starts with
 * the nearest of the suffix (an edit on one side of the quote keeps it); of several, the one whose
 * surroundings agree with the stored context over the most characters wins (ties: the first).
 * When no occurrence has its context:
 *  - if that context is still in the text, the quote's own place is there with other words in it:
 *    the quoted words were edited, and the same words elsewhere are another passage → orphaned;
 *  - else the passage around it was rewritten: a lone occurrence is still it, several cannot be
 *    told apart → orphaned.
 * Whitespace is compared normalised (one space), so a browser selection matches the search text.
 */
export function resolveAnchor(text: string | PreparedText, anchor: TextQuoteAnchor): AnchorMatch | null {
  const quote = squash(anchor.quote).trim();
  if (quote === "") return null;
  const { norm, map } = typeof text === "string" ? prepareText(text) : text;
  const prefix = squash(anchor.prefix);
  const suffix = squash(anchor.suffix);
  const near = { prefix: prefix.trimEnd().slice(-NEAR_CONTEXT), suffix: suffix.trimStart().slice(0, NEAR_CONTEXT) };
  let best: { at: number; score: number } | null = null;
  let lone: number | null = null;
  let occurrences = 0;
  // Bounded: at most text.length candidates, each scored over ≤ 2 × 64 characters.
  for (let at = norm.indexOf(quote); at !== -1; at = norm.indexOf(quote, at + 1)) {
    occurrences++;
    lone = at;
    const before = norm.slice(Math.max(0, at - prefix.length - 1), at).trimEnd();
    const after = norm.slice(at + quote.length, at + quote.length + suffix.length + 1).trimStart();
    // An empty stored side means the quote sat at the body's edge: it matches there only.
    const held =
      (near.prefix === "" ? norm.slice(0, at).trim() === "" : before.endsWith(near.prefix)) ||
      (near.suffix === "" ? norm.slice(at + quote.length).trim() === "" : after.startsWith(near.suffix));
    if (!held) continue;
    // Trimmed so the space a normalised quote lost at its edge does not cost a point.
    const score = commonSuffix(before, prefix.trimEnd()) + commonPrefix(after, suffix.trimStart());
    if (!best || score > best.score) best = { at, score };
  }
  if (!best) {
    const contextRemains = [near.prefix, near.suffix].some((c) => c.trim().length >= MIN_SEARCHED_CONTEXT && norm.includes(c));
    if (occurrences !== 1 || contextRemains) return null;
    best = { at: lone!, score: 0 };
  }
  return { start: map[best.at]!, end: map[best.at + quote.length - 1]! + 1 };
}

export type AnchorState = "attached" | "orphaned";

export const anchorState = (text: string | PreparedText, anchor: TextQuoteAnchor): AnchorState => (resolveAnchor(text, anchor) ? "attached" : "orphaned");
