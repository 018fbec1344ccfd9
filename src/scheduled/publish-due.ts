// Publish every scheduled article whose time has come: its schedule and, if it has one, its embargo
// (src/cache/content-version.ts releaseAt). Run by the cron every minute and by the first public
// request after a release instant (src/cache/release.ts). Overlapping runs are safe: each
// publication is a versioned write, so only one run can move an article from version N to N+1.
import { and, asc, eq, lte } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { toSnapshot, loadArticle, type ArticleRecord } from "../articles/load";
import { writeArticle, type WriteInput } from "../articles/write";
import type { DB } from "../db/client";
import { articles } from "../db/schema";
import { releaseAt } from "../cache/content-version";
import { AppError } from "../lib/errors";
import { SYSTEM_BY, type AuditBy } from "../audit/record";
import { activeEmbargo } from "../editorial/articles/hold";

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
    // Dated when readers could first see it: the schedule, or the embargo if that came later.
    if (activeEmbargo(rec, now)) continue;
    const embargo = rec.row.embargoedUntil;
    const at = embargo && embargo > rec.row.scheduledAt ? embargo : rec.row.scheduledAt;
    try {
      // The log says "system": the cron publishing at the time an editor (their own entry) chose.
      await publishHeld(db, rec, { at, actorId: null, action: "scheduled_publish", audit: SYSTEM_BY, now });
      published.push(id);
    } catch (err) {
      // Another run (or an editor) got there first: that is the outcome we want, not an error.
      if (err instanceof AppError && err.code === "version_conflict") continue;
      throw err;
    }
  }
  return published;
}

/**
 * Releases a held (scheduled) story: published, dated `at`, in one versioned write. The one way a
 * held story goes public, whether its time came (publishDue) or an editor lifted its embargo
 * (src/editorial/articles/embargo.ts, whose own statements ride along in `alsoRun`).
 */
export function publishHeld(
  db: DB,
  rec: ArticleRecord,
  o: { at: string; actorId: string | null; action: Extract<WriteInput["action"], "publish" | "scheduled_publish">; audit: AuditBy; alsoRun?: BatchItem<"sqlite">[]; now: Date },
) {
  const s = toSnapshot(rec);
  return writeArticle(db, {
    id: rec.row.id,
    baseVersion: rec.row.version,
    isNew: false,
    previousStatus: "scheduled",
    previous: s,
    content: s.content,
    state: { status: "published", scheduled_at: null, published_at: o.at, first_published_at: s.state.first_published_at ?? o.at },
    actorId: o.actorId,
    action: o.action,
    audit: o.audit,
    ...(o.alsoRun ? { alsoRun: o.alsoRun } : {}),
    now: o.now,
  });
}
