// Tables of the Ghost import (issue 11): each run with its progress, its per-post findings and
// outcomes, and the map from Ghost's ids to ours that makes a re-run update instead of duplicate.
// Re-exported by src/db/schema.ts, which stays the one schema module.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./schema-accounts";

// One Ghost import: its options, progress and counts. Posts arrive in chunks, so a 10,000-post
// export fits Workers' limits and an interrupted import resumes where it stopped.
export const ghostImports = sqliteTable("ghost_imports", {
  id: text("id").primaryKey(),
  status: text("status", { enum: ["running", "complete"] }).notNull().default("running"),
  // The import's options (old site URL, section rule, dry run…), as the plan was made with them.
  options: text("options", { mode: "json" }).notNull(),
  totalPosts: integer("total_posts").notNull().default(0),
  processedPosts: integer("processed_posts").notNull().default(0),
  // Counts per entity and outcome ({ posts: { created, updated, unchanged }, … }).
  counts: text("counts", { mode: "json" }).notNull().default(sql`'{}'`),
  createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

// Per-post findings of an import (an unmapped card, a credit split from a caption…), kept apart
// from the import row so a 10,000-post report never grows one row past D1's limits.
export const ghostImportNotes = sqliteTable(
  "ghost_import_notes",
  {
    importId: text("import_id").notNull().references(() => ghostImports.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    ghostPostId: text("ghost_post_id"),
    slug: text("slug"),
    code: text("code").notNull(),
    message: text("message").notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.seq] })],
);

// One row per post an import has processed: its first outcome and what its chunk counted for it
// (images, new sections). Written with ON CONFLICT DO NOTHING, so a chunk sent twice (a retry after a
// lost response) or chunks sent at once count each post exactly once; an import's post counts and
// progress are sums over these rows, never a read-modify-write of ghost_imports.counts.
export const ghostImportPosts = sqliteTable(
  "ghost_import_posts",
  {
    importId: text("import_id").notNull().references(() => ghostImports.id, { onDelete: "cascade" }),
    ghostId: text("ghost_id").notNull(),
    outcome: text("outcome", { enum: ["created", "updated", "unchanged", "skipped"] }).notNull(),
    mediaCreated: integer("media_created").notNull().default(0),
    mediaUpdated: integer("media_updated").notNull().default(0),
    mediaUnchanged: integer("media_unchanged").notNull().default(0),
    sectionsCreated: integer("sections_created").notNull().default(0),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.ghostId] })],
);

// Ghost id → our id, for every imported post, tag, author and image (keyed by its original URL): a
// re-run updates instead of duplicating.
// `sourceHash` is a digest of what the post converted to, so an unchanged post is skipped.
export const ghostMap = sqliteTable(
  "ghost_map",
  {
    kind: text("kind", { enum: ["post", "tag", "user", "image"] }).notNull(),
    ghostId: text("ghost_id").notNull(),
    localId: text("local_id").notNull(),
    // Ghost's uuid for posts, which the Ghost-compatible API answers with.
    ghostUuid: text("ghost_uuid"),
    sourceHash: text("source_hash"),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.ghostId] }), index("ghost_map_local_idx").on(t.localId)],
);
