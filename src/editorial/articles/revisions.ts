// A story's history: its revisions listed, one read (D1 or its pack), and a restore (a draft takes
// it as a new version; a live story in its working copy). Split from service.ts.
import { and, desc, eq, sql } from "drizzle-orm";
import type { Actor } from "../../auth/actor";
import type { DB } from "../../db/client";
import { revisions, users } from "../../db/schema";
import { AppError, notFound } from "../../lib/errors";
import { sameContent, type ArticleContent } from "../../articles/content";
import { loadSnapshot } from "../../articles/snapshot-store";
import { findRevision, packedRevision, packedRevisions } from "../../articles/revision-packs";
import { recordWithContent, toSnapshot, type ArticleRecord } from "../../articles/load";
import { auditBy } from "../../audit/record";
import { liveVersionOf, pendingCopy, saveWorkingCopy, type Precondition } from "./working-copy";
import { access, assertVersion, commit, getArticleOrThrow } from "./service";

const revisionKey = (articleId: string, version: number) => and(eq(revisions.articleId, articleId), eq(revisions.version, version));

export async function listRevisions(db: DB, actor: Actor, id: string) {
  const rec = await getArticleOrThrow(db, id);
  access(actor, "revisions.read", rec);
  const inD1 = await db
    .select({
      id: revisions.id,
      version: revisions.version,
      action: revisions.action,
      createdBy: revisions.createdBy,
      createdAt: revisions.createdAt,
      restoredFrom: revisions.restoredFrom,
      authorName: users.name,
    })
    .from(revisions)
    .leftJoin(users, eq(users.id, revisions.createdBy))
    .where(eq(revisions.articleId, id))
    .orderBy(desc(revisions.version))
    .all();
  // Older versions the cron packed: after D1's (every packed version is below the ones D1 kept).
  const packed = await packedRevisions(db, id);
  if (!packed.length) return inD1;
  const names = await authorNames(db, packed.map((r) => r.createdBy));
  const older = packed
    .filter((r) => !inD1.some((d) => d.version === r.version))
    .sort((a, b) => b.version - a.version)
    .map((r) => ({ id: r.id, version: r.version, action: r.action, createdBy: r.createdBy, createdAt: r.createdAt, restoredFrom: r.restoredFrom, authorName: r.createdBy ? (names.get(r.createdBy) ?? null) : null }));
  return [...inD1, ...older].sort((a, b) => b.version - a.version);
}

/** Names of the users who wrote packed revisions (the D1 list joins users; a pack holds ids only). One statement. */
async function authorNames(db: DB, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (!wanted.length) return new Map();
  const rows = await db.all<{ id: string; name: string }>(sql`SELECT id, name FROM users WHERE id IN (SELECT value FROM json_each(${JSON.stringify(wanted)}))`);
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function getRevision(db: DB, actor: Actor, id: string, version: number) {
  const rec = await getArticleOrThrow(db, id);
  access(actor, "revisions.read", rec);
  const row = await db
    .select({ revision: revisions, authorName: users.name })
    .from(revisions)
    .leftJoin(users, eq(users.id, revisions.createdBy))
    .where(revisionKey(id, version))
    .get() ?? (await packedWithAuthor(db, id, version));
  if (!row) throw notFound("Revision");
  // The version as an article view (names of its section, people and tags as they are now), so a
  // client can show or diff it like any other version.
  const snapshot = await loadSnapshot(db, row.revision);
  const asRecord = await recordWithContent(db, rec, snapshot.content);
  return { ...row.revision, snapshot, authorName: row.authorName, asRecord };
}

/** A packed revision as getRevision's join gives a D1 one. */
async function packedWithAuthor(db: DB, id: string, version: number) {
  const revision = await packedRevision(db, id, version);
  if (!revision) return undefined;
  const names = await authorNames(db, [revision.createdBy]);
  return { revision, authorName: revision.createdBy ? (names.get(revision.createdBy) ?? null) : null };
}

/**
 * Restores a revision's content. A draft gets it as a new version; a published article gets it in
 * its working copy, so readers see nothing until someone updates the live story. The publication
 * state stays as it is now either way.
 */
export async function restoreRevision(db: DB, actor: Actor, id: string, version: number, expected: Precondition) {
  const rec = await getArticleOrThrow(db, id);
  access(actor, "revisions.restore", rec);
  const row = await findRevision(db, id, version);
  if (!row) throw notFound("Revision");
  const old = (await loadSnapshot(db, row)).content;
  const restoring = await assertStillThere(db, rec, old, version);
  if (rec.row.status === "published") {
    // Without a working copy there is nothing a restore could overwrite, so If-Match stays optional
    // as it is for drafts; an existing copy's ETag is required (someone's pending edits are in it).
    const pre = expected ?? (pendingCopy(rec) ? null : { kind: "live" as const, version: rec.row.version });
    await saveWorkingCopy(db, actor.userId, rec, {}, pre, { restoredFrom: version, content: old, by: auditBy(actor) });
    return { rec: await getArticleOrThrow(db, id), toWorkingCopy: true };
  }
  await assertVersion(db, rec, liveVersionOf(expected), false);
  const current = toSnapshot(rec);
  if (sameContent(old, current.content)) return { rec, toWorkingCopy: false };
  // The names assertStillThere read are those of the content restored: the answer needs no more.
  const saved = await commit(db, actor, rec, restoring, { content: old, state: current.state, action: "restore", restoredFrom: version, audit: auditBy(actor) });
  return { rec: saved, toWorkingCopy: false };
}

/**
 * A revision can name a section, people, tags or an image deleted since: restoring it would fail
 * later (or, into a working copy, at publish time) with a bare constraint error. Say which, now.
 */
async function assertStillThere(db: DB, rec: ArticleRecord, content: ArticleContent, version: number): Promise<ArticleRecord> {
  const as = await recordWithContent(db, rec, content);
  const gone = [
    ...(content.section_id && !as.section ? ["its section"] : []),
    ...(as.bylines.length < content.bylines.length ? [`${content.bylines.length - as.bylines.length} of its bylines`] : []),
    ...(as.tags.length < content.tag_ids.length ? [`${content.tag_ids.length - as.tags.length} of its tags`] : []),
    ...(content.featured_image && !as.featuredMedia ? ["its featured image"] : []),
  ];
  if (gone.length) {
    throw new AppError("conflict", `Version ${version} uses ${gone.join(", ")}, deleted since; restore a later version, or edit the story instead.`);
  }
  return as;
}

