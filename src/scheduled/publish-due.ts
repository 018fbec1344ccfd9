// Publish every scheduled article whose time has come: its schedule and, if it has one, its embargo
// (src/cache/content-version.ts releaseAt). Run by the cron every minute and by the first public
// request after a release instant (src/cache/release.ts). Overlapping runs are safe: each
// publication is a versioned write, so only one run can move an article from version N to N+1.
import { and, asc, eq, lte } from "drizzle-orm";
import { toSnapshot, loadArticle } from "../articles/load";
import { writeArticle } from "../articles/write";
import type { DB } from "../db/client";
import { articles } from "../db/schema";
import { releaseAt } from "../cache/content-version";
import { AppError } from "../lib/errors";
import { SYSTEM_BY } from "../audit/record";

export async function publishDue(db: DB, now = new Date(), limit = 20) {
  const due = await db
    .select({ id: articles.id })
    .from(articles)
    .where(and(eq(articles.status, "scheduled"), lte(articles.scheduledAt, now.toISOString()), lte(releaseAt, now.toISOString())))
    .orderBy(asc(articles.scheduledAt))
    .limit(limit)
    .all();
  const published: string[] = [];
  for (const { id } of due) {
    const rec = await loadArticle(db, { id });
    if (!rec || rec.row.status !== "scheduled" || !rec.row.scheduledAt) continue;
    const s = toSnapshot(rec);
    // Dated when readers could first see it: the schedule, or the embargo if that came later.
    const embargo = rec.row.embargoedUntil;
    if (embargo && embargo > now.toISOString()) continue;
    const at = embargo && embargo > rec.row.scheduledAt ? embargo : rec.row.scheduledAt;
    try {
      await writeArticle(db, {
        id,
        baseVersion: rec.row.version,
        isNew: false,
        previousStatus: "scheduled",
        previous: s,
        content: s.content,
        state: { status: "published", scheduled_at: null, published_at: at, first_published_at: s.state.first_published_at ?? at },
        actorId: null,
        action: "scheduled_publish",
        // The log says "system": the cron publishing at the time an editor (their own entry) chose.
        audit: SYSTEM_BY,
        now,
      });
      published.push(id);
    } catch (err) {
      // Another run (or an editor) got there first: that is the outcome we want, not an error.
      if (err instanceof AppError && err.code === "version_conflict") continue;
      throw err;
    }
  }
  return published;
}
