// Loads a page of published articles with everything a reader sees in two D1 statements, whatever
// the page size: the articles with their bylines, tags and related links aggregated as JSON by
// SQLite (and the site settings, as one uncorrelated subquery), then everything those point at
// (cards and body images). With the content-version check in front, a cache miss costs three. A
// story read whole (load-whole.ts) resolves its references inside its own statement
// (`ownReferences`): one, two with the version check. (Pages do not: walking every row's tree, or matching the held bodies'
// ids row by row, cost more CPU than the second statement saves; measured.)
// A page reads each body as rendered at save time and fills in its cards and images (src/body/
// stored-html.ts), never the tree or the plain text unless it must (see `storedBody`, `listed`).
// The rows become articles in assemble.ts (the columns every read shares, and `assemble`).
import { and, eq, SQL, sql } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/sqlite-core";
import type { BodyDoc } from "../body";
import { STORED_BODY_FORMAT } from "../body/stored-html";
import { loadBodyText } from "../articles/body-store";
import { PACKED_MARKER_BYTES } from "../body/stored-html-pack";
import { bodyToPlainText } from "../body/plain-text";
import { referencesJson, type ArticleCard } from "../articles/cards";
import type { BylineJson } from "../articles/children-json";
import { selectArticlePage, selectArticles, type ArticleRow } from "../articles/query";
import { selectArticleOffsetPage, type ArticleOffsetQuery } from "../articles/offset-page";
import { heldStoredBodies } from "../articles/stored-body-cache";
import type { DB } from "../db/client";
import { parseSettingsJson, type StoredSettings } from "../editorial/settings/domain";
import { articles } from "../db/schema";
import type { SiteUrls } from "../lib/urls";
import type { PublicFilters } from "./query";
import type { PublicAmendment } from "../amendments/domain";
import type { PublicLive } from "./live-load";
import { assemble, common } from "./assemble";

export type PublicByline = BylineJson;

type ArticleColumns = typeof articles.$inferSelect;
/**
 * The article's own columns every public read carries. Not its body's tree, plain text or stored
 * HTML: ~8 KB of JSON and ~5 KB of text a row, which decoding cost more than the rest of a feed
 * miss (docs/performance.md §4). Each read adds what its consumers use, and the row types below say
 * which, so a consumer that reads a column its loader left out fails to compile.
 */
export type PublicRow = Omit<ArticleColumns, "body" | "excerptText" | "bodyHtml" | "bodyHtmlZ">;

export interface PublicArticleOf<Row extends PublicRow> {
  row: Row;
  url: string;
  section: { slug: string; name: string } | null;
  bylines: PublicByline[];
  tags: { slug: string; name: string }[];
  image: { id: string; mimeType: string; width: number | null; height: number | null; alt: string } | null;
  related: ({ kind: "article"; card: ArticleCard } | { kind: "external"; url: string; title: string; summary: string | null; source: string | null })[];
  bodyHtml: string;
  /** Corrections and updates readers see (src/amendments): public, not deleted, not superseded; oldest first. */
  amendments: PublicAmendment[];
  /**
   * A live blog's coverage position and newest entries (its article view's `live` and JSON-LD); null
   * for any other story. Loaded for a story read whole (by slug or id, and webhook payloads), not for lists.
   */
  live?: PublicLive | null;
}

/** A story read whole (by slug or id, a preview, a webhook payload): with its body's tree, which the article view shows. */
export type PublicArticle = PublicArticleOf<PublicRow & Pick<ArticleColumns, "body">>;

/**
 * A story in a page (feeds, the content API's lists): no tree. `excerptText` is its plain text when
 * a feed's description needs it (no summary, src/public/feed-item.ts feedDescription), else null.
 */
export type ListedArticle = PublicArticleOf<PublicRow & { excerptText: string | null }>;

// What JavaScript's trim() removes (WhiteSpace and LineTerminator): SQLite's trim() with this set
// blanks exactly the summaries feedDescription treats as none.
const JS_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";

/**
 * A page's row: the body rendered at save time (src/body/stored-html.ts), compressed (storedZ, saved
 * since migration 0018) or as text (storedHtml, saved before), to fill, unless this isolate holds it
 * already (`held`: "id:version" keys, src/articles/stored-body-cache.ts; both NULL then); the tree
 * only when no stored rendering of this format is there (NULL: saved before migration 0015).
 */
const storedBody = (held: readonly string[]) => {
  const unlessHeld = (column: SQL | typeof articles.bodyHtml) =>
    held.length ? sql`CASE WHEN ${articles.id} || ':' || ${articles.version} IN (SELECT value FROM json_each(${JSON.stringify(held)})) THEN NULL ELSE ${column} END` : sql`${column}`;
  const format = sql`coalesce(CAST(substr(${articles.bodyHtmlZ}, 1, ${PACKED_MARKER_BYTES}) AS TEXT), substr(${articles.bodyHtml}, 1, ${STORED_BODY_FORMAT.length}))`;
  return {
    storedHtml: sql<string | null>`${unlessHeld(articles.bodyHtml)}`.as("stored_html"),
    storedZ: sql<ArrayBuffer | number[] | null>`${unlessHeld(sql`${articles.bodyHtmlZ}`)}`.as("stored_z"),
    treeJson: sql<string | null>`CASE WHEN ${format} IS NOT ${STORED_BODY_FORMAT} THEN ${articles.body} END`.as("tree_json"),
  };
};
/** A story without a summary: the opening of its text (excerpt_text), which its feed description shows. */
const listed = (held: readonly string[]) => ({
  ...common,
  ...storedBody(held),
  excerptText: sql<string | null>`CASE WHEN ${articles.summary} IS NULL OR trim(${articles.summary}, ${JS_SPACE}) = '' THEN ${articles.excerptText} END`.as("excerpt_text"),
});

