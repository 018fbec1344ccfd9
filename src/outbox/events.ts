// The events Copydesk tells the world about, and what an outbox row holds for each. Writers put
// `outboxInsert(...)` into the same db.batch() as their change (nothing lost, nothing invented);
// the relay (src/outbox/relay.ts) turns each row into queue messages for webhooks and WebSub hubs.
import type { BatchItem } from "drizzle-orm/batch";
import type { DB } from "../db/client";
import { outboxEvents, type ArticleStatus } from "../db/schema";
import { newId } from "../lib/ids";

export const EVENT_TYPES = [
  "article.published",
  "article.updated",
  "article.unpublished",
  "article.deleted",
  "article.scheduled",
  "collection.updated",
  "contributor.updated",
  "tag.updated",
  "section.updated",
  "ping",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Ids of what an article is filed under: for webhook filters and the feeds it appears in. */
export interface Scopes {
  section_ids: string[];
  tag_ids: string[];
  contributor_ids: string[];
}

/** What a public reader could see of the article when the event was written (unpublish/delete payloads). */
export interface ArticleRef {
  id: string;
  slug: string;
  headline: string;
  section_slug: string | null;
}

export type EventData =
  | {
      kind: "article";
      article_id: string;
      /** The version the change wrote (null for a delete). */
      version: number | null;
      previous_status: ArticleStatus | null;
      status: ArticleStatus | "deleted";
      /** For article.updated: the public fields that changed (content keys, e.g. "headline", "body"). */
      changed_fields: string[];
      /** Before ∪ after: a story moved from one section to another left one feed and joined another. */
      scopes: Scopes;
      /** The story as readers last saw it: what unpublished/deleted payloads carry. */
      ref: ArticleRef;
      /**
       * article.scheduled only: the story's embargo as the event committed (null: none). A held
       * story goes public at max(scheduled_at, embargoed_until). Absent on rows written before it.
       */
      embargoed_until?: string | null;
      /**
       * A live blog's change (src/live): which entry (null for the blog itself), the desk's change type
       * and the readers' event id it got (its SSE id; null when readers got none). Absent otherwise.
       */
      live?: { entry_id: string | null; change: string; event_id: number | null };
    }
  | {
      kind: "taxonomy";
      entity: "tag" | "section" | "contributor" | "collection";
      id: string;
      slug: string;
      /** Set when the slug changed: the old feed URL changed too. */
      previous_slug: string | null;
      action: "created" | "updated" | "deleted";
    }
  | { kind: "ping"; webhook_id: string };

// The db handles (one per request) that have built an event statement: the request's relay runs
// only for them, so a write that reports nothing (a draft's save) costs no relay at all.
const emitting = new WeakSet<DB>();

/** Notes that `db` built an event statement (every insert into outbox_events goes through here or outboxInsert). */
export function noteEmitted(db: DB): void {
  emitting.add(db);
}

/** Whether a statement recording an event was built on this db handle (it may not have committed). */
export const hasEmitted = (db: DB) => emitting.has(db);

/** The statement that records an event; put it in the batch of the change it reports. */
export function outboxInsert(db: DB, type: EventType, subjectId: string, data: EventData, now = new Date()): BatchItem<"sqlite"> {
  noteEmitted(db);
  return db.insert(outboxEvents).values({ id: newId("msg"), type, subjectId, data, createdAt: now.toISOString() });
}

export type TaxonomyEntity = "tag" | "section" | "contributor" | "collection";

/**
 * `<entity>.updated` for a tag, section, contributor or collection created, changed or deleted: put
 * it in the batch of that change. `previousSlug` is the slug before the change; it is reported only
 * when it differs (the old feed and page URLs changed too).
 */
export function taxonomyEvent(
  db: DB,
  e: { entity: TaxonomyEntity; id: string; slug: string; previousSlug?: string | null; action: "created" | "updated" | "deleted" },
  now = new Date(),
): BatchItem<"sqlite"> {
  const previous = e.previousSlug && e.previousSlug !== e.slug ? e.previousSlug : null;
  return outboxInsert(db, `${e.entity}.updated`, e.id, { kind: "taxonomy", entity: e.entity, id: e.id, slug: e.slug, previous_slug: previous, action: e.action }, now);
}
