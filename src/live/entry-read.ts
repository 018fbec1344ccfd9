// The newsroom's reads of a live blog's entries: one entry, the desk's list (drafts too), an
// entry's history, the blog's counts. Every entry is loaded with the shared selection
// (src/live/record.ts), bylines in the same statement.
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { ArticleRecord } from "../articles/load";
import type { LiveEntryFacts } from "../auth/live-rules";
import type { DB } from "../db/client";
import { liveChanges, liveEntries, liveEntryRevisions, users, type LiveEntryStatus } from "../db/schema";
import { decodeCursor, encodeCursor, isDateKey } from "../lib/cursor";
import { AppError, notFound } from "../lib/errors";
import { entrySelection, toEntryRecord, type LiveEntryRecord } from "./record";

/** 409 `not_live` unless the story is a live blog. */
export function assertLive(rec: ArticleRecord): void {
  if (rec.row.kind !== "live") {
    throw new AppError("not_live", "This story is not a live blog: an editor makes it one with PUT /articles/{id}/live.");
  }
}

/** The entry (not deleted) of this blog, or null. */
export async function findEntry(db: DB, articleId: string, entryId: string): Promise<LiveEntryRecord | null> {
  const row = await db
    .select(entrySelection)
    .from(liveEntries)
    .where(and(eq(liveEntries.id, entryId), eq(liveEntries.articleId, articleId), isNull(liveEntries.deletedAt)))
    .get();
  return row ? toEntryRecord(row) : null;
}

export async function getEntryOrThrow(db: DB, articleId: string, entryId: string): Promise<LiveEntryRecord> {
  const found = await findEntry(db, articleId, entryId);
  if (!found) throw notFound("Entry");
  return found;
}

/** What liveEntryDenial needs about this blog and entry (null: a new entry). */
export function entryFacts(blog: ArticleRecord, entry: LiveEntryRecord | null): LiveEntryFacts {
  return {
    blogStatus: blog.row.status,
    entry: entry
      ? {
          status: entry.status,
          everPublished: entry.publishedAt !== null,
          createdBy: entry.createdBy,
          bylinedUserIds: entry.bylines.flatMap((b) => (b.user_id ? [b.user_id] : [])),
        }
      : null,
  };
}

export interface DeskQuery {
  status?: LiveEntryStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Newest first by creation (the desk's order: a draft sits where it was started), keyset-paged. */
export async function listDeskEntries(db: DB, articleId: string, q: DeskQuery): Promise<{ entries: LiveEntryRecord[]; nextCursor: string | null }> {
  const after = q.cursor ? decodeCursor(q.cursor, isDateKey) : null;
  const rows = await db
    .select(entrySelection)
    .from(liveEntries)
    .where(
      and(
        eq(liveEntries.articleId, articleId),
        isNull(liveEntries.deletedAt),
        q.status ? eq(liveEntries.status, q.status) : undefined,
        after ? or(lt(liveEntries.createdAt, after.key), and(eq(liveEntries.createdAt, after.key), lt(liveEntries.id, after.id))) : undefined,
      ),
    )
    .orderBy(desc(liveEntries.createdAt), desc(liveEntries.id))
    .limit(q.limit + 1)
    .all();
  const page = rows.slice(0, q.limit).map(toEntryRecord);
  const last = page.at(-1);
  return { entries: page, nextCursor: rows.length > q.limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

/** The blog's counts as the limits need them: every entry ever (deleted too) and those pinned now. */
export async function entryCounts(db: DB, articleId: string): Promise<{ total: number; pinned: number }> {
  const row = await db
    .select({
      total: sql<number>`count(*)`,
      pinned: sql<number>`coalesce(sum(${liveEntries.pinned} = 1 AND ${liveEntries.deletedAt} IS NULL), 0)`,
    })
    .from(liveEntries)
    .where(eq(liveEntries.articleId, articleId))
    .get();
  return { total: row?.total ?? 0, pinned: row?.pinned ?? 0 };
}

/** The desk stream's head: the last change's `seq` (0 before any). What a desk resumes from. */
export async function lastDeskEventId(db: DB, articleId: string): Promise<number> {
  const row = await db.select({ seq: sql<number | null>`max(${liveChanges.seq})` }).from(liveChanges).where(eq(liveChanges.articleId, articleId)).get();
  return row?.seq ?? 0;
}

export interface EntryRevisionRow {
  version: number;
  action: string;
  snapshot: Record<string, unknown>;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
}

/** Every version of the entry, newest first, deleted entries' too (the history outlives the entry). */
export async function listEntryRevisions(db: DB, articleId: string, entryId: string): Promise<EntryRevisionRow[]> {
  const rows = await db
    .select({
      version: liveEntryRevisions.version,
      action: liveEntryRevisions.action,
      snapshot: liveEntryRevisions.snapshot,
      createdBy: liveEntryRevisions.createdBy,
      createdByName: users.name,
      createdAt: liveEntryRevisions.createdAt,
    })
    .from(liveEntryRevisions)
    .leftJoin(users, eq(users.id, liveEntryRevisions.createdBy))
    .where(and(eq(liveEntryRevisions.entryId, entryId), eq(liveEntryRevisions.articleId, articleId)))
    .orderBy(desc(liveEntryRevisions.version))
    .all();
  if (!rows.length) throw notFound("Entry");
  return rows;
}
