import type { Editor } from "@tiptap/core";

/** Insert a block after the top-level block holding the caret ("between paragraphs"), never inside it. */
export function insertBlock(editor: Editor, node: { type: string; attrs: Record<string, unknown> }) {
  const sel = editor.state.selection;
  const pos = sel.$from.depth === 0 ? sel.to : sel.$from.after(1);
  editor.chain().focus().insertContentAt(pos, node).run();
}
