// The body as the API validates it (src/body/schema.ts). TipTap's JSON carries extra attributes
// (link target/rel/class, list type…); the server strips them, so we strip them too before saving
// and before comparing, or every load would look like an unsaved change. The rest of the one
// spelling of a body (mark order, merged runs…) is the server's own src/body/canonical.ts.
import { canonicalizeBody } from "@shared/body/canonical";
import type { BodyDoc as ServerBodyDoc } from "@shared/body/schema";

export interface BodyNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: BodyNode[];
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  text?: string;
}
export interface BodyDoc {
  type: "doc";
  content: BodyNode[];
}

export const emptyBody = (): BodyDoc => ({ type: "doc", content: [] });

/** Attributes the API keeps, per node type; anything else is dropped. */
const NODE_ATTRS: Record<string, readonly string[]> = {
  heading: ["level"],
  orderedList: ["start"],
  image: ["media_id", "alt", "caption", "credit"],
  relatedCard: ["article_id"],
  embed: ["url", "caption", "provider"],
};
const MARK_ATTRS: Record<string, readonly string[]> = { link: ["href", "title"] };

/** Known attributes only; null means "not set", as an omitted optional attribute does on the server. */
function pick(attrs: Record<string, unknown> | undefined, keys: readonly string[] | undefined) {
  if (!attrs || !keys) return undefined;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (attrs[k] !== undefined && attrs[k] !== null) out[k] = attrs[k];
  return Object.keys(out).length ? out : undefined;
}

/** TipTap's extras off, recursively: what remains is a body the server's canonical form applies to. */
function knownAttrsOnly(node: BodyNode): BodyNode {
  const out: BodyNode = { type: node.type };
  const attrs = pick(node.attrs, NODE_ATTRS[node.type]);
  if (attrs) out.attrs = attrs;
  if (node.type === "text") {
    out.text = node.text ?? "";
    const marks = node.marks?.map((m) => {
      const a = pick(m.attrs, MARK_ATTRS[m.type]);
      return a ? { type: m.type, attrs: a } : { type: m.type };
    });
    if (marks?.length) out.marks = marks;
  }
  if (node.content?.length) out.content = node.content.map(knownAttrsOnly);
  return out;
}

const isEmptyParagraph = (n: BodyNode | undefined) => n?.type === "paragraph" && !n.content?.length;

/**
 * The API's form of a TipTap document: known attributes only, then the server's own canonical form
 * (mark order, merged text runs, default list start), then no trailing empty paragraphs.
 */
export function normalizeBody(doc: { content?: BodyNode[] } | null | undefined): BodyDoc {
  const known = { type: "doc" as const, content: (doc?.content ?? []).map(knownAttrsOnly) };
  // TipTap's JSON is loosely typed; with unknown attributes gone it has the server body's shape.
  const content = (canonicalizeBody(known as unknown as ServerBodyDoc) as unknown as BodyDoc).content;
  while (content.length && isEmptyParagraph(content.at(-1))) content.pop();
  return { type: "doc", content };
}
