// Query-string schemas shared by the content API and the feeds.
import * as v from "valibot";
import { Cursor, PageLimit } from "../lib/paging";
import { SLUG_PATTERN } from "../lib/slug";
import { Instant } from "../lib/time";

const Slug = v.pipe(v.string(), v.maxLength(120), v.regex(SLUG_PATTERN, "Use a slug: lowercase letters, digits and hyphens."));
/** Reader search goes to FTS5 (no LIKE), so characters are the right unit here. */
export const READER_QUERY_MAX_LENGTH = 200;

export const PageQuery = v.object({ limit: PageLimit, cursor: v.optional(Cursor) });

export const ArticleListQuery = v.object({
  ...PageQuery.entries,
  section: v.optional(Slug),
  tag: v.optional(Slug),
  contributor: v.optional(Slug),
  collection: v.optional(Slug),
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(READER_QUERY_MAX_LENGTH))),
  since: v.optional(Instant),
  until: v.optional(Instant),
});

export const SlugParam = Slug;
