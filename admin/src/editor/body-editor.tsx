// The body in TipTap. StarterKit is cut down to what the API accepts (no code, strike, underline,
// h1/h5/h6), plus our image, relatedCard and embed nodes. TipTap's <style> injection is off: the
// admin's CSP allows only our own stylesheet. Pasted HTML goes through paste-clean.ts first (Docs'
// inline-style marks cannot be read under that CSP); pasted or dropped image files are uploaded
// through DropImageDialog and placed between blocks.
import { Editor } from "@tiptap/core";
import type { Node as PmNode } from "@tiptap/pm/model";
import StarterKit from "@tiptap/starter-kit";
import { useEffect, useRef, useState } from "preact/hooks";
import { same } from "../lib/same";
import { normalizeBody, type BodyDoc } from "./body-json";
import { BodyToolbar } from "./body-toolbar";
import { BodyImage, Embed, RelatedCard } from "./custom-nodes";
import { DropImageDialog, type DroppedImage } from "./drop-image-dialog";
import { imageFileProblem } from "../lib/image-files";
import { safeHref } from "./paste-attrs";
import { cleanPastedHtml, htmlHasText } from "./paste-clean";


const parseHtml = (html: string) => new DOMParser().parseFromString(html, "text/html");

/** Where an image dropped or pasted at `pos` goes: between top-level blocks (before the block when
 * at its very start, else after it), or in place of an empty paragraph. */
function placeFor(doc: PmNode, pos: number): { from: number; to: number } {
  const $p = doc.resolve(Math.max(0, Math.min(pos, doc.content.size)));
  if ($p.depth === 0) return { from: $p.pos, to: $p.pos };
  const block = $p.node(1);
  if (block.type.name === "paragraph" && block.content.size === 0) return { from: $p.before(1), to: $p.after(1) };
  const at = $p.depth === 1 && $p.parentOffset === 0 ? $p.before(1) : $p.after(1);
  return { from: at, to: at };
}

/** Files from a paste or drop, unless the HTML beside them has words (Office adds a picture of the copied text). */
function imageFiles(data: DataTransfer | null): File[] {
  const files = [...(data?.files ?? [])];
  return files.length && !htmlHasText(data!.getData("text/html"), parseHtml) ? files : [];
}

interface Props {
  value: BodyDoc;
  epoch: number;
  onChange: (doc: BodyDoc) => void;
  readOnly?: boolean;
  /** The TipTap editor once made (null when it goes): the notes column highlights passages in it. */
  onEditor?: (editor: Editor | null) => void;
  /** The text box's name ("Body" by default; the live desk's compose box is "New entry"). */
  label?: string;
  /** "small": bold, italic, link, list and quote only (the live desk's compact boxes). */
  toolbar?: "full" | "small";
}

export function BodyEditor(p: Props) {
  const host = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [, rerender] = useState(0);
  const onChange = useRef(p.onChange);
  onChange.current = p.onChange;
  const [dropped, setDropped] = useState<File[] | null>(null);
  const [refused, setRefused] = useState("");
  /** Document position the next dropped image goes to (moves past each one inserted). */
  const dropAt = useRef(0);

  const takeFiles = (files: File[], pos: number) => {
    setRefused(files.map(imageFileProblem).filter(Boolean).join(" "));
    const ok = files.filter((f) => !imageFileProblem(f));
    dropAt.current = pos;
    if (ok.length) setDropped(ok);
  };

  useEffect(() => {
    const ed = new Editor({
      element: host.current!,
      injectCSS: false,
      editable: !p.readOnly,
      content: p.value,
      extensions: [
        StarterKit.configure({
          code: false,
          codeBlock: false,
          strike: false,
          underline: false,
          heading: { levels: [2, 3, 4] },
          // Only what the API accepts (absolute http, https, mailto): a pasted relative or
          // javascript: link stays plain text instead of failing the save.
          link: { openOnClick: false, autolink: true, protocols: ["mailto"], defaultProtocol: "https", isAllowedUri: (url) => safeHref(url) !== null },
        }),
        BodyImage,
        RelatedCard,
        Embed,
      ],
      editorProps: {
        attributes: { role: "textbox", "aria-multiline": "true", "aria-label": p.label ?? "Body", class: "prose" },
        transformPastedHTML: (html) => cleanPastedHtml(html, parseHtml),
        handlePaste: (view, event) => {
          const files = imageFiles(event.clipboardData);
          if (!files.length) return false;
          takeFiles(files, view.state.selection.from);
          return true;
        },
        handleDrop: (view, event, _slice, moved) => {
          const files = moved ? [] : imageFiles(event.dataTransfer);
          if (!files.length) return false;
          takeFiles(files, view.posAtCoords({ left: event.clientX, top: event.clientY })?.pos ?? view.state.selection.from);
          return true;
        },
      },
      onUpdate: ({ editor: e }) => onChange.current(normalizeBody(e.getJSON() as BodyDoc)),
      // The toolbar's pressed states follow the selection.
      onSelectionUpdate: () => rerender((n) => n + 1),
      onTransaction: () => rerender((n) => n + 1),
    });
    setEditor(ed);
    p.onEditor?.(ed);
    return () => {
      p.onEditor?.(null);
      ed.destroy();
    };
  }, []);

  // A body replaced from outside (reload theirs, restore, keep mine): load it unless it is what we have.
  useEffect(() => {
    if (editor && !same(normalizeBody(editor.getJSON() as BodyDoc), p.value)) editor.commands.setContent(p.value, { emitUpdate: false });
  }, [p.epoch, editor]);

  useEffect(() => editor?.setEditable(!p.readOnly), [p.readOnly, editor]);

  const insertDropped = (attrs: DroppedImage) => {
    if (!editor) return;
    const { from, to } = placeFor(editor.state.doc, dropAt.current);
    editor.chain().focus().insertContentAt({ from, to }, { type: "image", attrs }).run();
    dropAt.current = from + 1; // the next file of the same drop goes after this one
  };

  return (
    <div class="body-editor">
      {editor && !p.readOnly && <BodyToolbar editor={editor} small={p.toolbar === "small"} label={p.label} />}
      {refused && (
        <p class="field-error body-refused" role="alert">
          {refused}{" "}
          <button type="button" class="link" onClick={() => setRefused("")}>
            Dismiss
          </button>
        </p>
      )}
      <div ref={host} class="body-host" />
      {dropped && <DropImageDialog files={dropped} onInsert={insertDropped} onClose={() => setDropped(null)} />}
    </div>
  );
}
