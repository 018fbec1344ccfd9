// The last saved version as readers will get it: the server's own preview (GET /articles/{id}/preview),
// the very content a preview link shows — the content API's shape, so public tags only, related
// cards of published stories only, the body_html readers get (rendered and escaped on the server) —
// from the working copy when a published story has pending changes. Read again after every save.
// "Share preview" sits here, over what it shares: a link to this same view for people without an account.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api/client";
import type { EditorPreview } from "../api/model";
import { ErrorNote } from "../components/error-note";
import { useApp } from "../lib/app-context";
import { formatInZone } from "../lib/zoned-time";
import type { DraftStore } from "./draft-store";
import { SharePreviewPanel } from "./share-preview-panel";
import { maySharePreview } from "./share-preview-rule";

const STATUS_WORDS: Record<EditorPreview["preview"]["status"], string> = {
  draft: "Draft, not published",
  scheduled: "Scheduled",
  published: "Published",
  archived: "Archived",
};

export function PreviewPanel({ store }: { store: DraftStore }) {
  const { config, user } = useApp();
  const [sharing, setSharing] = useState(false);
  const [shown, setShown] = useState<EditorPreview | null>(null);
  const [error, setError] = useState<unknown>(null);
  // A new save (of the story or its working copy) is a new preview.
  const saved = `${store.view?.version ?? 0}/${store.workingCopy?.etag ?? ""}`;
  useEffect(() => {
    if (!store.id) return;
    const ctl = new AbortController();
    api<EditorPreview>("GET", `/articles/${encodeURIComponent(store.id)}/preview`, { signal: ctl.signal }).then(
      (p) => (setShown(p), setError(null)),
      (err) => (err as Error).name !== "AbortError" && setError(err),
    );
    return () => ctl.abort();
  }, [store.id, saved]);

  if (!store.id) return <p class="muted">Save the article to preview it.</p>;
  return (
    <>
      {maySharePreview(store.view, user) && (
        <div class="preview-share">
          <button type="button" aria-expanded={sharing} aria-controls="share-preview" onClick={() => setSharing(!sharing)}>
            Share preview
          </button>
          {sharing && (
            <section id="share-preview" aria-label="Share preview">
              <SharePreviewPanel store={store} />
            </section>
          )}
        </div>
      )}
      {error ? <ErrorNote error={error} /> : shown ? <ReadersView shown={shown} store={store} zone={config.time_zone} /> : <p role="status">Loading the preview…</p>}
    </>
  );
}

function ReadersView({ shown, store, zone }: { shown: EditorPreview; store: DraftStore; zone: string }) {
  const { article: a, preview } = shown;
  const names = a.bylines.map((b) => b.name);
  const byline = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? "");
  return (
    <article class="preview-article" lang={a.language}>
      {store.dirty && <p class="notice">You have unsaved changes; the preview shows the last saved version.</p>}
      {preview.source === "working_copy" && <p class="notice">The working copy: readers still see the published version until you update the live story.</p>}
      <p class="kicker">{a.section?.name}</p>
      <h1>{a.headline}</h1>
      {a.dek && <p class="dek">{a.dek}</p>}
      <p class="meta">
        {byline && <>By {byline} · </>}
        {a.published_at ? formatInZone(a.published_at, zone) : STATUS_WORDS[preview.status]} · {a.reading_time} min read
      </p>
      {a.featured_image && (
        <figure>
          <img src={a.featured_image.url} alt={a.featured_image.alt} width={a.featured_image.width ?? undefined} height={a.featured_image.height ?? undefined} />
          <figcaption>
            {a.featured_image.caption} {a.featured_image.credit && <span class="credit">({a.featured_image.credit})</span>}
          </figcaption>
        </figure>
      )}
      {a.audio && (
        <p class="audio">
          <span class="muted">{a.audio.disclosure}</span> <a href={a.audio.url}>Listen</a>
        </p>
      )}
      {/* Safe by construction: the server's renderer escapes every text node and checks every URL. */}
      <div class="body-html" dangerouslySetInnerHTML={{ __html: a.body_html }} />
      {a.tags.length > 0 && <p class="meta">Tags: {a.tags.map((t) => t.name).join(", ")}</p>}
    </article>
  );
}
