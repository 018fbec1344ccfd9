// Cron: forget what no longer carries information, so no table grows without bound. Each purge
// walks an index from its oldest entry and stops after PURGE_LIMIT rows, so a run costs the same
// few statements at 1,000 articles or 100,000; a backlog (a first run after months, a flood of
// sign-in attempts) drains over the following minutes instead of in one long run.
//
// The statements are built here and exported so tests can EXPLAIN the exact SQL the cron sends.
import { and, eq, gt, inArray, lt, ne, notExists, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DB } from "../db/client";
import { runBatch } from "../db/batch";
import { auditEntryIf, SYSTEM_BY } from "../audit/record";
import { articleAmendments, articleAssignees, articleNotes, articles, liveChanges, liveEntries, liveEntryRevisions, loginAttempts, outboxEvents, revisionPacks, revisions, sessions, webhookDeliveries, webhooks } from "../db/schema";
import { isCurrentDeletion, trashCutoff } from "../editorial/trash/domain";

/** Rows each statement may delete per run (the cron runs every minute: 720,000 a day each). */
export const PURGE_LIMIT = 500;

// sessions and login_attempts have TEXT primary keys, but they are ordinary rowid tables: the
// expiry index holds the rowid, so the inner SELECT reads the index alone and the DELETE finds each
// row by rowid. (D1 has no DELETE … LIMIT; a LIMIT inside IN (…) is the portable bound.)
const rowid = sql<number>`rowid`;

const marker = alias(revisions, "marker");
const sibling = alias(revisions, "sibling");

/**
 * A deleted article's history ends in its "delete" revision (the marker). A marker counts only
 * while the article is still gone and nothing came after it: an article deleted, restored and
 * deleted again is judged by its latest deletion, not by the first one's age.
 * The walk over (action, created_at) also passes the old markers of articles restored from the
 * trash (kept: they are history); each costs one index entry and two key probes per run, and they
 * accumulate only as fast as admins restore articles.
 */
function expiredMarker(db: DB, now: Date) {
  return and(isCurrentDeletion(db, marker), lt(marker.createdAt, trashCutoff(now)));
}

/**
 * The purge statements, in the order they must run (one db.batch()):
 * 1. expired sessions; 2. sign-in/rate-limit rows past their expiry (rows written before expiry
 *    was tracked hold '' and go first);
 * 3. the revisions of expired trash before their marker, so a run cut short by the limit never
 *    strands revisions without the marker that identifies them;
 * 4. the amendments, notes and assignees of expired trash (kept through the trash for an undelete:
 *    no cascade, migrations/0013), found through the same markers, before them;
 * 5. the markers left alone (every earlier revision already gone).
 */
export function purgeStatements(db: DB, now: Date, limit = PURGE_LIMIT) {
  const at = now.toISOString();
  return [
    db.delete(sessions).where(inArray(rowid, db.select({ rowid }).from(sessions).where(lt(sessions.expiresAt, at)).limit(limit))),
    db.delete(loginAttempts).where(inArray(rowid, db.select({ rowid }).from(loginAttempts).where(lt(loginAttempts.expiresAt, at)).limit(limit))),
    db.delete(revisions).where(
      inArray(
        rowid,
        db
          .select({ rowid: sql<number>`${sibling}.rowid` })
          .from(marker)
          .innerJoin(sibling, and(eq(sibling.articleId, marker.articleId), lt(sibling.version, marker.version)))
          .where(expiredMarker(db, now))
          .limit(limit),
      ),
    ),
    // revision_packs: the pointer to the article's packed revisions (the pack itself is then collected, cold-history.ts).
    ...[articleAmendments, articleNotes, articleAssignees, liveEntries, liveEntryRevisions, liveChanges, revisionPacks].map((t) =>
      db.delete(t).where(inArray(t.articleId, db.select({ id: marker.articleId }).from(marker).where(expiredMarker(db, now)).limit(limit))),
    ),
    db.delete(revisions).where(
      inArray(
        rowid,
        db
          .select({ rowid: sql<number>`${marker}.rowid` })
          .from(marker)
          .where(
            and(
              expiredMarker(db, now),
              notExists(db.select({ one: sql`1` }).from(sibling).where(and(eq(sibling.articleId, marker.articleId), ne(sibling.version, marker.version)))),
            ),
          )
          .limit(limit),
      ),
    ),
  ] as const;
}

/** Days relayed events and the webhook delivery log are kept (the log's "redeliver" needs the event). */
export const DELIVERY_LOG_DAYS = 30;

/**
 * The delivery purges (issue 13), after purgeStatements in the same batch:
 * 6. outbox events relayed more than DELIVERY_LOG_DAYS ago (through the pending index: a relayed
 *    row's relayed_at is a key; rows never relayed are kept for the sweep);
 * 7. delivery-log rows as old, webhook by webhook through (webhook_id, attempted_at) (the log has
 *    no index on time alone; a newsroom has a handful of webhooks).
 */
export function deliveryPurgeStatements(db: DB, now: Date, limit = PURGE_LIMIT) {
  const cutoff = new Date(now.getTime() - DELIVERY_LOG_DAYS * 86_400_000).toISOString();
  return [
    db.delete(outboxEvents).where(inArray(rowid, db.select({ rowid }).from(outboxEvents).where(lt(outboxEvents.relayedAt, cutoff)).limit(limit))),
    db.delete(webhookDeliveries).where(
      inArray(
        rowid,
        db
          .select({ rowid })
          .from(webhookDeliveries)
          .where(and(inArray(webhookDeliveries.webhookId, db.select({ id: webhooks.id }).from(webhooks)), lt(webhookDeliveries.attemptedAt, cutoff)))
          .limit(limit),
      ),
    ),
  ] as const;
}

export interface PurgeCounts {
  sessions: number;
  loginAttempts: number;
  revisions: number;
  outboxEvents: number;
  deliveries: number;
}

/** One atomic batch of bounded deletes; returns how many rows each purge removed. */
export async function purgeExpired(db: DB, now = new Date(), limit = PURGE_LIMIT): Promise<PurgeCounts> {
  // Trash leaving for good is recorded (as the system) when the markers' DELETE just before removed any.
  const purged = auditEntryIf(db, { ...SYSTEM_BY, now, action: "trash.purge", target: { type: "article", id: null }, summary: { note: "articles past the trash's grace period, purged for good" } });
  const statements = purgeStatements(db, now, limit);
  const results = await runBatch(db, [...statements, purged, ...deliveryPurgeStatements(db, now, limit)]);
  // Counted by position from both ends of purgeStatements(), so a table joining the trash's purge in
  // the middle (issue 16's live tables did) cannot shift what is counted as what.
  const [s, l, r] = results;
  const m = results[statements.length - 1];
  const [o, d] = results.slice(statements.length + 1);
  const changes = (res: unknown) => (res as { meta?: { changes?: number } }).meta?.changes ?? 0;
  return { sessions: changes(s), loginAttempts: changes(l), revisions: changes(r) + changes(m), outboxEvents: changes(o), deliveries: changes(d) };
}
