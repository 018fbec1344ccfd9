// The editorial view of a note and the request bodies: names, never emails; the anchor with its
// state against the body the editor shows now. Typed by the schemas so code and document agree.
import * as v from "valibot";
import { time } from "../public/view-fields";
import { ANCHOR_LIMITS, anchorState, type PreparedText, type TextQuoteAnchor } from "./anchor";
import type { NoteRecord, Thread } from "./domain";

const UserRefView = v.object({ id: v.string(), name: v.string() });

export const NOTE_BODY_MAX = 4000;

/** Plain text: what is shown is what was typed (the admin renders it as text, never as HTML). */
export const NoteBody = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, "Write something."),
  v.maxLength(NOTE_BODY_MAX, `At most ${NOTE_BODY_MAX} characters.`),
  v.description(`Plain text, 1–${NOTE_BODY_MAX} characters.`),
);

export const AnchorSchema = v.pipe(
  v.object({
    quote: v.pipe(
      v.string(),
      v.minLength(1, "Quote the passage."),
      v.maxLength(ANCHOR_LIMITS.quote, `At most ${ANCHOR_LIMITS.quote} characters.`),
      v.check((s) => s.trim() !== "", "Quote some words, not only spaces."),
      v.description("The passage's exact words, as they are in the body's text."),
    ),
    prefix: v.optional(v.pipe(v.string(), v.maxLength(ANCHOR_LIMITS.context), v.description(`Up to ${ANCHOR_LIMITS.context} characters just before the quote.`)), ""),
    suffix: v.optional(v.pipe(v.string(), v.maxLength(ANCHOR_LIMITS.context), v.description(`Up to ${ANCHOR_LIMITS.context} characters just after the quote.`)), ""),
  }),
  v.description("A W3C TextQuoteSelector: the passage found again by its words and their context, so edits elsewhere do not move it."),
);

export const CreateNoteSchema = v.object({
  body: NoteBody,
  anchor: v.optional(AnchorSchema),
  parent_id: v.optional(v.pipe(v.string(), v.maxLength(100), v.description("Reply to this thread (its first note). Replies carry no anchor."))),
});
export const UpdateNoteSchema = v.object({ body: NoteBody });

const AnchorView = v.object({ quote: v.string(), prefix: v.string(), suffix: v.string() });

const noteFields = {
  id: v.string(),
  parent_id: v.pipe(v.nullable(v.string()), v.description("The thread's first note; null for that note itself.")),
  author: v.pipe(v.nullable(UserRefView), v.description("Null once the author's account is deleted.")),
  body: v.pipe(v.string(), v.description("Plain text.")),
  anchor: v.pipe(v.nullable(AnchorView), v.description("Null: about the story as a whole (and always on replies).")),
  anchor_state: v.pipe(
    v.nullable(v.picklist(["attached", "orphaned"])),
    v.description("Against the body as the editor shows it now (pending changes included): `orphaned` when the passage's words are gone. Null without an anchor."),
  ),
  resolved_at: v.pipe(v.nullable(time("When the thread was resolved;")), v.description("Kept on the thread's first note; null on replies and open threads.")),
  resolved_by: v.nullable(UserRefView),
  created_at: time("Written at"),
  updated_at: time("Text last changed at"),
};
export const NoteView = v.object(noteFields);
export const ThreadView = v.object({ ...noteFields, replies: v.array(NoteView) });

export function toNoteView(n: NoteRecord, bodyText: PreparedText): v.InferOutput<typeof NoteView> {
  const anchor = n.anchor as TextQuoteAnchor | null;
  return {
    id: n.id,
    parent_id: n.parentId,
    author: n.author,
    body: n.body,
    anchor: anchor ? { quote: anchor.quote, prefix: anchor.prefix, suffix: anchor.suffix } : null,
    anchor_state: anchor ? anchorState(bodyText, anchor) : null,
    resolved_at: n.resolvedAt,
    resolved_by: n.resolver,
    created_at: n.createdAt,
    updated_at: n.updatedAt,
  };
}

export const toThreadView = (t: Thread, bodyText: PreparedText): v.InferOutput<typeof ThreadView> => ({
  ...toNoteView(t.root, bodyText),
  replies: t.replies.map((r) => toNoteView(r, bodyText)),
});
