// Query-string schemas shared by the content API and the feeds.
import * as v from "valibot";
import { isRealInstant } from "../lib/time";
import { SLUG_PATTERN } from "../lib/slug";

const Slug = v.pipe(v.string(), v.maxLength(120), v.regex(SLUG_PATTERN, "Use a slug: lowercase letters, digits and hyphens."));
const Limit = v.optional(v.pipe(v.string(), v.regex(/^\d+$/, "Use a whole number."), v.transform(Number), v.minValue(1), v.maxValue(100, "At most 100.")), "20");
const Instant = v.pipe(v.string(), v.check(isRealInstant, "Use an RFC 3339 date-time, e.g. 2024-11-01T22:34:00Z."));

export const PageQuery = v.object({ limit: Limit, cursor: v.optional(v.pipe(v.string(), v.maxLength(200))) });

export const ArticleListQuery = v.object({
  ...PageQuery.entries,
  section: v.optional(Slug),
  tag: v.optional(Slug),
  contributor: v.optional(Slug),
  collection: v.optional(Slug),
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
  since: v.optional(Instant),
  until: v.optional(Instant),
});

export const SlugParam = Slug;
