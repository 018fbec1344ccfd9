// Ghost's cards (Lexical decorator nodes and Mobiledoc cards carry the same fields) → our blocks.
// What we can represent becomes an image, embed, related card or rule. Everything else is REPORTED
// ("unmapped_card", naming the card) and never imported as raw HTML; where the card holds words a
// reader saw (a callout, a toggle, markdown, code, a button's label), the words are kept as
// paragraphs so nothing written is lost. The editor decides what to do with them.
import { isSafeEmbedUrl, type BlockNode } from "../../body/schema";
import { PLAIN, Inline, lineParagraph, paragraph, short, textParagraphs, type Cx } from "./builder";
import { captionText } from "./caption";
import { htmlToBlocks } from "./html";
import { htmlToText } from "./html-lite";
import { embedProvider } from "./urls";

type Payload = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const obj = (v: unknown): Payload => (v && typeof v === "object" && !Array.isArray(v) ? (v as Payload) : {});
/** A gallery past this is not a gallery; the rest is reported, not converted. */
const MAX_GALLERY = 100;

function unmapped(cx: Cx, type: string, kept: BlockNode[], detail = ""): BlockNode[] {
  const what = kept.length ? "its text was kept as paragraphs" : "it was left out";
  cx.note("unmapped_card", `Ghost "${type}" card cannot be represented: ${what}${detail}.`);
  return kept;
}

export function embedBlock(url: string, caption: string | null, provider: string | null): BlockNode[] {
  const attrs: { url: string; caption?: string; provider?: string } = { url };
  if (caption) attrs.caption = caption;
  if (provider) attrs.provider = provider;
  return [{ type: "embed", attrs }];
}

/** A bookmark: a related card when it points at a post in this import, else an embed of the page. */
export function bookmarkBlock(cx: Cx, rawUrl: unknown, title: string, caption: string | null, publisher: string | null): BlockNode[] {
  const url = cx.url(rawUrl);
  if (url && isSafeEmbedUrl(url)) {
    const article = cx.article(url);
    if (article) return [{ type: "relatedCard", attrs: { article_id: article } }];
    return embedBlock(url, caption ?? (title.trim() || null), publisher);
  }
  const words = [title, caption ?? ""].map((s) => s.trim()).filter(Boolean).join(" — ");
  cx.note("unmapped_card", `Ghost "bookmark" card with ${url ? `the unusable URL ${JSON.stringify(short(url))}` : "no URL"}: ${words ? "its title was kept as a paragraph" : "it was left out"}.`);
  return textParagraphs(words);
}

export function convertCard(cx: Cx, type: string, card: Payload, depth: number): BlockNode[] {
  switch (type) {
    case "image":
      if (str(card.href)) cx.once("image_link_dropped", "An image's link was dropped (images carry no link here).");
      return cx.image(card.src, card.alt, card.caption, card.width, card.height);

    case "gallery": {
      const images = Array.isArray(card.images) ? card.images.slice(0, MAX_GALLERY) : [];
      const blocks = images.flatMap((raw) => {
        const im = obj(raw);
        return cx.image(im.src, im.alt, im.caption, im.width, im.height, "gallery image");
      });
      const caption = captionText(card.caption);
      cx.note("gallery_flattened", `A gallery of ${images.length} images became ${blocks.length} images in a row${caption ? "; its caption was kept as a paragraph" : ""}.`);
      return caption ? [...blocks, ...textParagraphs(caption)] : blocks;
    }

    case "embed": {
      const url = cx.url(card.url);
      if (url && isSafeEmbedUrl(url)) return embedBlock(url, captionText(card.caption), embedProvider(url, card.metadata));
      const caption = captionText(card.caption);
      return unmapped(cx, "embed", caption ? textParagraphs(caption) : [], " (an embed with no http(s) URL; its HTML was not imported)");
    }

    case "bookmark": {
      const meta = obj(card.metadata);
      const publisher = str(meta.publisher).trim() || null;
      return bookmarkBlock(cx, card.url, str(meta.title), captionText(card.caption), publisher);
    }

    case "horizontalrule":
    case "hr":
      return [{ type: "horizontalRule" }];

    case "html": {
      const text = htmlToText(str(card.html));
      return unmapped(cx, "html", [], text ? ` (raw HTML is never imported; its text read: ${JSON.stringify(short(text, 80))})` : " (raw HTML is never imported)");
    }

    case "markdown":
    case "card-markdown":
      return unmapped(cx, type, textParagraphs(str(card.markdown)), " (markdown syntax left as written)");

    case "callout": {
      const kept = htmlToBlocks(cx, str(card.calloutText), depth);
      return unmapped(cx, "callout", kept);
    }

    case "toggle": {
      const head = new Inline();
      head.text(htmlToText(str(card.heading)), { ...PLAIN, bold: true });
      return unmapped(cx, "toggle", [...paragraph(head), ...htmlToBlocks(cx, str(card.content), depth)]);
    }

    case "codeblock":
    case "code":
      return unmapped(cx, type, lineParagraph(str(card.code)));

    case "button": {
      const inline = new Inline();
      inline.text(str(card.buttonText).trim(), { ...PLAIN, href: cx.href(card.buttonUrl) });
      return unmapped(cx, "button", paragraph(inline));
    }

    case "header": {
      const kept = [...textParagraphs(htmlToText(str(card.header ?? card.heading)), { ...PLAIN, bold: true }), ...textParagraphs(htmlToText(str(card.subheader ?? card.subheading)))];
      return unmapped(cx, "header", kept);
    }

    case "product": {
      const kept = [
        ...textParagraphs(htmlToText(str(card.productTitle)), { ...PLAIN, bold: true }),
        ...htmlToBlocks(cx, str(card.productDescription), depth),
      ];
      return unmapped(cx, "product", kept);
    }

    case "video":
    case "audio":
    case "file": {
      const words = [htmlToText(str(card.title ?? card.fileTitle)), htmlToText(str(card.caption ?? card.fileCaption))].filter(Boolean).join(" — ");
      const src = cx.url(card.src);
      return unmapped(cx, type, textParagraphs(words), src ? ` (file ${JSON.stringify(short(src))})` : "");
    }

    case "paywall":
      return unmapped(cx, "paywall", [], " (everything after it is imported as public)");

    default:
      return unmapped(cx, type || "unknown", []);
  }
}
