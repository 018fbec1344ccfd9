// The editors' `?q=` list (every status, newest change first), at a cost that does not grow with the
// archive (issue 17; docs/design/editor-search.md). A story matches as it always has: q is a
// substring of its headline, summary or slug (LIKE: ASCII case-insensitive), or its body's words
// hold q's words, the last one as a prefix (articles_fts, readers' index). What changed is how the
// matches are found:
// - the substring through articles_trgm (migration 0023): the AND of q's trigrams gives a superset of
//   the stories holding it, and each candidate's own LIKE decides;
// - the words through articles_fts, the last word expanded as readers' search does (ftsMatch), its
//   newest matches read once, at most WORDS_WINDOW.
// Both indexes answer in search_id order, the list wants last change first. When both give few
// matches (a rare word, a word on no story), the statement sorts those stories: it costs what the
// matches cost. When either gives many, the list's own walk (articles_updated_idx, newest change
// first) finds a page of them soon, each story tested against the words' newest matches. Which
// branch runs is decided once; the other's LIMIT is 0 and it reads nothing. A substring under 3
// characters has no trigram: it walks, as before.
import { desc, eq, sql, type SQL } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/sqlite-core";
import type { DB } from "../db/client";
import { articles, media, sections } from "../db/schema";
import { decodeCursor, isDateKey } from "../lib/cursor";
import { likeContains } from "../lib/like";
import { ftsMatch } from "./search-match";

const raw = (n: number) => sql.raw(String(n));

/**
 * At most this many matches of each index are read to choose a branch, and sorted when they are
 * few. Few means: the walk would read more stories than the sort. The walk reads about
 * limit × N / matches stories (one in N / matches is a match), the sort reads every match: the
 * matches are sorted when matches² ≤ limit × N (N: the highest search_id, about the stories ever
 * written). ~150 matches at 1,000 stories, ~1,450 at 100,000, this cap beyond.
 */
const MAX_SORTED = 2000;
/**
 * The trigram index's query for substring `q`: the AND of trigrams covering it (every third one and
 * the last), each quoted (a `"` doubled). Null under 3 characters (code points, as the tokenizer
 * counts them): no trigram to look up. Null too for a q holding U+0000: FTS5 reads its query only up
 * to one ("unterminated string"), and SQLite's LIKE reads its pattern as a C string (`%\0ab%` is
 * `%`, every story), so only the walk answers such a q as the list always has. The index folds case
 * (Unicode) and LIKE only ASCII, so the index finds a superset; the LIKE decides.
 */
export function trigramMatch(q: string): string | null {
  if (q.includes("\u0000")) return null;
  const chars = Array.from(q);
  const usable: string[] = [];
  for (let i = 0; i + 3 <= chars.length; i++) usable.push(chars.slice(i, i + 3).join(""));
  if (!usable.length) return null;
  const cover = new Set(usable.filter((_, i) => i % 3 === 0));
  cover.add(usable.at(-1)!);
  return [...cover].map((g) => `"${g.replace(/"/g, '""')}"`).join(" AND ");
}

/** q as a substring of the article's headline, summary or slug (the LIKE the list always used). */
const substringMatch = (q: string): SQL => sql`(${likeContains(articles.headline, q)} OR ${likeContains(articles.summary, q)} OR ${likeContains(articles.slug, q)})`;

/** The walk reads this many of the words' newest matches once, and tests newer stories against them. */
const WORDS_WINDOW = 2048;
// The sort branch takes the words' newest matches as all of them when they are at most the bound:
// true only while the bound stays under the window.
if (MAX_SORTED >= WORDS_WINDOW) throw new Error("editor-search: MAX_SORTED must stay under WORDS_WINDOW");

/**
 * The body's words tested on the article being read, given the words' newest matches (`newest`: at
 * most WORDS_WINDOW, `oldest`: the lowest of them, 0 when they are all there are): a story at least
 * that new is looked up in that short list, an older one (changed lately) in the whole match list,
 * which SQLite builds once, on the first such story. No per-story probe of the index: each costs
 * ~0.1 ms at 100,000 articles (FTS5 opens every segment's posting list).
 */
const wordsTest = (match: SQL, newest: SQL, oldest: SQL) =>
  sql`CASE WHEN "articles"."search_id" >= ${oldest} THEN "articles"."search_id" IN ${newest} ELSE "articles"."search_id" IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${match}) END`;
