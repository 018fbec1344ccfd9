// What readers' search hands FTS5's MATCH (docs/design/search-terms.md). ftsQuery searches the last
// word as a prefix (`"harb"*`), and FTS5 answers a prefix by merging the whole posting list of every
// term with that beginning before it can return the newest match: the cost grows with the archive.
// Whole terms, and an OR of a few, are read lazily, newest first, and stop at the search window. So
// the last word becomes the OR of the terms that begin with it, read from search_terms (migration
// 0022: every token articles_fts indexed), one range of its primary key, in the same statement: the
// MATCH argument is a scalar subquery. Same matches as the prefix, since the table holds every
// indexed term (and terms no story uses any more, which match nothing).
import { sql, type SQL } from "drizzle-orm";

/** The words of reader input that search uses: letters and digits, at most eight. */
const searchWords = (q: string): string[] => q.match(/[\p{L}\p{N}]+/gu)?.slice(0, 8) ?? [];

/** Turns reader input into an FTS5 query of quoted terms (AND), the last one a prefix: no syntax leaks. */
export function ftsQuery(q: string): string | null {
  const terms = searchWords(q);
  if (!terms.length) return null;
  return terms.map((t, i) => `"${t}"${i === terms.length - 1 ? "*" : ""}`).join(" ");
}

/** More terms than this begin with the last word: the prefix query, as before (a short OR is what reads lazily). */
export const MAX_EXPANSION = 50;
/**
 * A last word the expansion may take: ASCII letters and digits, lowercased here exactly as
 * unicode61 folds them (no diacritics to remove). Others keep the prefix (correct, slower).
 */
const FOLDS_SAFELY = /^[A-Za-z0-9]+$/;
/** Above every code point: the range [word, word || this) holds the terms that begin with word. */
const TOP = sql.raw("char(1114111)");

/**
 * The MATCH argument for reader input `q`: ftsQuery's own query when the last word cannot be expanded
 * or when search_terms has no term for it or more than MAX_EXPANSION; otherwise the earlier words
 * AND'ed with `("t1" OR "t2" …)`.
 * Every term is quoted: terms are FTS5 tokens, which never hold a double quote (doubled anyway).
 * Null when q has no word.
 */
export function ftsMatch(q: string): SQL | string | null {
  const prefix = ftsQuery(q);
  if (prefix === null) return null;
  const terms = searchWords(q);
  // Tested before lowercasing: toLowerCase turns some non-ASCII letters (the Kelvin sign) into ASCII.
  if (!FOLDS_SAFELY.test(terms.at(-1)!)) return prefix;
  const last = terms.at(-1)!.toLowerCase();
  const head = terms
    .slice(0, -1)
    .map((t) => `"${t}" AND `)
    .join("");
  return sql`(SELECT CASE WHEN count(*) BETWEEN 1 AND ${MAX_EXPANSION} THEN ${head} || '(' || group_concat('"' || replace(term, '"', '""') || '"', ' OR ') || ')' ELSE ${prefix} END FROM (SELECT term FROM search_terms WHERE term >= ${last} AND term < ${last} || ${TOP} ORDER BY term LIMIT ${MAX_EXPANSION + 1}))`;
}
