// Internal notes on a story: threads (a root note and its replies, one level), optionally anchored to
// a passage of the body, resolvable. Workflow metadata outside the versioned content: a note never
// bumps the article's version nor the public content version, and nothing public reads this table.
// Takes a db, an actor and the story's record (the route loads it: this module depends on nothing
// editorial); knows nothing of HTTP. Every write is one batch with its audit entry.
import { and, asc, eq, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { Actor } from "../auth/actor";
import { allowed } from "../auth/permission-table";
import { auditBy, auditEntry, auditEntryIf, type AuditInput } from "../audit/record";
import type { AuditAction } from "../audit/actions";
import { changedRows, runBatch } from "../db/batch";
import type { DB } from "../db/client";
import { articleNotes, users } from "../db/schema";
import { toContent, type ArticleRecord } from "../articles/load";
import { AppError, notFound } from "../lib/errors";
import { newId } from "../lib/ids";
import { anchorText, prepareText, type AnchorNode, type PreparedText, type TextQuoteAnchor } from "./anchor";

export type NoteRow = typeof articleNotes.$inferSelect;
export interface UserRef {
  id: string;
  name: string;
}
/** A note with the names of the people on it (never their emails). */
export type NoteRecord = NoteRow & { author: UserRef | null; resolver: UserRef | null };

/** A story has at most this many notes listed: far more than a desk writes on one story. */
export const LIST_LIMIT = 1000;

/**
 * The text anchors resolve against: the body the editor shows, i.e. the working copy's pending
 * changes when there are some, else the story as saved. Prepared once for all of a story's notes.
 */
export function currentBodyText(rec: ArticleRecord): PreparedText {
  const body = rec.workingCopy?.content?.body ?? toContent(rec).body;
  return prepareText(anchorText(body as unknown as AnchorNode).text);
}

const resolver = alias(users, "resolver");
const selection = {
  note: articleNotes,
  authorId: users.id,
  authorName: users.name,
  resolverId: resolver.id,
  resolverName: resolver.name,
};

type Selected = { note: NoteRow; authorId: string | null; authorName: string | null; resolverId: string | null; resolverName: string | null };
const toRecord = (r: Selected): NoteRecord => ({
  ...r.note,
  author: r.authorId ? { id: r.authorId, name: r.authorName ?? "" } : null,
  resolver: r.resolverId ? { id: r.resolverId, name: r.resolverName ?? "" } : null,
});

const base = (db: DB) =>
  db.select(selection).from(articleNotes).leftJoin(users, eq(users.id, articleNotes.authorId)).leftJoin(resolver, eq(resolver.id, articleNotes.resolvedBy));

export interface Thread {
  root: NoteRecord;
  replies: NoteRecord[];
}

/** Threads oldest first, each with its replies oldest first; `resolved` filters on the thread's state. */
export async function listThreads(db: DB, rec: ArticleRecord, opts: { resolved?: boolean | undefined }): Promise<Thread[]> {
  const articleId = rec.row.id;
  const rows = (await base(db).where(eq(articleNotes.articleId, articleId)).orderBy(asc(articleNotes.createdAt), asc(articleNotes.id)).limit(LIST_LIMIT).all()).map(toRecord);
  const byRoot = new Map<string, Thread>();
  for (const n of rows) if (n.parentId === null) byRoot.set(n.id, { root: n, replies: [] });
  for (const n of rows) if (n.parentId !== null) byRoot.get(n.parentId)?.replies.push(n);
  let threads = [...byRoot.values()];
  if (opts.resolved !== undefined) threads = threads.filter((t) => (t.root.resolvedAt !== null) === opts.resolved);
  return threads;
}

async function findNote(db: DB, articleId: string, noteId: string): Promise<NoteRecord> {
  const found = await base(db)
    .where(and(eq(articleNotes.id, noteId), eq(articleNotes.articleId, articleId)))
    .get();
  if (!found) throw notFound("Note");
  return toRecord(found);
}

const entry = (actor: Actor, action: AuditAction, note: { id: string; articleId: string }, summary: Record<string, unknown>, now: Date): AuditInput => ({
    ...auditBy(actor),
    action,
    target: { type: "note", id: note.id, label: `on ${note.articleId}` },
    // Ids, lengths and states only: a note's words stay in the newsroom's notes, not in the log.
    summary: { after: { article_id: note.articleId, ...summary } },
    now,
  });
const audit = (db: DB, ...args: Parameters<typeof entry>) => auditEntry(db, entry(...args));
/** Recorded only if the statement just before it changed a row (a guarded write that may find nothing). */
const auditIf = (db: DB, ...args: Parameters<typeof entry>) => auditEntryIf(db, entry(...args));

const noSuchParent = () => new AppError("validation_failed", "No such note on this story.", { errors: [{ path: "parent_id", message: "Reply to a note of this story." }] });

export interface CreateNote {
  body: string;
  anchor?: TextQuoteAnchor | undefined;
  parent_id?: string | undefined;
}

export async function createNote(db: DB, actor: Actor, rec: ArticleRecord, input: CreateNote, now = new Date()): Promise<NoteRecord> {
  const articleId = rec.row.id;
  if (input.parent_id !== undefined) {
    if (input.anchor) throw new AppError("validation_failed", "A reply is anchored by its thread.", { errors: [{ path: "anchor", message: "Replies carry no anchor: the thread's first note does." }] });
    const parent = await db.select({ parentId: articleNotes.parentId }).from(articleNotes).where(and(eq(articleNotes.id, input.parent_id), eq(articleNotes.articleId, articleId))).get();
    if (!parent) throw noSuchParent();
    if (parent.parentId !== null) throw new AppError("validation_failed", "Threads are one level deep.", { errors: [{ path: "parent_id", message: "Reply to the thread's first note, not to a reply." }] });
  }
  const at = now.toISOString();
  const row: NoteRow = {
    id: newId("note"),
    articleId,
    parentId: input.parent_id ?? null,
    authorId: actor.userId,
    body: input.body,
    anchor: input.anchor ? { quote: input.anchor.quote, prefix: input.anchor.prefix, suffix: input.anchor.suffix } : null,
    resolvedAt: null,
    resolvedBy: null,
    createdAt: at,
    updatedAt: at,
  };
  const summary = { parent_id: row.parentId, length: row.body.length, anchored: row.anchor !== null };
  if (row.parentId === null) {
    await db.batch([db.insert(articleNotes).values(row), audit(db, actor, "note.create", row, summary, now)]);
  } else {
    // A reply is written only if its thread still exists as the statement runs: the thread may be
    // deleted after the check above, and a reply must never outlive it (orphaned, shown nowhere).
    const [inserted] = await runBatch(db, [
      db.insert(articleNotes).select(
        sql`SELECT ${row.id}, ${articleId}, ${row.parentId}, ${row.authorId}, ${row.body}, NULL, NULL, NULL, ${at}, ${at}
          WHERE EXISTS (SELECT 1 FROM article_notes p WHERE p.id = ${row.parentId} AND p.article_id = ${articleId} AND p.parent_id IS NULL)`,
      ),
      auditIf(db, actor, "note.create", row, summary, now),
    ]);
    if (changedRows(inserted) === 0) throw noSuchParent();
  }
  return { ...row, author: { id: actor.userId, name: actor.name }, resolver: null };
}

/** Only a note's author changes its words: an editor may delete a note, never put words in someone's mouth. */
export async function updateNote(db: DB, actor: Actor, rec: ArticleRecord, noteId: string, body: string, now = new Date()): Promise<NoteRecord> {
  const articleId = rec.row.id;
  const note = await findNote(db, articleId, noteId);
  if (note.authorId !== actor.userId) throw new AppError("forbidden", "Only its author may change a note's text.");
  const at = now.toISOString();
  await db.batch([
    db.update(articleNotes).set({ body, updatedAt: at }).where(eq(articleNotes.id, noteId)),
    audit(db, actor, "note.update", note, { length_before: note.body.length, length: body.length }, now),
  ]);
  return { ...note, body, updatedAt: at };
}

/**
 * Resolution belongs to a thread: it is kept on the root note, and resolving or reopening a reply
 * acts on its thread. Doing it again changes nothing (and records nothing). Answers with the thread's
 * first note, which carries the state, whichever note was named: a reply's own resolved_at stays null.
 */
export async function setResolved(db: DB, actor: Actor, rec: ArticleRecord, noteId: string, resolved: boolean, now = new Date()) {
  const articleId = rec.row.id;
  const named = await findNote(db, articleId, noteId);
  const root = named.parentId === null ? named : await findNote(db, articleId, named.parentId);
  if ((root.resolvedAt !== null) !== resolved) {
    const at = now.toISOString();
    await db.batch([
      db.update(articleNotes).set({ resolvedAt: resolved ? at : null, resolvedBy: resolved ? actor.userId : null }).where(eq(articleNotes.id, root.id)),
      audit(db, actor, resolved ? "note.resolve" : "note.reopen", root, { resolved }, now),
    ]);
  }
  return { note: await findNote(db, articleId, root.id), rootId: root.id };
}

/** Your own note, or anyone's for editors. Deleting a thread's first note deletes the thread. */
export async function deleteNote(db: DB, actor: Actor, rec: ArticleRecord, noteId: string, now = new Date()): Promise<void> {
  const articleId = rec.row.id;
  const note = await findNote(db, articleId, noteId);
  const editor = allowed(actor.role, "notes.moderate");
  if (!editor && note.authorId !== actor.userId) throw new AppError("forbidden", "Only editors may delete someone else's note.");
  let replies = 0;
  if (note.parentId === null) {
    const rows = await db.select({ authorId: articleNotes.authorId }).from(articleNotes).where(eq(articleNotes.parentId, noteId)).all();
    replies = rows.length;
    // A thread holds other people's words too: taking those down is an editor's call.
    if (!editor && rows.some((r) => r.authorId !== actor.userId)) throw new AppError("forbidden", "Only editors may delete a thread with other people's replies.");
  }
  // Guarded in the statement too: a reply by someone else may arrive after the read above, and only
  // an editor may take other people's words down with the thread.
  const othersReplied = sql`EXISTS (SELECT 1 FROM article_notes r WHERE r.parent_id = ${noteId} AND r.author_id IS NOT ${actor.userId})`;
  const [deleted] = await runBatch(db, [
    db.delete(articleNotes).where(and(eq(articleNotes.articleId, articleId), or(eq(articleNotes.id, noteId), eq(articleNotes.parentId, noteId)), ...(editor ? [] : [sql`NOT ${othersReplied}`]))),
    auditIf(db, actor, "note.delete", note, { parent_id: note.parentId, replies_deleted: replies, own: note.authorId === actor.userId }, now),
  ]);
  if (changedRows(deleted) > 0) return;
  await findNote(db, articleId, noteId); // gone meanwhile: 404
  throw new AppError("forbidden", "Only editors may delete a thread with other people's replies.");
}
