// Editorial use-cases for articles. Takes a db and an actor; knows nothing of HTTP.
import { and, eq } from "drizzle-orm";
import type { Actor } from "../../auth/actor";
import type { DB } from "../../db/client";
import { articles, revisions, type ArticleKind } from "../../db/schema";
import { AppError, notFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { changedFields, sameContent, type PublicationState } from "../../articles/content";
import { loadSnapshotOrNull } from "../../articles/snapshot-store";
import { findRevisionOrNull } from "../../articles/revision-packs";
import { bylinedUserIds, loadArticle, mergeReferences, referencesOf, toSnapshot, withContent, type ArticleRecord } from "../../articles/load";
import { writeArticle, type WriteInput } from "../../articles/write";
import { auditBy } from "../../audit/record";
import { articleAccessDenial, assertAllowed, assertArticleAccess, type Action, type ArticleAccessFacts } from "../permissions";
import type { ArticleFieldsInput } from "./input-schema";
import { activeEmbargo, heldByEmbargo, noRunningEmbargo } from "./hold";
import { resolveContent } from "./resolve";
import { firstStageStatement, loadStages, submitStageStatements } from "../stages/domain";
import { blogStatusHooks } from "../../live/blog-events";
import { afterSave, createdFacts, newRecord, withLiveChanges, type CreatedFacts } from "./saved-record";

export async function getArticleOrThrow(db: DB, id: string): Promise<ArticleRecord> {
  const rec = await loadArticle(db, { id });
  if (!rec) throw notFound("Article");
  return rec;
}

function accessFacts(rec: ArticleRecord): ArticleAccessFacts {
  const r = rec.row;
  // first_published_at is the record; published_at and the status cover rows written before it existed.
  const everPublished = r.firstPublishedAt !== null || r.publishedAt !== null || r.status === "published";
  return { status: r.status, everPublished, createdBy: r.createdBy, bylinedUserIds: bylinedUserIds(rec) };
}

export const access = (actor: Actor, action: Action, rec: ArticleRecord) => assertArticleAccess(actor, action, accessFacts(rec));

/** The verbs a client offers, each checked by the same rule its endpoint applies. */
const OFFERED = {
  update: "articles.update",
  publish: "articles.publish",
  schedule: "articles.schedule",
  unpublish: "articles.unpublish",
  archive: "articles.archive",
  delete: "articles.delete",
  restore: "revisions.restore",
  submit: "articles.update",
  lift_embargo: "articles.lift_embargo",
} as const satisfies Record<string, Action>;
export type OfferedAction = keyof typeof OFFERED;

/**
 * What this actor may do to this article now: derived from the permission table and the article's
 * state by the very checks the endpoints run, so a client showing only these never offers a 403.
 */
export function allowedActions(actor: Actor, rec: ArticleRecord): OfferedAction[] {
  const status = rec.row.status;
  const facts = accessFacts(rec);
  return (Object.keys(OFFERED) as OfferedAction[]).filter((verb) => {
    // Lifecycle moves that would change nothing are not offered either.
    if (verb === "publish" && (status === "published" || heldByEmbargo(rec))) return false;
    if (verb === "schedule" && status === "published") return false;
    if (verb === "unpublish" && status !== "published" && status !== "scheduled") return false;
    if (verb === "archive" && status === "archived") return false;
    // Submitting hands a draft to an editor; editors and admins publish instead.
    if (verb === "submit" && (status !== "draft" || actor.role === "admin" || actor.role === "editor")) return false;
    if (verb === "lift_embargo" && !(activeEmbargo(rec) && status !== "published")) return false;
    return articleAccessDenial(actor, OFFERED[verb], facts) === null;
  });
}

const TRANSITION_ACTION = {
  publish: "articles.publish",
  schedule: "articles.schedule",
  unpublish: "articles.unpublish",
  archive: "articles.archive",
} as const satisfies Record<Transition, Action>;

export async function createArticle(db: DB, actor: Actor, input: ArticleFieldsInput & { headline: string; kind?: ArticleKind | undefined }, opts: { id?: string } = {}) {
  // A live blog is the desk's call (PUT /articles/{id}/live needs the same right).
  if (input.kind === "live") assertAllowed(actor, "articles.live");
  const id = opts.id ?? newId("art");
  const { content, newTags, references } = await resolveContent(db, input, null, id);
  const state: PublicationState = { status: "draft", scheduled_at: null, published_at: null, first_published_at: null };
  const kind = input.kind === "live" ? "live" : "article";
  const now = new Date();
  // New stories start in the newsroom's first editorial stage, in the same batch. What the answer
  // cannot know otherwise (that stage, the search id the insert numbered) is read inside the batch
  // too, after both: no statement beyond it.
  const probe = createdFacts(db, id);
  let facts: CreatedFacts | undefined;
  const version = await writeArticle(db, {
    id, baseVersion: 0, isNew: true, previousStatus: null, content, state, newTags, actorId: actor.userId, action: "create", now, audit: auditBy(actor),
    alsoRun: [firstStageStatement(db, id), ...(kind === "live" ? [db.update(articles).set({ kind: "live" }).where(eq(articles.id, id))] : []), probe],
    onCommitted: (resultOf) => {
      facts = (resultOf(probe) as CreatedFacts[])[0];
    },
  });
  if (!facts) throw new Error(`The article ${id} was created but its batch did not return it.`);
  const by = byOf(actor);
  const at = now.toISOString();
  return afterSave(withContent(newRecord(id, content, { kind, by, at, facts }), content, references), { state, version, at, by, action: "create" });
}

const byOf = (actor: Actor) => ({ id: actor.userId, name: actor.name });

/** 428 without a version, 409 (with what changed since) when it is not the current one. */
export async function assertVersion(db: DB, rec: ArticleRecord, expected: number | null, required: boolean) {
  if (expected === null) {
    if (required) throw new AppError("precondition_required", "Send If-Match with the article's ETag (or a version field) so no edit is overwritten.");
    return;
  }
  if (expected === rec.row.version) return;
  const base = await findRevisionOrNull(db, rec.row.id, expected);
  const current = toSnapshot(rec);
  const before = base && (await loadSnapshotOrNull(db, base));
  throw new AppError("version_conflict", `The article is at version ${rec.row.version}; your change was based on version ${expected}.`, {
    current_version: rec.row.version,
    your_version: expected,
    changed_fields: before ? changedFields(before, current) : null,
    current_etag: `"${rec.row.version}"`,
    updated_by: rec.current.updatedBy,
    updated_at: rec.row.updatedAt,
  });
}


export async function updateArticle(db: DB, actor: Actor, id: string, input: ArticleFieldsInput, expected: number | null, opts: { minor?: boolean } = {}) {
  const rec = await getArticleOrThrow(db, id);
  access(actor, "articles.update", rec);
  await assertVersion(db, rec, expected, true);
  const current = toSnapshot(rec);
  const { content, newTags, references } = await resolveContent(db, input, current.content, id);
  // Saving what is already there is not a new version (autosave must not flood the history).
  if (sameContent(content, current.content)) return rec;
  const next = withContent(rec, content, mergeReferences(referencesOf(rec), references));
  return commit(db, actor, rec, next, { content, state: current.state, newTags, action: "update", audit: auditBy(actor), ...(opts.minor ? { minor: true } : {}) });
}

type CommitInput = Omit<WriteInput, "id" | "baseVersion" | "isNew" | "previousStatus" | "actorId">;

/**
 * Writes `rec`'s next version and answers the record it left, built without reading it back:
 * `next` is `rec` with the content being written (and anything else the batch changes beside it).
 */
export async function commit(db: DB, actor: Actor, rec: ArticleRecord, next: ArticleRecord, w: CommitInput): Promise<ArticleRecord> {
  const now = w.now ?? new Date();
  const version = await writeArticle(db, { ...w, now, actorId: actor.userId, id: rec.row.id, baseVersion: rec.row.version, isNew: false, previousStatus: rec.row.status, previous: toSnapshot(rec) });
  return afterSave(next, { state: w.state, version, at: now.toISOString(), by: byOf(actor), action: w.action, minor: w.minor });
}

/** Publishing needs what a reader needs: a section and at least one byline. */
function assertPublishable(rec: ArticleRecord) {
  const errors = [];
  if (!rec.row.sectionId) errors.push({ path: "section", message: "Choose a section before publishing." });
  if (!rec.bylines.length) errors.push({ path: "bylines", message: "Add at least one byline before publishing." });
  if (errors.length) throw new AppError("validation_failed", "The article is not ready to publish.", { errors });
}

type Transition = "publish" | "unpublish" | "schedule" | "archive";

export async function transition(
  db: DB,
  actor: Actor,
  id: string,
  kind: Transition,
  opts: { at?: string; expected: number | null; now?: Date },
) {
  const rec = await getArticleOrThrow(db, id);
  access(actor, TRANSITION_ACTION[kind], rec);
  await assertVersion(db, rec, opts.expected, false);
  const now = opts.now ?? new Date();
  const s = toSnapshot(rec).state;
  let state: PublicationState;
  if (kind === "publish") {
    assertPublishable(rec);
    const at = opts.at ? new Date(opts.at) : null;
    if (at && at.getTime() > now.getTime() + 60_000) {
      throw new AppError("validation_failed", "published_at is in the future: schedule the article instead.", {
        errors: [{ path: "published_at", message: "Must not be in the future." }],
      });
    }
    // Under embargo, publishing holds the story: released (and dated) when the embargo ends
    // (src/scheduled/publish-due.ts), or at once if an editor lifts it (embargo.ts). So it takes no
    // date of its own: one given would be dropped, and the story dated later than the client said.
    const embargo = activeEmbargo(rec, now);
    if (embargo && at) {
      throw new AppError("conflict", `A story under embargo is dated at its release (${embargo}); lift the embargo first.`, {
        errors: [{ path: "published_at", message: "Not while the story is under embargo: it is dated when the embargo ends." }],
      });
    }
    // Already held: publishing it again changes nothing (no new version, the release stays put).
    if (heldByEmbargo(rec, now)) return rec;
    // A republished article keeps its original date unless a new one is given.
    const publishedAt = at?.toISOString() ?? s.published_at ?? now.toISOString();
    state =
      embargo
        ? { ...s, status: "scheduled", scheduled_at: now.toISOString() }
        : { status: "published", scheduled_at: null, published_at: publishedAt, first_published_at: s.first_published_at ?? publishedAt };
  } else if (kind === "schedule") {
    assertPublishable(rec);
    const at = new Date(opts.at!);
    if (at.getTime() <= now.getTime()) {
      throw new AppError("validation_failed", "A schedule must be in the future.", { errors: [{ path: "at", message: "Must be in the future." }] });
    }
    state = { ...s, status: "scheduled", scheduled_at: at.toISOString() };
  } else if (kind === "unpublish") {
    state = { ...s, status: "draft", scheduled_at: null };
  } else {
    state = { ...s, status: "archived", scheduled_at: null };
  }
  if (state.status === s.status && state.scheduled_at === s.scheduled_at && state.published_at === s.published_at) return rec;
  // Going public on a read that saw no embargo: the batch checks there is still none (last).
  const guard = state.status === "published" ? [noRunningEmbargo(db, id, rec.row.version + 1, now)] : [];
  // A live blog entering or leaving readers' view: its streams say so (src/live/blog-events.ts).
  const blog = blogStatusHooks(db, rec, state.status, now);
  // A live blog's change row moves its stream's last event id: the answer takes it from RETURNING.
  let resultOf: Parameters<NonNullable<WriteInput["onCommitted"]>>[0] | undefined;
  const onCommitted: WriteInput["onCommitted"] = (r) => {
    blog.onCommitted(r);
    resultOf = r;
  };
  const saved = await commit(db, actor, rec, rec, { content: toSnapshot(rec).content, state, action: kind, now, audit: auditBy(actor), runFirst: blog.runFirst, alsoRun: [...blog.alsoRun, ...guard], onCommitted });
  return resultOf ? withLiveChanges(saved, [...blog.runFirst, ...blog.alsoRun], resultOf) : saved;
}

/** A contributor's (or author's) "ready for an editor": a revision that says so, content unchanged. */
export async function submitArticle(db: DB, actor: Actor, id: string, expected: number | null) {
  const rec = await getArticleOrThrow(db, id);
  if (!allowedActions(actor, rec).includes("submit")) {
    access(actor, "articles.update", rec);
    throw new AppError("conflict", "Only a draft is submitted for editing; editors publish it instead.");
  }
  await assertVersion(db, rec, expected, false);
  if (rec.current.action === "submit") return rec;
  const s = toSnapshot(rec);
  // Handed to an editor: the story also moves on to the second stage (editing), with its audit entry.
  const stages = await loadStages(db);
  const stageMove = submitStageStatements(db, actor, rec, stages);
  const to = stageMove.length ? stages[1] : undefined;
  const next = to ? { ...rec, row: { ...rec.row, stage: to.id }, workflow: { ...rec.workflow, stageName: to.name } } : rec;
  return commit(db, actor, rec, next, { content: s.content, state: s.state, action: "submit", audit: auditBy(actor), alsoRun: stageMove });
}
