// Published pages by number with their total (the Ghost-compatible Content API's `page`): split from
// query.ts, whose filters they share; our own API pages by keyset (selectArticlePage) instead.
import { and, asc, desc, inArray, sql, type SQL } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/sqlite-core";
import type { DB } from "../db/client";
import { articles } from "../db/schema";
import { articleConditions, selectArticles, type ArticleFilters, type ArticleRow } from "./query";

/**
 * A published story's public `updated_at` in SQL: the later of its last save and its last
 * amendment (publicChangedAt in src/amendments/domain.ts is the same rule on a loaded row).
 */
export const PUBLIC_CHANGED_AT = sql<string>`max(${articles.updatedAt}, coalesce(${articles.lastMajorUpdateAt}, ${articles.updatedAt}))`;

/** Orders of published pages by number (Ghost's Content API): `updated_at` is the public one. */
export const ARTICLE_ORDER_COLUMNS = {
  published_at: articles.publishedAt,
  updated_at: PUBLIC_CHANGED_AT,
  created_at: articles.createdAt,
  headline: articles.headline,
  slug: articles.slug,
} as const;

export interface ArticleOffsetQuery extends ArticleFilters {
  publishedOnly: boolean;
  /** A further condition on `articles` (a compiled Ghost filter: src/ghost-api/filter-sql.ts). */
  where?: SQL | undefined;
  order: { key: keyof typeof ARTICLE_ORDER_COLUMNS; dir: "asc" | "desc" }[];
  limit: number;
  offset: number;
  /**
   * What count(*) over the same conditions is, read some cheaper way (src/ghost-api/totals.ts: kept
   * counts and the feed indexes); `kept` when it is O(1), which lets a page past the middle be walked
   * from the other end. Without it, the matching stories are counted.
   */
  total?: { sql: SQL<number>; kept: boolean } | undefined;
}

/**
 * A page by number and the total that matches, for clients that show "page 3 of 12" (Ghost's
 * Content API): one batch of two statements, the page and a count over the same conditions. Deep
 * pages cost their offset, or, when the total is a kept count (q.total), their distance from the
 * nearer end (fromNearerEnd); keyset paging (selectArticlePage) stays the way for our own API.
 * The offset is walked by ids alone (a subquery on the order's index, covering for the default
 * `published_at desc`), and only the page's rows are read whole: SQLite builds a row's result columns
 * (bylines, tags, related links: correlated subqueries) before it skips it, so an offset of 90,000
 * took ~0.6 s at 100,000 stories where the ids take ~5 ms.
 */
export async function selectArticleOffsetPage<F extends SelectedFields>(db: DB, fields: F, q: ArticleOffsetQuery): Promise<{ rows: ArticleRow<F>[]; total: number }> {
  const where = articleConditions(db, q);
  if (!where) return { rows: [], total: 0 };
  if (q.where) where.push(q.where);
  const order = [...q.order.map((o) => (o.dir === "asc" ? asc : desc)(ARTICLE_ORDER_COLUMNS[o.key])), desc(articles.id)];
  const [rows, [count]] = await db.batch([
    selectArticles(db, fields)
      .where(
        q.total?.kept
          ? fromNearerEnd(db, where, order, q, q.total.sql)
          : inArray(articles.id, db.select({ id: articles.id }).from(articles).where(and(...where)).orderBy(...order).limit(q.limit).offset(q.offset)),
      )
      .orderBy(...order),
    q.total ? db.select({ n: q.total.sql }).from(sql`(SELECT 1)`) : db.select({ n: sql<number>`count(*)` }).from(articles).where(and(...where)),
  ]);
  return { rows: rows as ArticleRow<F>[], total: count?.n ?? 0 };
}

/**
 * The page's ids walked from whichever end of the order is nearer: a page past the middle is the same
 * stories as the page `total - offset - limit` from the end in the reversed order (the order ends on
 * the id, so it is total and its reverse exact), and an offset costs its length in index entries. Both
 * walks are written; the one not taken is cut by LIMIT 0 before it reads anything. So page 5,643 of
 * 6,271 walks 9,400 entries, not 84,600; the middle page is the worst, at half the stories.
 */
function fromNearerEnd(db: DB, where: SQL[], order: SQL[], q: ArticleOffsetQuery, total: SQL<number>): SQL {
  const reversed = [...q.order.map((o) => (o.dir === "asc" ? desc : asc)(ARTICLE_ORDER_COLUMNS[o.key])), asc(articles.id)];
  const far = sql`2 * ${q.offset} > ${total}`;
  // LIMIT and OFFSET as expressions of the total: drizzle prints an object given to them as it is
  // (the way it prints a placeholder), within its own parentheses around each walk.
  const expr = (e: SQL) => e as unknown as number;
  const walk = (by: SQL[]) => db.select({ id: articles.id }).from(articles).where(and(...where)).orderBy(...by);
  const near = walk(order).limit(expr(sql`CASE WHEN ${far} THEN 0 ELSE ${q.limit} END`)).offset(q.offset);
  const back = walk(reversed)
    .limit(expr(sql`CASE WHEN ${far} THEN max(0, min(${q.limit}, ${total} - ${q.offset})) ELSE 0 END`))
    .offset(expr(sql`max(0, ${total} - ${q.offset} - ${q.limit})`));
  return sql`${articles.id} IN (SELECT id FROM ${near} UNION ALL SELECT id FROM ${back})`;
}