const newestWords = (match: SQL) => sql`(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${match} ORDER BY rowid DESC LIMIT ${raw(WORDS_WINDOW)})`;
const oldestOf = (newest: SQL) => sql`(SELECT CASE WHEN count(*) < ${raw(WORDS_WINDOW)} THEN 0 ELSE min(rowid) END FROM ${newest})`;

/**
 * Under this many stories ever written (the highest search_id), the editors' list with q takes the
 * plain walk (wholeListMatch): its newest-change-first walk tests each story's LIKE and the words'
 * whole match list, built once. At that size the list is short and the walk is short, and the
 * indexes' statement costs more than it saves (its CTEs, the words' newest matches materialised and
 * indexed again, the branch decision: 1.8 against 1.0 ms at 1,000 stories for common words in
 * node:sqlite). A word on no story walks every row: ~4 µs each, under ~8 ms at this bound.
 */
export const SMALL_ARCHIVE = 2048;
/**
 * The highest search_id the isolate has seen in an editors' search (archiveTop), or null: the plan
 * for the next one. Both plans answer alike (what matches and in which order); only the cost
 * differs, so a stale value costs time, never a wrong answer. A new isolate takes the indexes' plan
 * until it knows.
 */
let seenTop: number | null = null;
export const smallArchive = (): boolean => seenTop !== null && seenTop < SMALL_ARCHIVE;
/** The column every editors' search page carries, read by noteArchiveTop: one probe of the index's end. */
export const archiveTop = sql<number | null>`(SELECT max("search_id") FROM "articles")`.as("archive_top");
export function noteArchiveTop(top: unknown): void {
  if (typeof top === "number") seenTop = top;
}

/**
 * q on the article being read, with the words' whole match list (built once per statement): the
 * plain walk's test, for small archives (SMALL_ARCHIVE).
 */
export function wholeListMatch(q: string): SQL {
  const words = ftsMatch(q);
  if (words === null) return substringMatch(q);
  return sql`(${substringMatch(q)} OR "articles"."search_id" IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${words}))`;
}

/**
 * q matched on the article being read: its substring, or its words. For statements that read few
 * articles (a collection, an editor's short tag or contributor list); the list's own walk is
 * editorSearchIds.
 */
export function editorMatch(q: string): SQL {
  const words = ftsMatch(q);
  if (words === null) return substringMatch(q);
  const match = sql`${words}`;
  const newest = newestWords(match);
  return sql`(${substringMatch(q)} OR ${wordsTest(match, newest, oldestOf(newest))})`;
}

/**
 * How many matches are few enough to sort for a page of `limit` rows. The walk reads about
 * limit × N / matches stories (one in N / matches is a match), the sort every match: they are sorted
 * when matches² ≤ limit × N, N the highest search_id (about the stories ever written). So about
 * √(limit × N), in powers of two (SQLite may lack sqrt), at most MAX_SORTED: 128 at 1,000 stories,
 * 1,024 at 100,000. Each index is read only that far to decide.
 */
function sortedBound(limit: number): SQL {
  const steps: string[] = [];
  for (let b = 16; b < MAX_SORTED; b *= 2) steps.push(` WHEN n < ${(b * 2) ** 2} THEN ${b}`);
  return sql.raw(`SELECT CASE${steps.join("")} ELSE ${MAX_SORTED} END FROM (SELECT ${limit} * coalesce(max(search_id), 0) AS n FROM articles)`);
}

const ORDER = sql.raw(`ORDER BY "articles"."updated_at" DESC, "articles"."id" DESC`);
/**
 * The ids of the page's articles (limit rows, last change first), as a subquery for the page
 * statement to join. `where`: the filters and the cursor, on `articles`. Two branches, each cut at
 * `limit`; the LIMIT of the one not taken is 0, which SQLite checks before reading anything:
 * - few matches (each index's at most sortedBound): both lists' stories by search_id, tested (their
 *   LIKE, unless the words found them) and filtered, and sorted;
 * - many: the walk of articles_updated_idx, each story tested: its LIKE, then its words (wordsTest).
 * q's words' MATCH and their newest matches are each in the statement once (CTEs); its LIKE pattern
 * is bound at each use (read from a CTE per row it cost more).
 * Few or many is judged by the trigram index's candidates, not by the LIKE's matches: a q whose
 * trigrams are each common but which, whole, is on few stories (a typo across two words) walks.
 */
