// Small pieces the taxonomy modules share.
import * as v from "valibot";
import { AppError } from "../lib/errors";
import { SLUG_PATTERN } from "../lib/slug";

export const SlugSchema = v.pipe(v.string(), v.maxLength(120), v.regex(SLUG_PATTERN, "Use lowercase letters, digits and single hyphens."));
export const NameSchema = v.pipe(v.string(), v.trim(), v.minLength(1, "Name is required."), v.maxLength(200));
export const TextSchema = (max: number) => v.nullish(v.pipe(v.string(), v.trim(), v.maxLength(max)));

export const slugTaken = (what: string, slug: string) =>
  new AppError("slug_taken", `Another ${what} already uses the slug "${slug}".`, { errors: [{ path: "slug", message: "Already taken." }] });

export const inUse = (what: string, count: number, by: string) =>
  new AppError("in_use", `This ${what} is used by ${count} ${by}; move them first so nothing is left dangling.`, { usage_count: count });

/** A unique-slug violation raised by D1 while inserting or updating. */
export const isSlugConflict = (err: unknown) => /UNIQUE constraint failed: \w+\.slug/.test(String((err as Error)?.message ?? err) + String((err as { cause?: unknown })?.cause ?? ""));
