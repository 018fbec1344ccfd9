// Working copies: the pending changes to a published article. Saving one never touches the
// article row, so public reads, feeds, sitemaps, search and caches cannot see it; "Update live
// story" copies it into the article in one batch, as a new revision, and empties it.
//
// Its ETag is `"<base version>.<seq>"`: the live version it starts from and a counter that never
// repeats for the article, so an ETag issued once is never issued again (not after a discard either).
import { and, asc, eq, isNotNull, lte, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { sameContent, type ArticleContent } from "../../articles/content";
import { toContent, toSnapshot, type ArticleRecord, type WorkingCopyRow } from "../../articles/load";
import { articleMediaRows, mapWriteError, writeArticle } from "../../articles/write";
import type { DB } from "../../db/client";
import { tags, workingCopies } from "../../db/schema";
import { AppError, notFound } from "../../lib/errors";
import type { ArticleFieldsInput } from "./input-schema";
import { auditEntry, SYSTEM_BY, type AuditBy } from "../../audit/record";
import { sentFields } from "../../audit/summaries";
import { resolveContent } from "./resolve";
import { assertPublished, clearCopy, liveMoved, lock, pendingCopy, sameEtag, staleCopy, workingCopyEtag, type Precondition } from "./working-copy-guards";

/** A working-copy entry: the story's headline as readers have it, and what happened to the copy. */
const copyEntry = (db: DB, by: AuditBy, rec: ArticleRecord, action: "article.working_copy_save" | "article.working_copy_discard" | "article.schedule" | "article.restore", summary: { after?: Record<string, unknown>; note?: string }) =>
  auditEntry(db, { ...by, action, target: { type: "article", id: rec.row.id, label: rec.row.headline }, summary: { before: { status: rec.row.status, version: rec.row.version }, ...summary } });

export { liveVersionOf, pendingCopy, type PendingCopy, type Precondition } from "./working-copy-guards";

/** The summary an article view (and the version poll) carries; the working copy resource adds its content. */
export const workingCopySummary = (wc: WorkingCopyRow | null) =>
  wc && {
    etag: workingCopyEtag(wc),
    version: wc.seq,
    base_version: wc.baseVersion,
    updated_at: wc.updatedAt,
    updated_by: wc.updatedBy,
    restored_from: wc.restoredFrom,
    publish_at: wc.publishAt,
    publish_note: wc.publishNote,
  };

export interface SaveCopyInput extends ArticleFieldsInput {
  /** After merging with a newer live version: the version the merged copy now starts from. */
  base_version?: number | undefined;
}

/**
 * Saves fields into the working copy, starting one from the live content when there is none.
 * If-Match is the copy's ETag, or (to start one) the live ETag the editor loaded.
 */
export async function saveWorkingCopy(
  db: DB,
  actorId: string,
  rec: ArticleRecord,
  input: SaveCopyInput,
  expected: Precondition,
  opts: { restoredFrom?: number; content?: ArticleContent; by: AuditBy },
): Promise<void> {
  const id = rec.row.id;
  const wc = pendingCopy(rec);
  assertPublished(rec);
  if (!expected) throw new AppError("precondition_required", "Send If-Match: the working copy's ETag, or the live article's ETag to start one.");
  if (wc && !sameEtag(expected, wc)) throw staleCopy(rec, wc);
  if (!wc) {
    if (expected.kind === "working_copy") throw staleCopy(rec, null);
    if (expected.version !== rec.row.version) throw await liveMoved(db, rec, expected.version);
  }
  const liveVersion = rec.row.version;
  let base = wc?.baseVersion ?? liveVersion;
  if (input.base_version !== undefined) {
    if (input.base_version !== liveVersion) throw await liveMoved(db, rec, input.base_version);
    base = input.base_version;
  }
  const start = wc?.content ?? toContent(rec);
  const { content, newTags } = opts.content ? { content: opts.content, newTags: [] } : await resolveContent(db, input, start, id);
  const restoredFrom = opts.restoredFrom ?? wc?.restoredFrom ?? null;
  // Autosave of unchanged text is not a save.
  if (wc && base === wc.baseVersion && restoredFrom === wc.restoredFrom && sameContent(content, wc.content)) return;

  const seq = rec.workingCopy?.seq ?? 0;
  const now = new Date().toISOString();
  // Held when the batch runs: still published (or already has a copy), nobody saved the copy, and
  // a copy being started (or rebased) still starts from the live version.
  const ok = sql`EXISTS (SELECT 1 FROM articles a LEFT JOIN working_copies w ON w.article_id = a.id
    WHERE a.id = ${id} AND coalesce(w.seq, 0) = ${seq} AND a.status = 'published'
    AND (${wc && base === wc.baseVersion ? 1 : 0} OR a.version = ${liveVersion}))`;
  const statements: BatchItem<"sqlite">[] = [
    // The lock needs a row to collide with; an empty one (content NULL) means "no working copy".
    db.insert(workingCopies).values({ articleId: id, baseVersion: base, seq: 0, content: null, updatedAt: now }).onConflictDoNothing(),
    lock(db, id, ok),
    ...newTags.map((t) => db.insert(tags).values(t).onConflictDoNothing({ target: tags.slug })),
    db
      .update(workingCopies)
      .set({ baseVersion: base, seq: seq + 1, content, restoredFrom, updatedBy: actorId, updatedAt: now })
      .where(eq(workingCopies.articleId, id)),
    ...articleMediaRows(db, id),
    opts.restoredFrom !== undefined
      ? copyEntry(db, opts.by, rec, "article.restore", { after: { restored_from: opts.restoredFrom }, note: "into the working copy" })
      : copyEntry(db, opts.by, rec, "article.working_copy_save", { after: { changed_fields: sentFields(input).filter((f) => f !== "base_version") } }),
  ];
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]).catch((err) => Promise.reject(mapWriteError(err)));
}

