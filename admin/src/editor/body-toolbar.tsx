// Formatting and insertion for the body. Every button has a name and a pressed state; blocks
// (images, related cards, embeds) go in after the paragraph the caret is in, never inside it.
import type { Editor } from "@tiptap/core";
import { NodeSelection } from "@tiptap/pm/state";
import { useState } from "preact/hooks";
import { EmbedDialog, ImageDialog, LinkDialog, RelatedCardDialog } from "./insert-dialogs";

type Open = null | "link" | "image" | "related" | "embed";

/** `small`: the live desk's compact set (inline marks, link, list, quote); `label` names the box it formats. */
export function BodyToolbar({ editor, small = false, label = "Body" }: { editor: Editor; small?: boolean; label?: string | undefined }) {
  const [open, setOpen] = useState<Open>(null);
  const sel = editor.state.selection;
  const selected = sel instanceof NodeSelection ? sel.node : null;
  const btn = (label: string, text: string, active: boolean | undefined, run: () => void, disabled = false) => (
    <button
      type="button"
      aria-label={label}
      title={label}
      aria-pressed={active === undefined ? undefined : active}
      disabled={disabled}
      onMouseDown={(e) => e.preventDefault()}
      onClick={run}
    >
      {text}
    </button>
  );
  const c = () => editor.chain().focus();
  const close = () => {
    setOpen(null);
    editor.commands.focus();
  };
  return (
    <>
      <div class="toolbar" role="toolbar" aria-label={`${label} formatting`}>
        <span class="group">
          {btn("Bold", "B", editor.isActive("bold"), () => c().toggleBold().run())}
          {btn("Italic", "I", editor.isActive("italic"), () => c().toggleItalic().run())}
          {btn("Link", "Link", editor.isActive("link"), () => setOpen("link"))}
        </span>
        {small ? (
          <span class="group">
            {btn("Quote", "“ ”", editor.isActive("blockquote"), () => c().toggleBlockquote().run())}
            {btn("Bulleted list", "• List", editor.isActive("bulletList"), () => c().toggleBulletList().run())}
          </span>
        ) : (
        <>
        <span class="group">
          {btn("Paragraph", "¶", editor.isActive("paragraph"), () => c().setParagraph().run())}
          {([2, 3, 4] as const).map((level) => btn(`Heading ${level}`, `H${level}`, editor.isActive("heading", { level }), () => c().toggleHeading({ level }).run()))}
          {btn("Quote", "“ ”", editor.isActive("blockquote"), () => c().toggleBlockquote().run())}
          {btn("Bulleted list", "• List", editor.isActive("bulletList"), () => c().toggleBulletList().run())}
          {btn("Numbered list", "1. List", editor.isActive("orderedList"), () => c().toggleOrderedList().run())}
          {btn("Divider", "—", undefined, () => c().setHorizontalRule().run())}
        </span>
        <span class="group">
          {btn("Insert image", "Image", undefined, () => setOpen("image"))}
          {btn("Insert related story", "Related", undefined, () => setOpen("related"))}
          {btn("Insert embed", "Embed", undefined, () => setOpen("embed"))}
          {selected?.type.name === "image" && btn("Edit selected image", "Edit image", undefined, () => setOpen("image"))}
          {selected?.type.name === "embed" && btn("Edit selected embed", "Edit embed", undefined, () => setOpen("embed"))}
        </span>
        </>
        )}
        <span class="group">
          {btn("Undo", "↶", undefined, () => c().undo().run(), !editor.can().undo())}
          {btn("Redo", "↷", undefined, () => c().redo().run(), !editor.can().redo())}
        </span>
      </div>
      {open === "link" && <LinkDialog editor={editor} onClose={close} />}
      {open === "image" && <ImageDialog editor={editor} current={selected?.type.name === "image" ? selected.attrs : null} onClose={close} />}
      {open === "related" && <RelatedCardDialog editor={editor} onClose={close} />}
      {open === "embed" && <EmbedDialog editor={editor} current={selected?.type.name === "embed" ? selected.attrs : null} onClose={close} />}
    </>
  );
}
