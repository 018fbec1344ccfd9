// An amendment's text: an inline document — paragraphs of text with bold, italic and links only —
// built from the body schema's own inline nodes and marks (src/body/schema.ts), so a link follows the
// same URL rules as in a story. Pure: schema, limits, HTML, plain text and the block readers see.
import * as v from "valibot";
import { InlineNodeSchema, bodyToPlainText, escapeHtml, renderBodyHtml, type BodyDoc } from "../body";
import { AMENDMENT_KINDS, type AmendmentKind } from "../db/schema-workflow";

/** A note at the foot of a story, not a second story: a few paragraphs at most. */
export const AMENDMENT_MAX_PARAGRAPHS = 10;
export const AMENDMENT_MAX_NODES = 200;
/** Characters of text across the whole amendment. */
export const AMENDMENT_MAX_CHARS = 4_000;

export { AMENDMENT_KINDS, type AmendmentKind };

export const AmendmentKindSchema = v.pipe(
  v.picklist(AMENDMENT_KINDS, `Use one of ${AMENDMENT_KINDS.join(", ")}.`),
  v.description("`correction` (an error put right), `clarification` (context added, nothing was wrong), `update` (new facts since publication) or `editors_note`."),
);

const ParagraphSchema = v.object({
  type: v.literal("paragraph"),
  content: v.optional(v.pipe(v.array(InlineNodeSchema), v.maxLength(AMENDMENT_MAX_NODES, `At most ${AMENDMENT_MAX_NODES} pieces of text in a paragraph.`))),
});

type Paragraph = v.InferOutput<typeof ParagraphSchema>;

const textLength = (paragraphs: readonly Paragraph[]) =>
  paragraphs.reduce((n, p) => n + (p.content ?? []).reduce((m, node) => m + (node.type === "text" ? node.text.length : 1), 0), 0);

/**
 * `{"type": "doc", "content": [{"type": "paragraph", "content": [text nodes with bold/italic/link marks, hardBreak]}]}`:
 * the body format's paragraphs (see Body format), nothing else. At least one character of text.
 */
export const AmendmentDocSchema = v.pipe(
  v.object({
    type: v.literal("doc"),
    content: v.pipe(
      v.array(ParagraphSchema),
      v.minLength(1, "Write the amendment's text."),
      v.maxLength(AMENDMENT_MAX_PARAGRAPHS, `At most ${AMENDMENT_MAX_PARAGRAPHS} paragraphs.`),
      v.check((ps) => textLength(ps) <= AMENDMENT_MAX_CHARS, `At most ${AMENDMENT_MAX_CHARS} characters of text.`),
      v.check((ps) => ps.some((p) => (p.content ?? []).some((n) => n.type === "text" && n.text.trim() !== "")), "Write the amendment's text."),
    ),
  }),
  v.description("Paragraphs of text with bold, italic and links (http:, https:, mailto:) only: the body format's inline nodes and marks."),
  v.metadata({
    examples: [{ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "An earlier version of this story misstated the date of the vote. It is " }, { type: "text", text: "Tuesday", marks: [{ type: "bold" }] }, { type: "text", text: "." }] }] }],
  }),
);
export type AmendmentDoc = v.InferOutput<typeof AmendmentDocSchema>;

/** As a body document: one renderer and one plain-text rule for stories and their amendments. */
const asBody = (doc: AmendmentDoc): BodyDoc => ({ type: "doc", content: doc.content });

const NO_REFERENCES = { media: () => null, related: () => null };

/** `<p>…</p>` per paragraph, every text escaped and every link re-checked by the body renderer. */
export const amendmentHtml = (doc: AmendmentDoc): string => renderBodyHtml(asBody(doc), NO_REFERENCES);

/** Plain text, paragraphs separated by a blank line (JSON-LD `text`, feed summaries, the corrections list). */
export const amendmentText = (doc: AmendmentDoc): string => bodyToPlainText(asBody(doc));

/** What readers see as each entry's heading. */
export const AMENDMENT_LABELS: Record<AmendmentKind, string> = {
  correction: "Correction",
  clarification: "Clarification",
  update: "Update",
  editors_note: "Editor’s note",
};

/** One public amendment as the renderers need it. */
export interface ShownAmendment {
  id: string;
  kind: AmendmentKind;
  body: AmendmentDoc;
  /** When it became public: RFC 3339. */
  publishedAt: string;
}

/** "30 November 2026, 01:42 UTC": readers of a feed or an API consumer's page see UTC, said so. */
export function amendmentTimeLabel(iso: string): string {
  const d = new Date(iso);
  const month = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"][d.getUTCMonth()];
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCDate()} ${month} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/**
 * The block at the end of a story's `body_html` and of its feed content: one `<section>` per entry,
 * oldest first, headed by its kind, with the time as `<time datetime>`. Empty string without entries.
 */
/** A story's body followed by its amendments block, as every public HTML of the whole story ends. */
export const bodyWithAmendmentsHtml = (bodyHtml: string, list: readonly ShownAmendment[]) =>
  [bodyHtml, amendmentsBlockHtml(list)].filter((html) => html !== "").join("\n");

export function amendmentsBlockHtml(list: readonly ShownAmendment[]): string {
  if (list.length === 0) return "";
  const entries = list.map((a) => {
    const label = escapeHtml(AMENDMENT_LABELS[a.kind]);
    const time = `<time datetime="${escapeHtml(a.publishedAt)}">${escapeHtml(amendmentTimeLabel(a.publishedAt))}</time>`;
    // The label and the time are fixed English (lang="en"), the entry's text is in the story's language,
    // whatever its direction: dir="auto" lets an Arabic or Hebrew entry run right to left inside a
    // left-to-right block (and an English one left to right on an RTL page).
    return `<section class="copydesk-amendment copydesk-amendment-${a.kind}" id="amendment-${escapeHtml(a.id)}"><h2 lang="en">${label}</h2><p class="copydesk-amendment-time" lang="en">${time}</p><div class="copydesk-amendment-text" dir="auto">${amendmentHtml(a.body)}</div></section>`;
  });
  return `<aside class="copydesk-amendments" aria-label="Corrections and updates">${entries.join("")}</aside>`;
}
