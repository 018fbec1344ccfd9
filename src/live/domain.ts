// A live blog's entries: the editorial writes (create, edit, publish, unpublish, pin, delete). Takes
// a db, an actor and the loaded blog; knows nothing of HTTP. Every write is ONE batch: the entry
// (guarded by its version), its bylines, a revision row (the `(entry_id, version)` key is the
// If-Match lock: two saves from one version cannot both write the next), the change row readers'
// and the desk's streams replay (src/live/changes.ts), its audit entry and, when readers see it,
// the content version, the story's updated time and an article.updated event. After the batch, the
// change rows it returned are noted for the Durable Object (noteLiveChanges).
import { and, eq, isNull, sql } from "drizzle-orm";
import type { BylineJson } from "../articles/children-json";
import type { ArticleRecord } from "../articles/load";
import type { Statement } from "../db/batch";
import { articles, liveEntries, liveEntryBylines } from "../db/schema";
import { AppError } from "../lib/errors";
import { newId } from "../lib/ids";
import { noteLiveChanges } from "./changes";
import { deskReferences, type DeskRefs } from "./desk-view";
import { entryText, LIVE_LIMITS, normaliseTitle } from "./doc";
import { entryCounts, getEntryOrThrow } from "./entry-read";
import { resolveEntryBylines } from "./entry-bylines";
import type { LiveEntryRecord } from "./record";
import { deny, bodyOrThrow, audit, commit, changeStatements, conflict, assertVersion, bylineRows, revision, staleGuard, limitGuard, pinnedOver, pinnedMoved } from "./entry-write-parts";
import type { ChangeOf, EntryFields, LiveCtx, NewEntry } from "./entry-write-parts";
export type { EntryFields, LiveCtx, NewEntry } from "./entry-write-parts";

export async function createEntry(ctx: LiveCtx, blog: ArticleRecord, input: NewEntry, now = new Date()): Promise<LiveEntryRecord> {
  const { db, actor } = ctx;
  const status = input.status ?? "draft";
  deny(ctx, "live_entries.write", blog, null);
  if (status === "published") deny(ctx, "live_entries.publish", blog, null);
  if (input.pinned) deny(ctx, "live_entries.pin", blog, null);
  const body = bodyOrThrow(input.body);
  const [bylines, counts] = await Promise.all([resolveEntryBylines(db, input.bylines, actor.userId), entryCounts(db, blog.row.id)]);
  if (counts.total >= LIVE_LIMITS.entriesPerBlog) throw entriesFull();
  if (input.pinned && counts.pinned >= LIVE_LIMITS.pinned) throw pinnedFull();
  const at = now.toISOString();
  const entry: LiveEntryRecord = {
    id: newId("lve"),
    articleId: blog.row.id,
    status,
    title: normaliseTitle(input.title),
    body,
    bodyText: entryText(body),
    pinned: input.pinned ?? false,
    keyEvent: input.key_event ?? false,
    publishedAt: status === "published" ? at : null,
    version: 1,
    createdAt: at,
    createdBy: actor.userId,
    updatedAt: at,
    updatedBy: actor.userId,
    deletedAt: null,
    deletedBy: null,
    bylines: bylines ?? [],
  };
  const refs = await deskReferences(db, [body], ctx.urls);
  const { bylines: _b, ...row } = entry;
  const statements: Statement[] = [
    db.insert(liveEntries).values(row),
    ...(entry.bylines.length ? [db.insert(liveEntryBylines).values(bylineRows(entry.id, entry.bylines))] : []),
    // Checked again at commit: the cap, the pins (an entry filed at once by a colleague) and the
    // blog still a live blog (PUT /live {kind: "article"} landing meanwhile).
    limitGuard(ctx, blog.row.id, sql`(SELECT count(*) FROM live_entries WHERE article_id = ${blog.row.id}) > ${LIVE_LIMITS.entriesPerBlog}
      OR (${entry.pinned ? 1 : 0} = 1 AND ${pinnedOver(blog.row.id)})
      OR (SELECT kind FROM articles WHERE id = ${blog.row.id}) IS NOT 'live'`),
    revision(ctx, entry, "create", now),
    audit(ctx, blog, "live_entry.create", entry.id, null, entry, now),
  ];
  const changeAt = statements.length;
  statements.push(...changeStatements(ctx, blog, { type: "entry.created", publicType: status === "published" ? "entry.published" : null, entry }, refs, now));
  await commit(ctx, blog, entry.id, statements, changeAt, async () => {
    const kind = await db.select({ kind: articles.kind }).from(articles).where(eq(articles.id, blog.row.id)).get();
    if (kind?.kind !== "live") return new AppError("not_live", "This story is no longer a live blog.");
    return (await entryCounts(db, blog.row.id)).total >= LIVE_LIMITS.entriesPerBlog ? entriesFull() : pinnedFull();
  });
  return getEntryOrThrow(db, blog.row.id, entry.id);
}

