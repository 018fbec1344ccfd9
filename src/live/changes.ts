// The change log of a live blog (live_changes): every write to a blog or its entries appends one row
// inside its own batch, numbered there, so the numbers are exactly the commit order. D1 is the
// record; the Durable Object (src/live/hub.ts) only fans out what these rows say, and replays them
// to a reader reconnecting with Last-Event-ID. Payloads are rendered once, here, at write time.
import { sql } from "drizzle-orm";
import type { DB } from "../db/client";
import type { Statement } from "../db/batch";
import { liveChanges } from "../db/schema";
import { jsonLdScript } from "../seo/json-ld";

/** What the newsroom's desk stream says (its ids are `seq`; drafts included). */
export const DESK_EVENT_TYPES = [
  "entry.created",
  "entry.updated",
  "entry.published",
  "entry.unpublished",
  "entry.deleted",
  "entry.pinned",
  "entry.unpinned",
  "blog.updated",
  "blog.published",
  "blog.unpublished",
] as const;
export type DeskEventType = (typeof DESK_EVENT_TYPES)[number];

/** What readers' streams say (their ids are `public_seq`: 1, 2, 3 … with no gap). */
export const PUBLIC_EVENT_TYPES = ["entry.published", "entry.updated", "entry.deleted", "entry.pinned", "entry.unpinned", "blog.updated", "blog.unpublished", "reset"] as const;
export type PublicEventType = (typeof PUBLIC_EVENT_TYPES)[number];

export type LiveChangeRow = typeof liveChanges.$inferSelect;

export interface LiveChange {
  articleId: string;
  /** null for a change of the blog itself (coverage window, publication). */
  entryId: string | null;
  type: DeskEventType;
  /** The readers' event, or null when readers never learn of this change (a draft's edit). */
  publicType: PublicEventType | null;
  /** Desk event data. */
  payload: unknown;
  /** Readers' event data (public fields only); null with publicType. */
  publicPayload: unknown;
  now: Date;
}

/**
 * One-line JSON, inert in HTML and in an SSE `data:` line: `<`, `>`, `&` and U+2028/2029 are
 * `\u` escapes (as every public JSON answer), and JSON.stringify never writes CR or LF.
 */
export const payloadText = (data: unknown): string => jsonLdScript(data);

/**
 * The INSERT that appends `change` to its blog's log; put it in the batch of the write it records.
 * `seq` is the next number of the blog's desk stream. `public_seq` is the next readers' number only
 * when readers see the change AND the blog is published at commit (read inside the same statement,
 * so a colleague's unpublish cannot slip between): otherwise readers' ids stay contiguous. Returns
 * the row (RETURNING), which the request hands to the Durable Object after the batch commits.
 */
export function changeStatement(db: DB, change: LiveChange): Statement {
  const blog = change.articleId;
  const isPublic = change.publicType !== null;
  const visible = sql`(${isPublic ? 1 : 0} = 1 AND (SELECT status FROM articles WHERE id = ${blog}) = 'published')`;
  const publicPayload = isPublic ? payloadText(change.publicPayload) : null;
  // "IS NOT NULL" lets SQLite answer max() with one probe of live_changes_public_uq (a partial index)
  // instead of walking every change row of the blog.
  const nextPublic = sql`(SELECT coalesce(max(public_seq), 0) + 1 FROM live_changes WHERE article_id = ${blog} AND public_seq IS NOT NULL)`;
  // Every `reset` tells where the stream stands, as the object's own resets do: its readers' id is
  // only known here, so it is written into the stored JSON text in SQL (the rest kept byte for byte).
  const publicText =
    change.publicType === "reset"
      ? sql`'{"last_event_id":' || ${nextPublic} || CASE WHEN ${publicPayload} = '{}' THEN '}' ELSE ',' || substr(${publicPayload}, 2) END`
      : sql`${publicPayload}`;
  return db
    .insert(liveChanges)
    .select(
      sql`SELECT ${blog},
        (SELECT coalesce(max(seq), 0) + 1 FROM live_changes WHERE article_id = ${blog}),
        CASE WHEN ${visible} THEN ${nextPublic} END,
        ${change.entryId}, ${change.type},
        CASE WHEN ${visible} THEN ${change.publicType} END,
        ${payloadText(change.payload)},
        CASE WHEN ${visible} THEN ${publicText} END,
        ${change.now.toISOString()}`,
    )
    .returning();
}

// Which change rows this request committed, so the middleware can hand them to the Durable Object
// after the response (src/live/notify.ts). Keyed by the request's db handle, as noteEmitted is.
const committed = new WeakMap<DB, LiveChangeRow[]>();

/** Call after the batch committed, with the rows its change statements returned. */
export function noteLiveChanges(db: DB, rows: LiveChangeRow[]): void {
  if (rows.length) committed.set(db, [...(committed.get(db) ?? []), ...rows]);
}

/** The change rows this request committed, in commit order. */
export const liveChangesOf = (db: DB): LiveChangeRow[] => committed.get(db) ?? [];
