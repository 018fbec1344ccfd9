// The search index's rows and the excerpt readers see, as the save computes them (migration 0018,
// docs/design/search-text-out.md). articles_fts is contentless: it keeps terms and positions but no
// text, and no column of articles holds the body's plain text any more, so nothing in SQL can fill
// it. Every writer of an article's text puts its row in the index in the same batch (writeArticle;
// the import's publish, src/editorial/export/staging.ts); a delete trigger takes it out (any
// DELETE of an article, trash and purge included); reindexArticles remakes rows from the bodies
// (POST /search-index/rebuild). Each writes through search_index_in (migration 0022), whose trigger
// also adds the text's words to search_terms, which readers' search expands its last word from.
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { bodyToPlainText } from "../body/plain-text";
import { resolveBody } from "./body-store";
import type { DB } from "../db/client";
import { articles } from "../db/schema";
import { rawRun } from "../ghost/import/raw";
import { storedBodyColumns } from "../body/stored-html-pack";

/** What articles_fts indexes of one article: the columns readers' and editors' searches match. */
export interface SearchText {
  headline: string;
  summary: string | null;
  bodyText: string;
}

/**
 * The article's row in the index, written with its text through search_index_in (migration 0022),
 * whose trigger writes articles_fts (REPLACE: contentless_delete drops the old row's terms first) and
 * adds the text's words to search_terms, which readers' search expands its last word from
 * (src/articles/search-match.ts): every token the index holds is there. One statement.
 * `onlyIfChangedFrom`: the body's stored JSON as this write leaves it; the statement then runs before
 * the article's UPDATE and indexes only when the headline, summary or body differ from the row as it
 * was, so a publish or a stage move adds nothing to the index (each replaced row adds to it until
 * FTS5 merges segments). Without it (a new row), after the INSERT.
 */
export function indexArticleText(db: DB, articleId: string, t: SearchText, o: { onlyIfChangedFrom?: string; atVersion?: number } = {}) {
  const { onlyIfChangedFrom, atVersion } = o;
  const changed: SQL = onlyIfChangedFrom === undefined ? sql`` : sql` AND (headline IS NOT ${t.headline} OR summary IS NOT ${t.summary} OR body IS NOT ${onlyIfChangedFrom})`;
  // The rebuild's: only while the article is still at the version its text was read from, so a
  // save in between (which indexed its own, newer text) is not overwritten with the older one.
  const current: SQL = atVersion === undefined ? sql`` : sql` AND version = ${atVersion}`;
  return rawRun(
    db,
    sql`INSERT INTO search_index_in (search_id, headline, summary, body_text) SELECT search_id, ${t.headline}, ${t.summary}, ${t.bodyText} FROM articles WHERE id = ${articleId} AND search_id IS NOT NULL${changed}${current}`,
  );
}

/** Characters of the excerpt Ghost's API shows (`excerpt` of a post without a custom one): String.slice units. */
export const GHOST_EXCERPT_UNITS = 500;
/** src/public/feed-item.ts FEED_EXCERPT_CHARS (tests/unit/stored-excerpt.test.ts holds them equal): code points once whitespace is collapsed. */
export const EXCERPT_FEED_CHARS = 300;

/** Whether readers see the body's text in place of this summary (feedDescription, Ghost's excerpt). */
export const needsExcerpt = (summary: string | null) => summary === null || summary.trim() === "";

/**
 * articles.excerpt_text: the shortest opening of the plain text from which both readers of it give
 * what the whole text gives: Ghost's `excerpt` (its first 500 UTF-16 units) and a feed's description
 * (excerpt() of it: the first 300 code points of the text with whitespace collapsed, and whether more
 * follows, so at least 301 of them). Never ends inside a surrogate pair. Null for a story with a
 * summary: no reader sees its text.
 */
export function storedExcerpt(summary: string | null, plainText: string): string | null {
  if (!needsExcerpt(summary)) return null;
  let cut = Math.min(plainText.length, GHOST_EXCERPT_UNITS);
  while (cut < plainText.length && Array.from(plainText.slice(0, cut).replace(/\s+/gu, " ").trim()).length <= EXCERPT_FEED_CHARS) cut += 100;
  cut = Math.min(cut, plainText.length);
  // A high surrogate at the end would be stored as U+FFFD: take its pair along.
  if (cut < plainText.length && /[\uD800-\uDBFF]/.test(plainText[cut - 1] ?? "")) cut++;
  return plainText.slice(0, cut);
}

/** At most this many articles a call: two statements each and one for the range, within D1's 50 queries a request. */
export const REINDEX_MAX = 20;

/**
 * The rebuild path: the next `limit` articles after search_id `after`, each re-indexed from its
 * body (its row in articles_fts replaced), its excerpt derived again, and its stored body compressed
 * when it is still text (saved before migration 0018, or imported) or missing. Each article's UPDATE
 * holds only while its version is the one read, so a save in between wins. Call again with
 * `nextAfter` until it is null. For an index that drifted (a bug, a hand edit), and to compress old
 * rows without waiting for their next save.
 */
export async function reindexArticles(db: DB, after: number, limit: number): Promise<{ reindexed: number; nextAfter: number | null }> {
  const rows = await db.all<{ id: string; search_id: number; version: number; headline: string; summary: string | null; body: string; body_key: string | null; packed: number }>(
    sql`SELECT id, search_id, version, headline, summary, body, body_key, body_html_z IS NOT NULL AS packed FROM articles WHERE search_id > ${after} ORDER BY search_id LIMIT ${limit}`,
  );
  if (!rows.length) return { reindexed: 0, nextAfter: null };
  // A cold story's body is in R2 (src/scheduled/archive-bodies.ts): its row holds only a marker.
  const bodies = await Promise.all(rows.map((r) => resolveBody(db, { body: r.body, bodyKey: r.body_key })));
  const statements: BatchItem<"sqlite">[] = rows.flatMap((r, i) => {
    const body = bodies[i]!;
    const text = bodyToPlainText(body);
    // A cold story keeps no rendering in D1 (src/scheduled/archive-bodies.ts): none is made here either.
    const stored = r.packed || r.body_key !== null ? {} : storedBodyColumns(body);
    return [
      indexArticleText(db, r.id, { headline: r.headline, summary: r.summary, bodyText: text }, { atVersion: r.version }),
      db.update(articles).set({ excerptText: storedExcerpt(r.summary, text), ...stored }).where(and(eq(articles.id, r.id), eq(articles.version, r.version))),
    ];
  });
  // The editors' substring index (articles_trgm, migration 0023) is kept by triggers on articles; a
  // drifted one is remade here too, for the same range, from the columns themselves (one statement).
  statements.push(
    rawRun(db, sql`INSERT OR REPLACE INTO articles_trgm (rowid, headline, summary, slug) SELECT search_id, headline, summary, slug FROM articles WHERE search_id > ${after} AND search_id <= ${rows.at(-1)!.search_id}`),
  );
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return { reindexed: rows.length, nextAfter: rows.length < limit ? null : rows.at(-1)!.search_id };
}
