// The media library: every image, newest first, searchable by alt text, caption, credit and file
// name; upload with progress; a detail panel to correct an image's text (editors and admins) and
// to see which stories use it before anyone deletes it.
import { useEffect, useState } from "preact/hooks";
import { allowed } from "@shared/auth/permission-table";
import type { Media } from "../api/model";
import { ErrorNote } from "../components/error-note";
import { MediaGrid, MediaSearchBox, UploadProgress, useMediaSearch } from "../components/media-picker";
import { ActionError, Field, useAction } from "../components/page-bits";
import { ImageFields, useImageFields } from "../editor/image-fields";
import { useApp } from "../lib/app-context";
import { deleteMedia, getMedia, mediaUrl, updateMediaText, uploadMedia } from "../lib/media";
import { href } from "../lib/router";
import { formatInZone } from "../lib/zoned-time";

export function MediaPage() {
  const s = useMediaSearch();
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <section class="media-page">
      <div class="page-head">
        <h1>Media library</h1>
      </div>
      <UploadForm
        onUploaded={(m) => {
          s.replace({ ...m, usage_count: 0 });
          setSelected(m.id);
        }}
      />
      <MediaSearchBox s={s} id="media-q" />
      <div class={selected ? "media-layout with-detail" : "media-layout"}>
        <MediaGrid s={s} label="Images, newest first" actionLabel="Show details" selected={selected} onSelect={(m) => setSelected(m.id)} />
        {selected && (
          <MediaDetail
            key={selected}
            id={selected}
            onChanged={s.replace}
            onDeleted={(id) => (s.remove(id), setSelected(null))}
            onClose={() => setSelected(null)}
          />
        )}
      </div>
    </section>
  );
}

function UploadForm({ onUploaded }: { onUploaded: (m: Media) => void }) {
  const f = useImageFields();
  const [progress, setProgress] = useState<number | null>(null);
  const [done, setDone] = useState("");
  const act = useAction();
  const submit = (e: Event) => {
    e.preventDefault();
    if (!f.file) return;
    const file = f.file;
    setDone("");
    void act.run(async () => {
      try {
        const m = await uploadMedia(file, f, { onProgress: setProgress });
        onUploaded(m);
        setDone(`Uploaded “${file.name}”.`);
        f.set({ file: null, preview: null, alt: "", caption: "", credit: "" });
        (e.target as HTMLFormElement).reset();
      } finally {
        setProgress(null);
      }
    });
  };
  // Folded away by default: the library is mostly for finding; one click opens the form.
  return (
    <details class="media-upload">
      <summary>Upload an image</summary>
      <form onSubmit={submit}>
        <fieldset>
          <legend class="sr-only">Upload an image</legend>
          <ImageFields f={f} idPrefix="library-upload" withFile />
          <ActionError error={act.error} />
          <UploadProgress fraction={progress} name={f.file?.name} />
          <div class="actions">
            <button type="submit" class="primary" disabled={act.busy || !f.file}>
              {act.busy ? "Uploading…" : "Upload"}
            </button>
            <p role="status" class="muted">
              {done}
            </p>
          </div>
        </fieldset>
      </form>
    </details>
  );
}

const kb = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

function MediaDetail(p: { id: string; onChanged: (m: Media) => void; onDeleted: (id: string) => void; onClose: () => void }) {
  const { user, config } = useApp();
  const editable = allowed(user.role, "media.manage");
  const [m, setM] = useState<Media | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [text, setText] = useState({ alt: "", caption: "", credit: "" });
  const [saved, setSaved] = useState("");
  const act = useAction();

  const show = (next: Media) => {
    setM(next);
    setText({ alt: next.alt, caption: next.caption ?? "", credit: next.credit ?? "" });
  };
  useEffect(() => {
    getMedia(p.id).then(show, setError);
  }, [p.id]);

  const save = (e: Event) => {
    e.preventDefault();
    setSaved("");
    void act.run(async () => {
      const next = await updateMediaText(p.id, { alt: text.alt, caption: text.caption || null, credit: text.credit || null });
      show(next);
      p.onChanged(next);
      setSaved("Saved. Stories keep the text they were given; new uses start from this.");
    });
  };
  const remove = () => void act.run(async () => (await deleteMedia(p.id), p.onDeleted(p.id)));

  const usedBy = m?.used_by ?? [];
  const more = (m?.usage_count ?? 0) - usedBy.length;
  return (
    <aside class="media-detail" aria-labelledby="media-detail-title">
      <div class="page-head">
        <h2 id="media-detail-title">Image details</h2>
        <button type="button" class="icon" aria-label="Close image details" onClick={p.onClose}>
          ×
        </button>
      </div>
      <ErrorNote error={error} />
      {m && (
        <>
          <img class="preview" src={mediaUrl(m.id)} alt={m.alt || "No alt text"} />
          <p class="meta">
            {m.filename ?? "No file name"} · {m.mime_type}
            {m.width && m.height ? ` · ${m.width}×${m.height}` : ""}
            {m.size ? ` · ${kb(m.size)}` : ""}
            {m.created_at && (
              <>
                {" "}
                · uploaded <time dateTime={m.created_at}>{formatInZone(m.created_at, config.time_zone)}</time>
              </>
            )}
          </p>
          {editable ? (
            <form onSubmit={save}>
              <Field id="media-alt" label="Alt text">
                <textarea id="media-alt" rows={2} maxLength={1000} value={text.alt} onInput={(e) => setText({ ...text, alt: e.currentTarget.value })} />
              </Field>
              <Field id="media-caption" label="Caption">
                <textarea id="media-caption" rows={2} maxLength={2000} value={text.caption} onInput={(e) => setText({ ...text, caption: e.currentTarget.value })} />
              </Field>
              <Field id="media-credit" label="Credit">
                <input id="media-credit" maxLength={500} value={text.credit} onInput={(e) => setText({ ...text, credit: e.currentTarget.value })} />
              </Field>
              <ActionError error={act.error} />
              <div class="actions">
                <button type="submit" class="primary" disabled={act.busy}>
                  Save text
                </button>
                <button type="button" class="danger" disabled={act.busy} onClick={remove}>
                  Delete image
                </button>
              </div>
              <p role="status" class="muted">
                {saved}
              </p>
            </form>
          ) : (
            <dl class="media-facts">
              <dt>Alt text</dt>
              <dd>{m.alt || "None"}</dd>
              <dt>Caption</dt>
              <dd>{m.caption ?? "None"}</dd>
              <dt>Credit</dt>
              <dd>{m.credit ?? "None"}</dd>
            </dl>
          )}
          {!editable && <p class="muted">Only editors change an image's text in the library; a story's own alt, caption and credit are set in the story.</p>}
          <h3>Used in</h3>
          {usedBy.length === 0 ? (
            <p class="muted">No story uses this image.</p>
          ) : (
            <ul class="used-by" aria-label="Stories using this image">
              {usedBy.map((a) => (
                <li key={a.id}>
                  <a href={href(`/articles/${encodeURIComponent(a.id)}`)}>{a.headline}</a> <span class={`badge ${a.status}`}>{a.status}</span>
                </li>
              ))}
              {more > 0 && <li class="muted">and {more} more</li>}
            </ul>
          )}
        </>
      )}
    </aside>
  );
}
