// What holds a story back from readers besides its status: its embargo. A small module of its own so
// the service (which offers "lift embargo") and the embargo use-cases (which set and lift it) share
// the one rule without importing each other.
import { sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { ArticleRecord } from "../../articles/load";
import type { DB } from "../../db/client";
import { revisions } from "../../db/schema";
import { newId } from "../../lib/ids";

/** The embargo still holding the story at `now`, or null. */
export function activeEmbargo(rec: ArticleRecord, now = new Date()): string | null {
  const until = rec.row.embargoedUntil;
  return until && until > now.toISOString() ? until : null;
}

/**
 * Published under an embargo and waiting only for it: status `scheduled` with its schedule (the
 * publish click) already past. Publishing it again would change nothing; it goes public, and is
 * dated, when the embargo ends.
 */
export function heldByEmbargo(rec: ArticleRecord, now = new Date()): string | null {
  return scheduleReached(rec, now) ? activeEmbargo(rec, now) : null;
}

/** Scheduled, and its schedule has come: only an embargo (if any) still holds it back. */
export function scheduleReached(rec: ArticleRecord, now = new Date()): boolean {
  const r = rec.row;
  return r.status === "scheduled" && !!r.scheduledAt && r.scheduledAt <= now.toISOString();
}

/**
 * The last statement of a batch that makes a story public: it fails the batch (a second revision
 * `version`, which the constraint mapper answers 409 version_conflict) if an embargo is running
 * when the batch commits. The publish decided on a read that saw none; a colleague may have set one
 * since (setting one changes no version, so nothing else would notice), and a published story
 * would then never honour it. Placed after a lift's own clearing of the embargo, which it passes.
 */
export function noRunningEmbargo(db: DB, articleId: string, version: number, now: Date): BatchItem<"sqlite"> {
  const at = now.toISOString();
  return db.insert(revisions).select(
    sql`SELECT ${newId("rev")}, ${articleId}, ${version}, '{}', NULL, 'embargo_guard', NULL, ${at}, NULL WHERE EXISTS (SELECT 1 FROM articles WHERE id = ${articleId} AND embargoed_until > ${at})`,
  );
}
