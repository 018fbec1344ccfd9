// Passages that notes are anchored to, highlighted in the body as ProseMirror decorations: drawn
// over the document, never part of it, so a note can never enter the body that is saved (a mark
// would be serialised into the article). Anchors are found by their words with the same code the
// server uses (@shared/notes/anchor), against the editor's live text, so unsaved edits count.
import type { Editor } from "@tiptap/core";
import type { Node as PmNode } from "@tiptap/pm/model";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { anchorFor, anchorText, offsetOf, positionOf, prepareText, resolveAnchor, type AnchorNode, type AnchorText, type PreparedText, type TextQuoteAnchor } from "@shared/notes/anchor";

export interface Highlight {
  id: string;
  anchor: TextQuoteAnchor;
}
interface State {
  highlights: Highlight[];
  active: string | null;
  deco: DecorationSet;
}
type Meta = Partial<Pick<State, "highlights" | "active">>;

export const notesKey = new PluginKey<State>("noteHighlights");

/** The document's text with its position map, prepared once for every anchor resolved in it. */
const textOf = (doc: PmNode): AnchorText & { prepared: PreparedText } => {
  const t = anchorText(doc.toJSON() as AnchorNode);
  return { ...t, prepared: prepareText(t.text) };
};

/** Where an anchor is in the document now, or null (orphaned). */
export function locate(doc: PmNode, anchor: TextQuoteAnchor, text = textOf(doc)): { from: number; to: number } | null {
  const m = resolveAnchor(text.prepared, anchor);
  if (!m) return null;
  const from = positionOf(text, m.start, "start");
  const to = positionOf(text, m.end, "end");
  return from === null || to === null ? null : { from, to };
}

function build(doc: PmNode, highlights: Highlight[], active: string | null): DecorationSet {
  if (!highlights.length) return DecorationSet.empty;
  const text = textOf(doc);
  const decos: Decoration[] = [];
  for (const h of highlights) {
    const at = locate(doc, h.anchor, text);
    if (at) decos.push(Decoration.inline(at.from, at.to, { class: h.id === active ? "note-anchor active" : "note-anchor", "data-note-id": h.id }));
  }
  return DecorationSet.create(doc, decos);
}

/** `onPick` hears which note's passage was clicked (the cursor still goes where it was clicked). */
export const notesHighlight = (onPick: (id: string) => void = () => undefined) =>
  new Plugin<State>({
    key: notesKey,
    state: {
      init: () => ({ highlights: [], active: null, deco: DecorationSet.empty }),
      apply(tr, value, _old, state) {
        const meta = tr.getMeta(notesKey) as Meta | undefined;
        if (!meta && !tr.docChanged) return value;
        const next = { ...value, ...meta };
        return { ...next, deco: build(state.doc, next.highlights, next.active) };
      },
    },
    props: {
      decorations: (state) => notesKey.getState(state)?.deco,
      handleDOMEvents: {
        click: (_view, event) => {
          const id = (event.target as Element | null)?.closest?.("[data-note-id]")?.getAttribute("data-note-id");
          if (id) onPick(id);
          return false;
        },
      },
    },
  });

/** Tells the plugin which passages to draw (and which one is picked). */
export function showHighlights(editor: Editor, meta: Meta) {
  if (editor.isDestroyed) return;
  editor.view.dispatch(editor.state.tr.setMeta(notesKey, meta).setMeta("addToHistory", false));
}

/** An anchor for the editor's selection: its words and a little context either side; null without one. */
export function anchorOfSelection(editor: Editor): TextQuoteAnchor | null {
  const { from, to, empty } = editor.state.selection;
  if (empty) return null;
  const text = textOf(editor.state.doc);
  const start = offsetOf(text, from);
  const end = offsetOf(text, to);
  return start === null || end === null || end <= start ? null : anchorFor(text.text, start, end);
}

/** Scrolls the passage into view (without moving the writer's cursor). */
export function scrollToAnchor(editor: Editor, anchor: TextQuoteAnchor): boolean {
  const at = locate(editor.state.doc, anchor);
  if (!at) return false;
  const { node } = editor.view.domAtPos(at.from);
  const el = node instanceof Element ? node : node.parentElement;
  el?.scrollIntoView({ block: "center" });
  return true;
}

/** Whether each anchor is in the editor's text now. */
export function liveStates(editor: Editor, anchors: TextQuoteAnchor[]): boolean[] {
  const text = textOf(editor.state.doc);
  return anchors.map((a) => locate(editor.state.doc, a, text) !== null);
}
