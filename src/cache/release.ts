// Held stories (scheduled, embargoed) go public at their instant, not at the next minute's cron: the
// public cache middleware reads the content version row anyway (at most VERSION_BOUND_MS old, see
// version-memo.ts, so a release is at most that late), and the first request that finds its `due_at`
// passed releases what is due before it looks anything up. The release's writes bump
// the version in their own batch, so that very request, and every later one, misses the old copies.
import type { DB } from "../db/client";
import { publishDue } from "../scheduled/publish-due";
import { runBatch } from "../db/batch";
import { bumpContentVersion, claimRelease, readContentVersion, refreshDueAt, type ContentVersion } from "./content-version";
import { forgetContentVersion, keepContentVersion } from "./version-memo";

/**
 * Stories one reader's request publishes. Each costs its load and its write batch (~30 statements
 * with the claim, the due query and the relay after the answer), and a request may make 50 on the
 * free plan: the rest stay due (`due_at` still past), so the next request, milliseconds later,
 * releases the next one, and the cron drains any backlog.
 */
export const RELEASE_PER_REQUEST = 1;

export interface Release {
  version: ContentVersion;
  /** Articles made public by this request (their events wait in the outbox for a relay). */
  published: string[];
}

/** Releases what is due if `version.dueAt` has passed and this request wins the claim. */
export async function releaseIfDue(db: DB, version: ContentVersion, now = new Date()): Promise<Release> {
  if (!version.dueAt || version.dueAt > now.toISOString()) return { version, published: [] };
  try {
    // Losers of the claim answer from the version they read: the winner's batch lands milliseconds later.
    if (!(await claimRelease(db, now))) {
      // The isolate's kept row still says "due": read it afresh next time (the winner's lease or
      // its release), rather than trying the claim again on every request until the bound runs out.
      forgetContentVersion();
      return { version, published: [] };
    }
    const published = await publishDue(db, now, RELEASE_PER_REQUEST);
    // Nothing held was due: a live blog's pending bump of the content version (SITE_LAG_MS after the
    // last, boundedSiteBump), or a story unscheduled without its write refreshing due_at. The version
    // moves (the site's pages catch up with the blog's updated time) and the true next instant goes back.
    if (!published.length) await runBatch(db, [bumpContentVersion(db, now), refreshDueAt(db)]);
    const released = await readContentVersion(db);
    keepContentVersion(released);
    return { version: released, published };
  } catch (err) {
    // A story that cannot be published must not take readers down with it: they get what was there
    // (the lease retries in a few seconds, the cron every minute, and its log says why).
    console.error("release of held stories failed", err);
    forgetContentVersion();
    return { version, published: [] };
  }
}