// A story read whole carries its tree (the article view shows it; rendering one tree costs no more
// than reading its stored rendering beside it would) and its live block when it is a live blog: free
// for every other story (the CASE reads nothing), and in the same statement.
// And its references (its related links' stories, its body's cards and images), resolved in the same
// statement from its own rows and body (json_tree finds every node collectReferences would, and at
// most a few more ids, which nothing looks up): a miss reads the story in one round trip, not two.
export const ownReferences = referencesJson(
  sql`SELECT r.target_article_id AS value FROM related_links r WHERE r.article_id = "articles"."id" AND r.target_article_id IS NOT NULL
    UNION SELECT json_extract("articles"."body", t.path || '.attrs.article_id') FROM json_tree("articles"."body") t WHERE t.key = 'type' AND t.atom = 'relatedCard'`,
  sql`SELECT DISTINCT json_extract("articles"."body", t.path || '.attrs.media_id') AS value FROM json_tree("articles"."body") t WHERE t.key = 'type' AND t.atom = 'image'`,
  { publishedOnly: true },
);

export interface PublishedPage {
  articles: ListedArticle[];
  nextCursor: string | null;
  /** The site settings, read with the page; null when the page is empty (there was no row to carry them). */
  settings: StoredSettings | null;
}

export async function loadPublishedPage(db: DB, f: PublicFilters, urls: SiteUrls): Promise<PublishedPage> {
  const held = heldStoredBodies();
  const { rows, nextCursor } = await selectArticlePage(db, listed([...held.keys()]), { ...f, publishedOnly: true });
  const articles = await assemble(db, rows, urls, (r) => ({ storedHtml: r.storedHtml, storedZ: r.storedZ, treeJson: r.treeJson, held, extra: { excerptText: r.excerptText } }));
  return { articles, nextCursor, settings: rows[0] ? parseSettingsJson(rows[0].siteJson) : null };
}

/**
 * Published stories by id, in no particular order (one that is no longer published is left out), each
 * with its references resolved in its own statement: one statement for the few stories a feed miss
 * has not rendered yet (src/public/feed-page.ts), where a page-wide references statement would be a
 * fourth. (Resolving them in-statement walks each row's tree: fine for a few, dearer than the second
 * statement for a whole page, which is why loadPublishedPage does not.)
 */
export async function loadPublishedByIds(db: DB, ids: readonly string[], urls: SiteUrls): Promise<ListedArticle[]> {
  if (!ids.length) return [];
  const held = heldStoredBodies();
  const fields = { ...listed([...held.keys()]), refsCards: ownReferences.cards.as("refs_cards"), refsMedia: ownReferences.media.as("refs_media") };
  // One bound parameter whatever the number of ids (D1 allows 100 a statement; a page may be 100).
  const rows = await selectArticles(db, fields).where(and(sql`${articles.id} IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`, eq(articles.status, "published")));
  return assemble(db, rows as ArticleRow<typeof fields>[], urls, (r) => ({
    storedHtml: r.storedHtml,
    storedZ: r.storedZ,
    treeJson: r.treeJson,
    held,
    extra: { excerptText: r.excerptText },
    references: { cards: r.refsCards, media: r.refsMedia },
  }));
}

/**
 * A Ghost post's article: a page's, with the text Ghost shows: `excerpt` from the opening of the
 * text (excerptText, a story without a summary), `plaintext` (`plainText`) only when asked for,
 * from the body's tree (the whole text is not stored).
 */
export type GhostListedArticle = PublicArticleOf<PublicRow & { excerptText: string | null; plainText: string | null }>;

/**
 * A page by number with its total (the Ghost-compatible API, src/ghost-api): `extra` columns are
 * read in the same statement and handed back beside each article.
 */
export async function loadPublishedOffsetPage<E extends SelectedFields>(db: DB, q: Omit<ArticleOffsetQuery, "publishedOnly">, extra: E, urls: SiteUrls, opts: { plainText?: boolean } = {}) {
  const fields = {
    ...common,
    ...storedBody([]),
    excerptText: sql<string | null>`${articles.excerptText}`.as("excerpt_text"),
    plainBody: (opts.plainText ? sql<string | null>`${articles.body}` : sql<string | null>`NULL`).as("plain_body"),
  };
  const { rows, total } = await selectArticleOffsetPage(db, { ...fields, ...extra }, { ...q, publishedOnly: true });
  const typed = rows as unknown as ArticleRow<typeof fields>[];
  // A cold story's body is in R2 (its row holds a marker): read only when plaintext is asked for.
  const plain = new Map(
    await Promise.all(
      typed.filter((r) => r.plainBody !== null).map(async (r) => [r.id, bodyToPlainText(JSON.parse(r.bodyKey === null ? r.plainBody! : await loadBodyText(db, r.bodyKey)) as BodyDoc)] as const),
    ),
  );
  const assembled: GhostListedArticle[] = await assemble(db, typed, urls, (r) => ({
    storedHtml: r.storedHtml,
    storedZ: r.storedZ,
    treeJson: r.treeJson,
    extra: { excerptText: r.excerptText, plainText: plain.get(r.id) ?? null },
  }));
  return { articles: assembled.map((article, i) => ({ article, extra: rows[i] as ArticleRow<E> })), total };
}
