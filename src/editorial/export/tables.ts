// What an export carries, in the order an import must insert it (parents before children).
// Accounts, sessions, tokens and rate-limit counters stay behind: they are not the newsroom's content.
import { getTableColumns, getTableName } from "drizzle-orm";
import { getTableConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { articles, articleTags, bylines, collectionItems, collections, contributors, media, relatedLinks, revisions, sections, tags, users } from "../../db/schema";

const EXPORTED: SQLiteTable[] = [sections, tags, media, contributors, articles, bylines, articleTags, relatedLinks, collections, collectionItems, revisions];

export interface ExportTable {
  name: string;
  columns: string[];
  /** Columns pointing at users: an import into another deployment keeps them only if that user exists there. */
  userColumns: string[];
}

export const EXPORT_TABLES: ExportTable[] = EXPORTED.map((table) => {
  const cols = Object.values(getTableColumns(table));
  return {
    name: getTableName(table),
    columns: cols.map((c) => c.name),
    userColumns: getTableConfig(table)
      .foreignKeys.map((fk) => fk.reference())
      .filter((ref) => ref.foreignTable === users)
      .flatMap((ref) => ref.columns.map((c) => c.name)),
  };
});

export const USERS_TABLE = getTableName(users);
export const EXPORT_FORMAT = "copydesk-export";
export const EXPORT_VERSION = 1;
