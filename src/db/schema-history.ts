// Cold history in R2 (migration 0020, docs/design/cold-history.md): the D1 rows that say where an
// article's packed revisions and the archived audit months are. Re-exported by src/db/schema.ts,
// which stays the one schema module.
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

// One row per article whose cold revisions the cron packed (src/scheduled/pack-revisions.ts): the
// pack is the R2 object history/revisions/<article_id>/<pack_sha>. WITHOUT ROWID in the migration.
// No foreign key, as for revisions: the trash purge deletes it with the article's history.
export const revisionPacks = sqliteTable("revision_packs", {
  articleId: text("article_id").primaryKey(),
  packSha: text("pack_sha").notNull(),
  // How many revisions the pack holds, and its highest version: a version above it is never looked for there.
  revisions: integer("revisions").notNull(),
  throughVersion: integer("through_version").notNull(),
});

// One row per R2 object of archived audit entries (src/scheduled/archive-audit.ts): up to
// AUDIT_PART_ENTRIES entries of one month, NDJSON, gzip. Its time range is what the audit log's
// delete trigger lets go (migration 0020).
export const auditArchiveParts = sqliteTable(
  "audit_archive_parts",
  {
    objectKey: text("object_key").primaryKey(),
    // YYYY-MM (UTC), as the entries' `at` begins.
    month: text("month").notNull(),
    part: integer("part").notNull(),
    entries: integer("entries").notNull(),
    firstAt: text("first_at").notNull(),
    lastAt: text("last_at").notNull(),
    bytes: integer("bytes").notNull(),
    archivedAt: text("archived_at").notNull(),
  },
  (t) => [uniqueIndex("audit_archive_parts_month_part_uq").on(t.month, t.part)],
);
