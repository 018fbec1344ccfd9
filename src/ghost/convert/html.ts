// Ghost's rendered HTML → our blocks: the fallback for posts with only `html` (and for a body whose
// Lexical/Mobiledoc is unreadable), and the reader for HTML inside cards (callout text, toggles).
// Ghost's kg-card markup is recognised (image, gallery, embed, bookmark figures; callout, toggle and
// other cards; html cards between <!--kg-card-begin: html--> comments) so the result matches what
// the Lexical reader makes of the same post.
import { MAX_TEXT_LENGTH, isSafeEmbedUrl, type BlockNode, type ListItemNode } from "../../body/schema";
import {
  CaptionText,
  Inline,
  PLAIN,
  blockquote,
  heading,
  lineParagraph,
  list,
  listFits,
  paragraph,
  quoteFits,
  short,
  textParagraphs,
  type Cx,
  type Style,
} from "./builder";
import { bookmarkBlock, embedBlock } from "./cards";
import { collapse, descendants, hasClass, isElement, parseHtml, textOf, type HElement, type HNode } from "./html-lite";
import { embedProvider } from "./urls";

const INLINE = new Set(["a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp", "small", "span", "strike", "del", "ins", "strong", "sub", "sup", "time", "u", "var", "wbr", "br", "font", "label"]);
const UNSUPPORTED_FORMAT: Record<string, string> = { u: "underline", s: "strikethrough", strike: "strikethrough", del: "strikethrough", code: "code", kbd: "code", samp: "code", sub: "subscript", sup: "superscript", mark: "highlight" };
/** Elements we do not read as words (the tree keeps their raw content aside, never as text). */
const SKIP = new Set(["script", "style", "noscript", "template", "textarea", "title", "svg", "math", "object", "head", "meta", "link", "button", "input", "select", "form"]);
const CARD_CLASSES: Array<[string, string]> = [
  ["kg-callout-card", "callout"], ["kg-toggle-card", "toggle"], ["kg-button-card", "button"], ["kg-header-card", "header"],
  ["kg-product-card", "product"], ["kg-audio-card", "audio"], ["kg-video-card", "video"], ["kg-file-card", "file"],
  ["kg-signup-card", "signup"], ["kg-cta-card", "call-to-action"], ["kg-nft-card", "nft"], ["kg-before-after-card", "before-after"],
];

export function htmlToBlocks(cx: Cx, html: string, depth: number): BlockNode[] {
  if (!html) return [];
  return new HtmlReader(cx).blocks(parseHtml(html).children, depth);
}

/** A YouTube player URL as the watch page it plays (what an embed should point at). */
function watchUrl(src: string): string {
  const m = /^https?:\/\/(?:www\.)?youtube(?:-nocookie)?\.com\/embed\/([\w-]{6,20})/.exec(src);
  return m ? `https://www.youtube.com/watch?v=${m[1]}` : src;
}

const find = (el: HElement, test: (e: HElement) => boolean): HElement | null => {
  for (const e of descendants(el)) if (test(e)) return e;
  return null;
};

class HtmlReader {
  constructor(private readonly cx: Cx) {}

