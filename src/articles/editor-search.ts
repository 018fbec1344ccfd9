// The editors' `?q=` list (every status, newest change first), at a cost that does not grow with the
// archive (issue 17; docs/design/editor-search.md). A story matches as it always has: q is a
// substring of its headline, summary or slug (LIKE: ASCII case-insensitive), or its body's words
// hold q's words, the last one as a prefix (articles_fts, readers' index). What changed is how the
// matches are found:
// - the substring through articles_trgm (migration 0023): the AND of q's trigrams gives a superset of
//   the stories holding it, and each candidate's own LIKE decides;
// - the words through articles_fts, the last word expanded as readers' search does (ftsMatch).
// Both indexes answer in search_id order, the list wants last change first. So one statement reads at
// most FEW_MATCHES + 1 matches of each and, when both lists end within FEW_MATCHES (a rare word, a
// word on no story), sorts those few stories: that costs what the matches cost, whatever the archive.
// When either list is longer, the matches are many, and the list's own walk (articles_updated_idx,
// newest change first, each story tested) finds a page of them after a few hundred stories at most
// on average (FEW_MATCHES out of N: one story in N / FEW_MATCHES). The choice is a constant term
// SQLite checks once, so the other branch reads nothing. A substring under 3 characters has no
// trigram: it walks, as before.
import { sql, type SQL } from "drizzle-orm";
import { articles } from "../db/schema";
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
export const MAX_SORTED = 2000;
/**
 * The trigram index's query for substring `q`: the AND of trigrams covering it (every third one and
 * the last), each quoted (a `"` doubled). Null under 3 characters (code points, as the tokenizer
 * counts them): no trigram to look up. A trigram holding U+0000 is left out (FTS5 reads its query up
 * to the first one: "unterminated string"); the rest still hold for every text containing q. The
 * index folds case (Unicode) and LIKE only ASCII, so the index finds a superset; the LIKE decides.
 */
export function trigramMatch(q: string): string | null {
  const chars = Array.from(q);
  const grams: string[] = [];
  for (let i = 0; i + 3 <= chars.length; i++) grams.push(chars.slice(i, i + 3).join(""));
  const usable = grams.filter((g) => !g.includes("\u0000"));
  if (!usable.length) return null;
  const cover = new Set(usable.filter((_, i) => i % 3 === 0));
  cover.add(usable.at(-1)!);
  return [...cover].map((g) => `"${g.replace(/"/g, '""')}"`).join(" AND ");
}

/** q as a substring of the article's headline, summary or slug (the LIKE the list always used). */
export const substringMatch = (q: string): SQL => sql`(${likeContains(articles.headline, q)} OR ${likeContains(articles.summary, q)} OR ${likeContains(articles.slug, q)})`;

/**
 * The body's words tested on the article being read, given where the words' newest matches are
 * (`newest`: at most WORDS_WINDOW of them, `oldest`: the lowest of those, 0 when they are all):
 * a story at least that new is looked up in that short list, an older one (changed lately) in the
 * whole match list, which SQLite builds once, on the first such story. No per-story probe of the
 * index: each costs ~0.1 ms at 100,000 articles (FTS5 opens every segment's posting list).
 */
function wordsTest(words: SQL | string, newest: SQL, oldest: SQL): SQL {
  return sql`CASE WHEN ${articles.searchId} >= ${oldest} THEN ${articles.searchId} IN ${newest} ELSE ${articles.searchId} IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${words}) END`;
}
const newestWords = (words: SQL | string) => sql`(SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${words} ORDER BY rowid DESC LIMIT ${raw(WORDS_WINDOW)})`;
const oldestOf = (newest: SQL) => sql`(SELECT CASE WHEN count(*) < ${raw(WORDS_WINDOW)} THEN 0 ELSE min(rowid) END FROM ${newest})`;

/**
 * q matched on the article being read: its substring, or its words. For statements that read few
 * articles (a collection, an editor's short tag or contributor list); the list's own walk is
 * editorSearchIds, which shares the newest matches with its choice of branch.
 */
export function editorMatch(q: string): SQL {
  const words = ftsMatch(q);
  if (words === null) return substringMatch(q);
  const newest = newestWords(words);
  return sql`(${substringMatch(q)} OR ${wordsTest(words, newest, oldestOf(newest))})`;
}

