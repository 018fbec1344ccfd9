// The paging inputs every list shares, editorial and public: one definition, one set of limits.
import * as v from "valibot";

export const PAGE_LIMIT_MAX = 100;
export const PAGE_LIMIT_DEFAULT = "20";
/** An opaque cursor is at most this long; ours are well under it. */
export const CURSOR_MAX_LENGTH = 200;

// Digits only, and few of them: "000…01" is fine, 10^400 (Infinity to JavaScript) never reaches SQL.
export const PageLimit = v.optional(
  v.pipe(
    v.string(),
    v.regex(/^\d{1,6}$/, `Use a whole number from 1 to ${PAGE_LIMIT_MAX}.`),
    v.transform(Number),
    v.minValue(1, `Use a whole number from 1 to ${PAGE_LIMIT_MAX}.`),
    v.maxValue(PAGE_LIMIT_MAX, `At most ${PAGE_LIMIT_MAX}.`),
  ),
  PAGE_LIMIT_DEFAULT,
);

export const Cursor = v.pipe(v.string(), v.maxLength(CURSOR_MAX_LENGTH, `A cursor is at most ${CURSOR_MAX_LENGTH} characters.`));
