// The newsroom's editorial stages (workflow_stages): read in order, replaced as a whole list by an
// admin. Ids are fixed once created (articles point at them); removing one that a story in the
// pipeline is in is refused, naming it. Takes a db, knows nothing of HTTP.
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Actor } from "../../auth/actor";
import { STAGED_STATUSES, stageMoveDenial, type StageDef } from "../../auth/stages";
import { ROLES } from "../../auth/roles";
import { auditBy, auditEntry } from "../../audit/record";
import { runBatch, type Statement } from "../../db/batch";
import type { DB } from "../../db/client";
import { parseConstraintError } from "../../db/constraint-errors";
import { articles, workflowStages } from "../../db/schema";
import type { ArticleRecord } from "../../articles/load";
import { chunkRows } from "../../lib/chunk";
import { AppError, type FieldIssue } from "../../lib/errors";

/** Every role can do what the lowest may (ROLES runs from most rights to fewest). */
const LOWEST_ROLE = ROLES[ROLES.length - 1]!;

/** The stages in the newsroom's order: one indexed read of at most STAGE_LIMITS.max rows. */
export async function loadStages(db: DB): Promise<StageDef[]> {
  const rows = await db.select().from(workflowStages).orderBy(asc(workflowStages.position), asc(workflowStages.id)).all();
  return rows.map((r) => ({ id: r.id, name: r.name, enter_role: r.enterRole }));
}

