// The building blocks of a live blog entry's write (src/live/domain.ts): permission, the body's
// check, the revision, audit and change rows, the batch's guards and its commit with the answers a
// lost race or a limit gets. Split from domain.ts, which keeps the writes themselves.
import { and, sql } from "drizzle-orm";
import type { BylineJson } from "../articles/children-json";
import type { ArticleRecord } from "../articles/load";
import type { Actor } from "../auth/actor";
import { liveEntryDenial, type LiveEntryAction } from "../auth/live-rules";
import { auditBy, auditEntry } from "../audit/record";
import type { AuditAction } from "../audit/actions";
import type { BodyDoc } from "../body";
import { runBatch, type Statement } from "../db/batch";
import type { DB } from "../db/client";
import { constraintProblem, parseConstraintError } from "../db/constraint-errors";
import { liveEntries, liveEntryRevisions } from "../db/schema";
import { AppError } from "../lib/errors";
import type { SiteUrls } from "../lib/urls";
import { publicChangeStatements } from "../outbox/article-event";
import { changeStatement, noteLiveChanges, type DeskEventType, type LiveChangeRow, type PublicEventType } from "./changes";
import { toDeskView, type DeskRefs } from "./desk-view";
import { checkEntryBody, LIVE_LIMITS } from "./doc";
import { entryFacts, findEntry } from "./entry-read";
import type { BylineInput } from "./entry-bylines";
import { toLiveEntryPublic } from "./public-view";
import type { LiveEntryRecord } from "./record";

export interface LiveCtx {
  db: DB;
  actor: Actor;
  urls: SiteUrls;
}

export interface EntryFields {
  title?: string | null | undefined;
  body?: unknown;
  bylines?: BylineInput[] | undefined;
  key_event?: boolean | undefined;
}

export interface NewEntry extends EntryFields {
  body: unknown;
  pinned?: boolean | undefined;
  status?: "draft" | "published" | undefined;
}

export function deny(ctx: LiveCtx, action: LiveEntryAction, blog: ArticleRecord, entry: LiveEntryRecord | null) {
  const denial = liveEntryDenial(ctx.actor, action, entryFacts(blog, entry));
  if (denial) throw new AppError("forbidden", denial);
}

export function bodyOrThrow(input: unknown): BodyDoc {
  const checked = checkEntryBody(input);
  if (!checked.ok) throw new AppError("validation_failed", "The entry's body is not valid.", { errors: checked.issues });
  return checked.value;
}

/** `{status, title, body, bylines, key_event}` after a version: what a revision row keeps. */
const snapshotOf = (e: LiveEntryRecord) => ({
  status: e.status,
  title: e.title,
  body: e.body,
  bylines: e.bylines.map((b) => ({ contributor_id: b.id, role: b.role })),
  key_event: e.keyEvent,
});

const auditState = (e: LiveEntryRecord) => ({ status: e.status, pinned: e.pinned, key_event: e.keyEvent });

export function audit(ctx: LiveCtx, blog: ArticleRecord, action: AuditAction, entryId: string, before: LiveEntryRecord | null, after: LiveEntryRecord | null, now: Date) {
  return auditEntry(ctx.db, {
    ...auditBy(ctx.actor),
    action,
    // The blog's headline as the label ("Entry on <headline>"); never the entry's body.
    target: { type: "live_entry", id: entryId, label: blog.row.headline },
    summary: { ...(before ? { before: auditState(before) } : {}), ...(after ? { after: auditState(after) } : {}), note: `article ${blog.row.id}` },
    now,
  });
}

/** Published stories' cards only: what readers' payloads may show. */
const publicRefs = (refs: DeskRefs): DeskRefs => ({ mediaById: refs.mediaById, cards: new Map([...refs.cards].filter(([, c]) => c.status === "published")) });

export const blogUrlOf = (blog: ArticleRecord, urls: SiteUrls) => urls.article(blog.section?.slug ?? null, blog.row.slug, blog.row.id);

export interface ChangeOf {
  type: DeskEventType;
  /** Readers' event (null: they never learn of it). */
  publicType: PublicEventType | null;
  /** The entry after the change; for a deletion only its id is sent. */
  entry: LiveEntryRecord;
  deleted?: boolean;
}

/** The change row, and (public change) what readers' caches, the story and the outbox get. */
export function changeStatements(ctx: LiveCtx, blog: ArticleRecord, c: ChangeOf, refs: DeskRefs, now: Date): Statement[] {
  const { db, urls } = ctx;
  const ctxPublic = { urls, blogUrl: blogUrlOf(blog, urls), blogHeadline: blog.row.headline, refs: publicRefs(refs) };
  const row = changeStatement(db, {
    articleId: blog.row.id,
    entryId: c.entry.id,
    type: c.type,
    publicType: c.publicType,
    payload: { entry: c.deleted ? { id: c.entry.id } : toDeskView(c.entry, refs, urls) },
    publicPayload: c.publicType === null ? null : { entry: c.publicType === "entry.deleted" ? { id: c.entry.id } : toLiveEntryPublic(c.entry, ctxPublic) },
    now,
  });
  const outward = c.publicType === null ? [] : publicChangeStatements(db, blog, now, ["live_entries"], { entryId: c.entry.id, change: c.type }, "bounded");
  return [row, ...outward];
}

