// Which articles a list shows, in what order, a page at a time: the one query behind the editorial
// list, the content API's lists and the feeds. Two audiences share it:
// - editors (publishedOnly: false) see every status, search headline, summary and slug with LIKE
//   (a substring) and the body through the FTS5 index (its words: the text is not stored), newest
//   change first; with q the page's ids come from src/articles/editor-search.ts (both indexes; in
//   an archive under SMALL_ARCHIVE stories, the plain walk);
// - readers (publishedOnly: true) see published stories only, newest publication first; a search
//   (the FTS5 index) newest created first, the index's own order.
// A collection is in the editor's hand-made order for both. Paging is keyset: the cursor carries the
// sort key and id of the page's last row, compared as a row value (one index range). Plans are
// pinned by tests/api/article-query-plan.test.ts; costs are in `npm run bench` (editorial-list-*,
// feed-tag*, api-search).
// What a reader's page is read from ("drive"), so that it costs one index page whatever the archive:
// - a tag or contributor: its feed index (article_tags_feed_idx, bylines_feed_idx: copies of the
//   article's status and published_at kept in step by migration 0015's triggers), then each
//   article by primary key;
// - words (`q`): the newest matches of the FTS5 index itself, a bounded window of them (searchWindow);
// - anything else: the articles' own (status, published_at, id) index.
import { and, asc, desc, eq, exists, inArray, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { SelectResultFields } from "drizzle-orm/query-builders/select.types";
import type { SelectedFields } from "drizzle-orm/sqlite-core";
import type { DB } from "../db/client";
import { articleAssignees, articles, articleTags, bylines, collectionItems, collections, contributors, media, sections, tags, type ArticleKind, type ArticleStatus } from "../db/schema";
import { decodeCursor, encodeCursor, isDateKey, isPositionKey } from "../lib/cursor";
import { archiveTop, editorMatch, editorSearchStatement, noteArchiveTop, smallArchive, wholeListMatch } from "./editor-search";
import { ftsMatch, ftsQuery } from "./search-match";

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


/** The id of the row with this slug, as a scalar subquery: one probe of the slug's unique index. */
const idOfSlug = (db: DB, table: typeof sections | typeof collections | typeof tags | typeof contributors, slug: string) => db.select({ id: table.id }).from(table).where(eq(table.slug, slug));
/** A tag's id for this audience: readers never reach an internal tag (Ghost's `#…`), so filtering by one matches nothing. */
const tagIdOfSlug = (db: DB, slug: string, publishedOnly: boolean) =>
  publishedOnly ? db.select({ id: tags.id }).from(tags).where(and(eq(tags.slug, slug), eq(tags.visibility, "public"))) : idOfSlug(db, tags, slug);

/**
 * Where a page is read from. "walk": the audience's order index, probing each article for the
 * filters (EXISTS, which SQLite runs as a semi-join, not an IN list that would build a busy tag's
 * whole list); "list": an editor's short tag or contributor list (fewListed); "tag" and
 * "contributor": a reader's feed index, in publication order, so a rare tag reads one index page
 * instead of walking the archive for its 20 stories; "search": a window of the FTS5 index's newest
 * matches (searchWindow).
 */
export type Drive = "walk" | "list" | "tag" | "contributor" | "search";

/** The drive a reader's page takes: the most selective index its filters name. */
export function readerDrive(f: ArticleFilters & { publishedOnly: boolean }): Drive {
  if (!f.publishedOnly || f.collection) return "walk";
  if (f.q) return "search";
  // Both named: the contributor's list drives and the tag is probed, since a person's byline list is
  // usually far shorter than a topic's. The walk is bounded by that contributor's published stories.
  if (f.contributor) return "contributor";
  return f.tag ? "tag" : "walk";
}

/**
 * Conditions for "visible to this audience and matching the filters"; null when the filters can
 * match nothing (a reader's search with no word in it). `drive` says which index the page is read
 * from (articlePageStatement builds the matching FROM): the driven filter becomes conditions on that
 * index, the others are probes of each article it yields.
 */
export function articleConditions(db: DB, f: ArticleFilters & { publishedOnly: boolean }, drive: Drive = "walk"): SQL[] | null {
  const where: SQL[] = [];
  // Editors' order, updated_at, has no index shared with status or section: SQLite would take that
  // column's index and read and sort every matching story before the LIMIT. A unary + (SQLite's way
  // to keep a term off an index) makes it walk the order's index instead and stop after one page.
  // Readers' order index starts with status, so the terms stay plain on their walk; read from a feed
  // or the search window, the article is found by key and every term on it is a check.
  const filterOnly = (column: SQLWrapper): SQLWrapper => (f.publishedOnly && drive === "walk" ? column : sql`+${column}`);
  const status = f.publishedOnly ? "published" : f.status;
  if (status) where.push(eq(filterOnly(articles.status), status));
  if (f.kind) where.push(eq(filterOnly(articles.kind), f.kind));
  if (f.section) where.push(eq(filterOnly(articles.sectionId), idOfSlug(db, sections, f.section)));
  // The slug's id is an uncorrelated subquery, looked up once: each probe is one unique-index search.
  const listed = drive === "list" ? fewListed(db, f) : null;
  // Guarded by the list's size, a constant SQLite checks once: a cut list reads no rows at all
  // (each row read from it would otherwise build its bylines and tags before the sort).
  if (listed) where.push(inArray(articles.id, listed), sql`(${fewListedSize(db, f)}) <= ${FEW}`);
  // A feed's own copy of status is the index's second column: the published range of one tag or
  // contributor. (The article's status above is checked too, on the row read anyway.)
  if (drive === "tag") where.push(eq(articleTags.tagId, tagIdOfSlug(db, f.tag!, true)), eq(articleTags.status, "published"));
  else if (f.tag && !listed) {
    where.push(exists(db.select({ one: sql`1` }).from(articleTags).where(and(eq(articleTags.articleId, OUTER_ID), eq(articleTags.tagId, tagIdOfSlug(db, f.tag, f.publishedOnly))))));
  }
  if (drive === "contributor") where.push(eq(bylines.contributorId, idOfSlug(db, contributors, f.contributor!)), eq(bylines.status, "published"));
  else if (f.contributor && !(listed && !f.tag)) {
    where.push(exists(db.select({ one: sql`1` }).from(bylines).where(and(eq(bylines.articleId, OUTER_ID), eq(bylines.contributorId, idOfSlug(db, contributors, f.contributor))))));
  }
  if (f.q && f.publishedOnly) {
    if (!ftsQuery(f.q)) return null;
    // The search drive reads its matches from the window it joins; any other way in (the feeds'
    // scope check, offset pages) asks the index for the whole match list.
    if (drive !== "search") where.push(sql`${articles.searchId} IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ${ftsQuery(f.q)})`);
  } else if (f.q) {
    // Editors: a substring of the headline, summary or slug, or the words in the search index, which
    // holds every status, tested on each article read (src/articles/editor-search.ts). Only where
    // few articles are read: a collection, a short tag or contributor list. The list's own walk with
    // q is editorSearchIds, which finds the matches through the indexes.
    where.push(editorMatch(f.q));
  }
  // Workflow filters are the editors' (readers' lists never pass them). The assignee is a probe of the
  // assignment's primary key (article_id, user_id) per article walked, as tags and contributors are.
  if (f.stage) where.push(eq(articles.stage, f.stage));
  if (f.assignedTo) where.push(exists(db.select({ one: sql`1` }).from(articleAssignees).where(and(eq(articleAssignees.articleId, OUTER_ID), eq(articleAssignees.userId, f.assignedTo)))));
  // On a feed drive the dates bound the feed index's own range (its third column).
  const publishedAt: SQLWrapper = drive === "tag" ? articleTags.publishedAt : drive === "contributor" ? bylines.publishedAt : drive === "search" ? sql`+${articles.publishedAt}` : articles.publishedAt;
  if (f.since) where.push(sql`${publishedAt} >= ${new Date(f.since).toISOString()}`);
  if (f.until) where.push(sql`${publishedAt} <= ${new Date(f.until).toISOString()}`);
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

type Keyed = { pageKey: string | number | null; pageId: string; archiveTop?: number | null };

/**
 * The statement for one page (limit + 1 rows, to know whether another follows), each row carrying
 * its sort key and id for the next cursor; null when the filters can match nothing. A bad cursor is
 * a 400 naming `cursor`. Exported for the query-plan tests; callers use selectArticlePage.
 */
export function articlePageStatement(db: DB, fields: SelectedFields, q: ArticlePageQuery, drive: Drive = readerDrive(q)) {
  // The editors' list with q: its conditions without q (the ids come from both indexes, or, in a small
  // archive, the plain walk tests each story), built once; its pages tell the isolate the archive's size.
  const editorsSearch = !q.publishedOnly && !!q.q && drive === "walk" && !q.collection;
  const where = articleConditions(db, editorsSearch ? { ...q, q: undefined } : q, drive);
  if (!where) return null;
  if (editorsSearch) {
    if (!smallArchive()) return editorSearchStatement(db, { ...fields, archiveTop }, q, where);
    where.push(wholeListMatch(q.q!));
  }
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
  if (drive === "search") return searchPageStatement(db, fields, q, where);
  if (drive === "tag" || drive === "contributor") {
    // The feed index's own columns: its rows come out in this order, and the copies equal the
    // article's (the triggers), so order and cursor are the walk's exactly.
    const feed = drive === "tag" ? { table: articleTags, articleId: articleTags.articleId, at: articleTags.publishedAt } : { table: bylines, articleId: bylines.articleId, at: bylines.publishedAt };
    if (q.cursor) {
      const c = decodeCursor(q.cursor, isDateKey);
      where.push(sql`(${feed.at}, ${feed.articleId}) < (${c.key}, ${c.id})`);
    }
    // CROSS JOIN: SQLite keeps the left table outer, so the page is the feed index's first rows.
    return db
      .select({ ...fields, pageKey: sql<string | null>`${feed.at}`.as("page_key"), pageId: sql<string>`${feed.articleId}`.as("page_id") })
      .from(feed.table)
      .crossJoin(articles)
      .leftJoin(sections, eq(sections.id, articles.sectionId))
      .leftJoin(media, eq(media.id, articles.featuredMediaId))
      .where(and(eq(articles.id, feed.articleId), ...where))
      .orderBy(desc(feed.at), desc(feed.articleId))
      .limit(q.limit + 1);
  }
  const key = dateKey(q.publishedOnly);
  if (q.cursor) {
    const c = decodeCursor(q.cursor, isDateKey);
    // A row-value comparison is one index range; the equivalent OR is not, and scans from the top.
    where.push(sql`(${key}, ${articles.id}) < (${c.key}, ${c.id})`);
  }
  return selectArticles(db, { ...fields, pageKey: sql<string | null>`${key}`.as("page_key"), pageId, ...(editorsSearch && { archiveTop }) })
    .where(and(...where))
    .orderBy(desc(key), desc(articles.id))
    .limit(q.limit + 1);
}

/**
 * Search reads the FTS5 index newest match first (its rowid is articles.search_id, given in creation
 * order) and stops after a window of SEARCH_WINDOW pages' worth of matches, so a word on every
 * story costs what a word on twenty does. The order is therefore newest-created first, and the
 * cursor carries the search_id ("s<n>"): the matches after it come from the index's own rowid range.
 * A window whose matches are mostly drafts or filtered out (another tag, dates) yields a short page,
 * even an empty one, with a cursor where the window ended: every match is on some page, and no
 * statement reads more than the window.
 */
export const SEARCH_WINDOW = 5;
const isSearchKey = (key: string) => /^s\d{1,15}$/.test(key);
const searchWindowSize = (limit: number) => SEARCH_WINDOW * (limit + 1);

/**
 * The window: the newest matches below the cursor, straight from the index's rowid order. The last
 * word is expanded into whole terms (ftsMatch), which FTS5 reads lazily: a prefix would make it merge
 * every matching posting list first, a cost that grows with the archive.
 */
function searchWindow(db: DB, q: ArticlePageQuery) {
  const before = q.cursor ? Number(decodeCursor(q.cursor, isSearchKey).key.slice(1)) : null;
  return db
    .select({ r: sql<number>`rowid`.as("r") })
    .from(sql`articles_fts`)
    .where(sql`articles_fts MATCH ${ftsMatch(q.q!)}${before === null ? sql`` : sql` AND rowid < ${before}`}`)
    .orderBy(sql`rowid DESC`)
    .limit(searchWindowSize(q.limit));
}

function searchPageStatement(db: DB, fields: SelectedFields, q: ArticlePageQuery, where: SQL[]) {
  const w = searchWindow(db, q).as("w");
  // CROSS JOIN keeps the window outer: its rows come out newest first and each article is one
  // probe of articles_search_id_uq, so the page stops after limit + 1 published matches.
  return db
    .select({ ...fields, pageKey: sql<number>`${w.r}`.as("page_key"), pageId: sql<string>`${articles.id}`.as("page_id") })
    .from(w)
    .crossJoin(articles)
    .leftJoin(sections, eq(sections.id, articles.sectionId))
    .leftJoin(media, eq(media.id, articles.featuredMediaId))
    .where(and(eq(articles.searchId, w.r), ...where))
    .orderBy(desc(w.r))
    .limit(q.limit + 1);
}

/**
 * After a short search page: did the window end the matches, or only this read of them? The same
 * window counted (no article read); its oldest rowid is where the next page starts.
 */
async function searchWindowEnd(db: DB, q: ArticlePageQuery): Promise<string | null> {
  const w = searchWindow(db, q).as("w");
  const [end] = await db.select({ n: sql<number>`count(*)`, lo: sql<number | null>`min(${w.r})` }).from(w);
  return end && end.n >= searchWindowSize(q.limit) && end.lo !== null ? encodeCursor(`s${end.lo}`, "w") : null;
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
  const search = readerDrive(q) === "search";
  const key = (k: Keyed["pageKey"]) => (search ? `s${k}` : String(k));
  let nextCursor = rows.length > q.limit && last ? encodeCursor(key(last.pageKey), last.pageId) : null;
  // A short search page is the end only if the window held fewer matches than it could.
  if (search && !nextCursor) nextCursor = await searchWindowEnd(db, q);
  if (rows[0]) noteArchiveTop(rows[0].archiveTop);
  return { rows: page.map(({ pageKey: _k, pageId: _i, archiveTop: _t, ...row }) => row as unknown as ArticleRow<F>), nextCursor };
}
