// The featured image: upload (multipart POST /media, with progress) or choose one already in the
// library, then this article's own alt, caption and credit, which may differ from the library's.
import { useState } from "preact/hooks";
import { describeError } from "../api/client";
import type { Media } from "../api/model";
import { MediaPicker, UploadProgress } from "../components/media-picker";
import { mediaUrl, uploadMedia } from "../lib/media";
import type { FeaturedImage } from "./article-form";
import { ImageFields, useImageFields } from "./image-fields";

export function FeaturedImageField(p: { value: FeaturedImage | null; onChange: (v: FeaturedImage | null) => void }) {
  const f = useImageFields();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState("");
  const v = p.value;
  // The library's text is the starting point; the article may say it differently.
  const pick = (m: Media) => p.onChange({ media_id: m.id, alt: m.alt, caption: m.caption ?? "", credit: m.credit ?? "" });

  const upload = async () => {
    if (!f.file) return setError("Choose an image file first.");
    setBusy(true);
    setError("");
    try {
      const m = await uploadMedia(f.file, f, { onProgress: setProgress });
      p.onChange({ media_id: m.id, alt: f.alt, caption: f.caption, credit: f.credit });
      f.set({ file: null, preview: null, alt: "", caption: "", credit: "" });
    } catch (err) {
      setError(describeError(err));
    } finally {
      setBusy(false);
      setProgress(null);
    }
  };
  const edit = (patch: Partial<FeaturedImage>) => v && p.onChange({ ...v, ...patch });

  return (
    <fieldset class="featured-image">
      <legend>Featured image</legend>
      {v ? (
        <>
          <img class="preview" src={mediaUrl(v.media_id)} alt={v.alt ? `Featured image: ${v.alt}` : "Featured image (no alt text)"} />
          <label for="featured-alt">Alt text</label>
          <textarea id="featured-alt" rows={2} maxLength={1000} value={v.alt} onInput={(e) => edit({ alt: e.currentTarget.value })} />
          <label for="featured-caption">Caption</label>
          <textarea id="featured-caption" rows={2} maxLength={2000} value={v.caption} onInput={(e) => edit({ caption: e.currentTarget.value })} />
          <label for="featured-credit">Credit</label>
          <input id="featured-credit" maxLength={500} value={v.credit} onInput={(e) => edit({ credit: e.currentTarget.value })} />
          <div class="actions">
            <button type="button" onClick={() => setPicking(true)}>
              Replace from library
            </button>
            <button type="button" onClick={() => p.onChange(null)}>
              Remove featured image
            </button>
          </div>
        </>
      ) : (
        <>
          <ImageFields f={f} idPrefix="featured-new" withFile />
          {error && <p class="field-error" role="alert">{error}</p>}
          <UploadProgress fraction={progress} />
          <div class="actions">
            <button type="button" disabled={busy || !f.file} onClick={() => void upload()}>
              {busy ? "Uploading…" : "Upload featured image"}
            </button>
            <button type="button" disabled={busy} onClick={() => setPicking(true)}>
              Choose from library
            </button>
          </div>
        </>
      )}
      {picking && <MediaPicker onPick={pick} onClose={() => setPicking(false)} />}
    </fieldset>
  );
}
