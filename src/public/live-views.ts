// What readers pull of a live blog (src/public/live-routes.ts): a page of entries with the blog's
// own addresses, and the readers' change log after an event id. Valibot views typing the mappers,
// as views.ts does; the entry itself is the one public entry view (src/live/public-view.ts).
import * as v from "valibot";
import type { FeedItem } from "../feeds/model";
import { LiveEntryPublicView, entryHeadline, entryUrl, toLiveEntryPublic, type LiveEntryContext, type PublicEntrySource } from "../live/public-view";
import { PUBLIC_EVENT_TYPES } from "../live/changes";
import { readingTimeMinutes } from "../body";
import type { SiteUrls } from "../lib/urls";
import { publicChangedAt } from "../amendments/domain";
import type { ChangesSince, PublicBlog, PublicEntriesPage } from "./live-load";
import { feedDescription } from "./feed-item";
import { link, text, time } from "./view-fields";
import { coverageEntries, eventId, liveLinks, LiveLinksView } from "./live-links";

export const LiveBlogView = v.object({
  id: text("The story's id."),
  slug: v.string(),
  headline: v.string(),
  url: link("The blog's page on the site; each entry's anchor is `#entry-{id}` on it."),
  ...coverageEntries,
  updated_at: time("The last change readers can see: a published entry's, or the story's own."),
  ...LiveLinksView.entries,
});

const lastEventId = eventId("The blog's newest readers' event id (0 before the first): open the stream with `?last_event_id=` this to receive exactly what follows this page.");

export const LiveEntriesPageView = v.object({
  blog: LiveBlogView,
  pinned: v.pipe(
    v.nullable(v.array(LiveEntryPublicView)),
    v.description("The entries the desk pinned, newest first, on the first page only (null on older pages). They appear in `entries` in their place too."),
  ),
  entries: v.pipe(v.array(LiveEntryPublicView), v.description("Published entries, newest first (by first publication, then id).")),
  next_cursor: v.pipe(v.nullable(v.string()), v.description("Pass as `cursor` for the next (older) page; null on the last.")),
  last_event_id: lastEventId,
});

const EntryData = v.object({ entry: LiveEntryPublicView });
const DeletedData = v.object({ entry: v.object({ id: v.string() }) });
const BlogData = v.object({ blog: v.object({ ...coverageEntries, updated_at: time("The blog's last change readers can see.") }) });
const PositionData = v.object({
  last_event_id: eventId("Where the stream stands."),
  // A reset written when the blog went public again carries the blog's window beside it.
  blog: v.optional(v.pipe(BlogData.entries.blog, v.description("The blog as readers see it again (a republication's reset)."))),
});

export const LiveEventView = v.object({
  id: eventId("The readers' event id: 1, 2, 3 … per blog, without gaps (the SSE `id:`)."),
  event: v.pipe(v.picklist(PUBLIC_EVENT_TYPES), v.description("The SSE `event:` name.")),
  data: v.pipe(
    v.union([EntryData, DeletedData, BlogData, PositionData]),
    v.description("The SSE `data:`, the same JSON: `{entry}` (entry.published, entry.updated, entry.pinned, entry.unpinned), `{entry: {id}}` (entry.deleted), `{blog: {coverage_start_at, coverage_end_at, updated_at}}` (blog.updated, blog.unpublished), `{last_event_id}` (reset: refetch the entries, the stream continues from there; with `blog` beside it when the blog went public again)."),
  ),
});

export const LiveChangesView = v.object({
  reset: v.pipe(
    v.boolean(),
    v.description("True when `since` is ahead of the blog's newest event or more than 1,000 events behind it: fetch the entries afresh (without `since`) and carry on from `last_event_id`. `events` is then empty."),
  ),
  events: v.pipe(v.array(LiveEventView), v.description("The events after `since`, oldest first, at most `limit`: exactly what the stream sends.")),
  next_since: eventId("Pass as `since` to read on: the last event's id here (or `since` when none came)."),
  last_event_id: eventId("The blog's newest readers' event id."),
});

/** The blog as the entries endpoint shows it. */
export const toLiveBlogView = (b: PublicBlog, origin: string): v.InferOutput<typeof LiveBlogView> => ({
  id: b.id,
  slug: b.slug,
  headline: b.headline,
  url: b.url,
  coverage_start_at: b.coverageStartAt,
  coverage_end_at: b.coverageEndAt,
  updated_at: publicChangedAt({ updatedAt: b.updatedAt, lastMajorUpdateAt: b.lastMajorUpdateAt }),
  ...liveLinks(origin, b.slug),
});

export const entryContext = (urls: SiteUrls, blog: PublicBlog, refs: LiveEntryContext["refs"]): LiveEntryContext => ({ urls, blogUrl: blog.url, blogHeadline: blog.headline, refs });

export function toLiveEntriesPage(p: PublicEntriesPage, urls: SiteUrls): v.InferOutput<typeof LiveEntriesPageView> {
  const ctx = entryContext(urls, p.blog, p.refs);
  return {
    blog: toLiveBlogView(p.blog, urls.origin),
    pinned: p.pinned ? p.pinned.map((e) => toLiveEntryPublic(e, ctx)) : null,
    entries: p.entries.map((e) => toLiveEntryPublic(e, ctx)),
    next_cursor: p.nextCursor,
    last_event_id: p.blog.lastEventId,
  };
}

/** Events are stored as the JSON text SSE sends; parsed here, they serialise back to the same bytes. */
export function toLiveChanges(c: ChangesSince, since: number): v.InferOutput<typeof LiveChangesView> {
  if (c.reset) return { reset: true, events: [], next_since: c.blog.lastEventId, last_event_id: c.blog.lastEventId };
  const events = c.events.map((e) => ({ id: e.id, event: e.event, data: JSON.parse(e.data) as v.InferOutput<typeof LiveEventView>["data"] }));
  return { reset: false, events, next_since: events.at(-1)?.id ?? since, last_event_id: c.blog.lastEventId };
}

// --- feeds ----------------------------------------------------------------------------------

/** Stable across every edit: the entry id never changes. */
export const liveEntryFeedId = (entryId: string) => `urn:copydesk:live-entry:${entryId}`;

/**
 * One entry as a feed item: its own id, its anchor on the blog's page, its headline (the title, else
 * the opening of its text), its bylines; no section, tags or image of its own. `liveEntryOf` makes
 * the JSON Feed say what it is (the `_copydesk` live-entry extension) instead of describing a story.
 */
export function liveEntryFeedItem(e: PublicEntrySource, blog: PublicBlog, ctx: LiveEntryContext): FeedItem {
  const view = toLiveEntryPublic(e, ctx);
  const headline = entryHeadline(e, blog.headline);
  return {
    id: liveEntryFeedId(e.id),
    url: entryUrl(blog.url, e.id),
    headline,
    dek: null,
    summary: null,
    description: feedDescription(null, e.body, headline),
    bodyHtml: view.body_html,
    publishedAt: view.published_at,
    updatedAt: view.updated_at,
    language: blog.language,
    readingTime: readingTimeMinutes(e.body),
    bylines: view.bylines.map((b) => ({ name: b.name, kind: b.kind, role: b.role, url: b.url, avatarUrl: b.avatar })),
    section: null,
    tags: [],
    image: null,
    audio: null,
    related: [],
    liveEntryOf: { blog: { id: blog.id, url: blog.url }, keyEvent: e.keyEvent, pinned: e.pinned },
  };
}
