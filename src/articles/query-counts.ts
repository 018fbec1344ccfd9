// How many articles carry each tag, section and contributor: every status for the editors' lists
// (what deleting it would orphan), published only for the public directory (what a reader would
// find). One definition each, as a correlated subquery that counts through the child table's
// index, so any select of tags, sections or contributors takes its count as one more column.
// The outer row is spelled out ("tags"."id"): a select from one table prints bare column names,
// which inside the subquery could bind to the subquery's own tables.
import { sql, type SQL } from "drizzle-orm";

// Published only: the child row's own copy of its article's status (migration 0015, kept in step by
// triggers) is the feed index's second column, so the count is one range of that index and reads no
// article (it joined every article of the tag before).
const onlyPublished = (publishedOnly: boolean, alias: string) => sql.raw(publishedOnly ? ` AND ${alias}.status = 'published'` : "");

export function tagArticleCount(publishedOnly: boolean): SQL<number> {
  return sql<number>`(SELECT count(*) FROM article_tags x WHERE x.tag_id = "tags"."id"${onlyPublished(publishedOnly, "x")})`;
}

export function contributorArticleCount(publishedOnly: boolean): SQL<number> {
  return sql<number>`(SELECT count(*) FROM bylines b WHERE b.contributor_id = "contributors"."id"${onlyPublished(publishedOnly, "b")})`;
}

/** Counted from articles_section_idx (section_id, status) alone. */
export function sectionArticleCount(publishedOnly: boolean): SQL<number> {
  const status = publishedOnly ? sql.raw(` AND a.status = 'published'`) : sql.raw("");
  return sql<number>`(SELECT count(*) FROM articles a WHERE a.section_id = "sections"."id"${status})`;
}
