// A parsed Ghost filter (src/ghost-api/filter.ts) as one SQL condition on articles, for the article
// query module (selectArticleOffsetPage in src/articles/offset-page.ts, inside its id subquery) to AND
// with its own. Every value is a bound parameter; a list travels as ONE parameter (a JSON array read
// by json_each), so a filter within FILTER_LIMITS stays far below D1's 100 parameters per statement.
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { PUBLIC_CHANGED_AT } from "../articles/offset-page";
import { articles } from "../db/schema";
import { FilterError, type Atom, type Clause, type FilterNode } from "./filter";

// Spelled out: the subqueries must bind to the outer article whichever table they read.
const OUTER_ID = sql.raw(`"articles"."id"`);

const strings = (c: Clause) => JSON.stringify(c.values.map((v) => (v === null ? "" : String(v).toLowerCase())));
const inList = (column: SQLWrapper, c: Clause) => sql`lower(${column}) IN (SELECT value FROM json_each(${strings(c)}))`;
const negate = (cond: SQL, c: Clause) => (c.op === "ne" ? sql`NOT (${cond})` : c.op === "eq" ? cond : refuse(c, "cannot be compared with > or <"));

function refuse(c: Clause, why: string): never {
  throw new FilterError(`Query Error: ${c.field} ${why}.`, 0);
}

const hasTag = (c: Clause, primary: boolean) =>
  sql`EXISTS (SELECT 1 FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = ${OUTER_ID}${
    primary ? sql` AND x.position = (SELECT min(x2.position) FROM article_tags x2 WHERE x2.article_id = ${OUTER_ID})` : sql``
  } AND ${inList(sql`t.slug`, c)})`;

const hasAuthor = (c: Clause, primary: boolean) =>
  sql`EXISTS (SELECT 1 FROM bylines b JOIN contributors p ON p.id = b.contributor_id WHERE b.article_id = ${OUTER_ID}${
    primary ? sql` AND b.position = (SELECT min(b2.position) FROM bylines b2 WHERE b2.article_id = ${OUTER_ID})` : sql``
  } AND ${inList(sql`p.slug`, c)})`;

/** Membership of the `featured` collection: how an imported Ghost `featured` post is kept. */
export const FEATURED_SQL = sql<number>`EXISTS (SELECT 1 FROM collection_items ci JOIN collections k ON k.id = ci.collection_id WHERE k.slug = 'featured' AND ci.article_id = ${OUTER_ID})`;

const DATES = { published_at: articles.publishedAt, updated_at: PUBLIC_CHANGED_AT, created_at: articles.createdAt } as const;
const COMPARE = { gt: sql.raw(">"), gte: sql.raw(">="), lt: sql.raw("<"), lte: sql.raw("<="), eq: sql.raw("="), ne: sql.raw("<>") } as const;

/** A Ghost date ('2024-01-01', '2024-01-01 10:00:00', RFC 3339) as our stored form: UTC ISO with milliseconds. */
function instant(c: Clause, v: Atom): string {
  if (typeof v !== "string" || v.length > 40) refuse(c, "needs a date such as '2024-01-01'");
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(v.trim());
  if (!m) refuse(c, "needs a date such as '2024-01-01'");
  const zone = m[8] ? (m[8] === "Z" ? "Z" : m[8].length === 5 ? `${m[8].slice(0, 3)}:${m[8].slice(3)}` : m[8]) : "Z";
  const t = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4] ?? "00"}:${m[5] ?? "00"}:${m[6] ?? "00"}.${(m[7] ?? "0").padEnd(3, "0")}${zone}`);
  if (!Number.isFinite(t) || new Date(t).getUTCFullYear() > 9999) refuse(c, "needs a real date");
  return new Date(t).toISOString();
}

/** A published_at clause's date as stored, for the totals read from the feed indexes (./totals.ts). */
export const publishedAtBound = (c: Clause) => instant(c, c.values[0]!);

/** A constant condition whose truth the clause decides (Ghost fields that are the same for every post here). */
const constant = (c: Clause, holds: (v: string) => boolean) => {
  const hit = c.values.some((v) => holds(String(v).toLowerCase()));
  if (c.op !== "eq" && c.op !== "ne") refuse(c, "cannot be compared with > or <");
  return (c.op === "eq") === hit ? sql`1` : sql`0`;
};

function clauseSql(c: Clause): SQL {
  switch (c.field) {
    case "tag":
    case "tags":
    case "tag.slug":
    case "tags.slug":
      return negate(hasTag(c, false), c);
    case "primary_tag":
    case "primary_tag.slug":
      return negate(hasTag(c, true), c);
    case "author":
    case "authors":
    case "author.slug":
    case "authors.slug":
      return negate(hasAuthor(c, false), c);
    case "primary_author":
    case "primary_author.slug":
      return negate(hasAuthor(c, true), c);
    case "slug":
      return negate(inList(articles.slug, c), c);
    case "id":
      return negate(inList(articles.id, c), c);
    case "title":
      return negate(inList(articles.headline, c), c);
    case "featured": {
      if (c.list || typeof c.values[0] !== "boolean") refuse(c, "is true or false");
      return negate(c.values[0] ? FEATURED_SQL : sql`NOT ${FEATURED_SQL}`, c);
    }
    case "visibility":
      return constant(c, (v) => v === "public");
    case "status":
      return constant(c, (v) => v === "published");
    case "type":
      return constant(c, (v) => v === "post");
    case "published_at":
    case "updated_at":
    case "created_at": {
      if (c.list) refuse(c, "takes one date, not a list");
      return sql`${DATES[c.field]} ${COMPARE[c.op]} ${instant(c, c.values[0]!)}`;
    }
    default:
      return refuse(c, "is not a field posts can be filtered by");
  }
}

export function postFilterSql(node: FilterNode): SQL {
  if (node.kind === "clause") return clauseSql(node);
  const parts = node.children.map(postFilterSql);
  return sql`(${sql.join(parts, sql.raw(node.kind === "and" ? " AND " : " OR "))})`;
}
