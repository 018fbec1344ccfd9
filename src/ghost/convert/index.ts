// Ghost post bodies → our body document. Pure TypeScript (no Workers, Node or DOM APIs): the Worker's
// importer, the CLI's --dry-run and the admin page all convert with this one module.
//
// A post has Lexical (Ghost ≥ 5), Mobiledoc (older posts) or only rendered `html`; we read the first
// that is usable, in that order, and fall back to the HTML when the JSON is unreadable. The result
// always passes parseBody (src/body/schema.ts), whatever the input: structure nested past MAX_DEPTH is
// flattened, a body past MAX_NODES is cut (and reported), and a last check replaces anything the
// schema would still refuse with the body's words as paragraphs. Nothing here throws.
import { MAX_NODES, parseBody, type BlockNode, type BodyDoc, type InlineNode } from "../../body/schema";
import { fitBudget, joinParagraphs, sizeOf, withoutMarks } from "./budget";
import { Cx, Inline, PLAIN, paragraph, textParagraphs, type ConvertContext, type ConvertNote } from "./builder";
import { htmlToBlocks } from "./html";
import { parseHtml, textOf } from "./html-lite";
import { convertLexical } from "./lexical";
import { convertMobiledoc } from "./mobiledoc";

export type { ConvertContext, ConvertNote } from "./builder";
export { splitCaptionCredit, type CaptionCredit } from "./caption";
export { resolveGhostUrl } from "./urls";

/** Every note code the converter writes, with what it means for the editor reading the import report. */
export const CONVERT_NOTE_CODES = {
  unmapped_card: "A Ghost card we cannot represent (html, callout, toggle, …): never imported as HTML; its words kept as paragraphs where it had any.",
  credit_split: "An image caption carried a credit: the two were split.",
  html_fallback: "The body was read from Ghost's rendered HTML (no Lexical/Mobiledoc, or it was unreadable).",
  malformed_body: "The Lexical/Mobiledoc JSON could not be read.",
  unsafe_link: "A link that is not http, https or mailto (e.g. javascript:): its words kept, unlinked.",
  unsupported_format: "Formatting we do not keep (underline, strikethrough, code, …): its words kept.",
  gallery_flattened: "A gallery became its images in a row.",
  image_link_dropped: "An image's link was dropped.",
  inline_image_dropped: "An image inside a line of text was left out.",
  image_without_src: "An image card without a src was left out.",
  image_unsupported_src: "An image not at an http(s) URL (e.g. data:) was left out.",
  image_without_media: "The importer had no media record for an image: left out.",
  unknown_node: "A node type we do not know: its words kept.",
  flattened_nesting: "Quotes or lists nested deeper than the body allows became paragraphs.",
  formatting_dropped: "The body was too large: links, bold and italic dropped to keep every word.",
  paragraphs_joined: "The body was too large: runs of paragraphs joined to keep every word.",
  body_truncated: "The body was too large even so: its end was cut.",
  conversion_failed: "A bug of ours: the body's words were kept as plain paragraphs.",
  notes_truncated: "More than 100 notes for one post: the rest were left out.",
} as const;

export interface GhostBodySource {
  lexical?: string | null;
  mobiledoc?: string | null;
  html?: string | null;
}

const present = (v: unknown): boolean => (typeof v === "string" ? v.trim().length > 0 : v !== null && v !== undefined);

export function convertGhostBody(post: GhostBodySource, ctx: ConvertContext): { doc: BodyDoc; notes: ConvertNote[] } {
  const cx = new Cx(ctx);
  let blocks: BlockNode[] | null = null;
  try {
    if (present(post.lexical)) blocks = convertLexical(cx, post.lexical);
    if (blocks === null && present(post.mobiledoc)) blocks = convertMobiledoc(cx, post.mobiledoc);
    if (blocks === null && present(post.html)) {
      const why = present(post.lexical) || present(post.mobiledoc) ? "its Lexical/Mobiledoc body could not be read" : "the post has only rendered HTML";
      cx.note("html_fallback", `Converted from Ghost's rendered HTML: ${why}.`);
      blocks = htmlToBlocks(cx, String(post.html), 1);
    }
  } catch (err) {
    // A bug of ours must not stop an import: the words of the rendered HTML, reported.
    cx.note("conversion_failed", `The body could not be converted (${String((err as Error)?.message ?? err).slice(0, 200)}); its text was kept as paragraphs.`);
    blocks = safeText(() => textParagraphs(textOf(parseHtml(String(post.html ?? ""))).replace(/\n/g, "\n\n")));
  }
  return { doc: finish(cx, blocks ?? []), notes: cx.notes };
}

