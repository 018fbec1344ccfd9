/**
 * Body document → HTML, safe by construction.
 *
 * We never pass stored HTML through; every string from the document or the
 * render context is escaped, every URL is re-checked here (the schema already
 * did, but documents may predate a rule change or be built in code), and the
 * output contains no iframes, scripts, inline styles or event handlers.
 */
import { formatByline } from "../lib/byline";
import { isSafeEmbedUrl, isSafeLinkHref } from "./schema";
import type { BlockNode, BodyDoc, ImageNode, InlineNode, ListItemNode, Mark, RelatedCardNode } from "./schema";

export interface MediaView {
  url: string;
  width?: number | null;
  height?: number | null;
}

export interface RelatedCardView {
  url: string;
  headline: string;
  summary: string | null;
  bylines: string[];
  imageUrl?: string | null;
  siteName?: string | null;
}

export interface RenderContext {
  /** null → the image is dropped (deleted or not yet processed media). */
  media(id: string): MediaView | null;
  /** null → the card is omitted (draft/deleted), so nothing about it leaks. */
  related(articleId: string): RelatedCardView | null;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escape for both text and double-quoted attribute contexts. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

/**
 * URLs we produce ourselves (media, article links) may be root-relative
 * ("/media/x.jpg"); anything else must be absolute http(s).
 */
function isSafeAssetUrl(url: string): boolean {
  return (url.startsWith("/") && !url.startsWith("//") && !url.includes("\\")) || isSafeEmbedUrl(url);
}

const nonBlank = (value: string | null | undefined): value is string => typeof value === "string" && value.trim() !== "";

export function renderBodyHtml(doc: BodyDoc, ctx: RenderContext): string {
  return renderDoc(doc, { ctx, defer: null });
}

/** A block whose HTML depends on rows other than the article's own: the image's media, the card's story. */
export type ReferenceNode = ImageNode | RelatedCardNode;

/**
 * The body with every reference block handed to `defer` instead of rendered (`topLevel`: a block of
 * the document itself, which the output separates by "\n" and drops when empty). What the stored
 * rendering (src/body/stored-html.ts) is made of; renderReferenceBlock fills it in later.
 */
export function renderBodyDeferred(doc: BodyDoc, defer: (node: ReferenceNode, topLevel: boolean) => string): string {
  return renderDoc(doc, { ctx: NO_REFERENCES, defer });
}

/** One reference block, exactly as renderBodyHtml renders it in place ("" when it is left out). */
export function renderReferenceBlock(node: ReferenceNode, ctx: RenderContext): string {
  return node.type === "image" ? renderImage(node.attrs, ctx) : renderRelatedCard(ctx.related(node.attrs.article_id));
}

interface Pass {
  ctx: RenderContext;
  defer: ((node: ReferenceNode, topLevel: boolean) => string) | null;
}

const NO_REFERENCES: RenderContext = { media: () => null, related: () => null };

function renderDoc(doc: BodyDoc, pass: Pass): string {
  return doc.content
    .map((block) => renderBlock(block, pass, true))
    .filter((html) => html !== "")
    .join("\n");
}

function renderBlocks(blocks: readonly BlockNode[], pass: Pass): string {
  return blocks.map((block) => renderBlock(block, pass, false)).join("");
}

function renderBlock(node: BlockNode, pass: Pass, topLevel: boolean): string {
  const ctx = pass.ctx;
  switch (node.type) {
    case "paragraph":
      return `<p>${renderInline(node.content ?? [])}</p>`;
    case "heading":
      return `<h${node.attrs.level}>${renderInline(node.content ?? [])}</h${node.attrs.level}>`;
    case "blockquote":
      return `<blockquote>${renderBlocks(node.content, pass)}</blockquote>`;
    case "bulletList":
      return `<ul>${renderItems(node.content, pass)}</ul>`;
    case "orderedList": {
      const start = node.attrs?.start;
      const attr = start !== undefined && start !== 1 ? ` start="${start}"` : "";
      return `<ol${attr}>${renderItems(node.content, pass)}</ol>`;
    }
    case "horizontalRule":
      return "<hr>";
    case "image":
    case "relatedCard":
      return pass.defer ? pass.defer(node, topLevel) : renderReferenceBlock(node, ctx);
    case "embed":
      return renderEmbed(node.attrs);
  }
}

function renderItems(items: readonly ListItemNode[], pass: Pass): string {
  return items.map((item) => `<li>${renderBlocks(item.content, pass)}</li>`).join("");
}

type ImageAttrs = Extract<BlockNode, { type: "image" }>["attrs"];

function renderImage(attrs: ImageAttrs, ctx: RenderContext): string {
  const media = ctx.media(attrs.media_id);
  if (!media || !isSafeAssetUrl(media.url)) return "";
  let img = `<img src="${escapeHtml(media.url)}" alt="${escapeHtml(attrs.alt)}"`;
  // Dimensions let the browser reserve space (no layout shift); only emit sane values.
  if (isDimension(media.width)) img += ` width="${media.width}"`;
  if (isDimension(media.height)) img += ` height="${media.height}"`;
  img += ` loading="lazy">`;
  const parts: string[] = [];
  if (nonBlank(attrs.caption)) parts.push(escapeHtml(attrs.caption.trim()));
  if (nonBlank(attrs.credit)) parts.push(`<span class="credit">(${escapeHtml(attrs.credit.trim())})</span>`);
  const caption = parts.length > 0 ? `<figcaption>${parts.join(" ")}</figcaption>` : "";
  return `<figure>${img}${caption}</figure>`;
}

function isDimension(value: number | null | undefined): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0;
}

