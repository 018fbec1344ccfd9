// Request schemas shared across modules, defined once. (The limit schemas live beside the logic
// whose limits they encode: the search term in like.ts, the instant in time.ts, page size and cursor in
// paging.ts.)
import * as v from "valibot";
import { SLUG_PATTERN } from "./slug";

/** A slug as the API makes them: lowercase ASCII letters and digits, single hyphens, ≤ 120. */
export const Slug = v.pipe(v.string(), v.maxLength(120), v.regex(SLUG_PATTERN, "Use lowercase letters, digits and single hyphens."));