  blocks(nodes: readonly HNode[], depth: number): BlockNode[] {
    const out: BlockNode[] = [];
    let inline = new Inline();
    const flush = () => {
      inline.collapse();
      out.push(...paragraph(inline));
      inline = new Inline();
    };
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      if (typeof node === "string") {
        inline.text(node, PLAIN);
        continue;
      }
      if (node.name === "#comment") {
        // Ghost wraps an html card's markup in these comments: the card is reported, its HTML skipped.
        if (/^kg-card-begin:\s*html$/i.test(node.attrs.text ?? "")) {
          let j = i + 1;
          const skipped: HNode[] = [];
          while (j < nodes.length) {
            const n = nodes[j]!;
            if (isElement(n) && n.name === "#comment" && /^kg-card-end:\s*html$/i.test(n.attrs.text ?? "")) break;
            skipped.push(n);
            j++;
          }
          flush();
          const text = collapse(textOf({ name: "#root", attrs: {}, children: skipped }));
          this.cx.note("unmapped_card", `Ghost "html" card cannot be represented: it was left out (raw HTML is never imported${text ? `; its text read: ${JSON.stringify(short(text, 80))}` : ""}).`);
          i = j;
        }
        continue;
      }
      // A script or style between words is not a break between them.
      if (SKIP.has(node.name)) continue;
      if (INLINE.has(node.name)) {
        // Older Ghost (markdown era) wrote images inside paragraphs and links: they become blocks.
        if (!find(node, (e) => e.name === "img")) {
          this.inline(node, PLAIN, inline);
          continue;
        }
        if (node.name === "a") this.cx.once("image_link_dropped", "An image's link was dropped (images carry no link here).");
        flush();
        out.push(...this.blocks(node.children, depth));
        continue;
      }
      flush();
      out.push(...this.block(node, depth));
    }
    flush();
    return out;
  }

  private inline(el: HElement, style: Style, into: Inline): void {
    if (el.name === "br") return into.br();
    if (SKIP.has(el.name) || el.name === "#comment" || el.name === "iframe") return;
    let s = style;
    if (el.name === "a" && "href" in el.attrs) s = { ...s, href: this.cx.href(el.attrs.href) };
    else if (el.name === "strong" || el.name === "b") s = { ...s, bold: true };
    else if (el.name === "em" || el.name === "i") s = { ...s, italic: true };
    else if (el.name in UNSUPPORTED_FORMAT) this.cx.once("unsupported_format", `Formatting "${UNSUPPORTED_FORMAT[el.name]}" is not kept; its text is.`);
    else if (el.name === "img") {
      this.cx.once("inline_image_dropped", "An image inside a line of text was left out.");
      return;
    }
    const blockish = !INLINE.has(el.name);
    if (blockish) into.text(" ", s);
    for (const child of el.children) {
      if (typeof child === "string") into.text(child, s);
      else this.inline(child, s, into);
    }
    if (blockish) into.text(" ", s);
  }

  private inlineOf(el: HElement, style: Style = PLAIN): Inline {
    const inline = new Inline();
    for (const child of el.children) {
      if (typeof child === "string") inline.text(child, style);
      else this.inline(child, style, inline);
    }
    inline.collapse();
    return inline;
  }

  /** Words of a subtree as paragraphs, when its structure cannot be kept (too deep, a card). */
  private flat(el: HElement): BlockNode[] {
    return textParagraphs(textOf(el).replace(/\n/g, "\n\n"));
  }

  private block(el: HElement, depth: number): BlockNode[] {
    const name = el.name;
    if (/^h[1-6]$/.test(name)) return heading(Number(name[1]), this.inlineOf(el));
    switch (name) {
      case "p":
        // Read as a container so an <img> inside stands as its own block between the words around it.
        return this.blocks(el.children, depth);
      case "blockquote":
        if (hasClass(el, "twitter-tweet") || hasClass(el, "instagram-media")) return this.embedFigure(el);
        if (!quoteFits(depth)) return this.tooDeep(el);
        return blockquote(this.blocks(el.children, depth + 1));
      case "ul":
      case "ol":
        return this.list(el, depth);
      case "li":
        return this.blocks(el.children, depth);
      case "hr":
        return [{ type: "horizontalRule" }];
      case "img":
        return this.cx.image(el.attrs.src, el.attrs.alt, null, num(el.attrs.width), num(el.attrs.height));
      case "iframe":
        return this.embedFigure({ name: "figure", attrs: {}, children: [el] });
      case "figure":
        return this.figure(el, depth);
      case "pre":
        this.cx.note("unmapped_card", `Ghost "code" card cannot be represented: its text was kept as paragraphs.`);
        return lineParagraph(textOf(el).replace(/\n$/, ""));
      case "table":
        this.cx.note("unmapped_card", `An HTML table cannot be represented: its text was kept as paragraphs.`);
        return this.flat(el);
      default:
        if (SKIP.has(name) || name === "#comment") return [];
        for (const [cls, card] of CARD_CLASSES) if (hasClass(el, cls)) return this.card(el, card, depth);
        // div, section, article, header…: a wrapper; its children are read in its place.
        return this.blocks(el.children, depth);
    }
  }

  private tooDeep(el: HElement): BlockNode[] {
    this.cx.once("flattened_nesting", "Quotes or lists nested too deeply were flattened into paragraphs.");
    return this.flat(el);
  }

  private list(el: HElement, depth: number): BlockNode[] {
    if (!listFits(depth)) return this.tooDeep(el);
    const items: ListItemNode[] = [];
    const stray: HNode[] = [];
    const pushStray = () => {
      if (!stray.length) return;
      const content = this.blocks(stray.splice(0), depth + 2);
      if (content.length) items.push({ type: "listItem", content });
    };
    for (const child of el.children) {
      if (isElement(child) && child.name === "li") {
        pushStray();
        const content = this.blocks(child.children, depth + 2);
        items.push({ type: "listItem", content: content.length ? content : [] });
      } else if (typeof child !== "string" || child.trim()) stray.push(child);
    }
    pushStray();
    const start = Number.parseInt(el.attrs.start ?? "", 10);
    return list(el.name === "ol", items, Number.isFinite(start) ? start : undefined);
  }

  private figure(el: HElement, depth: number): BlockNode[] {
    const figcaption = find(el, (e) => e.name === "figcaption");
    const caption = figcaption ? collapse(textOf(figcaption)).slice(0, MAX_TEXT_LENGTH) || null : null;
    if (hasClass(el, "kg-bookmark-card") || find(el, (e) => hasClass(e, "kg-bookmark-container"))) {
      const a = find(el, (e) => e.name === "a" && "href" in e.attrs);
      const title = find(el, (e) => hasClass(e, "kg-bookmark-title"));
      const publisher = find(el, (e) => hasClass(e, "kg-bookmark-publisher"));
      return bookmarkBlock(this.cx, a?.attrs.href, title ? collapse(textOf(title)) : "", caption, publisher ? collapse(textOf(publisher)) || null : null);
    }
    if (hasClass(el, "kg-gallery-card")) {
      const images = [...descendants(el)].filter((e) => e.name === "img").slice(0, 100);
      const blocks = images.flatMap((img) => this.cx.image(img.attrs.src, img.attrs.alt, null, num(img.attrs.width), num(img.attrs.height), "gallery image"));
      this.cx.note("gallery_flattened", `A gallery of ${images.length} images became ${blocks.length} images in a row${caption ? "; its caption was kept as a paragraph" : ""}.`);
      return caption ? [...blocks, ...textParagraphs(caption)] : blocks;
    }
    if (hasClass(el, "kg-embed-card") || find(el, (e) => e.name === "iframe")) return this.embedFigure(el, caption);
    const img = find(el, (e) => e.name === "img");
    if (img) {
      const raw = figcaption ? textOf(figcaption) : "";
      const a = find(el, (e) => e.name === "a" && e !== figcaption && "href" in e.attrs && !!find(e, (x) => x === img));
      if (a) this.cx.once("image_link_dropped", "An image's link was dropped (images carry no link here).");
      return this.cx.image(img.attrs.src, img.attrs.alt, new CaptionText(raw), num(img.attrs.width), num(img.attrs.height));
    }
    return this.blocks(el.children.filter((c) => !(isElement(c) && c.name === "figcaption")), depth).concat(caption ? textParagraphs(caption) : []);
  }

  private embedFigure(el: HElement, caption: string | null = null): BlockNode[] {
    const iframe = find(el, (e) => e.name === "iframe") ?? (el.name === "iframe" ? el : null);
    let url = iframe ? watchUrl(this.cx.url(iframe.attrs.src)) : "";
    if (!url || !isSafeEmbedUrl(url)) {
      // A tweet or post quoted as a blockquote: its permalink is the last link in it.
      const links = [...descendants(el)].filter((e) => e.name === "a" && e.attrs.href).map((e) => this.cx.url(e.attrs.href));
      url = links.reverse().find((u) => isSafeEmbedUrl(u) && /\/(status|p|reel|posts?)\//.test(u)) ?? "";
    }
    if (url && isSafeEmbedUrl(url)) return embedBlock(url, caption, embedProvider(url, null));
    this.cx.note("unmapped_card", `Ghost "embed" card cannot be represented: ${caption ? "its caption was kept as a paragraph" : "it was left out"} (no http(s) URL; its HTML was not imported).`);
    return caption ? textParagraphs(caption) : [];
  }

  private card(el: HElement, card: string, depth: number): BlockNode[] {
    let kept: BlockNode[] = [];
    if (card === "toggle") {
      const head = find(el, (e) => hasClass(e, "kg-toggle-heading-text") || hasClass(e, "kg-toggle-heading"));
      const content = find(el, (e) => hasClass(e, "kg-toggle-content"));
      kept = [...(head ? paragraph(this.inlineOf(head, { ...PLAIN, bold: true })) : []), ...(content ? this.blocks(content.children, depth) : [])];
    } else if (card === "callout") {
      const text = find(el, (e) => hasClass(e, "kg-callout-text"));
      kept = text ? this.blocks(text.children, depth) : [];
    } else if (card === "button") {
      const a = find(el, (e) => e.name === "a");
      kept = a ? paragraph(this.inlineOf({ name: "p", attrs: {}, children: [a] })) : [];
    } else if (card === "header" || card === "product") {
      kept = this.flat(el);
    }
    const what = kept.length ? "its text was kept as paragraphs" : "it was left out";
    this.cx.note("unmapped_card", `Ghost "${card}" card cannot be represented: ${what}.`);
    return kept;
  }
}

function num(v: string | undefined): number | undefined {
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
