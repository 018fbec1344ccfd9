// What readers get of a live-blog entry: the entries endpoint, the article's `live` block, the
// blog's feeds and JSON-LD, and the readers' change payloads that SSE, WebSocket and `?since=`
// replay (built once at write time, src/live/changes.ts). One allow-list for all of them, typed by
// its valibot view, so no surface can show more of an entry than another: no status, version,
// creator, editor or user id ever leaves, and bylines are the stories' public bylines.
import * as v from "valibot";
import { BodyDocSchema, bodyToPlainText, collectReferences, excerpt, type BodyDoc } from "../body";
import { resolveReferences, type ArticleCard, type MediaSize } from "../articles/cards";
import { renderResolvedBody } from "../articles/render-body";
import type { DB } from "../db/client";
import type { SiteUrls } from "../lib/urls";
import { BylineView, bylineView } from "../public/byline-view";
import { link, text, time } from "../public/view-fields";
import type { LiveEntryRecord } from "./record";

export const LiveEntryPublicView = v.pipe(
  v.object({
    id: text("Never changes, whatever is edited; the entry's anchor on the blog's page is `entry-{id}`."),
    url: link("The blog's page on the site at this entry (`#entry-{id}`)."),
    title: v.nullable(text("The entry's own title, plain text; most entries have none.")),
    headline: text("The title, else the opening of the text (at most 110 characters, whole words, then …), else the blog's headline: what feeds and JSON-LD call it."),
    body: BodyDocSchema,
    body_html: text("The body rendered by our own renderer: every text escaped, images and cards of published stories in place, URLs absolute."),
    text: text("The body as plain text (blocks separated by a blank line)."),
    bylines: v.pipe(v.array(BylineView), v.description("Who filed it, in order: people and desks alike; may be empty.")),
    published_at: time("When the entry first went out; it never moves, so the blog's order is stable."),
    updated_at: time("The entry's last change readers saw (an edit, a pin); never before `published_at`."),
    pinned: v.pipe(v.boolean(), v.description("Held at the top of the blog by the desk.")),
    key_event: v.pipe(v.boolean(), v.description("Marked by the desk as a key moment of the coverage.")),
  }),
  v.description("One published entry of a live blog."),
);
export type LiveEntryPublic = v.InferOutput<typeof LiveEntryPublicView>;

/** What the view reads of an entry: a whole LiveEntryRecord, or the public columns readers' loaders select. */
export type PublicEntrySource = Pick<LiveEntryRecord, "id" | "title" | "body" | "bylines" | "publishedAt" | "updatedAt" | "pinned" | "keyEvent">;

/** What an entry's body points at (src/articles/cards.ts): published stories' cards and images. */
export interface EntryRefs {
  cards: Map<string, ArticleCard>;
  mediaById: Map<string, MediaSize>;
}

/** For entries whose bodies point at nothing: no statement needed. */
export const NO_REFS: EntryRefs = { cards: new Map(), mediaById: new Map() };

export interface LiveEntryContext {
  urls: SiteUrls;
  /** The blog's page on the site (urls.article(...)): each entry's url is an anchor on it. */
  blogUrl: string;
  /** The blog's headline: the headline of an entry with neither title nor text (a lone image). */
  blogHeadline: string;
  refs: EntryRefs;
}

/**
 * Cards and images for every body in `entries`, in ONE statement however many there are (none
 * when no body points anywhere). Published stories only: a card never leaks a draft's headline.
 */
export async function entryReferences(db: DB, entries: Pick<LiveEntryRecord, "body">[], urls: SiteUrls): Promise<EntryRefs> {
  const refs = entries.map((e) => collectReferences(e.body));
  const articleIds = refs.flatMap((r) => r.articleIds);
  const mediaIds = refs.flatMap((r) => r.mediaIds);
  if (!articleIds.length && !mediaIds.length) return NO_REFS;
  return resolveReferences(db, articleIds, mediaIds, urls, { publishedOnly: true });
}

/** Characters of text an untitled entry's headline takes (whole words, then "…"). */
export const ENTRY_HEADLINE_CHARS = 110;

/** The title, else an excerpt of the text, else the blog's headline: never empty. */
export function entryHeadline(entry: { title: string | null; body: BodyDoc }, blogHeadline: string): string {
  const title = entry.title?.trim();
  if (title) return title;
  return excerpt(entry.body, ENTRY_HEADLINE_CHARS) || blogHeadline;
}

/** An entry's anchor on the blog's page. */
export const entryUrl = (blogUrl: string, entryId: string) => `${blogUrl}#entry-${encodeURIComponent(entryId)}`;

/**
 * A published entry as readers get it. Times: `published_at` is the first publication (a draft has
 * none: never passed here, but its last change stands in rather than an invalid time), and
 * `updated_at` is never before it (an entry drafted, then published, was last changed when it went out).
 */
export function toLiveEntryPublic(rec: PublicEntrySource, ctx: LiveEntryContext): LiveEntryPublic {
  const publishedAt = rec.publishedAt ?? rec.updatedAt;
  return {
    id: rec.id,
    url: entryUrl(ctx.blogUrl, rec.id),
    title: rec.title,
    headline: entryHeadline(rec, ctx.blogHeadline),
    body: rec.body,
    body_html: renderResolvedBody(rec.body, ctx.refs.mediaById, ctx.refs.cards, ctx.urls),
    // From the body itself, not the stored body_text: the two can never disagree here.
    text: bodyToPlainText(rec.body),
    bylines: rec.bylines.map((b) => bylineView(b, ctx.urls)),
    published_at: publishedAt,
    updated_at: rec.updatedAt > publishedAt ? rec.updatedAt : publishedAt,
    pinned: rec.pinned,
    key_event: rec.keyEvent,
  };
}
