// Query-string and path schemas shared by the content API and the feeds. The limits suite
// (tests/security/limits.test.ts, reading the routes' declarations) recognises the shared paging and time
// schemas by identity, so they are used as they are: a description goes around them, never inside.
import * as v from "valibot";
import { Cursor, PageLimit } from "../lib/paging";
import { Slug } from "../lib/schemas";
import { Instant } from "../lib/time";

/** Reader search goes to FTS5 (no LIKE), so characters are the right unit here. */
export const READER_QUERY_MAX_LENGTH = 200;

const described = <S extends v.GenericSchema>(schema: S, description: string) => v.pipe(v.optional(schema), v.description(description));

export const PageQuery = v.object({
  limit: PageLimit,
  cursor: described(Cursor, "The previous page's `next_cursor` (opaque; stable while new stories are published)."),
});

export const ArticleListQuery = v.object({
  ...PageQuery.entries,
  section: described(Slug, "Only stories in this section (slug)."),
  tag: described(Slug, "Only stories carrying this tag (slug)."),
  contributor: described(Slug, "Only stories with this byline (slug)."),
  collection: described(Slug, "Only stories in this collection (slug), in the collection's order."),
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(READER_QUERY_MAX_LENGTH), v.description("Words to find in the headline, summary and body: all must occur, the last may be the start of a word; the first 8 count. With `q`, stories come newest created first, and a page may hold fewer than `limit` stories (even none) while `next_cursor` is set: follow it until it is null."))),
  since: described(Instant, "Published at or after this time (RFC 3339 with a zone)."),
  until: described(Instant, "Published at or before this time (RFC 3339 with a zone)."),
});

export const SlugParam = Slug;
/** A section, tag, contributor, collection or story in the path. */
export const SlugParams = v.object({ slug: SlugParam });
