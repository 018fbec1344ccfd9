// Where a live blog's readers find it besides its page: its entries, its push stream, its feeds.
// Shared by the article view's `live` block (views.ts) and the entries endpoint (live-views.ts).
import * as v from "valibot";
import { link, time } from "./view-fields";

export const LiveLinksView = v.object({
  entries_url: link("`GET` its entries, newest first (`…/articles/{slug}/entries`)."),
  live_url: link("Its push stream: Server-Sent Events, or a WebSocket with `Upgrade: websocket` (`…/articles/{slug}/live`)."),
  feed_urls: v.pipe(
    v.object({ rss: v.pipe(v.string(), v.url()), atom: v.pipe(v.string(), v.url()), json: v.pipe(v.string(), v.url()) }),
    v.description("Its entries as RSS 2.0, Atom 1.0 and JSON Feed 1.1, one item per entry."),
  ),
});
export type LiveLinks = v.InferOutput<typeof LiveLinksView>;

/** The blog's addresses on this Worker (`origin`: its public origin). */
export function liveLinks(origin: string, slug: string): LiveLinks {
  const base = origin.replace(/\/+$/, "");
  const s = encodeURIComponent(slug);
  return {
    entries_url: `${base}/api/content/v1/articles/${s}/entries`,
    live_url: `${base}/api/content/v1/articles/${s}/live`,
    feed_urls: { rss: `${base}/articles/${s}/feed.xml`, atom: `${base}/articles/${s}/feed.atom`, json: `${base}/articles/${s}/feed.json` },
  };
}

export const coverageEntries = {
  coverage_start_at: v.nullable(time("When the coverage began, as the desk set it; null when not set.")),
  coverage_end_at: v.nullable(time("When the coverage ended, as the desk set it; null while it runs.")),
};

export const eventId = (description: string) => v.pipe(v.number(), v.integer(), v.minValue(0), v.description(description));

/** The article view's `live`: what makes a story a live blog for its readers. */
export const LiveBlockView = v.pipe(
  v.object({
    ...coverageEntries,
    last_event_id: eventId("The blog's newest readers' event id when this was read (0 before the first): open the stream with `?last_event_id=` it to receive exactly what follows."),
    ...LiveLinksView.entries,
  }),
  v.description("Set on a live blog (`kind` \"live\"): its coverage window and where its entries, stream and feeds are; null on any other story."),
);
export type LiveBlock = v.InferOutput<typeof LiveBlockView>;
