// Tables of "telling the world" (issue 13): the outbox of events, webhooks and their delivery log,
// and draft preview links. Re-exported by src/db/schema.ts, which stays the one schema module.
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
// A cycle with schema.ts, harmless: references are functions, read only after both modules load.
import { articles, users } from "./schema";

// One row per event (an article published, a tag renamed…), inserted in the same db.batch() as the
// change it reports: a save that fails leaves none, a save that commits always has one. A relay moves
// it onto the delivery Queue (right after the request, and again from the cron sweep if that failed).
// Its id is the `webhook-id` every delivery of the event carries, so receivers can deduplicate.
export const outboxEvents = sqliteTable(
  "outbox_events",
  {
    id: text("id").primaryKey(),
    type: text("type").notNull(),
    subjectId: text("subject_id").notNull(),
    // What the relay needs to build the payload and pick webhooks and feeds (src/outbox/events.ts).
    data: text("data", { mode: "json" }).notNull(),
    // The JSON body delivered: fixed the first time the event is relayed, so every retry and
    // redelivery sends the same bytes.
    payload: text("payload"),
    createdAt: text("created_at").notNull(),
    // A relay is moving it to the queue until then; after that the sweep may take it again.
    claimedUntil: text("claimed_until"),
    // Every message for it is on the queue.
    relayedAt: text("relayed_at"),
  },
  (t) => [index("outbox_events_pending_idx").on(t.relayedAt, t.createdAt)],
);

export const webhooks = sqliteTable("webhooks", {
  id: text("id").primaryKey(),
  url: text("url").notNull(),
  description: text("description").notNull().default(""),
  // Event types it receives (EVENT_TYPES), a non-empty JSON array.
  events: text("events", { mode: "json" }).notNull(),
  // { section_ids: string[], tag_ids: string[] }: empty lists match everything.
  filters: text("filters", { mode: "json" }).notNull(),
  // The Standard Webhooks signing key ("whsec_" + base64). Kept readable: an HMAC needs the key itself.
  secret: text("secret").notNull(),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  // Consecutive events that failed for good (dead-lettered) before the webhook is switched off.
  disableAfter: integer("disable_after").notNull().default(5),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  disabledReason: text("disabled_reason"),
  disabledAt: text("disabled_at"),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

// One row per delivery attempt, and one "dead" row when the queue gives up on an event.
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    webhookId: text("webhook_id")
      .notNull()
      .references(() => webhooks.id, { onDelete: "cascade" }),
    // outbox_events.id, the webhook-id (no foreign key: old events are purged before the log).
    eventId: text("event_id").notNull(),
    eventType: text("event_type").notNull(),
    attempt: integer("attempt").notNull(),
    attemptedAt: text("attempted_at").notNull(),
    // Null when no response came (timeout, refused target, network error).
    statusCode: integer("status_code"),
    latencyMs: integer("latency_ms"),
    error: text("error"),
    outcome: text("outcome", { enum: ["delivered", "failed", "dead"] }).notNull(),
  },
  (t) => [index("webhook_deliveries_webhook_idx").on(t.webhookId, t.attemptedAt)],
);

// Expiring links to a story as readers will get it, for people without an account. Only the token's
// SHA-256 is kept; the token itself is shown once.
export const previewLinks = sqliteTable(
  "preview_links",
  {
    id: text("id").primaryKey(),
    articleId: text("article_id")
      .notNull()
      .references(() => articles.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull().unique(),
    // A pinned revision's version; null: the latest saved changes (working copy, else the article).
    revision: integer("revision"),
    note: text("note").notNull().default(""),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [index("preview_links_article_idx").on(t.articleId)],
);
