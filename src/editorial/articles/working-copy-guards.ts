// The working copy's guards: what an If-Match names, the ETags, and the checks every copy write
// makes — in the request (409s that say what changed) and again inside its batch (the lock), so two
// writes from the same ETag cannot both land. The use-cases are in working-copy.ts.
import { and, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { changedFields, type ArticleContent } from "../../articles/content";
import { loadSnapshotOrNull } from "../../articles/snapshot-store";
import { findRevisionOrNull } from "../../articles/revision-packs";
import { toSnapshot, type ArticleRecord, type WorkingCopyRow } from "../../articles/load";
import type { DB } from "../../db/client";
import { articles, workingCopies } from "../../db/schema";
import { AppError } from "../../lib/errors";

/** What a client's If-Match names: the live article (`"6"`) or a working copy (`"6.3"`). */
export type Precondition = { kind: "live"; version: number } | { kind: "working_copy"; base: number; seq: number } | null;

/** The live article's version a precondition names (null: none sent); a working copy's ETag is not one. */
export function liveVersionOf(p: Precondition): number | null {
  if (p?.kind === "working_copy") {
    throw new AppError("validation_failed", "This is the live article: send its ETag, not a working copy's.", {
      errors: [{ path: "If-Match", message: "A working copy's ETag." }],
    });
  }
  return p?.version ?? null;
}

export type PendingCopy = WorkingCopyRow & { content: ArticleContent };

export const pendingCopy = (rec: ArticleRecord): PendingCopy | null =>
  rec.workingCopy?.content ? (rec.workingCopy as PendingCopy) : null;

export const workingCopyEtag = (wc: { baseVersion: number; seq: number }) => `"${wc.baseVersion}.${wc.seq}"`;

export const sameEtag = (p: Precondition, wc: PendingCopy) => p?.kind === "working_copy" && p.base === wc.baseVersion && p.seq === wc.seq;

/** 409 naming who saved what the client did not see, and the ETag to continue from. */
export function staleCopy(rec: ArticleRecord, wc: PendingCopy | null) {
  if (wc) {
    return new AppError("version_conflict", `${wc.updatedBy?.name ?? "Someone"} saved this working copy at ${wc.updatedAt}; your change was based on an earlier one.`, {
      current_etag: workingCopyEtag(wc),
      updated_by: wc.updatedBy,
      updated_at: wc.updatedAt,
      changed_fields: null,
    });
  }
  return new AppError("version_conflict", "No working copy has this ETag now: it was published or discarded meanwhile, or never existed. Start one from the live ETag.", {
    current_etag: `"${rec.row.version}"`,
    current_version: rec.row.version,
    updated_by: rec.current.updatedBy,
    updated_at: rec.row.updatedAt,
    changed_fields: null,
  });
}

/**
 * A statement that fails the batch (a duplicate working-copy key, which the constraint mapper
 * turns into 409 version_conflict) unless `ok` still holds when the batch runs: the check and
 * the write commit together, so two saves from the same ETag cannot both land.
 */
export function lock(db: DB, articleId: string, ok: SQL): BatchItem<"sqlite"> {
  // INSERT … SELECT must name every column in table order: the key, and placeholders for the rest
  // (never stored: the insert only ever fails).
  const filler = { baseVersion: sql<number>`0`, seq: sql<number>`0`, updatedAt: sql<string>`''` } as Record<string, SQL>;
  const columns = Object.fromEntries(
    Object.keys(getTableColumns(workingCopies)).map((key) => [key, key === "articleId" ? articles.id : (filler[key] ?? sql`NULL`).as(`lock_${key}`)]),
  );
  return db
    .insert(workingCopies)
    .select(db.select(columns).from(articles).where(and(eq(articles.id, articleId), sql`NOT (${ok})`)) as never);
}

export function assertPublished(rec: ArticleRecord) {
  if (rec.row.status !== "published") {
    throw new AppError("not_published", "Only a published article has a working copy to save or publish; a draft saves in place (PATCH the article).");
  }
}

/**
 * Empties the copy and moves its counter on: an ETag read before the discard or publish can then
 * no longer pass a save's lock (which compares the counter), so nothing is resurrected.
 */
export const clearCopy = (db: DB, articleId: string, baseVersion?: number) =>
  db
    .update(workingCopies)
    .set({
      content: null,
      restoredFrom: null,
      seq: sql`${workingCopies.seq} + 1`,
      publishAt: null,
      publishBy: null,
      publishNote: null,
      ...(baseVersion !== undefined && { baseVersion }),
    })
    .where(eq(workingCopies.articleId, articleId));

/** 409 for a working copy whose live article moved on: what changed there, so the editor can merge. */
export async function liveMoved(db: DB, rec: ArticleRecord, from: number) {
  const found = await findRevisionOrNull(db, rec.row.id, from);
  const before = found && (await loadSnapshotOrNull(db, found));
  return new AppError("version_conflict", `The live story is at version ${rec.row.version}; this change was based on version ${from}.`, {
    current_version: rec.row.version,
    your_version: from,
    current_etag: `"${rec.row.version}"`,
    changed_fields: before ? changedFields(before, toSnapshot(rec)) : null,
    updated_by: rec.current.updatedBy,
    updated_at: rec.row.updatedAt,
  });
}
