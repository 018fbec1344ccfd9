// Request schemas shared across modules, defined once. (The limit schemas live beside the logic
// whose limits they encode: SearchTerm in like.ts, Instant in time.ts, PageLimit and Cursor in
// paging.ts.)
import * as v from "valibot";
import { SLUG_PATTERN } from "./slug";

/** A slug as the API makes them: lowercase ASCII letters and digits, single hyphens, ≤ 120. */
export const Slug = v.pipe(v.string(), v.maxLength(120), v.regex(SLUG_PATTERN, "Use lowercase letters, digits and single hyphens."));