function renderRelatedCard(card: RelatedCardView | null): string {
  if (!card || !isSafeAssetUrl(card.url)) return "";
  let html = `<aside class="related-card">`;
  if (nonBlank(card.imageUrl) && isSafeAssetUrl(card.imageUrl)) {
    // Decorative: the headline next to it already says what the story is.
    html += `<img src="${escapeHtml(card.imageUrl)}" alt="" loading="lazy">`;
  }
  if (nonBlank(card.siteName)) html += `<p class="site-name">${escapeHtml(card.siteName)}</p>`;
  html += `<a href="${escapeHtml(card.url)}">${escapeHtml(card.headline)}</a>`;
  if (nonBlank(card.summary)) html += `<p>${escapeHtml(card.summary)}</p>`;
  const byline = formatByline(card.bylines);
  if (byline !== "") html += `<p class="byline">By ${escapeHtml(byline)}</p>`;
  return `${html}</aside>`;
}

type EmbedAttrs = Extract<BlockNode, { type: "embed" }>["attrs"];

/** A plain link, not an iframe: third-party scripts stay out of our pages unless the front end opts in. */
function renderEmbed(attrs: EmbedAttrs): string {
  if (!isSafeEmbedUrl(attrs.url)) return "";
  const label = nonBlank(attrs.provider) ? attrs.provider.trim() : new URL(attrs.url).hostname;
  const caption = nonBlank(attrs.caption) ? `<figcaption>${escapeHtml(attrs.caption.trim())}</figcaption>` : "";
  return `<figure class="embed"><a href="${escapeHtml(attrs.url)}" rel="noopener noreferrer">${escapeHtml(label)}</a>${caption}</figure>`;
}

// --- inline ----------------------------------------------------------------

/** A mark in canonical nesting order: link outermost, then bold, then italic. */
type OpenMark = { key: string; open: string; close: string };

function orderedMarks(marks: readonly Mark[] | undefined): OpenMark[] {
  const out: OpenMark[] = [];
  const link = marks?.find((m) => m.type === "link");
  if (link && isSafeLinkHref(link.attrs.href)) {
    const title = nonBlank(link.attrs.title) ? ` title="${escapeHtml(link.attrs.title)}"` : "";
    const open = `<a href="${escapeHtml(link.attrs.href)}"${title} rel="noopener noreferrer">`;
    out.push({ key: open, open, close: "</a>" });
  }
  if (marks?.some((m) => m.type === "bold")) out.push({ key: "b", open: "<strong>", close: "</strong>" });
  if (marks?.some((m) => m.type === "italic")) out.push({ key: "i", open: "<em>", close: "</em>" });
  return out;
}

/**
 * Like ProseMirror's DOM serializer, keep marks open across adjacent nodes that
 * share them, so "a **b** c" inside one link yields a single <a>, not three.
 * Marks always close in reverse order, so the output is well nested.
 */
function renderInline(nodes: readonly InlineNode[]): string {
  let html = "";
  let active: OpenMark[] = [];
  for (const node of nodes) {
    // A hard break keeps whatever marks surround it (a <br> inside <a> is valid).
    if (node.type === "hardBreak") {
      html += "<br>";
      continue;
    }
    const wanted = orderedMarks(node.marks);
    let keep = 0;
    while (keep < active.length && keep < wanted.length && active[keep]!.key === wanted[keep]!.key) keep++;
    for (let i = active.length - 1; i >= keep; i--) html += active[i]!.close;
    for (let i = keep; i < wanted.length; i++) html += wanted[i]!.open;
    active = wanted;
    html += escapeHtml(node.text);
  }
  for (let i = active.length - 1; i >= 0; i--) html += active[i]!.close;
  return html;
}
