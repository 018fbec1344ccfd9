// Loads a page of published articles with everything a reader sees in two D1 statements, whatever
// the page size: the articles with their bylines, tags and related links aggregated as JSON by
// SQLite (and the site settings, as one uncorrelated subquery), then everything those point at
// (cards and body images). With the content-version check in front, a cache miss costs three.
import { and, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import type { SelectedFields } from "drizzle-orm/sqlite-core";
import { collectReferences, type BodyDoc } from "../body";
import { resolveReferences, type ArticleCard } from "../articles/cards";
import { parseChildren, publicChildrenJson, type BylineJson } from "../articles/children-json";
import { selectArticleOffsetPage, selectArticlePage, selectArticles, type ArticleOffsetQuery, type ArticleRow } from "../articles/query";
import { renderResolvedBody } from "../articles/render-body";
import type { DB } from "../db/client";
import { parseSettingsJson, SETTINGS_JSON, type StoredSettings } from "../editorial/settings/domain";
import { articles, media, sections } from "../db/schema";
import type { SiteUrls } from "../lib/urls";
import type { PublicFilters } from "./query";
import { parsePublicAmendments, publicAmendmentsJson, type PublicAmendment } from "../amendments/domain";
import { liveBlockJson, parseLiveJson, type PublicLive } from "./live-load";

export type PublicByline = BylineJson;

export interface PublicArticle {
  row: typeof articles.$inferSelect;
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

const selection = {
  ...getTableColumns(articles),
  sectionSlug: sql<string | null>`${sections.slug}`.as("section_slug"),
  sectionName: sql<string | null>`${sections.name}`.as("section_name"),
  imageMime: sql<string | null>`${media.mimeType}`.as("image_mime"),
  imageWidth: sql<number | null>`${media.width}`.as("image_width"),
  imageHeight: sql<number | null>`${media.height}`.as("image_height"),
  imageAlt: sql<string | null>`${media.alt}`.as("image_alt"),
  // Internal tags never leave: readers get public tags only.
  ...publicChildrenJson,
  // The same value on every row, computed once by SQLite: the settings ride along for free.
  siteJson: sql<string | null>`${SETTINGS_JSON}`.as("site_json"),
  amendmentsJson: publicAmendmentsJson(sql.raw(`"articles"."id"`)).as("amendments_json"),
};

type Row = ArticleRow<typeof selection> & { liveJson?: string | null };

// A story read whole carries its live block when it is a live blog: free for every other story
// (the CASE reads nothing), and in the same statement, so a miss stays at three statements.
const wholeSelection = {
  ...selection,
  liveJson: sql<string | null>`CASE WHEN "articles"."kind" = 'live' THEN ${liveBlockJson(sql.raw(`"articles"."id"`))} END`.as("live_json"),
};

export interface PublishedPage {
  articles: PublicArticle[];
  nextCursor: string | null;
  /** The site settings, read with the page; null when the page is empty (there was no row to carry them). */
  settings: StoredSettings | null;
}

export async function loadPublishedPage(db: DB, f: PublicFilters, urls: SiteUrls): Promise<PublishedPage> {
  const { rows, nextCursor } = await selectArticlePage(db, selection, { ...f, publishedOnly: true });
  return { articles: await assemble(db, rows, urls), nextCursor, settings: rows[0] ? parseSettingsJson(rows[0].siteJson) : null };
}

export async function loadPublishedBySlug(db: DB, slug: string, urls: SiteUrls): Promise<{ article: PublicArticle; settings: StoredSettings } | null> {
  return loadPublishedOne(db, eq(articles.slug, slug), urls);
}

/** By id: an article URL pattern may name the story by `{id}` (src/embed/resolve.ts). */
export async function loadPublishedById(db: DB, id: string, urls: SiteUrls): Promise<{ article: PublicArticle; settings: StoredSettings } | null> {
  return loadPublishedOne(db, eq(articles.id, id), urls);
}

async function loadPublishedOne(db: DB, where: SQL, urls: SiteUrls) {
  const rows = (await selectArticles(db, wholeSelection).where(and(where, eq(articles.status, "published"))).all()) as Row[];
  const article = (await assemble(db, rows, urls))[0];
  return article ? { article, settings: parseSettingsJson(rows[0]!.siteJson) } : null;
}

/**
 * A page by number with its total (the Ghost-compatible API, src/ghost-api): `extra` columns are
 * read in the same statement and handed back beside each article.
 */
export async function loadPublishedOffsetPage<E extends SelectedFields>(db: DB, q: Omit<ArticleOffsetQuery, "publishedOnly">, extra: E, urls: SiteUrls) {
  const { rows, total } = await selectArticleOffsetPage(db, { ...selection, ...extra }, { ...q, publishedOnly: true });
  const assembled = await assemble(db, rows as unknown as Row[], urls);
  return { articles: assembled.map((article, i) => ({ article, extra: rows[i] as ArticleRow<E> })), total };
}

async function assemble(db: DB, rows: Row[], urls: SiteUrls): Promise<PublicArticle[]> {
  const parsed = rows.map((r) => ({
    r,
    ...parseChildren(r),
    refs: collectReferences(r.body as BodyDoc),
  }));
  const { cards, mediaById } = await resolveReferences(
    db,
    parsed.flatMap((p) => [...p.related.flatMap((l) => (l.target_article_id ? [l.target_article_id] : [])), ...p.refs.articleIds]),
    parsed.flatMap((p) => p.refs.mediaIds),
    urls,
    { publishedOnly: true },
  );
  return parsed.map(({ r, bylines, tags, related }) => {
    const { sectionSlug, sectionName, imageMime, imageWidth, imageHeight, imageAlt, bylinesJson: _b, tagsJson: _t, relatedJson: _r, siteJson: _s, amendmentsJson, liveJson, ...row } = r;
    return {
      row,
      url: urls.article(sectionSlug, row.slug, row.id),
      section: sectionSlug ? { slug: sectionSlug, name: sectionName ?? sectionSlug } : null,
      bylines,
      tags,
      image: row.featuredMediaId && imageMime ? { id: row.featuredMediaId, mimeType: imageMime, width: imageWidth, height: imageHeight, alt: imageAlt ?? "" } : null,
      related: related.flatMap((l): PublicArticle["related"] => {
        if (!l.target_article_id) return [{ kind: "external", url: l.url ?? "", title: l.title ?? "", summary: l.summary, source: l.source_name }];
        const card = cards.get(l.target_article_id);
        return card ? [{ kind: "article", card }] : [];
      }),
      bodyHtml: renderResolvedBody(row.body as BodyDoc, mediaById, cards, urls),
      amendments: parsePublicAmendments(amendmentsJson),
      ...(liveJson !== undefined ? { live: parseLiveJson(liveJson) } : {}),
    };
  });
}
