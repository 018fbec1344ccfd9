// Editorial use-cases for a published article's working copy (see working-copy.ts for the model)
// and the version poll an open editor makes. Takes a db and an actor; knows nothing of HTTP.
import { sql } from "drizzle-orm";
import type { Actor } from "../../auth/actor";
import { namesAll, parseWorkingCopy, recordWithContent, referencesOf, toSnapshot, withContent, workingCopyJson, type ArticleRecord, type UserRef } from "../../articles/load";
import type { DB } from "../../db/client";
import { notFound } from "../../lib/errors";
import { access, getArticleOrThrow } from "./service";
import { auditBy } from "../../audit/record";
import { afterSave } from "./saved-record";
import {
  discardWorkingCopy,
  pendingCopy,
  publishWorkingCopy,
  saveWorkingCopy,
  scheduleWorkingCopy,
  workingCopySummary,
  type Precondition,
  type SaveCopyInput,
} from "./working-copy";

export async function getWorkingCopy(db: DB, id: string) {
  // Every role reads every article (GET /articles/{id}); its pending changes are no more private.
  return workingCopyOf(db, await getArticleOrThrow(db, id));
}

/** A loaded article's working copy, with the record as it would read once published. */
export async function workingCopyOf(db: DB, rec: ArticleRecord) {
  const wc = pendingCopy(rec);
  if (!wc) throw notFound("Working copy");
  return { rec, wc, asRecord: await recordWithContent(db, rec, wc.content) };
}

export async function putWorkingCopy(db: DB, actor: Actor, id: string, input: SaveCopyInput, expected: Precondition) {
  const rec = await getArticleOrThrow(db, id);
  access(actor, "articles.update", rec);
  await saveWorkingCopy(db, actor.userId, rec, input, expected, { by: auditBy(actor) });
  return getWorkingCopy(db, id);
}

export async function deleteWorkingCopy(db: DB, actor: Actor, id: string, expected: Precondition) {
  const rec = await getArticleOrThrow(db, id);
  access(actor, "articles.update", rec);
  await discardWorkingCopy(db, rec, expected, auditBy(actor));
}

export async function publishCopy(db: DB, actor: Actor, id: string, expected: Precondition, opts: { minor?: boolean } = {}) {
  const rec = await getArticleOrThrow(db, id);
  access(actor, "articles.update", rec);
  const now = new Date();
  const version = await publishWorkingCopy(db, actor.userId, rec, expected, { now, by: auditBy(actor), ...(opts.minor && { minor: true }) });
  // publishWorkingCopy checked there is a copy. When the live story already names everything the
  // copy points at (an edit of its text, say), the answer is built from what was written; a copy
  // naming a new tag, person or image is answered by reading the story back instead.
  const wc = pendingCopy(rec)!;
  const refs = referencesOf(rec);
  if (!namesAll(refs, wc.content)) return getArticleOrThrow(db, id);
  const by = { id: actor.userId, name: actor.name };
  const saved = afterSave(withContent(rec, wc.content, refs), { state: toSnapshot(rec).state, version, at: now.toISOString(), by, action: "update_live", minor: opts.minor });
  // The write emptied the copy and moved its counter on (clearCopy).
  return { ...saved, workingCopy: { ...wc, content: null, restoredFrom: null, seq: wc.seq + 1, publishAt: null, publishNote: null, baseVersion: version } };
}

export async function scheduleCopy(db: DB, actor: Actor, id: string, at: string | null, expected: Precondition) {
  const rec = await getArticleOrThrow(db, id);
  access(actor, "articles.update", rec);
  await scheduleWorkingCopy(db, actor.userId, rec, expected, at, new Date(), auditBy(actor));
  return getWorkingCopy(db, id);
}

/** The cheap answer an open editor polls: has anyone saved since I loaded? One small statement. */
export async function versionSummary(db: DB, id: string) {
  const row = await db.get<{ version: number; updated_at: string; status: string; by: string | null; wc: string | null }>(sql`SELECT a.version, a.updated_at, a.status,
    (SELECT json_object('id', u.id, 'name', u.name) FROM users u WHERE u.id = a.updated_by) AS by,
    ${workingCopyJson(sql`a.id`, { content: false })} AS wc
    FROM articles a WHERE a.id = ${id}`);
  if (!row) throw notFound("Article");
  const wc = parseWorkingCopy(row.wc);
  return {
    version: row.version,
    updated_at: row.updated_at,
    updated_by: row.by ? (JSON.parse(row.by) as UserRef) : null,
    status: row.status,
    working_copy: wc?.pending ? workingCopySummary(wc) : null,
  };
}
