/**
 * The article body document: a ProseMirror/TipTap-compatible JSON tree.
 *
 * The editor sends whatever TipTap serialises; we accept the subset we know
 * how to render and drop attributes we don't use (valibot `v.object` strips
 * unknown keys). Unknown node or mark *types* are rejected instead, because
 * silently dropping a node would lose words the reporter wrote.
 */
import * as v from "valibot";

/** Abuse limits. Depth guards recursion (schema, renderer, plain text); the node count bounds CPU per request. */
export const MAX_DEPTH = 8;
export const MAX_NODES = 5_000;
export const MAX_TEXT_LENGTH = 20_000;
/** Generous caps on attribute strings so a single attr can't carry megabytes. */
const MAX_ID_LENGTH = 200;
const MAX_URL_LENGTH = 4_096;
/** ProseMirror never repeats a mark type on a node, so more than a handful is garbage. */
const MAX_MARKS = 16;
/** A badly broken document could yield thousands of issues; nobody reads past the first screenful. */
const MAX_ISSUES = 100;

const INLINE_TYPES: ReadonlySet<string> = new Set(["text", "hardBreak"]);

/**
 * True if `value` is an absolute URL whose scheme is in `schemes` (e.g. "https:").
 * We use the WHATWG parser (same as browsers) rather than a regex so tricks like
 * "JaVaScRiPt:", " javascript:" or "java\tscript:" normalise exactly as a browser
 * would see them; relative URLs throw without a base and are rejected.
 */
export function hasAllowedScheme(value: string, schemes: readonly string[]): boolean {
  if (value.length === 0 || value.length > MAX_URL_LENGTH) return false;
  try {
    return schemes.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

export const LINK_SCHEMES = ["http:", "https:", "mailto:"] as const;
export const EMBED_SCHEMES = ["http:", "https:"] as const;
export const isSafeLinkHref = (href: string): boolean => hasAllowedScheme(href, LINK_SCHEMES);
export const isSafeEmbedUrl = (url: string): boolean => hasAllowedScheme(url, EMBED_SCHEMES);

const unknownType = (kind: string) => (issue: v.BaseIssue<unknown>) =>
  `Unknown ${kind} type ${JSON.stringify(issue.input) ?? String(issue.input)}`;

const optionalText = v.optional(v.nullable(v.pipe(v.string(), v.maxLength(MAX_TEXT_LENGTH))));
const id = (name: string) =>
  v.pipe(v.string(), v.trim(), v.nonEmpty(`${name} must not be empty`), v.maxLength(MAX_ID_LENGTH));

// --- marks ---------------------------------------------------------------

const BoldMarkSchema = v.object({ type: v.literal("bold") });
const ItalicMarkSchema = v.object({ type: v.literal("italic") });
const LinkMarkSchema = v.object({
  type: v.literal("link"),
  // TipTap also sends target/rel/class; they are stripped here and the renderer decides rel.
  attrs: v.object({
    href: v.pipe(
      v.string(),
      v.check(isSafeLinkHref, "Link href must be an absolute http:, https: or mailto: URL"),
    ),
    title: optionalText,
  }),
});
export const MarkSchema = v.variant("type", [BoldMarkSchema, ItalicMarkSchema, LinkMarkSchema], unknownType("mark"));
export type Mark = v.InferOutput<typeof MarkSchema>;

// --- inline ----------------------------------------------------------------

const TextNodeSchema = v.object({
  type: v.literal("text"),
  text: v.pipe(v.string(), v.nonEmpty("Text must not be empty"), v.maxLength(MAX_TEXT_LENGTH)),
  marks: v.optional(v.pipe(v.array(MarkSchema), v.maxLength(MAX_MARKS))),
});
const HardBreakSchema = v.object({ type: v.literal("hardBreak") });
export const InlineNodeSchema = v.variant("type", [TextNodeSchema, HardBreakSchema], unknownType("inline node"));
export type InlineNode = v.InferOutput<typeof InlineNodeSchema>;
export type TextNode = v.InferOutput<typeof TextNodeSchema>;

// --- leaf blocks (no recursion, so their types are inferred) ---------------

const ParagraphSchema = v.object({
  type: v.literal("paragraph"),
  content: v.optional(v.array(InlineNodeSchema)),
});
const HeadingSchema = v.object({
  type: v.literal("heading"),
  // h1 belongs to the headline, so the body starts at h2.
  attrs: v.object({ level: v.picklist([2, 3, 4], "Heading level must be 2, 3 or 4") }),
  content: v.optional(v.array(InlineNodeSchema)),
});
const HorizontalRuleSchema = v.object({ type: v.literal("horizontalRule") });
const ImageSchema = v.object({
  type: v.literal("image"),
  attrs: v.object({
    media_id: id("media_id"),
    // Required (may be "" for purely decorative images) so editors make a conscious choice.
    alt: v.pipe(v.string(), v.maxLength(MAX_TEXT_LENGTH)),
    caption: optionalText,
    credit: optionalText,
  }),
});
const RelatedCardSchema = v.object({
  type: v.literal("relatedCard"),
  attrs: v.object({ article_id: id("article_id") }),
});
const EmbedSchema = v.object({
  type: v.literal("embed"),
  attrs: v.object({
    url: v.pipe(v.string(), v.check(isSafeEmbedUrl, "Embed url must be an absolute http: or https: URL")),
    caption: optionalText,
    provider: optionalText,
  }),
});

export type ParagraphNode = v.InferOutput<typeof ParagraphSchema>;
export type HeadingNode = v.InferOutput<typeof HeadingSchema>;
export type HorizontalRuleNode = v.InferOutput<typeof HorizontalRuleSchema>;
export type ImageNode = v.InferOutput<typeof ImageSchema>;
export type RelatedCardNode = v.InferOutput<typeof RelatedCardSchema>;
export type EmbedNode = v.InferOutput<typeof EmbedSchema>;

// --- recursive blocks (TS can't infer through v.lazy, so these are spelled out) ---

export type BlockquoteNode = { type: "blockquote"; content: BlockNode[] };
export type ListItemNode = { type: "listItem"; content: BlockNode[] };
export type BulletListNode = { type: "bulletList"; content: ListItemNode[] };
export type OrderedListNode = { type: "orderedList"; attrs?: { start?: number | undefined } | undefined; content: ListItemNode[] };
export type BlockNode =
  | ParagraphNode | HeadingNode | BlockquoteNode | BulletListNode | OrderedListNode
  | HorizontalRuleNode | ImageNode | RelatedCardNode | EmbedNode;

const blocks = () => v.pipe(v.array(v.lazy(() => BlockSchema)), v.nonEmpty("Must contain at least one block"));

const ListItemSchema = v.object({ type: v.literal("listItem"), content: blocks() });
// A one-option variant so a wrong child type stops at the discriminator instead
// of also reporting every node inside it.
const listItems = v.pipe(
  v.array(v.variant("type", [ListItemSchema], (issue) => `Lists may only contain listItem nodes, not ${JSON.stringify(issue.input)}`)),
  v.nonEmpty("A list must contain at least one item"),
);

export const BlockSchema: v.GenericSchema<BlockNode> = v.variant(
  "type",
  [
    ParagraphSchema,
    HeadingSchema,
    v.object({ type: v.literal("blockquote"), content: blocks() }),
    v.object({ type: v.literal("bulletList"), content: listItems }),
    v.object({
      type: v.literal("orderedList"),
      attrs: v.optional(
        v.object({ start: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1, "List start must be ≥ 1"))) }),
      ),
      content: listItems,
    }),
    HorizontalRuleSchema,
    ImageSchema,
    RelatedCardSchema,
    EmbedSchema,
  ],
  unknownType("block"),
);

