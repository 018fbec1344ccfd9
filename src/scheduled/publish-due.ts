// Publish every scheduled article whose time has come: its schedule and, if it has one, its embargo
// (src/cache/content-version.ts releaseAt). Run by the cron every minute and by the first public
// request after a release instant (src/cache/release.ts). Overlapping runs are safe: each
// publication is a versioned write, so only one run can move an article from version N to N+1.
import { and, asc, eq, isNull, lte } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { toSnapshot, loadArticle, type ArticleRecord } from "../articles/load";
import { writeArticle, type WriteInput } from "../articles/write";
import { blogStatusHooks } from "../live/blog-events";
import type { DB } from "../db/client";
import { articleAmendments, articles } from "../db/schema";
import { releaseAt } from "../cache/content-version";
import { AppError } from "../lib/errors";
import { SYSTEM_BY, type AuditBy } from "../audit/record";
import { activeEmbargo, noRunningEmbargo } from "../editorial/articles/hold";

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
    const byEmbargo = !!embargo && embargo > rec.row.scheduledAt;
    const at = byEmbargo ? embargo : rec.row.scheduledAt;
    try {
      // The log says "system": the cron publishing at the time an editor (their own entry) chose,
      // or at the embargo's end when that came later (the embargo decided the instant).
      const note = byEmbargo ? "at the embargo's end" : "at the scheduled time";
      await publishHeld(db, rec, { at, actorId: null, action: "scheduled_publish", audit: SYSTEM_BY, note, now });
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
 *
 * Everything the release makes public is dated at `at`, not at the run (the cron's minute, or the
 * reader's request a moment after the instant): the pending amendments' public_at, and the story's
 * updated_at, so its "last update" is its publication (a story is not updated by going public).
 */
export function publishHeld(
  db: DB,
  rec: ArticleRecord,
  o: {
    at: string;
    actorId: string | null;
    action: Extract<WriteInput["action"], "publish" | "scheduled_publish">;
    audit: AuditBy;
    /** What the audit entry notes of a timed release (see WriteInput.note). */
    note?: string;
    alsoRun?: BatchItem<"sqlite">[];
    now: Date;
  },
) {
  const s = toSnapshot(rec);
  const id = rec.row.id;
  // alsoRun runs after the article's own UPDATE (which stamps the run's clock) and before write.ts
  // stamps still-pending amendments, which then finds none left.
  const dated: BatchItem<"sqlite">[] = [
    db.update(articleAmendments).set({ publicAt: o.at }).where(and(eq(articleAmendments.articleId, id), isNull(articleAmendments.publicAt), isNull(articleAmendments.deletedAt))),
    db.update(articles).set({ updatedAt: o.at }).where(eq(articles.id, id)),
  ];
  // A live blog going public: readers' streams get `reset` (src/live/blog-events.ts).
  const blog = blogStatusHooks(db, rec, "published", o.now);
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
    // Last: a colleague may have set an embargo since this release was decided (a lift clears it first).
    alsoRun: [...(o.alsoRun ?? []), ...dated, ...blog.alsoRun, noRunningEmbargo(db, id, rec.row.version + 1, o.now)],
    onCommitted: blog.onCommitted,
    ...(o.note ? { note: o.note } : {}),
    now: o.now,
  });
}
