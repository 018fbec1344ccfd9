// The body as the API validates it (src/body/schema.ts). TipTap's JSON carries extra attributes
// (link target/rel/class, list type…); the server strips them, so we strip them too before saving
// and before comparing, or every load would look like an unsaved change.

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

type Mark = NonNullable<BodyNode["marks"]>[number];
const markKey = (marks: Mark[] | undefined) => JSON.stringify(marks ?? []);

function normalizeMarks(marks: Mark[] | undefined): Mark[] | undefined {
  if (!marks?.length) return undefined;
  // ProseMirror orders marks by schema rank; sorting by name makes any stored order compare equal.
  return marks
    .map((m) => {
      const a = pick(m.attrs, MARK_ATTRS[m.type]);
      return a ? { type: m.type, attrs: a } : { type: m.type };
    })
    .sort((x, y) => (x.type < y.type ? -1 : x.type > y.type ? 1 : 0));
}

function normalizeNode(node: BodyNode): BodyNode {
  const out: BodyNode = { type: node.type };
  const attrs = pick(node.attrs, NODE_ATTRS[node.type]);
  // An ordered list starting at 1 is the default whether or not `start` was written down.
  if (attrs && !(node.type === "orderedList" && attrs.start === 1 && Object.keys(attrs).length === 1)) out.attrs = attrs;
  if (node.type === "text") {
    out.text = node.text ?? "";
    const marks = normalizeMarks(node.marks);
    if (marks) out.marks = marks;
  }
  if (node.content?.length) out.content = mergeText(node.content.map(normalizeNode));
  return out;
}

/** ProseMirror joins neighbouring text with the same marks; so do we, or a load would look like an edit. */
function mergeText(nodes: BodyNode[]): BodyNode[] {
  const out: BodyNode[] = [];
  for (const n of nodes) {
    const prev = out.at(-1);
    if (prev?.type === "text" && n.type === "text" && markKey(prev.marks) === markKey(n.marks)) prev.text = (prev.text ?? "") + (n.text ?? "");
    else out.push(n);
  }
  return out;
}

const isEmptyParagraph = (n: BodyNode | undefined) => n?.type === "paragraph" && !n.content?.length;

/** The API's form of a TipTap document: known attributes only, no trailing empty paragraphs. */
export function normalizeBody(doc: { content?: BodyNode[] } | null | undefined): BodyDoc {
  const content = (doc?.content ?? []).map(normalizeNode);
  while (content.length && isEmptyParagraph(content.at(-1))) content.pop();
  return { type: "doc", content };
}
