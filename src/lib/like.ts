// Substring search with LIKE, within D1's limit. D1 refuses a LIKE pattern over 50 BYTES (SQLite's
// LIKE_PATTERN_LENGTH, counted in UTF-8), so a term is measured the way D1 will see it: after its
// wildcards are escaped and the two surrounding `%` added. Characters are the wrong unit: "😀" is one
// character and four bytes, and "%" costs two once escaped.
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import * as v from "valibot";

/** D1's cap on a LIKE pattern, in UTF-8 bytes. */
export const LIKE_PATTERN_MAX_BYTES = 50;
/** What a search term may cost once escaped: the pattern minus its two `%`. */
export const LIKE_TERM_MAX_BYTES = LIKE_PATTERN_MAX_BYTES - 2;

const utf8 = new TextEncoder();
export const utf8Bytes = (text: string) => utf8.encode(text).byteLength;

/** `%`, `_` and `\` match literally: each is prefixed with the escape character named in ESCAPE. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The "contains" pattern for a term: `%term%` with the term's wildcards escaped. */
export const containsPattern = (term: string) => `%${escapeLike(term)}%`;

/** Whether the term's pattern fits D1's limit. */
export const fitsLike = (term: string) => utf8Bytes(containsPattern(term)) <= LIKE_PATTERN_MAX_BYTES;

/** `column LIKE '%term%' ESCAPE '\'`: the only way this codebase builds a LIKE from client text. */
export function likeContains(column: SQLWrapper, term: string): SQL {
  const pattern = containsPattern(term);
  // Terms are validated by SearchTerm; this guards callers that forgot (a 500 from D1 otherwise).
  if (utf8Bytes(pattern) > LIKE_PATTERN_MAX_BYTES) throw new RangeError("LIKE pattern over D1's 50-byte limit");
  return sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}

/**
 * The `q` of every editorial list search: trimmed, then at most 48 bytes of UTF-8 once `%`, `_`
 * and `\` are escaped (48 ASCII letters, 12 emoji, or 24 `%`). Refused with 400 naming the field.
 */
export const SearchTerm = v.pipe(
  v.string(),
  v.trim(),
  v.check(fitsLike, `Too long to search: at most ${LIKE_TERM_MAX_BYTES} bytes of UTF-8, each %, _ and \\ counting twice.`),
);
