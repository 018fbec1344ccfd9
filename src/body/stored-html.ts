/**
 * The body rendered once, at save time (articles.body_html), with a placeholder where a block
 * depends on other rows and must stay current when read: an image (its media row gives the URL on
 * this Worker's origin, and the dimensions) and a related card (the other story's headline, byline,
 * URL, and whether it is still published). Everything else in a body is the article's own, and
 * URLs in it are the author's absolute links, so nothing else depends on the request or the clock.
 *
 * A placeholder is an HTML comment, `<!--cd:t {node}-->` (a block of the document itself) or
 * `<!--cd:n {node}-->` (inside a quote or a list), holding the node's JSON, HTML-escaped. The
 * renderer escapes `<` in every text and attribute it writes, so "<!--cd:" can come from nowhere
 * but here: an author who types it gets it back as text. And as the escaped JSON has no `>`, the
 * first "-->" after it closes it. Filled, the output is byte for byte what renderBodyHtml gives
 * (both call renderReferenceBlock), which tests/unit/body-stored-html.test.ts holds over fixtures.
 *
 * The stored text starts with STORED_BODY_FORMAT. A change to the renderer that would make stored
 * bodies differ from fresh ones bumps it: rows stored before are then rendered from the tree when
 * read (as rows saved before migration 0015 are) until their next save.
 */
import { escapeHtml, renderBodyDeferred, renderReferenceBlock, type ReferenceNode, type RenderContext } from "./render-html";
import type { BodyDoc } from "./schema";

export const STORED_BODY_FORMAT = "<!--copydesk:body 1-->";

/** What articles.body_html holds for this body. */
export function storeBodyHtml(doc: BodyDoc): string {
  return STORED_BODY_FORMAT + renderBodyDeferred(doc, (node, topLevel) => `<!--cd:${topLevel ? "t" : "n"} ${escapeHtml(JSON.stringify(node))}-->`);
}

/** A stored body split at its placeholders, with the ids they point at (for resolveReferences). */
export interface PreparedBody {
  parts: (string | { node: ReferenceNode; topLevel: boolean })[];
  mediaIds: string[];
  articleIds: string[];
}

const PLACEHOLDER = /<!--cd:([tn]) ([^>]*)-->/g;
const UNESCAPES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

/** The stored body ready to fill, or null when there is none in this format (render the tree instead). */
export function prepareStoredBody(stored: string | null | undefined): PreparedBody | null {
  if (stored == null || !stored.startsWith(STORED_BODY_FORMAT)) return null;
  const html = stored.slice(STORED_BODY_FORMAT.length);
  const parts: PreparedBody["parts"] = [];
  const media = new Set<string>();
  const cards = new Set<string>();
  let last = 0;
  for (const m of html.matchAll(PLACEHOLDER)) {
    if (m.index > last) parts.push(html.slice(last, m.index));
    const node = JSON.parse(m[2]!.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => UNESCAPES[e]!)) as ReferenceNode;
    if (node.type === "image") media.add(node.attrs.media_id);
    else cards.add(node.attrs.article_id);
    parts.push({ node, topLevel: m[1] === "t" });
    last = m.index + m[0].length;
  }
  if (last < html.length) parts.push(html.slice(last));
  return { parts, mediaIds: [...media], articleIds: [...cards] };
}

/** The body as renderBodyHtml would render it with `ctx`. */
export function fillStoredBody(body: PreparedBody, ctx: RenderContext): string {
  let out = "";
  // Set when an emptied block opened the body: the "\n" after it separated nothing.
  let skipSeparator = false;
  for (const part of body.parts) {
    if (typeof part === "string") {
      out += skipSeparator ? part.slice(1) : part;
      skipSeparator = false;
      continue;
    }
    const html = renderReferenceBlock(part.node, ctx);
    if (html !== "" || !part.topLevel) {
      out += html;
      continue;
    }
    // renderBodyHtml leaves an empty block out of the "\n"-joined list: drop its separator too. Every
    // rendered block ends with ">", so a trailing "\n" here is the one that came before this block.
    if (out.endsWith("\n")) out = out.slice(0, -1);
    else skipSeparator = true;
  }
  return out;
}
