// A story's editorial workflow: its stage, who it is assigned to and when it is due. Metadata outside
// the versioned content: a change makes no revision and leaves the version (the ETag) alone, so it
// never conflicts with someone editing the text. Each change is ONE batch with its audit entry.
import { and, asc, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Actor } from "../../auth/actor";
import { STAGED_STATUSES, stageMoveDenial } from "../../auth/stages";
import { auditBy, auditEntry, auditEntryIf } from "../../audit/record";
import { changedRows } from "../../db/batch";
import type { DB } from "../../db/client";
import { articleAssignees, articles, users, workflowStages } from "../../db/schema";
import type { ArticleRecord } from "../../articles/load";
import { AppError } from "../../lib/errors";
import { parseInstant } from "../../lib/rfc3339";
import { loadStages, stageById } from "../stages/domain";
import { access, getArticleOrThrow } from "./service";

const target = (rec: ArticleRecord) => ({ type: "article" as const, id: rec.row.id, label: rec.row.headline });
const run = (db: DB, statements: BatchItem<"sqlite">[]) => db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);

/**
 * Moves a story to another stage. Who: anyone who may change the story (as PATCH: a contributor only
 * their own draft), and only a move the stage rule allows (src/auth/stages.ts). A move to where it
 * already is changes nothing; a published or archived story has left the stages behind (409). A
 * stage an admin removes while the move is on its way: 409, checked inside the statement.
 */
export async function moveStage(db: DB, actor: Actor, id: string, to: string): Promise<ArticleRecord> {
  const rec = await getArticleOrThrow(db, id);
  access(actor, "articles.update", rec);
  const stages = await loadStages(db);
  if (!stageById(stages, to)) {
    throw new AppError("validation_failed", "No such stage.", { errors: [{ path: "stage", message: `No stage has the id “${to}” (GET /stages lists them).` }] });
  }
  if (rec.row.stage === to) return rec;
  // A story in a stage removed since (restored from the trash, imported) counts as in the first one.
  const from = stageById(stages, rec.row.stage) ? rec.row.stage : stages[0]!.id;
  if (!(STAGED_STATUSES as readonly string[]).includes(rec.row.status)) {
    throw new AppError("conflict", `A ${rec.row.status} story is past the editorial stages: they lead up to publication.`);
  }
  const denial = stageMoveDenial(actor.role, from, to, stages);
  if (denial) throw new AppError("forbidden", denial);
  const [moved] = await run(db, [
    // Guarded by the stage it was read in (of two racing moves, the second changes nothing) and by
    // the target still existing: the stages read above may have been replaced since, and a story in
    // a stage that is gone would name nothing. The entry is written only if the story moved.
    db
      .update(articles)
      .set({ stage: to })
      .where(and(eq(articles.id, id), eq(articles.stage, rec.row.stage), sql`EXISTS (SELECT 1 FROM ${workflowStages} WHERE ${workflowStages.id} = ${to})`)),
    auditEntryIf(db, { ...auditBy(actor), action: "article.stage_change", target: target(rec), summary: { before: { stage: rec.row.stage }, after: { stage: to } } }),
  ]);
  if (!changedRows(moved)) {
    const gone = !(await db.select({ id: workflowStages.id }).from(workflowStages).where(eq(workflowStages.id, to)).get());
    if (gone) throw new AppError("conflict", `The stage “${stageById(stages, to)!.name}” was removed meanwhile: GET /stages lists the stages now.`);
  }
  return getArticleOrThrow(db, id);
}

export const MAX_ASSIGNEES = 20;

/** Every account by name (ids, names and roles; never emails): whom an editor may assign. */
export const assignableUsers = (db: DB) => db.select({ id: users.id, name: users.name, role: users.role }).from(users).orderBy(asc(users.name), asc(users.id)).all();

/** Replaces who the story is assigned to (editors). Users must exist; repeats count once. */
export async function setAssignees(db: DB, actor: Actor, id: string, userIds: string[]): Promise<ArticleRecord> {
  const rec = await getArticleOrThrow(db, id);
  const wanted = [...new Set(userIds)];
  const found = wanted.length ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted)).all() : [];
  const known = new Set(found.map((u) => u.id));
  const errors = userIds.flatMap((u, i) => (known.has(u) ? [] : [{ path: `user_ids.${i}`, message: "No user has this id." }]));
  if (errors.length) throw new AppError("validation_failed", "Assign existing users only.", { errors });
  const before = rec.workflow.assignees;
  const same = before.length === wanted.length && before.every((u) => known.has(u.id));
  if (same) return rec;
  const now = new Date().toISOString();
  const added = wanted.filter((u) => !before.some((b) => b.id === u));
  const names = (list: { name: string }[]) => list.map((u) => u.name).sort();
  await run(db, [
    db.delete(articleAssignees).where(wanted.length ? and(eq(articleAssignees.articleId, id), notInArray(articleAssignees.userId, wanted)) : eq(articleAssignees.articleId, id)),
    ...(added.length ? [db.insert(articleAssignees).values(added.map((userId) => ({ articleId: id, userId, assignedBy: actor.userId, assignedAt: now }))).onConflictDoNothing()] : []),
    // Names, not emails: the log says who, as the article view does.
    auditEntry(db, { ...auditBy(actor), action: "article.assign", target: target(rec), summary: { before: { assignees: names(before) }, after: { assignees: names(found) } } }),
  ]);
  return getArticleOrThrow(db, id);
}

/** Sets or clears (null) when the desk wants the story (editors). Any instant, past ones too: overdue is a fact worth showing. */
export async function setDue(db: DB, actor: Actor, id: string, dueAt: string | null): Promise<ArticleRecord> {
  const rec = await getArticleOrThrow(db, id);
  const next = dueAt === null ? null : new Date(parseInstant(dueAt)).toISOString();
  if (next === rec.row.dueAt) return rec;
  await run(db, [
    db.update(articles).set({ dueAt: next }).where(eq(articles.id, id)),
    auditEntry(db, { ...auditBy(actor), action: "article.due_change", target: target(rec), summary: { before: { due_at: rec.row.dueAt }, after: { due_at: next } } }),
  ]);
  return getArticleOrThrow(db, id);
}