export function editorSearchIds(q: string, where: SQL[], limit: number): SQL {
  // The filters first: SQLite tests a row's terms in this order, and a status or section refuses most
  // rows for less than the LIKEs cost.
  const filters = where.length ? sql.join(where.map((w) => sql`${w} AND `)) : sql``;
  const tri = trigramMatch(q);
  const words = ftsMatch(q);
  const likes = substringMatch(q);
  const withs: SQL[] = [];
  if (words !== null) {
    withs.push(sql`wq(m) AS MATERIALIZED (SELECT ${words})`);
    withs.push(sql`wn(r) AS MATERIALIZED ${newestWords(sql.raw("(SELECT m FROM wq)"))}`);
    withs.push(sql.raw(`lo(r) AS MATERIALIZED (SELECT CASE WHEN count(*) < ${WORDS_WINDOW} THEN 0 ELSE min(r) END FROM wn)`));
  }
  const walkTest = words === null ? likes : sql`${likes} OR ${wordsTest(sql.raw("(SELECT m FROM wq)"), sql.raw("wn"), sql.raw("(SELECT r FROM lo)"))}`;
  const walk = sql`SELECT "articles"."id" FROM "articles" WHERE ${filters}(${walkTest}) ${ORDER}`;
  const L = raw(limit);
  // Without trigrams (under 3 characters) the substring has no index: the walk finds every match, as before.
  if (tri === null) return sql`${withs.length ? sql`WITH ${sql.join(withs, sql`, `)} ` : sql``}${walk} LIMIT ${L}`;
  withs.push(sql`bound(n) AS MATERIALIZED (${sortedBound(limit)})`);
  withs.push(sql`t(r) AS MATERIALIZED (SELECT rowid FROM articles_trgm WHERE articles_trgm MATCH ${tri} LIMIT (SELECT n + 1 FROM bound))`);
  // The words' count first (read anyway, for the walk): when they are many, the trigrams are not read.
  const fewWords = words === null ? "" : "WHEN (SELECT count(*) FROM wn) > n THEN 0 ";
  withs.push(sql.raw(`few(yes) AS MATERIALIZED (SELECT CASE ${fewWords}WHEN (SELECT count(*) FROM t) > n THEN 0 ELSE 1 END FROM bound)`));
  const matches = sql.raw(words === null ? "t" : "(SELECT r FROM t UNION SELECT r FROM wn)");
  // A candidate from the words' list matches; one from the trigrams' only if its LIKE does.
  const listed = words === null ? likes : sql`"articles"."search_id" IN wn OR ${likes}`;
  const take = (taken: boolean) => sql.raw(`LIMIT (SELECT CASE WHEN ${taken ? "yes" : "NOT yes"} THEN ${limit} ELSE 0 END FROM few)`);
  return sql`WITH ${sql.join(withs, sql`, `)} SELECT id FROM (SELECT "articles"."id" FROM ${matches} AS m CROSS JOIN "articles" WHERE "articles"."search_id" = m.r AND ${filters}(${listed}) ${ORDER} ${take(true)}) UNION ALL SELECT id FROM (${walk} ${take(false)})`;
}

/**
 * The editors' list with q: the page's ids from editorSearchIds (the few matches sorted, or the
 * walk), then each article by primary key with its fields, in the list's order (last change first)
 * and with its cursor, exactly as the walk without q. `where`: the list's conditions without q
 * (articleConditions in query.ts), to which the cursor is added here.
 */
export function editorSearchStatement(db: DB, fields: SelectedFields, q: { q?: string | undefined; cursor?: string | undefined; limit: number }, where: SQL[]) {
  if (q.cursor) {
    const c = decodeCursor(q.cursor, isDateKey);
    where.push(sql`(${articles.updatedAt}, ${articles.id}) < (${c.key}, ${c.id})`);
  }
  const pick = sql`(${editorSearchIds(q.q!, where, q.limit + 1)}) AS pick`;
  return db
    .select({ ...fields, pageKey: sql<string | null>`${articles.updatedAt}`.as("page_key"), pageId: sql<string>`${articles.id}`.as("page_id") })
    .from(pick)
    .crossJoin(articles)
    .leftJoin(sections, eq(sections.id, articles.sectionId))
    .leftJoin(media, eq(media.id, articles.featuredMediaId))
    .where(sql`${articles.id} = pick.id`)
    .orderBy(desc(articles.updatedAt), desc(articles.id))
    .limit(q.limit + 1);
}
