// Amendments of one article: the editorial use-cases (list, add, edit while unseen, supersede,
// delete) and the SQL that gives readers the entries they may see. Takes a db; knows nothing of HTTP.
//
// The rules: an entry is public once `public_at` is set (added to a live story, or the story went live
// with it: src/articles/write.ts). From then on it is append-only: a change is a new row that
// supersedes it, and a deletion (editors) only sets deleted_at/deleted_by. Every write is one batch
// with its audit entry and, on a live story, the content version, the article's
// last_major_update_at (a correction is never minor) and an article.updated event.
import { and, asc, eq, or, sql, type SQL } from "drizzle-orm";
import type { Actor } from "../auth/actor";
import { auditBy, auditEntry, auditEntryIf, type AuditInput } from "../audit/record";
import type { AuditAction } from "../audit/actions";
import type { ArticleRecord } from "../articles/load";
import { changedRows, runBatch, type Statement } from "../db/batch";
import type { DB } from "../db/client";
import { articleAmendments } from "../db/schema";
import { AppError, notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { publicChangeStatements } from "../outbox/article-event";
import type { AmendmentDoc, AmendmentKind, ShownAmendment } from "./doc";

/** Rows per article, deleted ones included: a story's foot is not a log. */
export const MAX_AMENDMENTS_PER_ARTICLE = 50;

export type AmendmentRow = typeof articleAmendments.$inferSelect & {
  createdByName: string | null;
  deletedByName: string | null;
  /** The entry that replaced this one, if any. */
  supersededBy: string | null;
};

export type AmendmentState = "pending" | "public" | "superseded" | "deleted";

export function amendmentState(r: Pick<AmendmentRow, "deletedAt" | "supersededBy" | "publicAt">): AmendmentState {
  if (r.deletedAt) return "deleted";
  if (r.supersededBy) return "superseded";
  return r.publicAt ? "public" : "pending";
}

const A = sql.raw(`"article_amendments"`);

/**
 * SQL: the rows replacing the entry `m` (an alias of article_amendments in the outer statement) —
 * entries naming it in supersedes_id that are not deleted. The rule: deleting an entry removes exactly
 * that entry, so a deleted replacement replaces nothing and the entry it had replaced is current (and
 * shown) again. The one definition of "superseded", for editors' state and readers' filter alike.
 */
const replacementOf = (m: SQL) =>
  sql`SELECT s.id FROM article_amendments s WHERE s.article_id = ${m}.article_id AND s.supersedes_id = ${m}.id AND s.deleted_at IS NULL`;

/**
 * SQL condition: readers see the entry `m` — public, not deleted, not replaced by a live entry (the
 * replacement is shown in its place, the replaced text is not). Used by the story's own amendments[]
 * (publicAmendmentsJson) and the newsroom-wide corrections list (src/public/corrections.ts).
 */
export const shownAmendment = (m: SQL) => sql`${m}.public_at IS NOT NULL AND ${m}.deleted_at IS NULL AND NOT EXISTS (${replacementOf(m)})`;

/** Every entry of the article, oldest first, superseded and deleted ones included (editors' view). */
export async function listAmendments(db: DB, articleId: string): Promise<AmendmentRow[]> {
  return db
    .select({
      ...articleAmendmentsColumns(),
      createdByName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${A}."created_by")`.as("created_by_name"),
      deletedByName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${A}."deleted_by")`.as("deleted_by_name"),
      supersededBy: sql<string | null>`(${replacementOf(A)} ORDER BY s.created_at LIMIT 1)`.as("superseded_by"),
    })
    .from(articleAmendments)
    .where(eq(articleAmendments.articleId, articleId))
    .orderBy(asc(articleAmendments.createdAt), asc(articleAmendments.id))
    .all();
}

function articleAmendmentsColumns() {
  const t = articleAmendments;
  return { id: t.id, articleId: t.articleId, kind: t.kind, body: t.body, createdAt: t.createdAt, createdBy: t.createdBy, publicAt: t.publicAt, supersedesId: t.supersedesId, deletedAt: t.deletedAt, deletedBy: t.deletedBy };
}

async function oneOrNotFound(db: DB, articleId: string, amendmentId: string): Promise<{ row: AmendmentRow; all: AmendmentRow[] }> {
  const all = await listAmendments(db, articleId);
  const row = all.find((r) => r.id === amendmentId);
  if (!row) throw notFound("Amendment");
  return { row, all };
}

const isLive = (rec: ArticleRecord) => rec.row.status === "published";

/** What a write to a live story's amendments adds to its batch (an amendment is never a minor change). */
const liveStatements = (db: DB, rec: ArticleRecord, now: Date): Statement[] => publicChangeStatements(db, rec, now, ["amendments"]);

