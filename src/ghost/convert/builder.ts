// What the three readers (Lexical, Mobiledoc, HTML) share: the conversion's context and notes, and the
// inline-run builder. The last pass that makes any result fit our body schema's limits is in ./budget.
//
// Output is written in the body's canonical spelling (src/body/canonical.ts): marks ordered link,
// bold, italic; adjacent runs with the same marks merged; null attributes omitted; an ordered
// list's start only when it is not 1. So a re-import of an unchanged post yields identical JSON.
import {
  MAX_DEPTH,
  MAX_TEXT_LENGTH,
  isSafeEmbedUrl,
  isSafeLinkHref,
  type BlockNode,
  type InlineNode,
  type ListItemNode,
  type Mark,
  type TextNode,
} from "../../body/schema";
import { splitCaptionCredit, splitCaptionText } from "./caption";
import { absoluteUrl } from "./urls";

export interface ConvertNote {
  code: string;
  message: string;
}

export interface ConvertContext {
  /** The old site's URL: replaces `__GHOST_URL__`. */
  siteUrl: string;
  /** Our article id for a URL that names an imported post (→ relatedCard), else null. */
  articleForUrl(url: string): string | null;
  /** Our media id for an image src (resolved, as listed by ghostImageUrls). */
  mediaFor(src: string, meta: { alt: string; width?: number; height?: number }): string;
}

/** A post with a thousand warnings is a broken post; the first screenful says so. */
const MAX_NOTES = 100;
const MAX_ID = 200;

export class Cx {
  readonly notes: ConvertNote[] = [];
  private readonly seen = new Set<string>();
  private full = false;

  constructor(readonly ctx: ConvertContext) {}

  /** A note every time (one per card, per link…). */
  note(code: string, message: string): void {
    if (this.full) return;
    if (this.notes.length >= MAX_NOTES) {
      this.full = true;
      this.notes.push({ code: "notes_truncated", message: `More than ${MAX_NOTES} notes for this post; the rest were left out.` });
      return;
    }
    this.notes.push({ code, message: message.length > 500 ? `${message.slice(0, 499)}…` : message });
  }

