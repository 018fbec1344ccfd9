// Image files dropped or pasted into the body: before anything is uploaded, ask what each picture
// shows (alt, required: readers who cannot see it get nothing else), its caption and credit. One
// file at a time; the body editor places each where it was dropped or where the caret was.
import { useEffect, useRef, useState } from "preact/hooks";
import { describeError } from "../api/client";
import { UploadProgress } from "../components/media-picker";
import { Modal } from "../components/modal";
import { uploadMedia } from "../lib/media";
import { ImageFields, useImageFields } from "./image-fields";

export interface DroppedImage {
  media_id: string;
  alt: string;
  caption: string | null;
  credit: string | null;
}

interface Props {
  /** Already checked by imageFileProblem (lib/image-files.ts): images within the upload limit. */
  files: File[];
  onInsert: (attrs: DroppedImage) => void;
  onClose: () => void;
}

export function DropImageDialog({ files, onInsert, onClose }: Props) {
  const [index, setIndex] = useState(0);
  const next = () => (index + 1 < files.length ? setIndex(index + 1) : onClose());
  const file = files[index];
  if (!file) return null;
  const title = files.length > 1 ? `Add image ${index + 1} of ${files.length}` : "Add image";
  return (
    <Modal title={title} onClose={onClose}>
      {/* keyed: each file starts with empty fields and its own preview */}
      <OneImage key={index} file={file} many={files.length > 1} onDone={(attrs) => (onInsert(attrs), next())} onSkip={next} />
    </Modal>
  );
}

function OneImage({ file, many, onDone, onSkip }: { file: File; many: boolean; onDone: (a: DroppedImage) => void; onSkip: () => void }) {
  const f = useImageFields();
  const [preview, setPreview] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState("");
  const open = useRef(true);
  const cancel = useRef(new AbortController());
  useEffect(() => {
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => {
      // Closed or skipped: an upload still under way is cancelled, so no unasked-for image is stored.
      open.current = false;
      cancel.current.abort();
      URL.revokeObjectURL(url);
    };
  }, [file]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!f.alt.trim()) {
      setError("Write the alt text: what the picture shows, for readers who cannot see it.");
      document.getElementById("drop-image-alt")?.focus();
      return;
    }
    setBusy(true);
    setError("");
    try {
      const m = await uploadMedia(file, { alt: f.alt.trim(), caption: f.caption.trim(), credit: f.credit.trim() }, {
        onProgress: (fraction) => open.current && setProgress(fraction),
        signal: cancel.current.signal,
      });
      if (open.current) onDone({ media_id: m.id, alt: f.alt.trim(), caption: f.caption.trim() || null, credit: f.credit.trim() || null });
    } catch (err) {
      if (open.current) setError(describeError(err));
    } finally {
      if (open.current) (setBusy(false), setProgress(null));
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <p class="muted">
        {file.name || "Pasted image"} · {file.size < 1024 * 1024 ? `${Math.ceil(file.size / 1024)} KB` : `${(file.size / 1024 / 1024).toFixed(1)} MB`}
      </p>
      {preview && <img class="preview" src={preview} alt="Preview of the image being added" />}
      <ImageFields f={f} idPrefix="drop-image" withFile={false} />
      <UploadProgress fraction={progress} />
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Uploading…" : "Upload and insert"}
        </button>
        {many && (
          <button type="button" disabled={busy} onClick={onSkip}>
            Skip this image
          </button>
        )}
      </div>
    </form>
  );
}
