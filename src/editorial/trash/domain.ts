// The trash: a deleted article leaves its revisions behind, ending in a "delete" revision. An admin
// can bring it back (as a draft) for TRASH_GRACE_DAYS; after that the cron purges its history.
import { and, desc, eq, inArray, lt, notInArray, sql } from "drizzle-orm";
import type { Actor } from "../../auth/actor";
import type { Snapshot } from "../../articles/content";
import { writeArticle } from "../../articles/write";
import type { DB } from "../../db/client";
import { articles, revisions } from "../../db/schema";
import { AppError, notFound } from "../../lib/errors";

export const TRASH_GRACE_DAYS = 30;
const cutoff = (now: Date) => new Date(now.getTime() - TRASH_GRACE_DAYS * 86_400_000).toISOString();
const stillDeleted = notInArray(revisions.articleId, sql`(SELECT ${articles.id} FROM ${articles})`);

export async function listTrash(db: DB, now = new Date()) {
  const rows = await db
    .select()
    .from(revisions)
    .where(and(eq(revisions.action, "delete"), stillDeleted, sql`${revisions.createdAt} >= ${cutoff(now)}`))
    .orderBy(desc(revisions.createdAt))
    .limit(200)
    .all();
  const seen = new Set<string>();
  // An article deleted, restored and deleted again appears once, with its latest deletion.
  return rows.filter((r) => !seen.has(r.articleId) && seen.add(r.articleId)).map((r) => {
    const s = r.snapshot as Snapshot;
    return {
      article_id: r.articleId,
      headline: s.content.headline,
      slug: s.content.slug,
      status_when_deleted: s.state.status,
      deleted_at: r.createdAt,
      deleted_by: r.createdBy,
      purge_after: new Date(Date.parse(r.createdAt) + TRASH_GRACE_DAYS * 86_400_000).toISOString(),
    };
  });
}

/** Recreates the article from its last snapshot, as a draft: whether it goes live again is an editor's call. */
export async function restoreFromTrash(db: DB, actor: Actor, articleId: string, now = new Date()) {
  const [deletion] = await db
    .select()
    .from(revisions)
    .where(and(eq(revisions.articleId, articleId), eq(revisions.action, "delete"), stillDeleted, sql`${revisions.createdAt} >= ${cutoff(now)}`))
    .orderBy(desc(revisions.version))
    .limit(1)
    .all();
  if (!deletion) throw notFound("Deleted article");
  const snap = deletion.snapshot as Snapshot;
  const clash = await db.select({ id: articles.id }).from(articles).where(eq(articles.slug, snap.content.slug)).get();
  if (clash) throw new AppError("slug_taken", `Another article now uses the slug "${snap.content.slug}"; rename it first.`);
  await writeArticle(db, {
    id: articleId,
    baseVersion: deletion.version,
    isNew: true,
    content: snap.content,
    state: { ...snap.state, status: "draft", scheduled_at: null },
    actorId: actor.userId,
    action: "undelete",
    previousStatus: null,
    now,
  });
}

/** Cron: forget the history of articles deleted longer ago than the grace period. */
export async function purgeTrash(db: DB, now = new Date()) {
  const expired = db
    .select({ id: revisions.articleId })
    .from(revisions)
    .where(and(eq(revisions.action, "delete"), lt(revisions.createdAt, cutoff(now))));
  await db.delete(revisions).where(and(inArray(revisions.articleId, expired), stillDeleted));
}
