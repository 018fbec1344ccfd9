// Loads a page of published articles with everything a reader sees in two D1 statements, whatever
// the page size: the articles with their bylines, tags and related links aggregated as JSON by
// SQLite, then everything those point at (cards and body images). With the content-version check
// in front, a cache miss costs three statements.
import { and, asc, desc, eq, getTableColumns, sql, type SQL } from "drizzle-orm";
import { collectReferences, type BodyDoc } from "../body";
import { resolveReferences, type ArticleCard } from "../articles/cards";
import { renderResolvedBody } from "../articles/render-body";
import type { DB } from "../db/client";
import { articles, collectionItems, collections, media, sections } from "../db/schema";
import { decodeCursor, encodeCursor, isDateKey } from "../lib/cursor";
import type { SiteUrls } from "../lib/urls";
import { filterConditions, type PublicFilters } from "./query";

export interface PublicByline {
  role: string | null;
  id: string;
  slug: string;
  name: string;
  kind: "person" | "organization";
  job_title: string | null;
  avatar_media_id: string | null;
}

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

type RelatedJson = { target: string | null; url: string | null; title: string | null; summary: string | null; source: string | null };

// Spelled out: with no join in the query drizzle prints a bare "id", which inside a subquery
// would bind to the subquery's own table instead of the outer article.
const OUTER_ID = sql.raw(`"articles"."id"`);

const selection = {
  ...getTableColumns(articles),
  sectionSlug: sql<string | null>`${sections.slug}`.as("section_slug"),
  sectionName: sql<string | null>`${sections.name}`.as("section_name"),
  imageMime: sql<string | null>`${media.mimeType}`.as("image_mime"),
  imageWidth: sql<number | null>`${media.width}`.as("image_width"),
  imageHeight: sql<number | null>`${media.height}`.as("image_height"),
  imageAlt: sql<string | null>`${media.alt}`.as("image_alt"),
  bylinesJson: sql<string>`(SELECT json_group_array(json_object('role', b.role, 'id', c.id, 'slug', c.slug, 'name', c.name, 'kind', c.kind,
      'job_title', c.job_title, 'avatar_media_id', c.avatar_media_id) ORDER BY b.position)
    FROM bylines b JOIN contributors c ON c.id = b.contributor_id WHERE b.article_id = ${OUTER_ID})`.as("bylines_json"),
  tagsJson: sql<string>`(SELECT json_group_array(json_object('slug', t.slug, 'name', t.name) ORDER BY x.position)
    FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = ${OUTER_ID})`.as("tags_json"),
  relatedJson: sql<string>`(SELECT json_group_array(json_object('target', r.target_article_id, 'url', r.url, 'title', r.title,
      'summary', r.summary, 'source', r.source_name) ORDER BY r.position)
    FROM related_links r WHERE r.article_id = ${OUTER_ID})`.as("related_json"),
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

export async function loadPublishedPage(db: DB, f: PublicFilters, urls: SiteUrls) {
  const where = filterConditions(db, f);
  if (!where) return { articles: [] as PublicArticle[], nextCursor: null };
  let rows: (Row & { position?: number })[];
  if (f.collection) {
    // A collection is in the editor's order, so its cursor is a position, not a date.
    const after = f.cursor ? Number(decodeCursor(f.cursor, (k) => /^\d+$/.test(k)).key) : -1;
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
  return { articles: await assemble(db, page, urls), nextCursor };
}

export async function loadPublishedBySlug(db: DB, slug: string, urls: SiteUrls): Promise<PublicArticle | null> {
  const rows = await baseQuery(db).where(and(eq(articles.slug, slug), eq(articles.status, "published"))).all();
  return (await assemble(db, rows, urls))[0] ?? null;
}

async function assemble(db: DB, rows: Row[], urls: SiteUrls): Promise<PublicArticle[]> {
  const parsed = rows.map(({ position: _p, ...r }: Row & { position?: number }) => ({
    r,
    bylines: JSON.parse(r.bylinesJson ?? "[]") as PublicByline[],
    tags: JSON.parse(r.tagsJson ?? "[]") as { slug: string; name: string }[],
    related: JSON.parse(r.relatedJson ?? "[]") as RelatedJson[],
    refs: collectReferences(r.body as BodyDoc),
  }));
  const { cards, mediaById } = await resolveReferences(
    db,
    parsed.flatMap((p) => [...p.related.flatMap((l) => (l.target ? [l.target] : [])), ...p.refs.articleIds]),
    parsed.flatMap((p) => p.refs.mediaIds),
    urls,
    { publishedOnly: true },
  );
  return parsed.map(({ r, bylines, tags, related }) => {
    const { sectionSlug, sectionName, imageMime, imageWidth, imageHeight, imageAlt, bylinesJson: _b, tagsJson: _t, relatedJson: _r, ...row } = r;
    return {
      row,
      url: urls.article(sectionSlug, row.slug, row.id),
      section: sectionSlug ? { slug: sectionSlug, name: sectionName ?? sectionSlug } : null,
      bylines,
      tags,
      image: row.featuredMediaId && imageMime ? { id: row.featuredMediaId, mimeType: imageMime, width: imageWidth, height: imageHeight, alt: imageAlt ?? "" } : null,
      related: related.flatMap((l): PublicArticle["related"] => {
        if (!l.target) return [{ kind: "external", url: l.url ?? "", title: l.title ?? "", summary: l.summary, source: l.source }];
        const card = cards.get(l.target);
        return card ? [{ kind: "article", card }] : [];
      }),
      bodyHtml: renderResolvedBody(row.body as BodyDoc, mediaById, cards, urls),
    };
  });
}
