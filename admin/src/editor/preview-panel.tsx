// The last saved version as readers will get it: the API's own body_html (rendered and escaped on
// the server), with the headline, bylines and featured image around it.
import { useApp } from "../lib/app-context";
import { mediaUrl } from "../lib/media";
import { formatInZone } from "../lib/zoned-time";
import type { DraftStore } from "./draft-store";

export function PreviewPanel({ store }: { store: DraftStore }) {
  const { config } = useApp();
  // A published story's preview is its working copy: what readers get after "Update live story".
  const a = store.previewView;
  if (!a) return <p class="muted">Save the article to preview it.</p>;
  const names = a.bylines.map((b) => b.contributor.name);
  const byline = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names.at(-1)}` : (names[0] ?? "");
  return (
    <article class="preview-article" lang={a.language}>
      {store.dirty && <p class="notice">You have unsaved changes; the preview shows the last saved version.</p>}
      {store.workingCopy && <p class="notice">The working copy: readers still see the published version until you update the live story.</p>}
      <p class="kicker">{a.section?.name}</p>
      <h1>{a.headline}</h1>
      {a.dek && <p class="dek">{a.dek}</p>}
      <p class="meta">
        {byline && <>By {byline} · </>}
        {a.published_at ? formatInZone(a.published_at, config.time_zone) : a.status} · {a.reading_time} min read
      </p>
      {a.featured_image && (
        <figure>
          <img src={mediaUrl(a.featured_image.media_id)} alt={a.featured_image.alt} />
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