/** The walk reads this many of the words' newest matches once, and tests newer stories against them. */
export const WORDS_WINDOW = 2048;


/**
 * How many matches are few enough to sort for a page of `limit` rows: about √(limit × N), N the
 * highest search_id (about the stories ever written), in powers of two (SQLite may lack sqrt), at
 * most MAX_SORTED. Read once; the lists are read only this far, so a word on many stories costs
 * the choice no more than a page of the walk.
 */
function sortedBound(limit: number): SQL {
  const steps: SQL[] = [];
  for (let b = 16; b < MAX_SORTED; b *= 2) steps.push(sql.raw(` WHEN n < ${(b * 2) ** 2} THEN ${b}`));
  return sql`(SELECT CASE${sql.join(steps)} ELSE ${raw(MAX_SORTED)} END FROM (SELECT ${limit} * coalesce(max(${articles.searchId}), 0) AS n FROM ${articles}))`;
}

/**
 * The ids of the page's articles (limit rows, last change first), as a subquery for the page
 * statement to join. `where`: the filters and the cursor, on `articles`. Two branches, each cut at
 * `limit`; the LIMIT of the one not taken is 0, which SQLite checks before reading anything:
 * - few matches (each index's at most sortedBound): both lists' stories by search_id, tested (their
 *   LIKE, unless the words found them) and filtered, and sorted;
 * - many: the walk of articles_updated_idx, each story tested: its LIKE, then its words, against the
 *   words' newest WORDS_WINDOW matches when the story is at least as new as the oldest of them, else
 *   against the whole match list (built once, on the first such story: an older story changed lately).
 * The words' newest matches are read once and serve both: the choice, the sort and the walk.
 */
export function editorSearchIds(q: string, where: SQL[], limit: number): SQL {
  const order = sql`ORDER BY ${articles.updatedAt} DESC, ${articles.id} DESC`;
  const filters = where.length ? sql.join(where.map((w) => sql` AND ${w}`)) : sql``;
  const tri = trigramMatch(q);
  const words = ftsMatch(q);
  const withs: SQL[] = [];
  if (words !== null) {
    withs.push(sql`wn(rowid) AS MATERIALIZED ${newestWords(words)}`);
    withs.push(sql`wlo(r) AS MATERIALIZED (SELECT ${oldestOf(sql`wn`)})`);
  }
  const walkTest = words === null ? substringMatch(q) : sql`(${substringMatch(q)} OR ${wordsTest(words, sql`wn`, sql`(SELECT r FROM wlo)`)})`;
  const walk = sql`SELECT ${articles.id} FROM ${articles} WHERE ${walkTest}${filters} ${order}`;
  // Without trigrams (under 3 characters) the substring has no index: the walk finds every match, as before.
  if (tri === null) return sql`${withs.length ? sql`WITH ${sql.join(withs, sql`, `)} ` : sql``}${walk} LIMIT ${limit}`;
  withs.push(sql`bound(n) AS MATERIALIZED (SELECT ${sortedBound(limit)})`);
  withs.push(sql`t(r) AS MATERIALIZED (SELECT rowid FROM articles_trgm WHERE articles_trgm MATCH ${tri} LIMIT (SELECT n + 1 FROM bound))`);
  const wordsFew = words === null ? sql`` : sql` AND (SELECT count(*) FROM wn) <= n`;
  withs.push(sql`few(yes) AS MATERIALIZED (SELECT (SELECT count(*) FROM t) <= n${wordsFew} FROM bound)`);
  const matches = words === null ? sql`t` : sql`(SELECT r FROM t UNION SELECT rowid FROM wn)`;
  // A candidate from the words' list matches; one from the trigrams' only if its LIKE does.
  const listed = words === null ? substringMatch(q) : sql`(${articles.searchId} IN wn OR ${substringMatch(q)})`;
  const take = (taken: boolean) => sql`LIMIT (SELECT CASE WHEN ${taken ? sql`yes` : sql`NOT yes`} THEN ${limit} ELSE 0 END FROM few)`;
  return sql`WITH ${sql.join(withs, sql`, `)} SELECT id FROM (SELECT ${articles.id} FROM ${matches} AS m CROSS JOIN ${articles} WHERE ${articles.searchId} = m.r AND ${listed}${filters} ${order} ${take(true)}) UNION ALL SELECT id FROM (${walk} ${take(false)})`;
}
