// Which article event a write reports (README "Which writes emit what"), and the outbox statement
// that records it. Pure decisions plus one INSERT: writeArticle and deleteArticle put the statement
// in the batch of the change, so the event commits with it or not at all.
import { and, eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { ArticleContent, PublicationState, Snapshot } from "../articles/content";
import { changedFields } from "../articles/content";
import { toContent, type ArticleRecord } from "../articles/load";
import type { DB } from "../db/client";
import { boundedSiteBump } from "../cache/content-version";
import { articles, outboxEvents, siteState, type ArticleStatus } from "../db/schema";
import { newId } from "../lib/ids";
import { noteEmitted, type EventData, type EventType, type Scopes } from "./events";

type ArticleEventType = Extract<EventType, `article.${string}`>;

/**
 * The event a move from `before` to `after` is, or null. Drafts' saves are nothing to the world; a
 * live story whose content or dates did not change is not "updated" either (e.g. a submit).
 */
export function articleEventType(beforeStatus: ArticleStatus | null, before: Snapshot | null, after: Snapshot): ArticleEventType | null {
  const s = after.state;
  if (s.status === "published") {
    if (beforeStatus !== "published") return "article.published";
    // Without the earlier version there is no telling what changed: say it did.
    if (!before) return "article.updated";
    return changedFields(before, after).length ? "article.updated" : null;
  }
  if (s.status === "scheduled") {
    return beforeStatus !== "scheduled" || before?.state.scheduled_at !== s.scheduled_at ? "article.scheduled" : null;
  }
  // draft or archived: gone from readers (published), or no longer coming (scheduled).
  return beforeStatus === "published" || beforeStatus === "scheduled" ? "article.unpublished" : null;
}

/** Ids of what the content is filed under. */
function scopesOf(...contents: (ArticleContent | null)[]): Scopes {
  const union = (pick: (c: ArticleContent) => (string | null)[]) => [...new Set(contents.flatMap((c) => (c ? pick(c) : [])).filter((x): x is string => !!x))];
  return {
    section_ids: union((c) => [c.section_id]),
    tag_ids: union((c) => c.tag_ids),
    contributor_ids: union((c) => c.bylines.map((b) => b.contributor_id)),
  };
}

export interface ArticleEventInput {
  type: ArticleEventType;
  articleId: string;
  /** The version the change wrote (null for a delete). */
  version: number | null;
  previousStatus: ArticleStatus | null;
  status: ArticleStatus | "deleted";
  /** The content before the change (null for a new article) and after it (null for a delete). */
  before: ArticleContent | null;
  after: ArticleContent | null;
  changedFields?: string[];
  /** A live blog's change: the event id is read by the statement (the change row is earlier in the batch). */
  live?: { entryId: string | null; change: string };
  /** Written only when the story is published as the batch commits (read by the statement itself). */
  onlyIfPublished?: boolean;
  now: Date;
}

/**
 * The outbox INSERT for an article event. The reference (`ref`) is the story as readers last saw
 * it: the earlier content for an unpublish or a delete, the new one otherwise. Its section's slug is
 * read by the statement itself, inside the batch, so it needs no extra round trip and is the slug at
 * the moment the change committed.
 */
export function articleEventStatement(db: DB, e: ArticleEventInput): BatchItem<"sqlite"> {
  const shown = (e.type === "article.unpublished" || e.type === "article.deleted" ? e.before : e.after) ?? e.after ?? e.before!;
  const data: EventData = {
    kind: "article",
    article_id: e.articleId,
    version: e.version,
    previous_status: e.previousStatus,
    status: e.status,
    changed_fields: e.changedFields ?? [],
    // A live story that moved section left one feed and joined another; a draft's earlier filing
    // was never public, so only what readers saw counts besides the new state.
    scopes: e.previousStatus === "published" || !e.after ? scopesOf(e.before, e.after) : scopesOf(e.after),
    ref: { id: e.articleId, slug: shown.slug, headline: shown.headline, section_slug: null },
    ...(e.live ? { live: { entry_id: e.live.entryId, change: e.live.change, event_id: null } } : {}),
  };
  // The readers' event id of the change row this batch appended just before (its SSE id): that
  // row's own (the blog's newest seq), null when readers were not told, never an earlier event's.
  const liveEventId = e.live
    ? sql`, '$.live.event_id', (SELECT public_seq FROM live_changes WHERE article_id = ${e.articleId} ORDER BY seq DESC LIMIT 1)`
    : sql``;
  noteEmitted(db);
  // A scheduled story's embargo is read the same way: as the batch leaves the row, so the event says
  // what the write (or the embargo change beside it) committed.
  const dataSql =
    e.type === "article.scheduled"
      ? sql`json_set(${JSON.stringify(data)}, '$.ref.section_slug', (SELECT slug FROM sections WHERE id = ${shown.section_id}), '$.embargoed_until', (SELECT embargoed_until FROM articles WHERE id = ${e.articleId}))`
      : sql`json_set(${JSON.stringify(data)}, '$.ref.section_slug', (SELECT slug FROM sections WHERE id = ${shown.section_id})${liveEventId})`;
  const id = newId("msg");
  const createdAt = e.now.toISOString();
  if (e.onlyIfPublished) {
    return db
      .insert(outboxEvents)
      .select(sql`SELECT ${id}, ${e.type}, ${e.articleId}, ${dataSql}, NULL, ${createdAt}, NULL, NULL WHERE (SELECT status FROM articles WHERE id = ${e.articleId}) = 'published'`);
  }
  return db.insert(outboxEvents).values({ id, type: e.type, subjectId: e.articleId, data: dataSql, createdAt });
}

/** The event statement for a save (writeArticle), or none. */
export function articleWriteEvent(
  db: DB,
  w: { id: string; version: number; previousStatus: ArticleStatus | null; previous: Snapshot | null; content: ArticleContent; state: PublicationState; now: Date },
): BatchItem<"sqlite"> | null {
  const after: Snapshot = { content: w.content, state: w.state };
  const type = articleEventType(w.previousStatus, w.previous, after);
  if (!type) return null;
  return articleEventStatement(db, {
    type,
    articleId: w.id,
    version: w.version,
    previousStatus: w.previousStatus,
    status: w.state.status,
    before: w.previous?.content ?? null,
    after: w.content,
    changedFields: type === "article.updated" && w.previous ? changedFields(w.previous, after) : [],
    now: w.now,
  });
}

/**
 * What a change readers see of a published story, other than a save, adds to its batch: readers'
 * caches (the content version), the story's "updated" time (last_major_update_at: such a change is
 * never minor) and an article.updated event naming `changedFields`. Amendments and live-blog
 * entries use it. Each statement asks whether the story is published AS THE BATCH COMMITS, not as
 * `rec` was read: a colleague's publish or unpublish landing between the read and the batch decides
 * (as the live change row's readers' id does), so readers' caches never miss a change they can see
 * and no article.updated goes out for a story readers no longer have.
 *
 * A live blog's change (`site: "bounded"`) keys the blog's own pages by its token instead (src/cache/
 * blog-token.ts: the change row this batch appends moves it): the content version moves only if it
 * is older than SITE_LAG_MS, else the bump is scheduled for when it is (boundedSiteBump), so the
 * site's other pages lag the blog's updated time by at most that.
 */
/**
 * A live blog's updated time under a bounded site bump: `now`, unless another request replaced the
 * content version after this one read its clock (its time is later than `now`); then just after that
 * version's time. The site's pending bump is recognised by the blog being updated after the version
 * (refreshDueAt's LIVE_PENDING): stamped earlier, a refresh would take the entry as already shown and
 * drop the bump, leaving the site's pages without it until some other write.
 */
const boundedUpdatedAt = (now: Date) =>
  sql<string>`(SELECT CASE WHEN ${siteState.updatedAt} > ${now.toISOString()} THEN strftime('%Y-%m-%dT%H:%M:%fZ', ${siteState.updatedAt}, '+0.001 seconds') ELSE ${now.toISOString()} END FROM ${siteState} WHERE ${siteState.key} = 'content')`;

export function publicChangeStatements(db: DB, rec: ArticleRecord, now: Date, changed: string[], live?: { entryId: string | null; change: string }, site: "now" | "bounded" = "now"): BatchItem<"sqlite">[] {
  const id = rec.row.id;
  const published = sql`(SELECT status FROM articles WHERE id = ${id}) = 'published'`;
  const content = toContent(rec);
  const bounded = site === "bounded";
  return [
    bounded
      ? boundedSiteBump(db, id, now)
      : db
          .update(siteState)
          .set({ value: sql`lower(hex(randomblob(8)))`, updatedAt: now.toISOString() })
          .where(and(eq(siteState.key, "content"), published)),
    db
      .update(articles)
      .set({ lastMajorUpdateAt: bounded ? boundedUpdatedAt(now) : now.toISOString() })
      .where(and(eq(articles.id, id), eq(articles.status, "published"))),
    articleEventStatement(db, {
      type: "article.updated",
      articleId: id,
      version: rec.row.version,
      previousStatus: "published",
      status: "published",
      before: content,
      after: content,
      changedFields: changed,
      ...(live ? { live } : {}),
      onlyIfPublished: true,
      now,
    }),
  ];
}