function safeText(f: () => BlockNode[]): BlockNode[] {
  try {
    return f();
  } catch {
    return [];
  }
}

/**
 * A body past MAX_NODES loses as little as it can, in this order: its formatting (links, bold,
 * italic), then its paragraph breaks (runs of paragraphs joined), and only then its end. Each step
 * is reported, so the editor knows to split the story.
 */
function fitNodes(cx: Cx, blocks: BlockNode[]): BlockNode[] {
  if (sizeOf(blocks) <= MAX_NODES) return blocks;
  const plain = withoutMarks(blocks);
  cx.note("formatting_dropped", `The body has more than ${MAX_NODES} nodes: its links, bold and italic were dropped to keep all its words.`);
  if (sizeOf(plain) <= MAX_NODES) return plain;
  const joined = joinParagraphs(plain);
  cx.note("paragraphs_joined", `The body has more than ${MAX_NODES} nodes even without formatting: runs of paragraphs were joined into one to keep all its words.`);
  if (sizeOf(joined) <= MAX_NODES) return joined;
  const [kept, cutAt] = fitBudget(joined);
  cx.note("body_truncated", `The body has more than ${MAX_NODES} nodes: it was cut at top-level block ${cutAt + 1} of ${joined.length}; the rest was left out.`);
  return kept;
}

function finish(cx: Cx, blocks: BlockNode[]): BodyDoc {
  const kept = fitNodes(cx, blocks);
  const doc: BodyDoc = { type: "doc", content: kept };
  const checked = parseBody(doc);
  if (checked.ok) return doc;
  // Should not happen; if it does, the words survive and the note says where the schema objected.
  const first = checked.issues[0];
  cx.note("conversion_failed", `The converted body did not validate (${first?.path ?? "body"}: ${first?.message ?? "invalid"}); its text was kept as paragraphs.`);
  const [plain] = fitBudget(wordsOf(kept));
  const again: BodyDoc = { type: "doc", content: plain };
  return parseBody(again).ok ? again : { type: "doc", content: [] };
}

/** Every inline run of a block tree as top-level paragraphs (iterative). */
function wordsOf(blocks: BlockNode[]): BlockNode[] {
  const out: BlockNode[] = [];
  const stack: BlockNode[] = [...blocks].reverse();
  while (stack.length) {
    const b = stack.pop()!;
    if (b.type === "paragraph" || b.type === "heading") {
      const inline = new Inline();
      for (const n of (b.content ?? []) as InlineNode[]) {
        if (n.type === "text") inline.text(n.text, PLAIN);
        else inline.br();
      }
      out.push(...paragraph(inline));
    } else if (b.type === "blockquote") {
      for (let i = b.content.length - 1; i >= 0; i--) stack.push(b.content[i]!);
    } else if (b.type === "bulletList" || b.type === "orderedList") {
      for (let i = b.content.length - 1; i >= 0; i--) for (let j = b.content[i]!.content.length - 1; j >= 0; j--) stack.push(b.content[i]!.content[j]!);
    }
  }
  return out;
}

/**
 * Every image src the converter will ask `mediaFor` about, resolved against `siteUrl` and
 * deduplicated in body order, so the importer can allocate media ids before converting. Found by
 * running the converter itself, so the list and the conversion can never disagree. Without a
 * siteUrl, `__GHOST_URL__` stays unresolved (pass the import's site_url to match convertGhostBody).
 */
export function ghostImageUrls(post: GhostBodySource, siteUrl = ""): string[] {
  const urls = new Set<string>();
  // No site URL: a stand-in host lets the site's own images through, then becomes the placeholder again.
  const base = siteUrl.trim() || UNRESOLVED;
  convertGhostBody(post, {
    siteUrl: base,
    articleForUrl: () => null,
    mediaFor: (src) => {
      urls.add(base === UNRESOLVED && src.startsWith(UNRESOLVED) ? `__GHOST_URL__${src.slice(UNRESOLVED.length)}` : src);
      return "m";
    },
  });
  return [...urls];
}

const UNRESOLVED = "https://ghost-url.invalid";