/** Drops the pending changes (If-Match: the copy's ETag, so nobody discards what they have not seen). */
export async function discardWorkingCopy(db: DB, rec: ArticleRecord, expected: Precondition, by: AuditBy) {
  const wc = pendingCopy(rec);
  if (!wc) throw notFound("Working copy");
  if (!expected) throw new AppError("precondition_required", "Send If-Match with the working copy's ETag.");
  if (!sameEtag(expected, wc)) throw staleCopy(rec, wc);
  const ok = sql`EXISTS (SELECT 1 FROM working_copies w WHERE w.article_id = ${rec.row.id} AND w.seq = ${wc.seq} AND w.content IS NOT NULL)`;
  await db
    .batch([lock(db, rec.row.id, ok), clearCopy(db, rec.row.id), ...articleMediaRows(db, rec.row.id), copyEntry(db, by, rec, "article.working_copy_discard", {})])
    .catch((err) => Promise.reject(mapWriteError(err)));
}

/**
 * "Update live story": the working copy becomes the article's content in one batch — a new
 * revision, the row and its children, the public cache token, and the emptied copy — or nothing.
 */
export async function publishWorkingCopy(
  db: DB,
  actorId: string | null,
  rec: ArticleRecord,
  expected: Precondition,
  opts: { action?: "update_live" | "scheduled_update"; now?: Date; minor?: boolean; by: AuditBy },
): Promise<number> {
  const wc = pendingCopy(rec);
  if (!wc) throw notFound("Working copy");
  // A copy kept from before an unpublish is not a way to rewrite the draft behind the editor's back.
  assertPublished(rec);
  if (!expected) throw new AppError("precondition_required", "Send If-Match with the working copy's ETag.");
  if (!sameEtag(expected, wc)) throw staleCopy(rec, wc);
  // Someone changed the live story after this copy was started: publishing would undo their change.
  if (wc.baseVersion !== rec.row.version) throw await liveMoved(db, rec, wc.baseVersion);
  const id = rec.row.id;
  const ok = sql`EXISTS (SELECT 1 FROM working_copies w WHERE w.article_id = ${id} AND w.seq = ${wc.seq} AND w.content IS NOT NULL)`;
  const clear = clearCopy(db, id, rec.row.version + 1);
  return writeArticle(db, {
    id,
    baseVersion: rec.row.version,
    isNew: false,
    previousStatus: rec.row.status,
    // The live version readers had: what the article.updated event reports as changed.
    previous: toSnapshot(rec),
    content: wc.content,
    state: toSnapshot(rec).state,
    actorId,
    action: opts.action ?? "update_live",
    restoredFrom: wc.restoredFrom,
    ...(opts.now && { now: opts.now }),
    ...(opts.minor && { minor: true }),
    audit: opts.by,
    alsoRun: [lock(db, id, ok), clear],
  });
}

