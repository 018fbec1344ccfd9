// What an export carries, in the order an import must insert it (parents before children).
// Users travel without any secret (no hash, session or token); sessions, tokens, rate-limit
// counters and the cache token stay behind: they are not the newsroom's content.
import { getTableColumns, getTableName } from "drizzle-orm";
import { getTableConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import {
  articles,
  articleTags,
  bylines,
  collectionItems,
  collections,
  contributors,
  media,
  redirects,
  relatedLinks,
  revisions,
  sections,
  siteSettings,
  tags,
  users,
  workingCopies,
  articleNotes,
  articleAmendments,
  auditLog,
  workflowStages,
  articleAssignees,
  liveEntries,
  liveEntryBylines,
  liveEntryRevisions,
} from "../../db/schema";

export const EXPORTED: SQLiteTable[] = [
  users, sections, tags, media, siteSettings, workflowStages, contributors, articles, bylines, articleTags, relatedLinks, collections, collectionItems,
  revisions, workingCopies, redirects, articleNotes, articleAmendments, articleAssignees, auditLog,
  // Live blogs' entries, their bylines and history. Not live_changes: a delivery log of rendered
  // payloads an import must not be able to plant; after an import each blog's streams start afresh.
  liveEntries, liveEntryBylines, liveEntryRevisions,
];

/**
 * Columns an export leaves out. The password hash is a secret. The article's excerpt and reading
 * time are derived from its body: an import recomputes them, and its search index row from the
 * body's plain text (so a file cannot plant search terms the body does not hold). So is its stored
 * rendering (body_html, body_html_z: the import stores it again), and the copies of each article's
 * status and publication time its tags and bylines carry for the feeds (filled by migration 0015's
 * triggers as the rows are inserted).
 */
const OMITTED: Record<string, string[]> = {
  users: ["password_hash"],
  // body_key: where the cron archived a cold body; the export inlines the body (export-pieces.ts).
  articles: ["excerpt_text", "reading_time", "body_html", "body_html_z", "body_key"],
  article_tags: ["status", "published_at"],
  bylines: ["status", "published_at"],
  live_entries: ["body_text"],
  // Where the cron archived a snapshot: the export inlines the snapshot itself (export-pieces.ts),
  // and a file cannot name an object to point at.
  revisions: ["snapshot_key"],
};

export interface ExportTable {
  name: string;
  /** The columns an export carries, in table order. */
  columns: string[];
  /** Every column of the table, as the import's final INSERT names them. */
  allColumns: string[];
  /** Columns pointing at users: the importing admin's exported id is mapped to their own. */
  userColumns: string[];
}

export const EXPORT_TABLES: ExportTable[] = EXPORTED.map((table) => {
  const name = getTableName(table);
  const all = Object.values(getTableColumns(table)).map((c) => c.name);
  const fkUserColumns = getTableConfig(table)
    .foreignKeys.map((fk) => fk.reference())
    .filter((ref) => ref.foreignTable === users)
    .flatMap((ref) => ref.columns.map((c) => c.name));
  return {
    name,
    columns: all.filter((c) => !(OMITTED[name] ?? []).includes(c)),
    allColumns: all,
    // revisions.created_by has no foreign key (history outlives accounts) but is attribution all the same.
    userColumns: name === "revisions" || name === "live_entry_revisions" ? ["created_by"] : fkUserColumns,
  };
});

export const exportTable = (name: string) => EXPORT_TABLES.find((t) => t.name === name);

export const EXPORT_FORMAT = "copydesk-export";
/**
 * 2: users (without secrets) and media bytes (`data`, base64) travel; derived article columns do not.
 * Tables added since (live blogs' entries) are optional in a file, so earlier version-2 files still import.
 */
export const EXPORT_VERSION = 2;
