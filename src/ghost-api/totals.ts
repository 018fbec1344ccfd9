// meta.pagination.total without counting the archive (issue 17). Migration 0024 keeps how many stories
// are published in all, under each tag and by each contributor (published_counts, kept by triggers),
// and the feed indexes (migration 0015: article_tags and bylines carry their story's status and
// published_at, indexed by (tag or contributor, status, published_at)) hold each one's stories in date
// order. So the filters front-ends send most, none, `tag:x`, `author:x` and either with bounds on
// published_at, are counted from those alone; any other filter is counted over the stories it matches,
// as before (postTotalSql returns null).
import { sql, type SQL } from "drizzle-orm";
import type { Clause, FilterNode } from "./filter";
import { publishedAtBound } from "./filter-sql";
import { keptPublished } from "../articles/query-counts";

const TAG_FIELDS = new Set(["tag", "tags", "tag.slug", "tags.slug"]);
const AUTHOR_FIELDS = new Set(["author", "authors", "author.slug", "authors.slug"]);
const DATE_OPS = { gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;
// What is NOT a bound: a row fails `> x` exactly when it is `<= x` or has no date (a published story
// always has one from the app, but an imported file may say published with none: counted apart, one
// probe of the index's NULL end, since an OR in the range would make SQLite walk the whole feed).
const NEGATED = { gt: "<=", gte: "<", lt: ">=", lte: ">" } as const;

/** One way into the published stories: its kept count and its index range (table, key condition). */
interface Feed {
  kept: SQL<number>;
  rows: SQL;
}
/** Each feed's rows carry their story's published_at (the feed indexes' third column). */
const DATE = sql.raw("f.published_at");

// A slug compared as the filter does (lower(slug), each value lowercased): the tag's own feed range.
const tagIds = (slug: string) => sql`SELECT id FROM tags WHERE lower(slug) = ${slug}`;
const contributorIds = (slug: string) => sql`SELECT id FROM contributors WHERE lower(slug) = ${slug}`;

const feeds = {
  all: (): Feed => ({
    kept: keptPublished("all"),
    // articles_status_published_id_idx (status, published_at, id).
    rows: sql`articles f WHERE f.status = 'published'`,
  }),
  tag: (slug: string): Feed => ({
    kept: keptPublished("tag", tagIds(slug)),
    rows: sql`article_tags f WHERE f.tag_id IN (${tagIds(slug)}) AND f.status = 'published'`,
  }),
  contributor: (slug: string): Feed => ({
    kept: keptPublished("contributor", contributorIds(slug)),
    rows: sql`bylines f WHERE f.contributor_id IN (${contributorIds(slug)}) AND f.status = 'published'`,
  }),
};

/** The clauses of a filter that is one AND of them (or one clause), else null. */
function conjunction(node: FilterNode): Clause[] | null {
  if (node.kind === "clause") return [node];
  if (node.kind === "or") return null;
  const out: Clause[] = [];
  for (const child of node.children) {
    const part = conjunction(child);
    if (!part) return null;
    out.push(...part);
  }
  return out;
}

/**
 * The total a filter matches, as one scalar SQL expression, when it can be read from the kept counts
 * and the feed indexes; `kept` when it is one kept count (O(1): no range counted at all). Null for
 * any other filter: the caller counts the matching stories.
 *
 * With one bound on published_at (`published_at:>'2024-01-01'`, the usual form) the total is the
 * kept count less the stories on the other side of the bound, counted up to half the feed: so it
 * costs the smaller side of the bound (nothing for a bound older than the archive), the larger side
 * only when the bound cuts the feed near its middle (at worst half the feed's index entries, read
 * from the index alone). Two or more bounds (a window) count the window's index range.
 */
export function postTotalSql(filter: FilterNode | undefined): { total: SQL<number>; kept: boolean } | null {
  if (!filter) return { total: feeds.all().kept, kept: true };
  const clauses = conjunction(filter);
  if (!clauses) return null;
  let feed: Feed | null = null;
  const dates: Clause[] = [];
  for (const c of clauses) {
    const scope = TAG_FIELDS.has(c.field) ? "tag" : AUTHOR_FIELDS.has(c.field) ? "contributor" : null;
    if (scope) {
      // One positive slug: a list of several could name two tags of one story (counted once by the filter).
      if (feed || c.op !== "eq" || c.values.length !== 1 || c.values[0] === null) return null;
      feed = feeds[scope](String(c.values[0]).toLowerCase());
    } else if (c.field === "published_at" && c.op in DATE_OPS && !c.list) dates.push(c);
    else return null;
  }
  const f = feed ?? feeds.all();
  if (!dates.length) return { total: f.kept, kept: true };
  const bound = (c: Clause, ops: Record<string, string>) => sql`${DATE} ${sql.raw(ops[c.op]!)} ${publishedAtBound(c)}`;
  const inside = sql.join(dates.map((c) => bound(c, DATE_OPS)), sql.raw(" AND "));
  const counted = sql<number>`(SELECT count(*) FROM ${f.rows} AND ${inside})`;
  if (dates.length > 1) return { total: counted, kept: false };
  const outside = bound(dates[0]!, NEGATED);
  const undated = sql<number>`(SELECT count(*) FROM ${f.rows} AND ${DATE} IS NULL)`;
  // k: the stories outside the bound, counted no further than half the feed (LIMIT stops the walk).
  return {
    total: sql<number>`(SELECT CASE WHEN o.k <= o.n / 2 THEN o.n - o.k ELSE ${counted} END
      FROM (SELECT ${f.kept} AS n, ${undated} + (SELECT count(*) FROM (SELECT 1 FROM ${f.rows} AND ${outside} LIMIT ${f.kept} / 2 + 1)) AS k) o)`,
    kept: false,
  };
}
