// A live-blog entry as every read path loads it (the desk, the entries endpoint, the feeds, the
// change payloads): one selection and one parser, so editorial and public reads cannot drift.
// Bylines come as JSON built by SQLite in the same statement, shaped like a story's (children-json.ts).
import { getTableColumns, sql } from "drizzle-orm";
import type { BylineJson } from "../articles/children-json";
import type { BodyDoc } from "../body/schema";
import { liveEntries, type LiveEntryStatus } from "../db/schema";

/**
 * The SQL text of an entry's ordered bylines as a JSON array, in the same shape as a story's
 * `bylines_json`: the one definition. `entryId` names the entry's id column from outside the
 * subquery (spelled out: inside it a bare "id" would bind to the subquery's own table); readers'
 * reads (src/public/live-load.ts) leave the contributors' user ids out.
 */
export const bylinesJsonSqlText = (entryId: string, audience: "desk" | "public") =>
  `(SELECT json_group_array(json_object('role', b.role, 'id', c.id, 'slug', c.slug, 'name', c.name, 'kind', c.kind,
    'job_title', c.job_title, 'avatar_media_id', c.avatar_media_id${audience === "desk" ? ", 'user_id', c.user_id" : ""}) ORDER BY b.position)
  FROM live_entry_bylines b JOIN contributors c ON c.id = b.contributor_id WHERE b.entry_id = ${entryId})`;

/** The entry's ordered bylines, in the same JSON shape as a story's `bylines_json`. */
export const entryBylinesJson = sql<string>`${sql.raw(bylinesJsonSqlText(`"live_entries"."id"`, "desk"))}`.as("bylines_json");

/** Select this from `live_entries` and pass each row to `toEntryRecord`. */
export const entrySelection = { ...getTableColumns(liveEntries), bylinesJson: entryBylinesJson };

export interface LiveEntryRecord {
  id: string;
  articleId: string;
  status: LiveEntryStatus;
  title: string | null;
  body: BodyDoc;
  bodyText: string;
  pinned: boolean;
  keyEvent: boolean;
  publishedAt: string | null;
  version: number;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
  deletedAt: string | null;
  deletedBy: string | null;
  bylines: BylineJson[];
}

type EntryRow = typeof liveEntries.$inferSelect & { bylinesJson: string | null };

export function toEntryRecord(row: EntryRow): LiveEntryRecord {
  const { bylinesJson, ...entry } = row;
  return { ...entry, body: entry.body as BodyDoc, bylines: JSON.parse(bylinesJson ?? "[]") as BylineJson[] };
}