/**
 * Runs the write's batch; a lost race (the revision lock) answers as a stale If-Match would. A limit
 * guard (limitGuard) that failed it answers with `limited()`'s refusal, read after the fact.
 */
export async function commit(ctx: LiveCtx, blog: ArticleRecord, entryId: string, statements: Statement[], changeAt: number, limited?: () => Promise<AppError>): Promise<void> {
  let results: unknown[];
  try {
    results = await runBatch(ctx.db, statements);
  } catch (err) {
    if (limited && parseConstraintError(err)?.table === "live_entries") throw await limited();
    const problem = constraintProblem(err);
    if (problem?.code === "version_conflict") {
      const current = await findEntry(ctx.db, blog.row.id, entryId);
      if (current) throw conflict(current, null);
    }
    throw problem ?? err;
  }
  noteLiveChanges(ctx.db, results[changeAt] as LiveChangeRow[]);
}

/** 409 version_conflict with what the client needs to merge: the current ETag and entry. */
export function conflict(current: LiveEntryRecord, yours: number | null): AppError {
  return new AppError("version_conflict", `The entry is at version ${current.version}${yours === null ? "" : `; your change was based on version ${yours}`}. Reload to see the changes.`, {
    current_version: current.version,
    ...(yours === null ? {} : { your_version: yours }),
    current_etag: `"${current.version}"`,
    updated_at: current.updatedAt,
    entry: { id: current.id, status: current.status, title: current.title, version: current.version, etag: `"${current.version}"`, pinned: current.pinned, updated_at: current.updatedAt, updated_by: current.updatedBy },
  });
}

/** 428 without If-Match (when required), 409 when it is not the entry's version (a "future" one too). */
export function assertVersion(entry: LiveEntryRecord, expected: number | null, required: boolean): number {
  if (expected === null) {
    if (required) throw new AppError("precondition_required", "Send If-Match with the entry's ETag so no edit is overwritten.");
    return entry.version;
  }
  if (expected !== entry.version) throw conflict(entry, expected);
  return expected;
}

export const bylineRows = (entryId: string, bylines: BylineJson[]) => bylines.map((b, position) => ({ entryId, position, contributorId: b.id, role: b.role }));

export function revision(ctx: LiveCtx, e: LiveEntryRecord, action: (typeof liveEntryRevisions.$inferInsert)["action"], now: Date) {
  return ctx.db.insert(liveEntryRevisions).values({ entryId: e.id, version: e.version, articleId: e.articleId, action, snapshot: snapshotOf(e), createdBy: ctx.actor.userId, createdAt: now.toISOString() });
}

/**
 * A statement that fails the batch (409 version_conflict, through commit) when `changed` holds for
 * the entry as the batch commits: it copies the revision row of the entry's current version, whose
 * primary key exists. What a write decided from its read (a pin's payload, an edit's `pinned`) must
 * not be announced once another write moved the entry meanwhile.
 */
export const staleGuard = (ctx: LiveCtx, entryId: string, at: string, changed: ReturnType<typeof sql>) =>
  ctx.db.insert(liveEntryRevisions).select(sql`SELECT id, version, article_id, 'delete', '{}', NULL, ${at} FROM live_entries WHERE id = ${entryId} AND (${changed})`);

/**
 * A limit the read checked, checked again as the batch commits (two pins, or two entries, at once):
 * when `over` holds, a copy of one of the blog's entries (same primary key) fails the batch, as
 * setLiveSettings' guard does; commit() answers with the limit's refusal. Put it after the write.
 */
export const limitGuard = (ctx: LiveCtx, blogId: string, over: ReturnType<typeof sql>) =>
  ctx.db
    .insert(liveEntries)
    .select(
      sql`SELECT id, article_id, status, title, body, body_text, pinned, key_event, published_at, version, created_at, created_by, updated_at, updated_by, deleted_at, deleted_by FROM live_entries WHERE article_id = ${blogId} AND (${over}) LIMIT 1`,
    );
export const pinnedOver = (blogId: string) => sql`(SELECT count(*) FROM live_entries WHERE article_id = ${blogId} AND pinned = 1 AND deleted_at IS NULL) > ${LIVE_LIMITS.pinned}`;

/** The entry was pinned or unpinned since it was read: its payloads would announce a stale `pinned`. */
export const pinnedMoved = (ctx: LiveCtx, e: LiveEntryRecord, at: string) => staleGuard(ctx, e.id, at, sql`pinned <> ${e.pinned ? 1 : 0}`);
