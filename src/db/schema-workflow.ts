// Tables of the newsroom's own workflow (issue 15): the audit log, amendments (corrections and
// updates readers see), editorial stages, assignment and internal notes. Re-exported by
// src/db/schema.ts, which stays the one schema module.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ROLES } from "../auth/roles";
// A cycle with schema.ts, harmless: references are functions, read only after both modules load.
import { articles, users } from "./schema";

// Append-only. No foreign keys on purpose: deleting a user, a token or an article must never change
// or remove what the log says they did, so the actor and target are copied (id + label) at the time.
// Triggers in the migration reject UPDATE and DELETE outright (migrations/0011_workflow.sql).
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    at: text("at").notNull(),
    actorUserId: text("actor_user_id"),
    actorTokenId: text("actor_token_id"),
    // The actor's name as it was (or "system" for the cron, "anonymous" for a failed sign-in).
    actorLabel: text("actor_label").notNull(),
    actorRole: text("actor_role"),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    targetLabel: text("target_label"),
    // A short { before, after } of what changed: never bodies, secrets, hashes or tokens.
    summary: text("summary", { mode: "json" }).$type<Record<string, unknown>>().notNull().default(sql`'{}'`),
    requestId: text("request_id"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at, t.id),
    index("audit_log_action_idx").on(t.action, t.at),
    index("audit_log_target_idx").on(t.targetType, t.targetId, t.at),
    index("audit_log_actor_idx").on(t.actorUserId, t.at),
  ],
);

export const AMENDMENT_KINDS = ["correction", "clarification", "update", "editors_note"] as const;
export type AmendmentKind = (typeof AMENDMENT_KINDS)[number];

// What an article tells readers about its own changes. Public once `public_at` is set (the story was
// live when it was added, or went live with it); from then on it is never edited: a change is a new
// row that `supersedes_id` the old one, and a deletion (editors only) only sets `deleted_at`.
export const articleAmendments = sqliteTable(
  "article_amendments",
  {
    id: text("id").primaryKey(),
    // No foreign key (0013): a story deleted to the trash keeps its amendments for an undelete; the
    // purge removes them with the story's history (src/scheduled/purge.ts).
    articleId: text("article_id").notNull(),
    kind: text("kind", { enum: AMENDMENT_KINDS }).notNull(),
    // An inline document: paragraphs of text with marks and links only (src/body schema subset).
    body: text("body", { mode: "json" }).notNull(),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    publicAt: text("public_at"),
    supersedesId: text("supersedes_id"),
    deletedAt: text("deleted_at"),
    deletedBy: text("deleted_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    index("article_amendments_article_idx").on(t.articleId, t.createdAt),
    // The newsroom-wide corrections list and feeds walk this, newest first.
    index("article_amendments_public_idx").on(t.publicAt, t.id),
  ],
);

// The stages an unpublished story moves through (default draft → editing → ready). `enter_role` is
// the lowest role that may move a story into the stage; a move needs the right to enter both ends
// (src/auth/stages.ts), so a contributor can send to editing but never pull a story out of ready.
export const workflowStages = sqliteTable("workflow_stages", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  position: integer("position").notNull(),
  enterRole: text("enter_role", { enum: ROLES }).notNull(),
  updatedAt: text("updated_at").notNull(),
});

export const articleAssignees = sqliteTable(
  "article_assignees",
  {
    // No foreign key (0013), as amendments: kept through the trash, purged with the story's history.
    articleId: text("article_id").notNull(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    assignedBy: text("assigned_by").references(() => users.id, { onDelete: "set null" }),
    assignedAt: text("assigned_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.articleId, t.userId] }), index("article_assignees_user_idx").on(t.userId)],
);

// Internal comments: never in any public output. A root note may be anchored to a passage of the
// body by its text (a quote with a little context either side, as the W3C TextQuoteSelector), so
// the anchor survives edits to other paragraphs; replies have parent_id and no anchor.
export const articleNotes = sqliteTable(
  "article_notes",
  {
    id: text("id").primaryKey(),
    // No foreign key (0013), as amendments: kept through the trash, purged with the story's history.
    articleId: text("article_id").notNull(),
    parentId: text("parent_id"),
    authorId: text("author_id").references(() => users.id, { onDelete: "set null" }),
    body: text("body").notNull(),
    anchor: text("anchor", { mode: "json" }).$type<{ quote: string; prefix: string; suffix: string } | null>(),
    resolvedAt: text("resolved_at"),
    resolvedBy: text("resolved_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("article_notes_article_idx").on(t.articleId, t.createdAt)],
);
