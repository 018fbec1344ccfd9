// Rows about the newsroom as a whole rather than one story: the public content version (the cache
// key and the next release time), the site's own settings, and an import in progress. Re-exported by
// src/db/schema.ts, which stays the one schema module.
import { sql } from "drizzle-orm";
import { integer, index, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./schema-accounts";
// A cycle with schema.ts, harmless: references are functions, read only after both modules load.
import { media } from "./schema";
import { now } from "./timestamps";

// One row, key "content": a random token replaced by every write that changes public output.
// Public responses are cached under it, so a publish or unpublish invalidates every cached page at
// once, and a cache hit costs one primary-key read.
export const siteState = sqliteTable("site_state", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: text("updated_at").notNull(),
  // On the "content" row: the next instant a held story (scheduled, embargoed) goes public, so the
  // first public request after it releases the story and bumps the token (src/cache/release.ts).
  dueAt: text("due_at"),
});

// The newsroom's own settings, one row (id = 1): what feeds, JSON-LD and the admin show as the
// publisher. A missing row or null field falls back to the Worker's configuration (SITE_TITLE).
export const siteSettings = sqliteTable("site_settings", {
  id: integer("id").primaryKey(),
  title: text("title"),
  description: text("description"),
  // BCP 47 language of the site; feeds use it, and an article's own `language` where formats allow.
  language: text("language").notNull().default("en"),
  // The publisher logo for NewsArticle JSON-LD (Google: ≤ 600×60 recommended, raster image).
  logoMediaId: text("logo_media_id").references(() => media.id, { onDelete: "set null" }),
  updatedAt: text("updated_at").notNull().default(now),
  updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
});

// Rows of an import in progress. The streamed import parses the upload a piece at a time and
// stages each row here (batch by batch); one final atomic batch copies them into the real tables
// and clears the stage, so readers never see half an import and a failure leaves nothing behind.
export const importStaging = sqliteTable(
  "import_staging",
  {
    importId: text("import_id").notNull(),
    seq: integer("seq").notNull(),
    // The target table's name (articles, bylines, …), as the export names it.
    kind: text("kind").notNull(),
    payload: text("payload", { mode: "json" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.seq] }), index("import_staging_kind_idx").on(t.importId, t.kind, t.seq)],
);

export const EXPORT_JOB_STATUSES = ["queued", "running", "done", "failed"] as const;
export type ExportJobStatus = (typeof EXPORT_JOB_STATUSES)[number];

// A background export (POST /exports): the export document written to R2 a step at a time by the
// export Queue's consumer (src/editorial/export/jobs.ts), so no single invocation reads more than a
// step's worth of D1 pages and R2 objects. `seq` numbers the next step: a step applies only if it is
// still the current one, so a message delivered twice writes nothing twice.
export const exportJobs = sqliteTable(
  "export_jobs",
  {
    id: text("id").primaryKey(),
    status: text("status", { enum: EXPORT_JOB_STATUSES }).notNull().default("queued"),
    requestedBy: text("requested_by").references(() => users.id, { onDelete: "set null" }),
    // The document's `exported_at`: when the job was asked for.
    exportedAt: text("exported_at").notNull(),
    // Where the next step starts (src/editorial/export/export-pieces.ts ExportCursor), as JSON.
    cursor: text("cursor").notNull(),
    seq: integer("seq").notNull().default(0),
    bytes: integer("bytes").notNull().default(0),
    error: text("error"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    finishedAt: text("finished_at"),
    // The file is deleted after this (UTC); the job row with it.
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [
    index("export_jobs_created_idx").on(t.createdAt),
    index("export_jobs_status_idx").on(t.status, t.updatedAt),
    // At most one export being written: every active row has the same key here.
    uniqueIndex("export_jobs_one_active_uq").on(sql`(${t.status} IN ('queued', 'running'))`).where(sql`${t.status} IN ('queued', 'running')`),
  ],
);

// The file's pieces in R2, in order: one object per step. The download streams them one after another.
export const exportJobSegments = sqliteTable(
  "export_job_segments",
  {
    jobId: text("job_id").notNull().references(() => exportJobs.id, { onDelete: "cascade" }),
    seq: integer("seq").notNull(),
    r2Key: text("r2_key").notNull(),
    bytes: integer("bytes").notNull(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] })],
);
