// Public surface of the body module; callers import from "../body", not the files.
export {
  BodyDocSchema,
  BlockSchema,
  InlineNodeSchema,
  MarkSchema,
  MAX_DEPTH,
  MAX_NODES,
  MAX_TEXT_LENGTH,
  collectReferences,
  emptyDoc,
  isSafeEmbedUrl,
  isSafeLinkHref,
  parseBody,
} from "./schema";
export type {
  BlockNode,
  BlockquoteNode,
  BodyDoc,
  BodyIssue,
  BulletListNode,
  EmbedNode,
  HeadingNode,
  HorizontalRuleNode,
  ImageNode,
  InlineNode,
  ListItemNode,
  Mark,
  OrderedListNode,
  ParagraphNode,
  ParseBodyResult,
  RelatedCardNode,
  TextNode,
} from "./schema";
export { escapeHtml, renderBodyHtml } from "./render-html";
export type { MediaView, RelatedCardView, RenderContext } from "./render-html";
export { WORDS_PER_MINUTE, bodyToPlainText, countWords, excerpt, readingTimeMinutes } from "./plain-text";
export { canonicalizeBody } from "./canonical";
