// The public content version: a random token that every write changing public output replaces.
// Public responses are cached under it, so one tiny primary-key read tells whether a cached page
// is still current, and a publish or unpublish invalidates every page that could show it at once.
// The same row carries `due_at`: the next instant a held story (scheduled, or embargoed) may go
// public, so that read also tells the first request after that instant to release it (release.ts).
import { eq, sql } from "drizzle-orm";
import type { DB } from "../db/client";
import { articles, siteState } from "../db/schema";
import { forgetContentVersion } from "./version-memo";

const KEY = "content";

/**
 * A statement, so writes can put it in their own batch and invalidate atomically with the change.
 * Building it also makes this isolate forget the version it keeps (version-memo.ts): a write run
 * outside a request (the cron's release) is then seen by this isolate's next read too.
 */
export function bumpContentVersion(db: DB, now = new Date()) {
  forgetContentVersion();
  return db
    .update(siteState)
    .set({ value: sql`lower(hex(randomblob(8)))`, updatedAt: now.toISOString() })
    .where(eq(siteState.key, KEY));
}

/**
 * When a held story goes public: its schedule or its embargo, whichever is later. One expression, so
 * the due query, the release and `due_at` can never disagree about an embargo that outlasts a schedule.
 */
export const releaseAt = sql`(CASE WHEN ${articles.embargoedUntil} > ${articles.scheduledAt} THEN ${articles.embargoedUntil} ELSE ${articles.scheduledAt} END)`;

/**
 * Recomputes `due_at` from the held stories (status scheduled: few rows, on an index). Put in the
 * batch of any write that schedules, unschedules, publishes or changes an embargo.
 */
export function refreshDueAt(db: DB) {
  forgetContentVersion();
  return db
    .update(siteState)
    .set({ dueAt: sql`(SELECT min(${releaseAt}) FROM ${articles} WHERE ${articles.status} = 'scheduled')` })
    .where(eq(siteState.key, KEY));
}

export interface ContentVersion {
  token: string;
  updatedAt: string;
  /** The next release instant (ISO), or null when nothing is held. */
  dueAt: string | null;
}

export async function readContentVersion(db: DB): Promise<ContentVersion> {
  const row = await db.select().from(siteState).where(eq(siteState.key, KEY)).get();
  return row ? { token: row.value, updatedAt: row.updatedAt, dueAt: row.dueAt } : { token: "none", updatedAt: new Date(0).toISOString(), dueAt: null };
}

/**
 * One request, not every request arriving at the instant, releases what is due: it moves `due_at`
 * a few seconds on (a lease) and proceeds only if it was the one to do so. The release's own writes
 * then set `due_at` to the true next instant; if the request dies, the lease expires and another
 * request tries again.
 */
export async function claimRelease(db: DB, now: Date, leaseMs = 5_000): Promise<boolean> {
  const rows = await db
    .update(siteState)
    .set({ dueAt: new Date(now.getTime() + leaseMs).toISOString() })
    .where(sql`${siteState.key} = ${KEY} AND ${siteState.dueAt} IS NOT NULL AND ${siteState.dueAt} <= ${now.toISOString()}`)
    .returning({ key: siteState.key });
  return rows.length > 0;
}