/** Checks of the list as a whole (the schema checks each entry): unique ids and names, who may start. */
function listIssues(next: StageDef[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const ids = new Set<string>();
  const names = new Set<string>();
  next.forEach((s, i) => {
    if (ids.has(s.id)) issues.push({ path: `stages.${i}.id`, message: `“${s.id}” is listed twice.` });
    const name = s.name.toLocaleLowerCase();
    if (names.has(name)) issues.push({ path: `stages.${i}.name`, message: `Another stage is already called “${s.name}”.` });
    ids.add(s.id);
    names.add(name);
  });
  // Every role creates stories, which start in the first stage: a guarded first stage would leave a
  // contributor's new story where they could never move it.
  if (next[0] && next[0].enter_role !== LOWEST_ROLE) {
    issues.push({ path: "stages.0.enter_role", message: `New stories start in the first stage, so every role must be able to enter it (${LOWEST_ROLE}).` });
  }
  return issues;
}

/**
 * Replaces the list (rename, add, reorder, remove unused) in one batch with its audit entry. A list
 * equal to the current one writes nothing. A removed stage that a story in the pipeline (a draft or a
 * scheduled story, STAGED_STATUSES) is in: 409 `in_use` naming it. Published and archived stories have
 * left the stages behind (a stage move refuses them), so they cannot block a removal: the same batch
 * moves them to the first remaining stage, and no row names a stage that does not exist.
 */
export async function replaceStages(db: DB, actor: Actor, next: StageDef[]): Promise<StageDef[]> {
  const issues = listIssues(next);
  if (issues.length) throw new AppError("validation_failed", "The stages are not valid.", { errors: issues });
  const before = await loadStages(db);
  if (JSON.stringify(before) === JSON.stringify(next)) return before;
  const keep = new Set(next.map((s) => s.id));
  const removed = before.filter((s) => !keep.has(s.id));
  const removedIds = removed.map((s) => s.id);
  if (removed.length) await refuseIfUsed(db, removed);
  const now = new Date().toISOString();
  const rows = next.map((s, position) => ({ id: s.id, name: s.name, position, enterRole: s.enter_role, updatedAt: now }));
  const statements: Statement[] = [];
  if (removed.length) {
    // The check above is a read; a story may enter a removed stage before this batch runs. So the
    // batch guards itself: re-inserting a removed stage that a story is in collides with its own
    // primary key, which aborts the whole batch (nothing written, no entry), answered as in_use below.
    // Past the guard only stories outside the pipeline are left in a removed stage: they follow to
    // the first stage (where an unpublished story would start again anyway).
    statements.push(
      db.insert(workflowStages).select(
        sql`SELECT s.id, s.name, s.position, s.enter_role, s.updated_at FROM workflow_stages s WHERE s.id IN ${removedIds} AND EXISTS (SELECT 1 FROM articles a WHERE a.stage = s.id AND a.status IN ${[...STAGED_STATUSES]})`,
      ),
      db.update(articles).set({ stage: next[0]!.id }).where(inArray(articles.stage, removedIds)),
      db.delete(workflowStages).where(inArray(workflowStages.id, removedIds)),
    );
  }
  for (const chunk of chunkRows(rows, 5)) {
    statements.push(
      db
        .insert(workflowStages)
        .values(chunk)
        .onConflictDoUpdate({
          target: workflowStages.id,
          set: { name: sql`excluded.name`, position: sql`excluded.position`, enterRole: sql`excluded.enter_role`, updatedAt: sql`excluded.updated_at` },
        }),
    );
  }
  const short = (list: StageDef[]) => list.map(({ id, name, enter_role }) => ({ id, name, enter_role }));
  statements.push(
    auditEntry(db, {
      ...auditBy(actor),
      action: "stages.update",
      target: { type: "stages", id: null, label: "Editorial stages" },
      summary: { before: { stages: short(before) }, after: { stages: short(next) } },
    }),
  );
  try {
    await runBatch(db, statements);
  } catch (err) {
    const hit = parseConstraintError(err);
    if (hit?.kind === "unique" && hit.table === "workflow_stages") await refuseIfUsed(db, removed);
    throw err;
  }
  return loadStages(db);
}

/** 409 `in_use` naming each removed stage stories in the pipeline are in, with how many. */
async function refuseIfUsed(db: DB, removed: StageDef[]) {
  const used = await db
    .select({ stage: articles.stage, n: count() })
    .from(articles)
    .where(and(inArray(articles.stage, removed.map((s) => s.id)), inArray(articles.status, [...STAGED_STATUSES])))
    .groupBy(articles.stage)
    .all();
  if (!used.length) return;
  const names = used.map((u) => `“${removed.find((s) => s.id === u.stage)?.name ?? u.stage}” (${u.n} ${u.n === 1 ? "story" : "stories"})`);
  throw new AppError("in_use", `Stories are still in ${names.join(", ")}: move them to another stage before removing it.`, {
    usage_count: used.reduce((sum, u) => sum + u.n, 0),
  });
}

/** A stage by id, or null: what a stage move and a list filter check against. */
export const stageById = (stages: StageDef[], id: string) => stages.find((s) => s.id === id) ?? null;

/** The statements that move a story handed to an editor ("Submit for editing") to the second stage, when its rule allows. */
export function submitStageStatements(db: DB, actor: Actor, rec: ArticleRecord, stages: StageDef[]): Statement[] {
  const to = stages[1]?.id;
  // Only forward from the first stage: a story already further along stays where the desk put it.
  if (!to || rec.row.stage !== stages[0]?.id || stageMoveDenial(actor.role, rec.row.stage, to, stages)) return [];
  return [
    db.update(articles).set({ stage: to }).where(and(eq(articles.id, rec.row.id), eq(articles.stage, rec.row.stage))),
    auditEntry(db, { ...auditBy(actor), action: "article.stage_change", target: { type: "article", id: rec.row.id, label: rec.row.headline }, summary: { before: { stage: rec.row.stage }, after: { stage: to }, note: "submitted for editing" } }),
  ];
}

/** Puts a new story in the first stage (in the creating batch, after its insert); the column's default covers a list that still starts with `draft`. */
export const firstStageStatement = (db: DB, articleId: string) =>
  db
    .update(articles)
    .set({ stage: sql`coalesce((SELECT ${workflowStages.id} FROM ${workflowStages} ORDER BY ${workflowStages.position}, ${workflowStages.id} LIMIT 1), ${articles.stage})` })
    .where(eq(articles.id, articleId));
