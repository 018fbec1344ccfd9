// Loads a page of published articles with everything a reader sees in two D1 statements, whatever
// the page size: the articles with their bylines, tags and related links aggregated as JSON by
// SQLite (and the site settings, as one uncorrelated subquery), then everything those point at
// (cards and body images). With the content-version check in front, a cache miss costs three.
import { and, asc, desc, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import { collectReferences, type BodyDoc } from "../body";
import { resolveReferences, type ArticleCard } from "../articles/cards";
import { childrenJson, parseChildren, type BylineJson } from "../articles/children-json";
import { renderResolvedBody } from "../articles/render-body";
import type { DB } from "../db/client";
import { parseSettingsJson, SETTINGS_JSON, type StoredSettings } from "../editorial/settings/domain";
import { articles, collectionItems, collections, media, sections } from "../db/schema";
import { decodeCursor, encodeCursor, isDateKey, isPositionKey } from "../lib/cursor";
import type { SiteUrls } from "../lib/urls";
import { filterConditions, type PublicFilters } from "./query";

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
}

const selection = {
  ...getTableColumns(articles),
  sectionSlug: sql<string | null>`${sections.slug}`.as("section_slug"),
  sectionName: sql<string | null>`${sections.name}`.as("section_name"),
  imageMime: sql<string | null>`${media.mimeType}`.as("image_mime"),
  imageWidth: sql<number | null>`${media.width}`.as("image_width"),
  imageHeight: sql<number | null>`${media.height}`.as("image_height"),
  imageAlt: sql<string | null>`${media.alt}`.as("image_alt"),
  ...childrenJson,
  // The same value on every row, computed once by SQLite: the settings ride along for free.
  siteJson: sql<string | null>`${SETTINGS_JSON}`.as("site_json"),
};

function baseQuery(db: DB) {
  return db
    .select(selection)
    .from(articles)
    .leftJoin(sections, eq(sections.id, articles.sectionId))
    .leftJoin(media, eq(media.id, articles.featuredMediaId))
    .$dynamic();
}
type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>["all"]>>[number];

export interface PublishedPage {
  articles: PublicArticle[];
  nextCursor: string | null;
  /** The site settings, read with the page; null when the page is empty (there was no row to carry them). */
  settings: StoredSettings | null;
}

export async function loadPublishedPage(db: DB, f: PublicFilters, urls: SiteUrls): Promise<PublishedPage> {
  const where = filterConditions(db, f);
  if (!where) return { articles: [], nextCursor: null, settings: null };
  let rows: (Row & { position?: number })[];
  if (f.collection) {
    // A collection is in the editor's order, so its cursor is a position, not a date.
    const after = f.cursor ? Number(decodeCursor(f.cursor, isPositionKey).key) : -1;
    const collectionId = db.select({ id: collections.id }).from(collections).where(eq(collections.slug, f.collection));
    rows = await db
      .select({ ...selection, position: collectionItems.position })
      .from(articles)
      .leftJoin(sections, eq(sections.id, articles.sectionId))
      .leftJoin(media, eq(media.id, articles.featuredMediaId))
      .innerJoin(collectionItems, and(eq(collectionItems.articleId, articles.id), eq(collectionItems.collectionId, collectionId)))
      .where(and(...where, sql`${collectionItems.position} > ${after}`))
      .orderBy(asc(collectionItems.position))
      .limit(f.limit + 1)
      .all();
  } else {
    const conditions: SQL[] = [...where];
    if (f.cursor) {
      const c = decodeCursor(f.cursor, isDateKey);
      // A row-value comparison is one index range; the equivalent OR is not, and scans from the top.
      conditions.push(sql`(${articles.publishedAt}, ${articles.id}) < (${c.key}, ${c.id})`);
    }
    rows = await baseQuery(db).where(and(...conditions)).orderBy(desc(articles.publishedAt), desc(articles.id)).limit(f.limit + 1).all();
  }
  const page = rows.slice(0, f.limit);
  const last = page.at(-1);
  const nextCursor = rows.length > f.limit && last ? encodeCursor(f.collection ? String(last.position) : last.publishedAt!, last.id) : null;
  return { articles: await assemble(db, page, urls), nextCursor, settings: rows[0] ? parseSettingsJson(rows[0].siteJson) : null };
}

export async function loadPublishedBySlug(db: DB, slug: string, urls: SiteUrls): Promise<{ article: PublicArticle; settings: StoredSettings } | null> {
  const rows = await baseQuery(db).where(and(eq(articles.slug, slug), eq(articles.status, "published"))).all();
  const article = (await assemble(db, rows, urls))[0];
  return article ? { article, settings: parseSettingsJson(rows[0]!.siteJson) } : null;
}

async function assemble(db: DB, rows: Row[], urls: SiteUrls): Promise<PublicArticle[]> {
  const parsed = rows.map(({ position: _p, ...r }: Row & { position?: number }) => ({
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
    const { sectionSlug, sectionName, imageMime, imageWidth, imageHeight, imageAlt, bylinesJson: _b, tagsJson: _t, relatedJson: _r, siteJson: _s, ...row } = r;
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
    };
  });
}