/** public_at as the statement commits: now if the story is published then, else null (set when it goes live). */
const publicAtNow = (articleId: string, now: Date): SQL<string | null> =>
  sql`(SELECT CASE WHEN a.status = 'published' THEN ${now.toISOString()} END FROM articles a WHERE a.id = ${articleId})`;

type Summary = { before?: Record<string, unknown>; after?: Record<string, unknown> };

function entry(actor: Actor, action: AuditAction, rec: ArticleRecord, amendmentId: string, summary: Summary, now: Date): AuditInput {
  return {
    ...auditBy(actor),
    action,
    // The story's headline as the label: "Correction on <headline>" reads well in the log.
    target: { type: "amendment", id: amendmentId, label: rec.row.headline },
    summary: { ...summary, note: `article ${rec.row.id}` },
    now,
  };
}

const audit = (db: DB, ...args: Parameters<typeof entry>) => auditEntry(db, entry(...args));

export interface AmendmentInput {
  kind: AmendmentKind;
  body: AmendmentDoc;
}

export async function createAmendment(db: DB, actor: Actor, rec: ArticleRecord, input: AmendmentInput, now = new Date()): Promise<string> {
  const existing = await listAmendments(db, rec.row.id);
  if (existing.length >= MAX_AMENDMENTS_PER_ARTICLE) {
    throw new AppError("conflict", `A story carries at most ${MAX_AMENDMENTS_PER_ARTICLE} amendments; supersede one instead.`);
  }
  const id = newId("amd");
  await runBatch(db, [
    db.insert(articleAmendments).values({ id, articleId: rec.row.id, kind: input.kind, body: input.body, createdAt: now.toISOString(), createdBy: actor.userId, publicAt: publicAtNow(rec.row.id, now) }),
    audit(db, actor, "amendment.create", rec, id, { after: { kind: input.kind, public: isLive(rec) } }, now),
    ...liveStatements(db, rec, now),
  ]);
  return id;
}

/** Only an entry nobody outside the newsroom has seen may be edited in place. */
export async function updateAmendment(db: DB, actor: Actor, rec: ArticleRecord, amendmentId: string, input: Partial<AmendmentInput>, now = new Date()) {
  const { row } = await oneOrNotFound(db, rec.row.id, amendmentId);
  assertCurrent(row);
  if (row.publicAt) throw new AppError("conflict", "Public amendments are append-only: supersede it.");
  const set = { ...(input.kind ? { kind: input.kind } : {}), ...(input.body ? { body: input.body } : {}) };
  if (Object.keys(set).length === 0) return;
  // Guarded in the statement, not by the read above: the row changes only if it is still pending and
  // not deleted (the story may go live, or an editor delete it, in between) and the request changes
  // something; the entry is recorded only if it did (auditEntryIf: changes() of the UPDATE).
  const differs = [
    ...(input.kind ? [sql`${articleAmendments.kind} IS NOT ${input.kind}`] : []),
    ...(input.body ? [sql`${articleAmendments.body} IS NOT ${JSON.stringify(input.body)}`] : []),
  ];
  const [updated] = await runBatch(db, [
    db.update(articleAmendments).set(set).where(and(eq(articleAmendments.id, amendmentId), sql`${articleAmendments.publicAt} IS NULL`, sql`${articleAmendments.deletedAt} IS NULL`, or(...differs))),
    auditEntryIf(db, entry(actor, "amendment.update", rec, amendmentId, { before: { kind: row.kind }, after: { kind: input.kind ?? row.kind, fields: Object.keys(set) } }, now)),
  ]);
  if (changedRows(updated) > 0) return;
  // Nothing changed: either the request repeated the entry (fine, nothing recorded) or the row is no
  // longer editable — answer as if the read had seen that.
  const { row: current } = await oneOrNotFound(db, rec.row.id, amendmentId);
  assertCurrent(current);
  if (current.publicAt) throw new AppError("conflict", "Public amendments are append-only: supersede it.");
}

/**
 * A new entry that replaces `amendmentId` for readers; the old one stays, marked superseded. Only a
 * public entry: a pending one is edited in place (nobody has seen it), and superseding it would show
 * readers a replacement of an entry they never saw once the story goes live.
 */
