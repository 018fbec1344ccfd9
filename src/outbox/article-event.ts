// Which article event a write reports (README "Which writes emit what"), and the outbox statement
// that records it. Pure decisions plus one INSERT: writeArticle and deleteArticle put the statement
// in the batch of the change, so the event commits with it or not at all.
import { eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { ArticleContent, PublicationState, Snapshot } from "../articles/content";
import { changedFields } from "../articles/content";
import { toContent, type ArticleRecord } from "../articles/load";
import { bumpContentVersion } from "../cache/content-version";
import type { DB } from "../db/client";
import { articles, outboxEvents, type ArticleStatus } from "../db/schema";
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
  // The readers' event id of the change row this batch appended just before (its SSE id).
  const liveEventId = e.live ? sql`, '$.live.event_id', (SELECT max(public_seq) FROM live_changes WHERE article_id = ${e.articleId})` : sql``;
  noteEmitted(db);
  return db.insert(outboxEvents).values({
    id: newId("msg"),
    type: e.type,
    subjectId: e.articleId,
    // A scheduled story's embargo is read the same way: as the batch leaves the row, so the event says
    // what the write (or the embargo change beside it) committed.
    data:
      e.type === "article.scheduled"
        ? sql`json_set(${JSON.stringify(data)}, '$.ref.section_slug', (SELECT slug FROM sections WHERE id = ${shown.section_id}), '$.embargoed_until', (SELECT embargoed_until FROM articles WHERE id = ${e.articleId}))`
        : sql`json_set(${JSON.stringify(data)}, '$.ref.section_slug', (SELECT slug FROM sections WHERE id = ${shown.section_id})${liveEventId})`,
    createdAt: e.now.toISOString(),
  });
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
 * entries use it; nothing when the story is not published (as read: `rec`).
 */
export function publicChangeStatements(db: DB, rec: ArticleRecord, now: Date, changed: string[], live?: { entryId: string | null; change: string }): BatchItem<"sqlite">[] {
  if (rec.row.status !== "published") return [];
  const content = toContent(rec);
  return [
    bumpContentVersion(db, now),
    db.update(articles).set({ lastMajorUpdateAt: now.toISOString() }).where(eq(articles.id, rec.row.id)),
    articleEventStatement(db, {
      type: "article.updated",
      articleId: rec.row.id,
      version: rec.row.version,
      previousStatus: rec.row.status,
      status: rec.row.status,
      before: content,
      after: content,
      changedFields: changed,
      ...(live ? { live } : {}),
      now,
    }),
  ];
}
