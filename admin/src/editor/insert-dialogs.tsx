// Dialogs behind the body toolbar: link, image (upload with alt, caption, credit, or choose one from
// the library), related-story card (search the newsroom's articles) and embed.
import type { Editor } from "@tiptap/core";
import { useState } from "preact/hooks";
import { describeError } from "../api/client";
import type { Media } from "../api/model";
import { MediaPicker, UploadProgress } from "../components/media-picker";
import { Modal } from "../components/modal";
import { SearchPicker } from "../components/search-picker";
import { isHttpUrl, mediaUrl, uploadMedia } from "../lib/media";
import { searchArticles } from "../lib/search-articles";
import { insertBlock } from "./insert-block";
import { ImageFields, useImageFields } from "./image-fields";

type Attrs = Record<string, unknown>;

export function LinkDialog({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  const [url, setUrl] = useState(String(editor.getAttributes("link").href ?? ""));
  const [error, setError] = useState("");
  const apply = (e: Event) => {
    e.preventDefault();
    const ok = /^mailto:/i.test(url) || isHttpUrl(url);
    if (!ok) return setError("Use an absolute http:, https: or mailto: address.");
    editor.chain().focus().extendMarkRange("link").setLink({ href: url.trim() }).run();
    onClose();
  };
  return (
    <Modal title="Link" onClose={onClose}>
      <form onSubmit={apply}>
        <label for="link-url">Address</label>
        <input id="link-url" type="url" required value={url} placeholder="https://…" onInput={(e) => setUrl(e.currentTarget.value)} />
        {error && <p class="field-error" role="alert">{error}</p>}
        <div class="actions">
          <button type="submit" class="primary">Apply link</button>
          {editor.isActive("link") && (
            <button type="button" onClick={() => (editor.chain().focus().extendMarkRange("link").unsetLink().run(), onClose())}>
              Remove link
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}

export function ImageDialog({ editor, current, onClose }: { editor: Editor; current: Attrs | null; onClose: () => void }) {
  const f = useImageFields(current ? { alt: String(current.alt ?? ""), caption: String(current.caption ?? ""), credit: String(current.credit ?? "") } : undefined);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState("");
  const [picking, setPicking] = useState(false);
  // An image chosen from the library: inserted as it is, with the text below for this story.
  const [picked, setPicked] = useState<Media | null>(null);
  const choose = (m: Media) => {
    setPicked(m);
    setError("");
    f.set({ file: null, preview: null, fileError: "", alt: m.alt, caption: m.caption ?? "", credit: m.credit ?? "" });
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const text = { alt: f.alt, caption: f.caption || null, credit: f.credit || null };
    if (current) {
      editor.chain().focus().updateAttributes("image", text).run();
      return onClose();
    }
    if (picked) {
      insertBlock(editor, { type: "image", attrs: { media_id: picked.id, ...text } });
      return onClose();
    }
    if (!f.file) return setError("Choose an image file, or an image from the library.");
    setBusy(true);
    try {
      const m = await uploadMedia(f.file, f, { onProgress: setProgress });
      insertBlock(editor, { type: "image", attrs: { media_id: m.id, ...text } });
      onClose();
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  return (
    <Modal title={current ? "Edit image" : "Insert image"} onClose={onClose}>
      <form onSubmit={submit}>
        {!current && (
          <div class="actions">
            <button type="button" disabled={busy} onClick={() => setPicking(true)}>
              Choose from library
            </button>
            {picked && (
              <button type="button" onClick={() => setPicked(null)}>
                Upload a new image instead
              </button>
            )}
          </div>
        )}
        {picked && <img class="preview" src={mediaUrl(picked.id)} alt={`Chosen from the library: ${picked.alt || picked.filename || picked.id}`} />}
        <ImageFields f={f} idPrefix="body-image" withFile={!current && !picked} />
        {error && <p class="field-error" role="alert">{error}</p>}
        <UploadProgress fraction={progress} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy}>
            {busy ? "Uploading…" : current ? "Update image" : picked ? "Insert image" : "Upload and insert"}
          </button>
        </div>
      </form>
      {picking && <MediaPicker onPick={choose} onClose={() => setPicking(false)} />}
    </Modal>
  );
}

export function RelatedCardDialog({ editor, onClose }: { editor: Editor; onClose: () => void }) {
  return (
    <Modal title="Insert related story" onClose={onClose}>
      <p class="muted">The card shows that story's headline, teaser and byline where you place it, updated when it changes.</p>
      <SearchPicker
        label="Find a story"
        placeholder="Search headlines"
        search={(q) => searchArticles(q)}
        onPick={(o) => {
          insertBlock(editor, { type: "relatedCard", attrs: { article_id: o.key } });
          onClose();
        }}
      />
    </Modal>
  );
}

export function EmbedDialog({ editor, current, onClose }: { editor: Editor; current: Attrs | null; onClose: () => void }) {
  const [url, setUrl] = useState(String(current?.url ?? ""));
  const [provider, setProvider] = useState(String(current?.provider ?? ""));
  const [caption, setCaption] = useState(String(current?.caption ?? ""));
  const [error, setError] = useState("");
  const submit = (e: Event) => {
    e.preventDefault();
    if (!isHttpUrl(url.trim())) return setError("Use an absolute http: or https: address.");
    const attrs = { url: url.trim(), provider: provider.trim() || null, caption: caption.trim() || null };
    if (current) editor.chain().focus().updateAttributes("embed", attrs).run();
    else insertBlock(editor, { type: "embed", attrs });
    onClose();
  };
  return (
    <Modal title={current ? "Edit embed" : "Insert embed"} onClose={onClose}>
      <form onSubmit={submit}>
        <label for="embed-url">Address of the post or video</label>
        <input id="embed-url" type="url" required value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
        <label for="embed-provider">Provider</label>
        <input id="embed-provider" value={provider} placeholder="e.g. YouTube" onInput={(e) => setProvider(e.currentTarget.value)} />
        <label for="embed-caption">Caption</label>
        <input id="embed-caption" value={caption} onInput={(e) => setCaption(e.currentTarget.value)} />
        {error && <p class="field-error" role="alert">{error}</p>}
        <div class="actions">
          <button type="submit" class="primary">{current ? "Update embed" : "Insert embed"}</button>
        </div>
      </form>
    </Modal>
  );
}
