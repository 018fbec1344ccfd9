// Editorial use-cases for a published article's working copy (see working-copy.ts for the model)
// and the version poll an open editor makes. Takes a db and an actor; knows nothing of HTTP.
import { sql } from "drizzle-orm";
import type { Actor } from "../../auth/actor";
import { parseWorkingCopy, recordWithContent, workingCopyJson, type ArticleRecord, type UserRef } from "../../articles/load";
import type { DB } from "../../db/client";
import { notFound } from "../../lib/errors";
import { access, getArticleOrThrow } from "./service";
import { auditBy } from "../../audit/record";
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
  await publishWorkingCopy(db, actor.userId, rec, expected, { by: auditBy(actor), ...(opts.minor && { minor: true }) });
  return getArticleOrThrow(db, id);
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