const entriesFull = () => new AppError("conflict", `A live blog carries at most ${LIVE_LIMITS.entriesPerBlog} entries (deleted ones included): start a new blog.`);

const pinnedFull = () =>
  new AppError("conflict", `At most ${LIVE_LIMITS.pinned} entries are pinned at a time: unpin one first.`, { errors: [{ path: "pinned", message: `At most ${LIVE_LIMITS.pinned} pinned entries.` }] });

const sameBylines = (a: BylineJson[], b: BylineJson[]) => JSON.stringify(a.map((x) => [x.id, x.role])) === JSON.stringify(b.map((x) => [x.id, x.role]));

/** An edit of the title, body, bylines or key-event mark. Saving what is there writes nothing. */
export async function updateEntry(ctx: LiveCtx, blog: ArticleRecord, entryId: string, input: EntryFields, expected: number | null, now = new Date()): Promise<LiveEntryRecord> {
  const { db } = ctx;
  const entry = await getEntryOrThrow(db, blog.row.id, entryId);
  deny(ctx, "live_entries.write", blog, entry);
  const base = assertVersion(entry, expected, true);
  const body = input.body === undefined ? entry.body : bodyOrThrow(input.body);
  const bylines = (await resolveEntryBylines(db, input.bylines, null)) ?? entry.bylines;
  const title = input.title === undefined ? entry.title : normaliseTitle(input.title);
  const keyEvent = input.key_event ?? entry.keyEvent;
  if (title === entry.title && JSON.stringify(body) === JSON.stringify(entry.body) && sameBylines(bylines, entry.bylines) && keyEvent === entry.keyEvent) return entry;
  const at = now.toISOString();
  const after: LiveEntryRecord = { ...entry, title, body, bodyText: entryText(body), bylines, keyEvent, version: base + 1, updatedAt: at, updatedBy: ctx.actor.userId };
  const refs = await deskReferences(db, [body], ctx.urls);
  const bylinesChanged = !sameBylines(bylines, entry.bylines);
  const statements: Statement[] = [
    pinnedMoved(ctx, entry, at),
    db
      .update(liveEntries)
      .set({ title, body, bodyText: after.bodyText, keyEvent, version: after.version, updatedAt: at, updatedBy: ctx.actor.userId })
      .where(and(eq(liveEntries.id, entryId), eq(liveEntries.version, base), isNull(liveEntries.deletedAt))),
    ...(bylinesChanged ? [db.delete(liveEntryBylines).where(eq(liveEntryBylines.entryId, entryId))] : []),
    ...(bylinesChanged && bylines.length ? [db.insert(liveEntryBylines).values(bylineRows(entryId, bylines))] : []),
    revision(ctx, after, "edit", now),
    audit(ctx, blog, "live_entry.update", entryId, entry, after, now),
  ];
  const changeAt = statements.length;
  statements.push(...changeStatements(ctx, blog, { type: "entry.updated", publicType: entry.status === "published" ? "entry.updated" : null, entry: after }, refs, now));
  await commit(ctx, blog, entryId, statements, changeAt);
  return getEntryOrThrow(db, blog.row.id, entryId);
}

/** Publish a draft (its first publication dates it for good) or take a published entry back to draft. */
export async function setEntryStatus(ctx: LiveCtx, blog: ArticleRecord, entryId: string, to: "published" | "draft", expected: number | null, now = new Date()): Promise<LiveEntryRecord> {
  const { db } = ctx;
  const entry = await getEntryOrThrow(db, blog.row.id, entryId);
  deny(ctx, "live_entries.publish", blog, entry);
  const base = assertVersion(entry, expected, true);
  if (entry.status === to) return entry;
  const at = now.toISOString();
  const publishedAt = entry.publishedAt ?? (to === "published" ? at : null);
  const after: LiveEntryRecord = { ...entry, status: to, publishedAt, version: base + 1, updatedAt: at, updatedBy: ctx.actor.userId };
  const refs = await deskReferences(db, [entry.body], ctx.urls);
  const publish = to === "published";
  const statements: Statement[] = [
    pinnedMoved(ctx, entry, at),
    db
      .update(liveEntries)
      .set({ status: to, publishedAt, version: after.version, updatedAt: at, updatedBy: ctx.actor.userId })
      .where(and(eq(liveEntries.id, entryId), eq(liveEntries.version, base), isNull(liveEntries.deletedAt))),
    revision(ctx, after, publish ? "publish" : "unpublish", now),
    audit(ctx, blog, publish ? "live_entry.publish" : "live_entry.unpublish", entryId, entry, after, now),
  ];
  const changeAt = statements.length;
  const change: ChangeOf = publish ? { type: "entry.published", publicType: "entry.published", entry: after } : { type: "entry.unpublished", publicType: "entry.deleted", entry: after };
  statements.push(...changeStatements(ctx, blog, change, refs, now));
  await commit(ctx, blog, entryId, statements, changeAt);
  return getEntryOrThrow(db, blog.row.id, entryId);
}

