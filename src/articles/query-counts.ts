// How many articles carry each tag, section and contributor: every status for the editors' lists
// (what deleting it would orphan), published only for the public directory (what a reader would
// find). One definition each, as a correlated subquery that counts through the child table's
// index, so any select of tags, sections or contributors takes its count as one more column.
// The outer row is spelled out ("tags"."id"): a select from one table prints bare column names,
// which inside the subquery could bind to the subquery's own tables.
import { sql, type SQL } from "drizzle-orm";

const onlyPublished = (publishedOnly: boolean, join: string) =>
  publishedOnly ? { join: sql.raw(` JOIN articles a ON a.id = ${join}`), status: sql.raw(` AND a.status = 'published'`) } : { join: sql.raw(""), status: sql.raw("") };

export function tagArticleCount(publishedOnly: boolean): SQL<number> {
  const p = onlyPublished(publishedOnly, "x.article_id");
  return sql<number>`(SELECT count(*) FROM article_tags x${p.join} WHERE x.tag_id = "tags"."id"${p.status})`;
}

export function contributorArticleCount(publishedOnly: boolean): SQL<number> {
  const p = onlyPublished(publishedOnly, "b.article_id");
  return sql<number>`(SELECT count(*) FROM bylines b${p.join} WHERE b.contributor_id = "contributors"."id"${p.status})`;
}

/** Counted from articles_section_idx (section_id, status) alone. */
export function sectionArticleCount(publishedOnly: boolean): SQL<number> {
  const status = publishedOnly ? sql.raw(` AND a.status = 'published'`) : sql.raw("");
  return sql<number>`(SELECT count(*) FROM articles a WHERE a.section_id = "sections"."id"${status})`;
}