/**
 * "Publish these changes at 06:00": the cron updates the live story with the copy at `at`, as the
 * person who scheduled it; `at: null` cancels. Further saves to the copy go out with it.
 */
export async function scheduleWorkingCopy(db: DB, actorId: string, rec: ArticleRecord, expected: Precondition, at: string | null, now: Date, by: AuditBy) {
  const wc = pendingCopy(rec);
  if (!wc) throw notFound("Working copy");
  assertPublished(rec);
  if (!expected) throw new AppError("precondition_required", "Send If-Match with the working copy's ETag.");
  if (!sameEtag(expected, wc)) throw staleCopy(rec, wc);
  if (at !== null && new Date(at).getTime() <= now.getTime()) {
    throw new AppError("validation_failed", "A scheduled update must be in the future.", { errors: [{ path: "at", message: "Must be in the future." }] });
  }
  const id = rec.row.id;
  const ok = sql`EXISTS (SELECT 1 FROM working_copies w WHERE w.article_id = ${id} AND w.seq = ${wc.seq} AND w.content IS NOT NULL)`;
  const when = at === null ? null : new Date(at).toISOString();
  await db
    .batch([
      lock(db, id, ok),
      db
        .update(workingCopies)
        .set({ publishAt: when, publishBy: when ? actorId : null, publishNote: null })
        .where(eq(workingCopies.articleId, id)),
      copyEntry(db, by, rec, "article.schedule", { after: { update_live_at: when }, note: when ? "working copy scheduled" : "working copy schedule cancelled" }),
    ])
    .catch((err) => Promise.reject(mapWriteError(err)));
}

/**
 * The cron's part: every scheduled update that is due goes live, once (the publish is a versioned
 * write, so overlapping runs cannot both apply it). One whose live story changed after it was
 * scheduled is not published over that change: its schedule is dropped with a note saying why.
 */
export async function publishDueCopies(db: DB, load: (id: string) => Promise<ArticleRecord | null>, now = new Date(), limit = 20) {
  const due = await db
    .select({ id: workingCopies.articleId, by: workingCopies.publishBy })
    .from(workingCopies)
    .where(and(lte(workingCopies.publishAt, now.toISOString()), isNotNull(workingCopies.content)))
    .orderBy(asc(workingCopies.publishAt))
    .limit(limit)
    .all();
  const published: string[] = [];
  for (const { id, by } of due) {
    const rec = await load(id);
    const wc = rec && pendingCopy(rec);
    if (!rec || !wc || !wc.publishAt || wc.publishAt > now.toISOString()) continue;
    if (rec.row.status !== "published" || wc.baseVersion !== rec.row.version) {
      const note = rec.row.status !== "published" ? "The story was unpublished before the scheduled update." : "The live story changed after this update was scheduled; merge and schedule it again.";
      await db.update(workingCopies).set({ publishAt: null, publishBy: null, publishNote: note }).where(and(eq(workingCopies.articleId, id), eq(workingCopies.seq, wc.seq)));
      continue;
    }
    try {
      // Its revision names who scheduled it; the log says "system", the cron acting at their time.
      await publishWorkingCopy(db, by, rec, { kind: "working_copy", base: wc.baseVersion, seq: wc.seq }, { action: "scheduled_update", now, by: SYSTEM_BY });
      published.push(id);
    } catch (err) {
      // Someone saved, published or discarded the copy in the meantime: theirs is the outcome.
      if (err instanceof AppError && err.code === "version_conflict") continue;
      throw err;
    }
  }
  return published;
}