export const BodyDocSchema = v.object({
  type: v.literal("doc"),
  // ProseMirror's toJSON omits `content` when empty, so treat a missing array as [].
  content: v.optional(v.array(BlockSchema), () => []),
});
export type BodyDoc = v.InferOutput<typeof BodyDocSchema>;

export type BodyIssue = { path: string; message: string };
export type ParseBodyResult = { ok: true; value: BodyDoc } | { ok: false; issues: BodyIssue[] };

export function emptyDoc(): BodyDoc {
  return { type: "doc", content: [] };
}

/**
 * Validate untrusted input as a body document.
 *
 * Size limits are checked *before* the schema on the raw JSON, iteratively: a
 * 100k-deep nested payload would otherwise blow the stack inside valibot's
 * recursive validation before a post-check ever ran.
 */
export function parseBody(input: unknown): ParseBodyResult {
  const limitIssue = checkLimits(input);
  if (limitIssue) return { ok: false, issues: [limitIssue] };
  const result = v.safeParse(BodyDocSchema, input);
  if (result.success) return { ok: true, value: result.output };
  const issues = result.issues.slice(0, MAX_ISSUES).map((issue) => {
    const dotted = v.getDotPath(issue);
    return { path: dotted ? `body.${dotted}` : "body", message: issue.message };
  });
  return { ok: false, issues };
}

type Frame = { items: unknown[]; index: number; depth: number; path: string };

/**
 * Walk raw `content` arrays in document order with an explicit stack.
 * Depth counts block nesting (top-level blocks are depth 1, a list item inside
 * a top-level list is depth 2); inline nodes don't add depth since they can't
 * contain anything. Every node below the doc counts toward MAX_NODES.
 */
function checkLimits(input: unknown): BodyIssue | null {
  const root = contentOf(input);
  if (!root) return null; // not shaped like a doc: let the schema explain why
  const stack: Frame[] = [{ items: root, index: 0, depth: 1, path: "body.content" }];
  let count = 0;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.index >= frame.items.length) {
      stack.pop();
      continue;
    }
    const i = frame.index++;
    const node = frame.items[i];
    const path = `${frame.path}.${i}`;
    if (++count > MAX_NODES) return { path, message: `Document has more than ${MAX_NODES} nodes` };
    const isInline = isObject(node) && typeof node.type === "string" && INLINE_TYPES.has(node.type);
    if (!isInline && frame.depth > MAX_DEPTH) {
      return { path, message: `Blocks are nested more than ${MAX_DEPTH} levels deep` };
    }
    const children = contentOf(node);
    if (children) stack.push({ items: children, index: 0, depth: frame.depth + 1, path: `${path}.content` });
  }
  return null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function contentOf(value: unknown): unknown[] | null {
  return isObject(value) && Array.isArray(value.content) ? value.content : null;
}

/** Ids the renderer will ask for, unique and in document order, so the server can batch one query per kind. */
export function collectReferences(doc: BodyDoc): { mediaIds: string[]; articleIds: string[] } {
  const media = new Set<string>();
  const articles = new Set<string>();
  const visit = (nodes: readonly BlockNode[]): void => {
    for (const node of nodes) {
      switch (node.type) {
        case "image":
          media.add(node.attrs.media_id);
          break;
        case "relatedCard":
          articles.add(node.attrs.article_id);
          break;
        case "blockquote":
          visit(node.content);
          break;
        case "bulletList":
        case "orderedList":
          for (const item of node.content) visit(item.content);
          break;
      }
    }
  };
  visit(doc.content);
  return { mediaIds: [...media], articleIds: [...articles] };
}
