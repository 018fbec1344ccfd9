// Which articles a list shows, in what order, a page at a time: the one query behind the editorial
// list, the content API's lists and the feeds. Two audiences share it:
// - editors (publishedOnly: false) see every status, search with LIKE (drafts are not in the reader
//   index, and a desk's few thousand stories scan quickly), newest change first;
// - readers (publishedOnly: true) see published stories only, search the FTS5 index, newest
//   publication first.
// A collection is in the editor's hand-made order for both. Paging is keyset: the cursor carries the
// sort key and id of the page's last row, compared as a row value (one index range). Plans are
// pinned by tests/api/article-query-plan.test.ts; costs are in `npm run bench` (editorial-list-*).
import { and, asc, desc, eq, exists, gte, inArray, lte, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { SelectResultFields } from "drizzle-orm/query-builders/select.types";
import type { SelectedFields } from "drizzle-orm/sqlite-core";
import type { DB } from "../db/client";
import { articleAssignees, articles, articleTags, bylines, collectionItems, collections, contributors, media, sections, tags, type ArticleKind, type ArticleStatus } from "../db/schema";
import { decodeCursor, encodeCursor, isDateKey, isPositionKey } from "../lib/cursor";
import { likeContains } from "../lib/like";

// Spelled out so the correlated subqueries bind to the outer article, not their own tables.
const OUTER_ID = sql.raw(`"articles"."id"`);

export interface ArticleFilters {
  section?: string | undefined;
  tag?: string | undefined;
  contributor?: string | undefined;
  collection?: string | undefined;
  /** Editors only: readers always get "published". */
  status?: ArticleStatus | undefined;
  /** Editors: a LIKE substring (validated by SearchTerm, ≤ 48 bytes escaped); readers: FTS5 terms. */
  q?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  /** Editors only: an editorial stage's id (articles_stage_idx), and a user the story is assigned to. */
  stage?: string | undefined;
  assignedTo?: string | undefined;
  /** Editors only: live blogs or ordinary stories. */
  kind?: ArticleKind | undefined;
}

export interface ArticlePageQuery extends ArticleFilters {
  publishedOnly: boolean;
  cursor?: string | undefined;
  limit: number;
}

/** Turns reader input into an FTS5 query of quoted terms (AND), the last one a prefix: no syntax leaks. */
export function ftsQuery(q: string): string | null {
  const terms = q.match(/[\p{L}\p{N}]+/gu)?.slice(0, 8) ?? [];
  if (!terms.length) return null;
  return terms.map((t, i) => `"${t}"${i === terms.length - 1 ? "*" : ""}`).join(" ");
}

/** The id of the row with this slug, as a scalar subquery: one probe of the slug's unique index. */
const idOfSlug = (db: DB, table: typeof sections | typeof collections | typeof tags | typeof contributors, slug: string) => db.select({ id: table.id }).from(table).where(eq(table.slug, slug));
/** A tag's id for this audience: readers never reach an internal tag (Ghost's `#…`), so filtering by one matches nothing. */
const tagIdOfSlug = (db: DB, slug: string, publishedOnly: boolean) =>
  publishedOnly ? db.select({ id: tags.id }).from(tags).where(and(eq(tags.slug, slug), eq(tags.visibility, "public"))) : idOfSlug(db, tags, slug);

/**
 * Conditions for "visible to this audience and matching the filters"; null when the filters can
 * match nothing (a reader's search with no word in it). Tags and contributors are EXISTS probes
 * (SQLite runs them as a semi-join), not IN lists: walking the order's index and probing each
 * article stops after one page, where IN would first build the whole list of a busy tag's articles
 * on every request. The price: a tag on few stories walks far (docs/performance.md, tag feeds).
 */
export function articleConditions(db: DB, f: ArticleFilters & { publishedOnly: boolean }, drive: "walk" | "list" = "walk"): SQL[] | null {
  const where: SQL[] = [];
  // Editors' order, updated_at, has no index shared with status or section: SQLite would take that
  // column's index and read and sort every matching story before the LIMIT. A unary + (SQLite's way
  // to keep a term off an index) makes it walk the order's index instead and stop after one page.
  // Readers' order index starts with status, so the terms stay plain there.
  const filterOnly = (column: SQLWrapper): SQLWrapper => (f.publishedOnly ? column : sql`+${column}`);
  const status = f.publishedOnly ? "published" : f.status;
  if (status) where.push(eq(filterOnly(articles.status), status));
  if (f.kind) where.push(eq(filterOnly(articles.kind), f.kind));
  if (f.section) where.push(eq(filterOnly(articles.sectionId), idOfSlug(db, sections, f.section)));
  // The slug's id is an uncorrelated subquery, looked up once: each probe is one unique-index search.
  const listed = drive === "list" ? fewListed(db, f) : null;
  // Guarded by the list's size, a constant SQLite checks once: a cut list reads no rows at all
  // (each row read from it would otherwise build its bylines and tags before the sort).
  if (listed) where.push(inArray(articles.id, listed), sql`(${fewListedSize(db, f)}) <= ${FEW}`);
  if (f.tag && !listed) {
    where.push(exists(db.select({ one: sql`1` }).from(articleTags).where(and(eq(articleTags.articleId, OUTER_ID), eq(articleTags.tagId, tagIdOfSlug(db, f.tag, f.publishedOnly))))));
  }
  if (f.contributor && !(listed && !f.tag)) {
    where.push(exists(db.select({ one: sql`1` }).from(bylines).where(and(eq(bylines.articleId, OUTER_ID), eq(bylines.contributorId, idOfSlug(db, contributors, f.contributor))))));
  }
  if (f.q && f.publishedOnly) {
    const match = ftsQuery(f.q);
    if (!match) return null;
    where.push(sql`${articles.searchId} IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${match})`);
  } else if (f.q) {
    where.push(or(...[articles.headline, articles.summary, articles.bodyText, articles.slug].map((col) => likeContains(col, f.q!)))!);
  }
  // Workflow filters are the editors' (readers' lists never pass them). The assignee is a probe of the
  // assignment's primary key (article_id, user_id) per article walked, as tags and contributors are.
  if (f.stage) where.push(eq(articles.stage, f.stage));
  if (f.assignedTo) where.push(exists(db.select({ one: sql`1` }).from(articleAssignees).where(and(eq(articleAssignees.articleId, OUTER_ID), eq(articleAssignees.userId, f.assignedTo)))));
  if (f.since) where.push(gte(articles.publishedAt, new Date(f.since).toISOString()));
  if (f.until) where.push(lte(articles.publishedAt, new Date(f.until).toISOString()));
  return where;
}

/**
 * Editors' way round a tag or contributor on few stories, which the walk above would read to the end
 * of the index for: at most FEW + 1 of its article ids (the tag's if both are given), which SQLite
 * reads by primary key and sorts. Complete only while the list has at most FEW ids: fewListedSize.
 */
const FEW = 200;
function fewListed(db: DB, f: ArticleFilters) {
  if (f.tag) return db.select({ id: articleTags.articleId }).from(articleTags).where(eq(articleTags.tagId, idOfSlug(db, tags, f.tag))).limit(FEW + 1);
  if (f.contributor) return db.select({ id: bylines.articleId }).from(bylines).where(eq(bylines.contributorId, idOfSlug(db, contributors, f.contributor))).limit(FEW + 1);
  return null;
}
const fewListedSize = (db: DB, f: ArticleFilters) => db.select({ n: sql<number>`count(*)` }).from(fewListed(db, f)!.as("few"));

/** The audience's sort column: what a date cursor carries. */
const dateKey = (publishedOnly: boolean) => (publishedOnly ? articles.publishedAt : articles.updatedAt);

/** Articles with their section and featured image joined (SQLite drops a join no field reads). */
export const selectArticles = (db: DB, fields: SelectedFields) =>
  db.select(fields).from(articles).leftJoin(sections, eq(sections.id, articles.sectionId)).leftJoin(media, eq(media.id, articles.featuredMediaId)).$dynamic();

/** A row of `fields` as the query returns it (fields of the joined tables are read through sql<T | null>). */
export type ArticleRow<F extends SelectedFields> = SelectResultFields<F>;

type Keyed = { pageKey: string | number | null; pageId: string };

/**
 * The statement for one page (limit + 1 rows, to know whether another follows), each row carrying
 * its sort key and id for the next cursor; null when the filters can match nothing. A bad cursor is
 * a 400 naming `cursor`. Exported for the query-plan tests; callers use selectArticlePage.
 */
export function articlePageStatement(db: DB, fields: SelectedFields, q: ArticlePageQuery, drive: "walk" | "list" = "walk") {
  const where = articleConditions(db, q, drive);
  if (!where) return null;
  const pageId = sql<string>`${articles.id}`.as("page_id");
  if (q.collection) {
    // A collection is in the editor's order, so its cursor is a position, not a date.
    const after = q.cursor ? Number(decodeCursor(q.cursor, isPositionKey).key) : -1;
    return selectArticles(db, { ...fields, pageKey: sql<number>`${collectionItems.position}`.as("page_key"), pageId })
      .innerJoin(collectionItems, and(eq(collectionItems.articleId, articles.id), eq(collectionItems.collectionId, idOfSlug(db, collections, q.collection))))
      .where(and(...where, sql`${collectionItems.position} > ${after}`))
      .orderBy(asc(collectionItems.position))
      .limit(q.limit + 1);
  }
  const key = dateKey(q.publishedOnly);
  if (q.cursor) {
    const c = decodeCursor(q.cursor, isDateKey);
    // A row-value comparison is one index range; the equivalent OR is not, and scans from the top.
    where.push(sql`(${key}, ${articles.id}) < (${c.key}, ${c.id})`);
  }
  return selectArticles(db, { ...fields, pageKey: sql<string | null>`${key}`.as("page_key"), pageId })
    .where(and(...where))
    .orderBy(desc(key), desc(articles.id))
    .limit(q.limit + 1);
}

/**
 * One page of articles with the caller's `fields`, and the cursor of the next page. Filters, order
 * and paging are decided here and nowhere else.
 */
export async function selectArticlePage<F extends SelectedFields>(db: DB, fields: F, q: ArticlePageQuery): Promise<{ rows: ArticleRow<F>[]; nextCursor: string | null }> {
  const statement = articlePageStatement(db, fields, q);
  if (!statement) return { rows: [], nextCursor: null };
  let rows: Keyed[] | null = null;
  if (!q.publishedOnly && !q.collection && (q.tag || q.contributor)) {
    // One round trip: the list's size and the page read from it; the walk only if the list was cut.
    const [[size], listed] = await db.batch([fewListedSize(db, q), articlePageStatement(db, fields, q, "list")!]);
    if (size && size.n <= FEW) rows = listed as unknown as Keyed[];
  }
  rows ??= (await statement.all()) as unknown as Keyed[];
  const page = rows.slice(0, q.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > q.limit && last ? encodeCursor(String(last.pageKey), last.pageId) : null;
  return { rows: page.map(({ pageKey: _k, pageId: _i, ...row }) => row as unknown as ArticleRow<F>), nextCursor };
}

/** Columns an offset page may be ordered by (the Ghost-compatible API's `order`); id breaks ties. */
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
}

/**
 * A page by number and the total that matches, for clients that show "page 3 of 12" (Ghost's
 * Content API): one batch of two statements, the page and a count over the same conditions. Deep
 * pages cost their offset; keyset paging (selectArticlePage) stays the way for our own API.
 */
export async function selectArticleOffsetPage<F extends SelectedFields>(db: DB, fields: F, q: ArticleOffsetQuery): Promise<{ rows: ArticleRow<F>[]; total: number }> {
  const where = articleConditions(db, q);
  if (!where) return { rows: [], total: 0 };
  if (q.where) where.push(q.where);
  const order = [...q.order.map((o) => (o.dir === "asc" ? asc : desc)(ARTICLE_ORDER_COLUMNS[o.key])), desc(articles.id)];
  const [rows, [count]] = await db.batch([
    selectArticles(db, fields).where(and(...where)).orderBy(...order).limit(q.limit).offset(q.offset),
    db.select({ n: sql<number>`count(*)` }).from(articles).where(and(...where)),
  ]);
  return { rows: rows as ArticleRow<F>[], total: count?.n ?? 0 };
}
