// How many articles carry each tag, section and contributor: every status for the editors' lists
// (what deleting it would orphan), published only for the public directory (what a reader would
// find). One definition each, as a correlated subquery that counts through the child table's
// index, so any select of tags, sections or contributors takes its count as one more column.
// The outer row is spelled out ("tags"."id"): a select from one table prints bare column names,
// which inside the subquery could bind to the subquery's own tables.
import { sql, type SQL } from "drizzle-orm";

// Published only, for tags and contributors: the count kept by migration 0024 (published_counts, by
// triggers on articles, article_tags and bylines; a row only while it is above 0), one primary-key
// probe a tag or person, so a directory costs its own size, not the archive's (counting each one's
// feed range read every tag row of every published story: 64 ms for 500 tags at 100,000 stories).
/**
 * The published stories migration 0024 keeps for `scope`: in all (`id` the empty string), or of the
 * tag(s) or contributor(s) whose ids `ids` gives (a value, a column of the outer row, or a subquery
 * of ids). One primary-key probe each; 0 where no row is kept.
 */
export function keptPublished(scope: "all" | "tag" | "contributor", ids: SQL = sql`''`): SQL<number> {
  return sql<number>`(SELECT coalesce(sum(n), 0) FROM published_counts WHERE scope = ${sql.raw(`'${scope}'`)} AND id IN (${ids}))`;
}

export function tagArticleCount(publishedOnly: boolean): SQL<number> {
  if (publishedOnly) return keptPublished("tag", sql.raw(`"tags"."id"`));
  return sql<number>`(SELECT count(*) FROM article_tags x WHERE x.tag_id = "tags"."id")`;
}

export function contributorArticleCount(publishedOnly: boolean): SQL<number> {
  if (publishedOnly) return keptPublished("contributor", sql.raw(`"contributors"."id"`));
  return sql<number>`(SELECT count(*) FROM bylines b WHERE b.contributor_id = "contributors"."id")`;
}

/** Counted from articles_section_idx (section_id, status) alone. */
export function sectionArticleCount(publishedOnly: boolean): SQL<number> {
  const status = publishedOnly ? sql.raw(` AND a.status = 'published'`) : sql.raw("");
  return sql<number>`(SELECT count(*) FROM articles a WHERE a.section_id = "sections"."id"${status})`;
}
