// The media library's pieces, shared by the library page and the editor's "Choose from library":
// a debounced search with "Load more", a grid of thumbnails, upload progress, and the picker dialog.
import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { Media } from "../api/model";
import { listMedia, mediaUrl, searchFits, SEARCH_MAX_BYTES } from "../lib/media";
import "../styles/media.css";
import { ErrorNote } from "./error-note";
import { Modal } from "./modal";

/** The library searched by `q` (debounced), newest first, a page at a time. */
export function useMediaSearch() {
  const [q, setQ] = useState("");
  const [items, setItems] = useState<Media[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [n, setN] = useState(0);
  // Only the answer to the latest search may land: a slow earlier one must not overwrite it.
  const seq = useRef(0);
  const tooLong = !searchFits(q);

  const load = async (after: string | null) => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    try {
      const page = await listMedia(q, after);
      if (mine !== seq.current) return;
      setItems((prev) => (after ? [...prev, ...page.media] : page.media));
      setCursor(page.next_cursor);
    } catch (e) {
      if (mine === seq.current) setError(e);
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  };

  useEffect(() => {
    if (tooLong) return;
    // A request per pause in typing, not per keystroke.
    const t = setTimeout(() => void load(null), 300);
    return () => clearTimeout(t);
  }, [q, n]);

  return {
    q,
    setQ,
    items,
    cursor,
    loading,
    error,
    tooLong,
    loadMore: () => cursor && void load(cursor),
    reload: () => setN((x) => x + 1),
    /** Put a changed or new item in place without a round trip. */
    replace: (m: Media) => setItems((prev) => (prev.some((x) => x.id === m.id) ? prev.map((x) => (x.id === m.id ? { ...x, ...m } : x)) : [m, ...prev])),
    remove: (id: string) => setItems((prev) => prev.filter((x) => x.id !== id)),
  };
}

export type MediaSearch = ReturnType<typeof useMediaSearch>;

export function MediaSearchBox({ s, id }: { s: MediaSearch; id: string }) {
  return (
    <div class="field media-search" role="search">
      <label for={id}>Search the library</label>
      <input id={id} type="search" value={s.q} placeholder="Alt text, caption, credit or file name" onInput={(e) => s.setQ(e.currentTarget.value)} />
      {s.tooLong && (
        <p class="field-error" role="alert">
          Too long to search: at most {SEARCH_MAX_BYTES} bytes (about {SEARCH_MAX_BYTES} letters; %, _ and \ count twice).
        </p>
      )}
    </div>
  );
}

/** Thumbnails with their text; `actionLabel` names what a click does ("Show details", "Choose"). */
export function MediaGrid(p: { s: MediaSearch; label: string; actionLabel: string; selected?: string | null; onSelect: (m: Media) => void }) {
  const { s } = p;
  return (
    <div aria-busy={s.loading}>
      <ErrorNote error={s.error} />
      {!s.loading && !s.error && s.items.length === 0 && <p class="empty">{s.q.trim() ? "No images match." : "The library is empty."}</p>}
      <ul class="media-grid" aria-label={p.label}>
        {s.items.map((m) => (
          <li key={m.id} class={m.id === p.selected ? "media-card selected" : "media-card"}>
            <button type="button" class="media-thumb" aria-label={`${p.actionLabel}: ${m.alt || m.filename || m.id}`} aria-pressed={p.selected === undefined ? undefined : m.id === p.selected} onClick={() => p.onSelect(m)}>
              <img src={mediaUrl(m.id)} alt="" loading="lazy" />
            </button>
            <div class="media-text">
              <p class="media-alt" dir="auto">{m.alt || <span class="muted">No alt text</span>}</p>
              {m.caption && <p class="media-caption" dir="auto">{m.caption}</p>}
              <p class="meta">
                {m.credit && <span>© {m.credit} · </span>}
                <span class="media-filename">{m.filename ?? "no file name"}</span>
                {m.usage_count !== undefined && <span> · {m.usage_count === 0 ? "unused" : `used in ${m.usage_count}`}</span>}
              </p>
            </div>
          </li>
        ))}
      </ul>
      {s.cursor && (
        <button type="button" disabled={s.loading} onClick={s.loadMore}>
          {s.loading ? "Loading…" : "Load more images"}
        </button>
      )}
      {s.loading && !s.cursor && <p role="status">Loading…</p>}
    </div>
  );
}

/** "Uploading… 42%" with a native progress bar; nothing once `fraction` is null. */
export function UploadProgress({ fraction, name }: { fraction: number | null; name?: string }) {
  const id = useId();
  if (fraction === null) return null;
  const pct = Math.round(fraction * 100);
  return (
    <div class="upload-progress">
      <label for={id}>{pct < 100 ? `Uploading${name ? ` ${name}` : ""}… ${pct}%` : "Processing…"}</label>
      <progress id={id} max={100} value={pct}>
        {pct}%
      </progress>
    </div>
  );
}

/** A dialog to pick an image already in the library. */
export function MediaPicker(p: { onPick: (m: Media) => void; onClose: () => void }) {
  const s = useMediaSearch();
  const id = useId();
  return (
    <Modal title="Choose from library" wide onClose={p.onClose}>
      <MediaSearchBox s={s} id={`${id}-q`} />
      <MediaGrid s={s} label="Library images, newest first" actionLabel="Choose" onSelect={(m) => (p.onPick(m), p.onClose())} />
    </Modal>
  );
}
