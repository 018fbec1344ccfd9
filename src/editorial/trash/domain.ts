// The trash: a deleted article leaves its revisions behind, ending in a "delete" revision. An admin
// can bring it back (as a draft) for TRASH_GRACE_DAYS; after that the cron purges its history
// (src/scheduled/purge.ts).
import type { WorkflowHold } from "../articles/delete";
import { and, desc, eq, gt, gte, notExists, sql } from "drizzle-orm";
import { auditBy } from "../../audit/record";
import { alias, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import * as v from "valibot";
import type { Actor } from "../../auth/actor";
import type { Snapshot } from "../../articles/content";
import { loadSnapshot } from "../../articles/snapshot-store";
import { writeArticle } from "../../articles/write";
import type { DB } from "../../db/client";
import { ARTICLE_STATUSES, articles, revisions, workflowStages } from "../../db/schema";
import { AppError, notFound } from "../../lib/errors";
import { firstStageStatement } from "../stages/domain";

export const TRASH_GRACE_DAYS = 30;
/** Deletions before this instant have had their grace period. */
export const trashCutoff = (now: Date) => new Date(now.getTime() - TRASH_GRACE_DAYS * 86_400_000).toISOString();

/**
 * `deletion` (the revisions table or an alias of it) is an article's current deletion: a "delete"
 * revision whose article is still gone and after which nothing came (a restored-then-deleted-again
 * article counts by its latest deletion only). Each test is a primary-key or unique-index probe per
 * row, never a list of every article. Shared by the trash list, restore and the cron's purge.
 */
export function isCurrentDeletion(db: DB, deletion: { action: AnySQLiteColumn; articleId: AnySQLiteColumn; version: AnySQLiteColumn }) {
  const later = alias(revisions, "later");
  return and(
    eq(deletion.action, "delete"),
    notExists(db.select({ one: sql`1` }).from(articles).where(eq(articles.id, deletion.articleId))),
    notExists(db.select({ one: sql`1` }).from(later).where(and(eq(later.articleId, deletion.articleId), gt(later.version, deletion.version)))),
  );
}

/** A deletion still in the trash: current, and within the grace period. */
const inTrash = (db: DB, now: Date) => and(isCurrentDeletion(db, revisions), gte(revisions.createdAt, trashCutoff(now)));

/** The trash list's query: newest deletions first, read in (action, created_at) index order. */
export const trashListQuery = (db: DB, now: Date) =>
  db.select().from(revisions).where(inTrash(db, now)).orderBy(desc(revisions.createdAt)).limit(200);

/**
 * What a restore starts from: the article's latest revision, read from the (article_id, version)
 * index while the article is gone. It is in the trash only if that revision is a deletion within
 * the grace period (checked by the caller: with those conditions in SQL, SQLite would rather walk
 * every recent deletion through the (action, created_at) index).
 */
export const trashEntryQuery = (db: DB, articleId: string) =>
  db
    .select()
    .from(revisions)
    .where(and(eq(revisions.articleId, articleId), notExists(db.select({ one: sql`1` }).from(articles).where(eq(articles.id, articleId)))))
    .orderBy(desc(revisions.version))
    .limit(1);

const Utc = (what: string) => v.pipe(v.string(), v.description(`${what} (UTC, RFC 3339).`));

/** One deleted article as the trash lists it: enough to recognise it, nothing of its text. */
export const TrashEntryView = v.object({
  article_id: v.pipe(v.string(), v.description("The article's id: restore it with POST /trash/{id}/restore.")),
  headline: v.string(),
  slug: v.string(),
  status_when_deleted: v.picklist(ARTICLE_STATUSES),
  deleted_at: Utc("When it was deleted"),
  deleted_by: v.nullable(v.pipe(v.string(), v.description("The user id of whoever deleted it."))),
  purge_after: Utc("When its history is purged for good"),
});

export async function listTrash(db: DB, now = new Date()) {
  const rows = await trashListQuery(db, now).all();
  // Deletion markers are never archived (revisions_inline_idx leaves them out), so these reads stay in D1.
  return Promise.all(rows.map(async (r): Promise<v.InferOutput<typeof TrashEntryView>> => {
    const s = await loadSnapshot(db, r);
    return {
      article_id: r.articleId,
      headline: s.content.headline,
      slug: s.content.slug,
      status_when_deleted: s.state.status,
      deleted_at: r.createdAt,
      deleted_by: r.createdBy,
      purge_after: new Date(Date.parse(r.createdAt) + TRASH_GRACE_DAYS * 86_400_000).toISOString(),
    };
  }));
}

/** Recreates the article from its last snapshot, as a draft: whether it goes live again is an editor's call. */
export async function restoreFromTrash(db: DB, actor: Actor, articleId: string, now = new Date()) {
  const [deletion] = await trashEntryQuery(db, articleId).all();
  if (!deletion || deletion.action !== "delete" || deletion.createdAt < trashCutoff(now)) throw notFound("Deleted article");
  const snap = await loadSnapshot<Snapshot & { workflow?: WorkflowHold }>(db, deletion);
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
    audit: auditBy(actor),
    // Back in the newsroom's first stage, as a new story starts (the column's default may name a stage
    // an admin removed), then its embargo, stage and due time as they were (markers from before issue
    // 15 have none); its stage only if it still exists.
    alsoRun: [firstStageStatement(db, articleId), ...(snap.workflow ? [workflowBack(db, articleId, snap.workflow)] : [])],
    now,
  });
}

/**
 * The trash marker's hold and place in the workflow, put back; a stage removed since leaves the story
 * where it is. A live blog comes back a live blog, its coverage window and its entries (kept with
 * their change log through the trash) as they were.
 */
const workflowBack = (db: DB, articleId: string, w: WorkflowHold) =>
  db
    .update(articles)
    .set({
      ...(w.kind ? { kind: w.kind, coverageStartAt: w.coverage_start_at ?? null, coverageEndAt: w.coverage_end_at ?? null } : {}),
      embargoedUntil: w.embargoed_until,
      dueAt: w.due_at,
      stage: sql`coalesce((SELECT ${workflowStages.id} FROM ${workflowStages} WHERE ${workflowStages.id} = ${w.stage}), ${articles.stage})`,
    })
    .where(eq(articles.id, articleId));