  /** A note once per post (the same message again adds nothing). */
  once(code: string, message: string): void {
    const key = `${code}\u0000${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.note(code, message);
  }

  url(raw: unknown): string {
    return absoluteUrl(raw, this.ctx.siteUrl);
  }

  /** A link's href, or null (with a note) when it is not one we may keep: its words stay, unlinked. */
  href(raw: unknown): string | null {
    const url = this.url(raw);
    if (!url) return null;
    if (isSafeLinkHref(url)) return url;
    this.note("unsafe_link", `Link ${JSON.stringify(short(url))} kept as plain text (only http, https and mailto links are kept).`);
    return null;
  }

  /** An image block: the src resolved and allocated a media id, the caption's credit split out. */
  image(rawSrc: unknown, rawAlt: unknown, caption: unknown, width: unknown, height: unknown, where = "image"): BlockNode[] {
    const src = this.url(rawSrc);
    if (!src) {
      this.note("image_without_src", `An ${where} without a src was left out.`);
      return [];
    }
    if (!isSafeEmbedUrl(src)) {
      this.note("image_unsupported_src", `An ${where} at ${JSON.stringify(short(src))} was left out (not an http(s) URL).`);
      return [];
    }
    const alt = typeof rawAlt === "string" ? rawAlt.slice(0, MAX_TEXT_LENGTH) : "";
    const meta: { alt: string; width?: number; height?: number } = { alt };
    if (typeof width === "number" && Number.isFinite(width) && width > 0) meta.width = Math.round(width);
    if (typeof height === "number" && Number.isFinite(height) && height > 0) meta.height = Math.round(height);
    const mediaId = String(this.ctx.mediaFor(src, meta) ?? "").trim();
    if (!mediaId || mediaId.length > MAX_ID) {
      this.note("image_without_media", `The image at ${JSON.stringify(short(src))} has no media record and was left out.`);
      return [];
    }
    // A caption is Ghost's HTML fragment, or (from the HTML reader) text already read from a figcaption.
    const split = caption instanceof CaptionText ? splitCaptionText(caption.text) : splitCaptionCredit(typeof caption === "string" ? caption : null);
    if (split.split) this.note("credit_split", `Image caption ${JSON.stringify(split.caption ?? "")}, credit ${JSON.stringify(split.credit ?? "")}.`);
    const attrs: { media_id: string; alt: string; caption?: string; credit?: string } = { media_id: mediaId, alt };
    if (split.caption) attrs.caption = split.caption;
    if (split.credit) attrs.credit = split.credit;
    return [{ type: "image", attrs }];
  }

  /** Our article id for a URL, if it names an imported post. */
  article(url: string): string | null {
    const id = this.ctx.articleForUrl(url);
    const value = typeof id === "string" ? id.trim() : "";
    return value && value.length <= MAX_ID ? value : null;
  }
}

/** A caption already read as text (not HTML to parse again). */
export class CaptionText {
  constructor(readonly text: string) {}
}

export const short = (s: string, n = 120): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

// --- inline runs ------------------------------------------------------------------------------------

export interface Style {
  bold: boolean;
  italic: boolean;
  href: string | null;
}
export const PLAIN: Style = { bold: false, italic: false, href: null };

function marksOf(style: Style): Mark[] | undefined {
  const marks: Mark[] = [];
  if (style.href) marks.push({ type: "link", attrs: { href: style.href } });
  if (style.bold) marks.push({ type: "bold" });
  if (style.italic) marks.push({ type: "italic" });
  return marks.length ? marks : undefined;
}

const sameMarks = (a: TextNode, b: Mark[] | undefined): boolean => JSON.stringify(a.marks ?? []) === JSON.stringify(b ?? []);

/** Cut at MAX_TEXT_LENGTH: after a space near the limit if there is one, never inside a surrogate pair. */
function chunks(text: string): string[] {
  if (text.length <= MAX_TEXT_LENGTH) return [text];
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(i + MAX_TEXT_LENGTH, text.length);
    if (end < text.length) {
      const space = text.lastIndexOf(" ", end - 1);
      if (space > end - 2_000 && space > i) end = space + 1;
      const c = text.charCodeAt(end - 1);
      if (c >= 0xd800 && c <= 0xdbff) end--;
    }
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/**
 * Inline content cut where a run overflowed MAX_TEXT_LENGTH (two adjacent runs with the same marks:
 * nothing else makes them). Each part becomes its own block, because the body's canonical form
 * (src/body/canonical.ts, applied on save) merges such runs back into one that is too long.
 */
function overflowParts(nodes: InlineNode[]): InlineNode[][] {
  const parts: InlineNode[][] = [[]];
  for (const n of nodes) {
    const part = parts[parts.length - 1]!;
    const prev = part[part.length - 1];
    if (n.type === "text" && prev?.type === "text" && sameMarks(prev, n.marks)) parts.push([n]);
    else part.push(n);
  }
  return parts;
}

export class Inline {
  readonly nodes: InlineNode[] = [];

  text(text: string, style: Style): void {
    if (!text) return;
    const marks = marksOf(style);
    const last = this.nodes[this.nodes.length - 1];
    if (last?.type === "text" && sameMarks(last, marks) && last.text.length + text.length <= MAX_TEXT_LENGTH) {
      this.nodes[this.nodes.length - 1] = { ...last, text: last.text + text };
      return;
    }
    for (const part of chunks(text)) this.nodes.push(marks ? { type: "text", text: part, marks } : { type: "text", text: part });
  }

  br(): void {
    this.nodes.push({ type: "hardBreak" });
  }

  /** Nothing a reader would see: no nodes, or only whitespace and breaks. */
  get blank(): boolean {
    return this.nodes.every((n) => n.type === "hardBreak" || !n.text.trim());
  }

  /** HTML's whitespace rules: runs collapse to one space, none at the block's edges or around a break. */
  collapse(): void {
    const out: InlineNode[] = [];
    for (const n of this.nodes) {
      if (n.type !== "text") {
        trimEnd(out);
        out.push(n);
        continue;
      }
      let text = n.text.replace(/[\t\n\r\f ]+/g, " ");
      const prev = out[out.length - 1];
      if (!prev || prev.type === "hardBreak" || (prev.type === "text" && prev.text.endsWith(" "))) text = text.replace(/^ /, "");
      if (!text) continue;
      // Runs that became neighbours (a space between them dropped) are one run again.
      if (prev?.type === "text" && sameMarks(prev, n.marks) && prev.text.length + text.length <= MAX_TEXT_LENGTH) out[out.length - 1] = { ...prev, text: prev.text + text };
      else out.push({ ...n, text });
    }
    trimEnd(out);
    this.nodes.splice(0, this.nodes.length, ...out);
  }
}

function trimEnd(nodes: InlineNode[]): void {
  const last = nodes[nodes.length - 1];
  if (last?.type !== "text" || !last.text.endsWith(" ")) return;
  const text = last.text.replace(/ +$/, "");
  if (text) nodes[nodes.length - 1] = { ...last, text };
  else nodes.pop();
}

export function paragraph(inline: Inline): BlockNode[] {
  if (inline.blank) return [];
  return overflowParts(inline.nodes).map((content) => ({ type: "paragraph", content }));
}

export function heading(level: number, inline: Inline): BlockNode[] {
  if (inline.blank) return [];
  // h1 belongs to the headline; h5 and h6 are as small as we go.
  const l = (level <= 2 ? 2 : level >= 4 ? 4 : 3) as 2 | 3 | 4;
  return overflowParts(inline.nodes).map((content) => ({ type: "heading", attrs: { level: l }, content }));
}

/** Plain text as paragraphs (one per non-empty line group), for card text kept as words. */
export function textParagraphs(text: string, style: Style = PLAIN): BlockNode[] {
  return text
    .split(/\n\s*\n/)
    .map((part) => part.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .flatMap((part) => {
      const inline = new Inline();
      inline.text(part, style);
      return paragraph(inline);
    });
}

/** Lines kept as lines (code): one paragraph, a hard break between lines. */
export function lineParagraph(text: string): BlockNode[] {
  const inline = new Inline();
  text.replace(/\r\n?/g, "\n").split("\n").forEach((line, i) => {
    if (i > 0) inline.br();
    inline.text(line, PLAIN);
  });
  return paragraph(inline);
}

// --- containers and depth ----------------------------------------------------------------------------

/** May a container at `depth` hold blocks (blockquote: children at depth+1)? */
export const quoteFits = (depth: number): boolean => depth + 1 <= MAX_DEPTH;
/** May a list at `depth` hold items (items at depth+1, their blocks at depth+2)? */
export const listFits = (depth: number): boolean => depth + 2 <= MAX_DEPTH;

export function blockquote(content: BlockNode[]): BlockNode[] {
  return content.length ? [{ type: "blockquote", content }] : [];
}

export function list(ordered: boolean, items: ListItemNode[], start?: number): BlockNode[] {
  const kept = items.filter((i) => i.content.length > 0);
  if (!kept.length) return [];
  if (!ordered) return [{ type: "bulletList", content: kept }];
  return start !== undefined && Number.isSafeInteger(start) && start > 1
    ? [{ type: "orderedList", attrs: { start }, content: kept }]
    : [{ type: "orderedList", content: kept }];
}
