// File, preview, alt, caption and credit: the same fields for the featured image, body images and
// the media library's upload. A file the API would refuse (over 10 MB, not an image) is refused
// here on choosing, before anything is sent.
import { useEffect, useState } from "preact/hooks";
import { imageFileProblem } from "../lib/image-files";

export interface ImageFieldState {
  file: File | null;
  preview: string | null;
  alt: string;
  caption: string;
  credit: string;
  /** Why the chosen file was refused, shown by the file input. */
  fileError: string;
  set: (patch: Partial<Omit<ImageFieldState, "set">>) => void;
}

export function useImageFields(initial?: { alt: string; caption: string; credit: string }): ImageFieldState {
  const [s, setS] = useState({ file: null as File | null, preview: null as string | null, alt: "", caption: "", credit: "", fileError: "", ...initial });
  // A blob: preview shows the picture before it is uploaded; freed when replaced or closed.
  useEffect(() => () => void (s.preview && URL.revokeObjectURL(s.preview)), [s.preview]);
  return { ...s, set: (patch) => setS((prev) => ({ ...prev, ...patch })) };
}

export function ImageFields({ f, idPrefix, withFile }: { f: ImageFieldState; idPrefix: string; withFile: boolean }) {
  return (
    <div class="image-fields">
      {withFile && (
        <>
          <label for={`${idPrefix}-file`}>Image file (JPEG, PNG, GIF, WebP or AVIF, up to 10 MB)</label>
          <input
            id={`${idPrefix}-file`}
            type="file"
            accept="image/jpeg,image/png,image/gif,image/webp,image/avif"
            aria-describedby={f.fileError ? `${idPrefix}-file-error` : undefined}
            onChange={(e) => {
              const file = e.currentTarget.files?.[0] ?? null;
              const refusal = file && imageFileProblem(file);
              if (refusal) e.currentTarget.value = "";
              f.set({ file: refusal ? null : file, preview: file && !refusal ? URL.createObjectURL(file) : null, fileError: refusal ?? "" });
            }}
          />
          {f.fileError && (
            <p id={`${idPrefix}-file-error`} class="field-error" role="alert">
              {f.fileError}
            </p>
          )}
          {f.preview && <img class="preview" src={f.preview} alt="Preview of the chosen file" />}
        </>
      )}
      <label for={`${idPrefix}-alt`}>Alt text (what the picture shows, for readers who cannot see it)</label>
      <textarea id={`${idPrefix}-alt`} rows={2} maxLength={1000} value={f.alt} onInput={(e) => f.set({ alt: e.currentTarget.value })} />
      <label for={`${idPrefix}-caption`}>Caption</label>
      <textarea id={`${idPrefix}-caption`} rows={2} maxLength={2000} value={f.caption} onInput={(e) => f.set({ caption: e.currentTarget.value })} />
      <label for={`${idPrefix}-credit`}>Credit</label>
      <input id={`${idPrefix}-credit`} maxLength={500} value={f.credit} placeholder="Photographer/Agency" onInput={(e) => f.set({ credit: e.currentTarget.value })} />
    </div>
  );
}
