// Reading the audit log: filters and keyset paging, newest first. Pure SQL building over the
// append-only table; the routes validate, this only reads.
import { and, desc, eq, gte, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { DB } from "../db/client";
import { auditLog } from "../db/schema";
import { decodeCursor, encodeCursor, isDateKey } from "../lib/cursor";
import { parseInstant } from "../lib/rfc3339";
import type { AuditAction, AuditTargetType } from "./actions";

export type AuditRow = typeof auditLog.$inferSelect;

export interface AuditFilter {
  actor?: string | undefined;
  token?: string | undefined;
  actions?: AuditAction[] | undefined;
  targetType?: AuditTargetType | undefined;
  target?: string | undefined;
  /** One story's history: the article's own entries and its amendments', live-blog entries' and notes'. */
  article?: string | undefined;
  /** Inclusive. */
  since?: string | undefined;
  /** Exclusive: `since=<a>&until=<b>` and `since=<b>` never both hold one entry. */
  until?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Stored times are toISOString()'s (fixed width, UTC), so text comparison is time order. */
const utc = (instant: string) => new Date(parseInstant(instant)).toISOString();

/**
 * An article's entries, and those of its amendments, live-blog entries and notes: their target is the amendment, the entry or
 * the note, and they name the story in the summary as they have since issue 15 (an amendment's
 * `note: "article <id>"`, a note's `after.article_id`), so entries already written match too. Each
 * branch reads the (target_type, target_id) index's type prefix; the summaries are read only for
 * amendment and note entries.
 */
const storyHistory = (articleId: string): SQL =>
  sql`(
    (${auditLog.targetType} = 'article' AND ${auditLog.targetId} = ${articleId})
    OR (${auditLog.targetType} IN ('amendment', 'live_entry') AND json_extract(${auditLog.summary}, '$.note') = ${`article ${articleId}`})
    OR (${auditLog.targetType} = 'note' AND json_extract(${auditLog.summary}, '$.after.article_id') = ${articleId})
  )`;

export async function listAudit(db: DB, q: AuditFilter): Promise<{ rows: AuditRow[]; nextCursor: string | null }> {
  const where: SQL[] = [];
  if (q.actor !== undefined) where.push(eq(auditLog.actorUserId, q.actor));
  if (q.token !== undefined) where.push(eq(auditLog.actorTokenId, q.token));
  if (q.actions?.length) where.push(inArray(auditLog.action, q.actions));
  if (q.targetType !== undefined) where.push(eq(auditLog.targetType, q.targetType));
  if (q.target !== undefined) where.push(eq(auditLog.targetId, q.target));
  if (q.article !== undefined) where.push(storyHistory(q.article));
  if (q.since !== undefined) where.push(gte(auditLog.at, utc(q.since)));
  if (q.until !== undefined) where.push(lt(auditLog.at, utc(q.until)));
  if (q.cursor) {
    // As the content API's lists page (src/articles/query.ts): one row-value comparison on the
    // (at, id) order, the key brought to the stored form first (toISOString: UTC, milliseconds kept), whatever
    // offset a valid instant carries.
    const c = decodeCursor(q.cursor, isDateKey);
    where.push(sql`(${auditLog.at}, ${auditLog.id}) < (${new Date(c.key).toISOString()}, ${c.id})`);
  }
  const rows = await db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(q.limit + 1)
    .all();
  const more = rows.length > q.limit;
  const shown = more ? rows.slice(0, q.limit) : rows;
  const last = shown[shown.length - 1];
  return { rows: shown, nextCursor: more && last ? encodeCursor(last.at, last.id) : null };
}
