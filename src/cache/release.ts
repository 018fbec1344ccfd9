// Held stories (scheduled, embargoed) go public at their instant, not at the next minute's cron: the
// public cache middleware reads the content version row anyway, and the first request that finds
// its `due_at` passed releases what is due before it looks anything up. The release's writes bump
// the version in their own batch, so that very request, and every later one, misses the old copies.
import type { DB } from "../db/client";
import { publishDue } from "../scheduled/publish-due";
import { claimRelease, readContentVersion, refreshDueAt, type ContentVersion } from "./content-version";

export interface Release {
  version: ContentVersion;
  /** Articles made public by this request (their events wait in the outbox for a relay). */
  published: string[];
}

/** Releases what is due if `version.dueAt` has passed and this request wins the claim. */
export async function releaseIfDue(db: DB, version: ContentVersion, now = new Date()): Promise<Release> {
  if (!version.dueAt || version.dueAt > now.toISOString()) return { version, published: [] };
  // Losers of the claim answer from the version they read: the winner's batch lands milliseconds later.
  if (!(await claimRelease(db, now))) return { version, published: [] };
  const published = await publishDue(db, now);
  // Nothing was due after all (a story unscheduled without its write refreshing due_at): put the true next instant back.
  if (!published.length) await refreshDueAt(db);
  return { version: await readContentVersion(db), published };
}
