// The body in TipTap. StarterKit is cut down to what the API accepts (no code, strike, underline,
// h1/h5/h6), plus our image, relatedCard and embed nodes. TipTap's <style> injection is off: the
// admin's CSP allows only our own stylesheet.
import { Editor } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { useEffect, useRef, useState } from "preact/hooks";
import { same } from "../lib/same";
import { normalizeBody, type BodyDoc } from "./body-json";
import { BodyToolbar } from "./body-toolbar";
import { BodyImage, Embed, RelatedCard } from "./custom-nodes";

const isSafeHref = (url: string) => {
  try {
    return ["http:", "https:", "mailto:"].includes(new URL(url).protocol);
  } catch {
    return false;
  }
};

interface Props {
  value: BodyDoc;
  epoch: number;
  onChange: (doc: BodyDoc) => void;
  readOnly?: boolean;
}

export function BodyEditor(p: Props) {
  const host = useRef<HTMLDivElement>(null);
  const [editor, setEditor] = useState<Editor | null>(null);
  const [, rerender] = useState(0);
  const onChange = useRef(p.onChange);
  onChange.current = p.onChange;

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
          link: { openOnClick: false, autolink: true, protocols: ["mailto"], defaultProtocol: "https", isAllowedUri: isSafeHref },
        }),
        BodyImage,
        RelatedCard,
        Embed,
      ],
      editorProps: {
        attributes: { role: "textbox", "aria-multiline": "true", "aria-label": "Body", class: "prose" },
      },
      onUpdate: ({ editor: e }) => onChange.current(normalizeBody(e.getJSON() as BodyDoc)),
      // The toolbar's pressed states follow the selection.
      onSelectionUpdate: () => rerender((n) => n + 1),
      onTransaction: () => rerender((n) => n + 1),
    });
    setEditor(ed);
    return () => ed.destroy();
  }, []);

  // A body replaced from outside (reload theirs, restore, keep mine): load it unless it is what we have.
  useEffect(() => {
    if (editor && !same(normalizeBody(editor.getJSON() as BodyDoc), p.value)) editor.commands.setContent(p.value, { emitUpdate: false });
  }, [p.epoch, editor]);

  useEffect(() => editor?.setEditable(!p.readOnly), [p.readOnly, editor]);

  return (
    <div class="body-editor">
      {editor && !p.readOnly && <BodyToolbar editor={editor} />}
      <div ref={host} class="body-host" />
    </div>
  );
}