export async function supersedeAmendment(db: DB, actor: Actor, rec: ArticleRecord, amendmentId: string, input: { kind?: AmendmentKind | undefined; body: AmendmentDoc }, now = new Date()): Promise<string> {
  const { row, all } = await oneOrNotFound(db, rec.row.id, amendmentId);
  assertCurrent(row);
  if (!row.publicAt) throw new AppError("conflict", "A pending entry is edited, not superseded: PATCH it.");
  if (all.length >= MAX_AMENDMENTS_PER_ARTICLE) {
    throw new AppError("conflict", `A story carries at most ${MAX_AMENDMENTS_PER_ARTICLE} amendments, superseded ones included.`);
  }
  const id = newId("amd");
  const kind = input.kind ?? row.kind;
  await runBatch(db, [
    db.insert(articleAmendments).values({ id, articleId: rec.row.id, kind, body: input.body, createdAt: now.toISOString(), createdBy: actor.userId, publicAt: publicAtNow(rec.row.id, now), supersedesId: row.id }),
    audit(db, actor, "amendment.supersede", rec, id, { before: { id: row.id, kind: row.kind }, after: { id, kind, public: isLive(rec) } }, now),
    ...(row.publicAt ? liveStatements(db, rec, now) : []),
  ]);
  return id;
}

/** Editors only (amendments.delete): the row stays, marked, and the audit log says who and when. */
export async function deleteAmendment(db: DB, actor: Actor, rec: ArticleRecord, amendmentId: string, now = new Date()) {
  const { row } = await oneOrNotFound(db, rec.row.id, amendmentId);
  if (row.deletedAt) throw new AppError("conflict", "This amendment is already deleted.");
  // Deleting removes exactly one entry. A replaced entry is not shown; were it deleted, the entry it
  // replaced in turn would have no live replacement and come back beside the current one.
  if (row.supersededBy) throw new AppError("conflict", "This amendment has been superseded: delete the entry that replaced it.");
  const shown = row.publicAt !== null && !row.supersededBy;
  await runBatch(db, [
    db.update(articleAmendments).set({ deletedAt: now.toISOString(), deletedBy: actor.userId }).where(and(eq(articleAmendments.id, amendmentId), sql`${articleAmendments.deletedAt} IS NULL`)),
    audit(db, actor, "amendment.delete", rec, amendmentId, { before: { kind: row.kind, state: amendmentState(row) }, after: { state: "deleted" } }, now),
    ...(shown ? liveStatements(db, rec, now) : []),
  ]);
}

function assertCurrent(row: AmendmentRow) {
  if (row.deletedAt) throw new AppError("conflict", "This amendment is deleted.");
  if (row.supersededBy) throw new AppError("conflict", "This amendment has been superseded: change the entry that replaced it.");
}

// --- readers ------------------------------------------------------------------------------------

/**
 * Readers' entries of the article `articleId` names (SQL of the outer row): those shownAmendment
 * admits, oldest first, as a JSON array column, so public loaders get them in the statement they already run.
 */
export const publicAmendmentsJson = (articleId: SQL) =>
  sql<string | null>`(SELECT json_group_array(json_object('id', m.id, 'kind', m.kind, 'body', json(m.body), 'public_at', m.public_at, 'supersedes_id', m.supersedes_id) ORDER BY m.public_at, m.id)
    FROM article_amendments m WHERE m.article_id = ${articleId} AND ${shownAmendment(sql.raw("m"))})`;

export interface PublicAmendment extends ShownAmendment {
  supersedesId: string | null;
}

export function parsePublicAmendments(json: string | null | undefined): PublicAmendment[] {
  const list = JSON.parse(json ?? "[]") as { id: string; kind: AmendmentKind; body: AmendmentDoc; public_at: string; supersedes_id: string | null }[];
  return list.map((a) => ({ id: a.id, kind: a.kind, body: a.body, publishedAt: a.public_at, supersedesId: a.supersedes_id }));
}

/** When anything readers get of the story last changed (HTTP Last-Modified): the later of the two. */
export const lastChangeAt = (row: { lastMajorUpdateAt: string | null; updatedAt: string }) =>
  row.lastMajorUpdateAt && row.lastMajorUpdateAt > row.updatedAt ? row.lastMajorUpdateAt : row.updatedAt;

/**
 * The story's "updated" time as readers are told it (JSON-LD dateModified, feed updated times, the
 * sitemap's lastmod, the content API's updated_at): last_major_update_at when set, else updated_at.
 * A save clears the column (its own time is the story's); a minor save pins it at the time readers
 * were already told; an amendment sets it to its own time, without a new version of the story.
 */
export const publicModifiedAt = (row: { lastMajorUpdateAt: string | null; updatedAt: string }) => row.lastMajorUpdateAt ?? row.updatedAt;

/**
 * The last change of any kind readers can see: the later of the last save and the last amendment
 * (which moves last_major_update_at only, without a new version). What `updated_at` says publicly,
 * so a sync or cache keyed on it misses neither a minor fix nor a correction.
 */
export const publicChangedAt = (row: { lastMajorUpdateAt: string | null; updatedAt: string }) =>
  row.lastMajorUpdateAt && row.lastMajorUpdateAt > row.updatedAt ? row.lastMajorUpdateAt : row.updatedAt;
