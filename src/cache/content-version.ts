// The public content version: a random token that every write changing public output replaces.
// Public responses are cached under it, so one tiny primary-key read tells whether a cached page
// is still current, and a publish or unpublish invalidates every page that could show it at once.
// The same row carries `due_at`: the next instant a held story (scheduled, or embargoed) may go
// public, so that read also tells the first request after that instant to release it (release.ts).
import { eq, sql } from "drizzle-orm";
import type { DB } from "../db/client";
import { articles, siteState } from "../db/schema";
import { forgetContentVersion } from "./version-memo";

export const CONTENT_KEY = "content";

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
    .where(eq(siteState.key, CONTENT_KEY));
}

/**
 * When a held story goes public: its schedule or its embargo, whichever is later. One expression, so
 * the due query, the release and `due_at` can never disagree about an embargo that outlasts a schedule.
 */
export const releaseAt = sql`(CASE WHEN ${articles.embargoedUntil} > ${articles.scheduledAt} THEN ${articles.embargoedUntil} ELSE ${articles.scheduledAt} END)`;

/**
 * How far the site's own pages (feeds, lists, sitemaps, other stories) may lag a live blog's updated
 * time. A live blog's entries key its own pages by the blog's token (blog-token.ts), exact at once;
 * they replace the content version only when it is older than this (boundedSiteBump), else they
 * leave a pending bump that the first request past `due_at` makes (releaseIfDue). So a blog filing
 * an entry a second makes the rest of the site miss once a minute at most, never once per entry.
 */
export const SITE_LAG_MS = 60_000;

/**
 * A live blog's public change, for the rest of the site: one UPDATE (only while the blog is published
 * as the batch commits). If the content version is older than SITE_LAG_MS it is replaced now; else
 * `due_at` is brought forward to SITE_LAG_MS after it was, and the first public request past that
 * instant replaces it (releaseIfDue). Every SET expression reads the row as it was, so the three agree.
 */
export function boundedSiteBump(db: DB, blogId: string, now: Date) {
  forgetContentVersion();
  const old = sql`${siteState.updatedAt} <= ${new Date(now.getTime() - SITE_LAG_MS).toISOString()}`;
  const due = sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${siteState.updatedAt}, ${`+${SITE_LAG_MS / 1000} seconds`})`;
  return db
    .update(siteState)
    .set({
      value: sql`CASE WHEN ${old} THEN lower(hex(randomblob(8))) ELSE ${siteState.value} END`,
      updatedAt: sql`CASE WHEN ${old} THEN ${now.toISOString()} ELSE ${siteState.updatedAt} END`,
      dueAt: sql`CASE WHEN ${old} THEN ${siteState.dueAt} ELSE min(coalesce(${siteState.dueAt}, ${due}), ${due}) END`,
    })
    .where(sql`${siteState.key} = ${CONTENT_KEY} AND (SELECT status FROM articles WHERE id = ${blogId}) = 'published'`);
}

// A published live blog whose updated time (last_major_update_at) is after the content version's:
// the site's pages do not show it yet. Few rows: the published ones of articles_kind_idx (live only).
const LIVE_PENDING = sql`EXISTS (SELECT 1 FROM articles WHERE kind = 'live' AND status = 'published' AND last_major_update_at > ${siteState.updatedAt})`;
// When that pending bump is due: SITE_LAG_MS after the version was last replaced.
const pendingAt = sql`CASE WHEN ${LIVE_PENDING} THEN strftime('%Y-%m-%dT%H:%M:%fZ', ${siteState.updatedAt}, ${`+${SITE_LAG_MS / 1000} seconds`}) END`;
const nextRelease = sql`(SELECT min(${releaseAt}) FROM ${articles} WHERE ${articles.status} = 'scheduled')`;

/**
 * Recomputes `due_at`: the first of the held stories' release (status scheduled: few rows, on an
 * index) and a live blog's pending bump of the content version (SITE_LAG_MS after the last one: kept,
 * so the cron's refresh or a schedule's does not drop it). Put in the batch of any write that
 * schedules, unschedules, publishes or changes an embargo. (SQLite's min() of a NULL is NULL: each
 * side stands in for a missing other.)
 */
export function refreshDueAt(db: DB) {
  forgetContentVersion();
  return db
    .update(siteState)
    .set({ dueAt: sql`min(coalesce(${nextRelease}, ${pendingAt}), coalesce(${pendingAt}, ${nextRelease}))` })
    .where(eq(siteState.key, CONTENT_KEY));
}

export interface ContentVersion {
  token: string;
  updatedAt: string;
  /** The next instant a request must act (ISO): a held story's release or a live blog's pending bump; null when neither. */
  dueAt: string | null;
  /**
   * The next held story's release (ISO), or null: what public lifetimes end at (README "Embargo"). A
   * live blog's pending bump is not one: the site may lag it, so it never shortens them.
   */
  releaseAt: string | null;
}

/** The version's columns under plain names, for a statement that reads more (readVersionAndBlogToken). */
export const versionColumns = sql`site_state.value AS value, site_state.updated_at AS updated_at, site_state.due_at AS due_at, ${nextRelease} AS release_at`;
export type VersionRow = { value: string; updated_at: string; due_at: string | null; release_at: string | null };
export const versionOf = (row: VersionRow | undefined): ContentVersion =>
  row
    ? { token: row.value, updatedAt: row.updated_at, dueAt: row.due_at, releaseAt: row.release_at }
    : { token: "none", updatedAt: new Date(0).toISOString(), dueAt: null, releaseAt: null };

export async function readContentVersion(db: DB): Promise<ContentVersion> {
  // One statement still: the release instant is one probe of articles_scheduled_idx (few held rows).
  return versionOf(await db.get<VersionRow | undefined>(sql`SELECT ${versionColumns} FROM site_state WHERE site_state.key = ${CONTENT_KEY}`));
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
    .where(sql`${siteState.key} = ${CONTENT_KEY} AND ${siteState.dueAt} IS NOT NULL AND ${siteState.dueAt} <= ${now.toISOString()}`)
    .returning({ key: siteState.key });
  return rows.length > 0;
}
