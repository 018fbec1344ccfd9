// What holds a story back from readers besides its status: its embargo. A small module of its own so
// the service (which offers "lift embargo") and the embargo use-cases (which set and lift it) share
// the one rule without importing each other.
import type { ArticleRecord } from "../../articles/load";

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
  const r = rec.row;
  return r.status === "scheduled" && !!r.scheduledAt && r.scheduledAt <= now.toISOString() ? activeEmbargo(rec, now) : null;
}