/**
 * Pin or unpin: metadata, so no version and no If-Match (an edit in flight is not 409'd by a pin).
 * Idempotent: asking for what is already so writes nothing. A pin meeting another write to the entry
 * between its read and its batch is refused (409 version_conflict); so is an edit, publish or
 * unpublish meeting a pin (their payloads say `pinned`).
 */
export async function setPinned(ctx: LiveCtx, blog: ArticleRecord, entryId: string, pinned: boolean, now = new Date()): Promise<LiveEntryRecord> {
  const { db } = ctx;
  const entry = await getEntryOrThrow(db, blog.row.id, entryId);
  deny(ctx, "live_entries.pin", blog, entry);
  if (entry.pinned === pinned) return entry;
  if (pinned && (await entryCounts(db, blog.row.id)).pinned >= LIVE_LIMITS.pinned) throw pinnedFull();
  const at = now.toISOString();
  const after: LiveEntryRecord = { ...entry, pinned, updatedAt: at, updatedBy: ctx.actor.userId };
  const refs = await deskReferences(db, [entry.body], ctx.urls);
  const statements: Statement[] = [
    // Deleted, edited, published or unpublished since the read: the payloads below carry the entry
    // as read (a draft's text after an unpublish, the old text after an edit), so the batch fails
    // (409 version_conflict: reload and pin again) and nothing stale is announced.
    staleGuard(ctx, entryId, at, sql`deleted_at IS NOT NULL OR version <> ${entry.version} OR status <> ${entry.status}`),
    db.update(liveEntries).set({ pinned, updatedAt: at, updatedBy: ctx.actor.userId }).where(and(eq(liveEntries.id, entryId), isNull(liveEntries.deletedAt))),
    // Another pin landing meanwhile: the limit holds at commit, not only as read.
    ...(pinned ? [limitGuard(ctx, blog.row.id, pinnedOver(blog.row.id))] : []),
    audit(ctx, blog, pinned ? "live_entry.pin" : "live_entry.unpin", entryId, entry, after, now),
  ];
  const changeAt = statements.length;
  const publicType = entry.status === "published" ? (pinned ? "entry.pinned" : "entry.unpinned") : null;
  statements.push(...changeStatements(ctx, blog, { type: pinned ? "entry.pinned" : "entry.unpinned", publicType, entry: after }, refs, now));
  await commit(ctx, blog, entryId, statements, changeAt, async () => pinnedFull());
  return getEntryOrThrow(db, blog.row.id, entryId);
}

/** Soft delete: the row and its history stay for the newsroom and the audit log; readers lose it. */
export async function deleteEntry(ctx: LiveCtx, blog: ArticleRecord, entryId: string, expected: number | null, now = new Date()): Promise<void> {
  const { db } = ctx;
  const entry = await getEntryOrThrow(db, blog.row.id, entryId);
  deny(ctx, "live_entries.delete", blog, entry);
  const base = assertVersion(entry, expected, false);
  const at = now.toISOString();
  const after: LiveEntryRecord = { ...entry, pinned: false, version: base + 1, updatedAt: at, updatedBy: ctx.actor.userId, deletedAt: at, deletedBy: ctx.actor.userId };
  const statements: Statement[] = [
    db
      .update(liveEntries)
      .set({ pinned: false, version: after.version, updatedAt: at, updatedBy: ctx.actor.userId, deletedAt: at, deletedBy: ctx.actor.userId })
      .where(and(eq(liveEntries.id, entryId), eq(liveEntries.version, base), isNull(liveEntries.deletedAt))),
    revision(ctx, after, "delete", now),
    audit(ctx, blog, "live_entry.delete", entryId, entry, null, now),
  ];
  const changeAt = statements.length;
  const refs: DeskRefs = { cards: new Map(), mediaById: new Map() };
  statements.push(...changeStatements(ctx, blog, { type: "entry.deleted", publicType: entry.status === "published" ? "entry.deleted" : null, entry: after, deleted: true }, refs, now));
  await commit(ctx, blog, entryId, statements, changeAt);
}
