// Small pieces the taxonomy modules share.
import * as v from "valibot";
import { AppError } from "../lib/errors";
import { SLUG_PATTERN } from "../lib/slug";

export const SlugSchema = v.pipe(v.string(), v.maxLength(120), v.regex(SLUG_PATTERN, "Use lowercase letters, digits and single hyphens."));
export const NameSchema = v.pipe(v.string(), v.trim(), v.minLength(1, "Name is required."), v.maxLength(200));
export const TextSchema = (max: number) => v.nullish(v.pipe(v.string(), v.trim(), v.maxLength(max)));

export const inUse = (what: string, count: number, by: string) =>
  new AppError("in_use", `This ${what} is used by ${count} ${by}; move them first so nothing is left dangling.`, { usage_count: count });

// Unique slugs (and every other constraint) are mapped to 409 problems in src/db/constraint-errors.ts.
