// Live blogs (issue 16): a story of kind "live" carries entries, each with its own body, bylines,
// time and history, and a per-blog change log that is the record every push stream replays from
// (the Durable Object only fans out what D1 already holds). Re-exported by src/db/schema.ts.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
// A cycle with schema.ts, harmless: references are functions, read only after both modules load.
import { contributors, users } from "./schema";

export const ARTICLE_KINDS = ["article", "live"] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];
export const LIVE_ENTRY_STATUSES = ["draft", "published"] as const;
export type LiveEntryStatus = (typeof LIVE_ENTRY_STATUSES)[number];

export const liveEntries = sqliteTable(
  "live_entries",
  {
    id: text("id").primaryKey(),
    // No foreign key (as amendments, 0013): a blog in the trash keeps its entries for an undelete;
    // the purge removes them with the story (src/scheduled/purge.ts).
    articleId: text("article_id").notNull(),
    status: text("status", { enum: LIVE_ENTRY_STATUSES }).notNull().default("draft"),
    title: text("title"),
    // Our document schema (src/body/schema.ts); plain text derived from it on every write.
    body: text("body", { mode: "json" }).notNull(),
    bodyText: text("body_text").notNull().default(""),
    pinned: integer("pinned", { mode: "boolean" }).notNull().default(false),
    keyEvent: integer("key_event", { mode: "boolean" }).notNull().default(false),
    // First publication: the entry's time for readers; it never moves after.
    publishedAt: text("published_at"),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: text("updated_at").notNull(),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
    // Soft delete: the history and the audit log keep what was there.
    deletedAt: text("deleted_at"),
    deletedBy: text("deleted_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    // Readers' list, newest first (read backwards), keyset on (published_at, id): one page reads one range.
    index("live_entries_public_idx")
      .on(t.articleId, t.publishedAt, t.id)
      .where(sql`${t.status} = 'published' AND ${t.deletedAt} IS NULL`),
    // The desk's list, drafts too, newest first; also the purge's way to a story's entries, deleted ones included.
    index("live_entries_desk_idx").on(t.articleId, t.createdAt, t.id),
  ],
);

// People and desks, ordered, like a story's bylines: a table, so ON DELETE restrict protects a
// contributor still named on an entry and names are always read current.
export const liveEntryBylines = sqliteTable(
  "live_entry_bylines",
  {
    entryId: text("entry_id").notNull().references(() => liveEntries.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    contributorId: text("contributor_id").notNull().references(() => contributors.id, { onDelete: "restrict" }),
    role: text("role"),
  },
  (t) => [
    primaryKey({ columns: [t.entryId, t.position] }),
    uniqueIndex("live_entry_bylines_entry_contributor_uq").on(t.entryId, t.contributorId),
    index("live_entry_bylines_contributor_idx").on(t.contributorId),
  ],
);

export const LIVE_ENTRY_ACTIONS = ["create", "edit", "publish", "unpublish", "delete"] as const;

// Edit and delete history, one row per version. The primary key is also the If-Match lock: two
// saves from the same version cannot both insert the next one (as revisions_article_version_uq).
// No foreign key: the history outlives the entry until the story is purged.
export const liveEntryRevisions = sqliteTable(
  "live_entry_revisions",
  {
    entryId: text("entry_id").notNull(),
    version: integer("version").notNull(),
    articleId: text("article_id").notNull(),
    action: text("action", { enum: LIVE_ENTRY_ACTIONS }).notNull(),
    // {status, title, body, bylines, key_event} as they were after this version.
    snapshot: text("snapshot", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.version] }), index("live_entry_revisions_article_idx").on(t.articleId, t.createdAt)],
);

// The change log: one row per change of a live blog, numbered inside the write's batch. `seq` is the
// newsroom's stream (the desk sees drafts); `public_seq` the readers' stream, contiguous (1, 2, 3…)
// so readers' event ids never reveal newsroom activity and a gap is always a real loss. Payloads
// are rendered once at write time: live fan-out, SSE replay and polling send the same bytes.
export const liveChanges = sqliteTable(
  "live_changes",
  {
    articleId: text("article_id").notNull(),
    seq: integer("seq").notNull(),
    publicSeq: integer("public_seq"),
    entryId: text("entry_id"),
    type: text("type").notNull(),
    publicType: text("public_type"),
    payload: text("payload").notNull(),
    publicPayload: text("public_payload"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.articleId, t.seq] }),
    uniqueIndex("live_changes_public_uq").on(t.articleId, t.publicSeq).where(sql`${t.publicSeq} IS NOT NULL`),
    index("live_changes_created_idx").on(t.createdAt),
  ],
);
