// Resolves related articles (for related links and body cards) in two queries, whatever their number.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { DB } from "../db/client";
import { articles, bylines, contributors, media, sections } from "../db/schema";
import type { SiteUrls } from "../lib/urls";

export interface ArticleCard {
  id: string;
  slug: string;
  headline: string;
  summary: string | null;
  status: string;
  url: string;
  bylines: { slug: string; name: string; kind: string }[];
  image: { url: string; width: number | null; height: number | null; alt: string } | null;
  published_at: string | null;
}

/** Cards keyed by id. With publishedOnly, drafts and deleted articles are simply absent: never leaked. */
export async function resolveCards(db: DB, ids: string[], urls: SiteUrls, opts: { publishedOnly: boolean }) {
  const out = new Map<string, ArticleCard>();
  const unique = [...new Set(ids)];
  if (!unique.length) return out;
  const where = opts.publishedOnly
    ? and(inArray(articles.id, unique), eq(articles.status, "published"))
    : inArray(articles.id, unique);
  const [rows, names] = await db.batch([
    db
      .select({
        id: articles.id,
        slug: articles.slug,
        headline: articles.headline,
        summary: articles.summary,
        status: articles.status,
        publishedAt: articles.publishedAt,
        // Aliased: D1 batch results are keyed by column name, so a second "slug" would clobber the first.
        section: sql<string | null>`${sections.slug}`.as("section_slug"),
        mediaId: articles.featuredMediaId,
        width: media.width,
        height: media.height,
        alt: articles.featuredAlt,
      })
      .from(articles)
      .leftJoin(sections, eq(sections.id, articles.sectionId))
      .leftJoin(media, eq(media.id, articles.featuredMediaId))
      .where(where),
    db
      .select({ articleId: bylines.articleId, slug: contributors.slug, name: contributors.name, kind: contributors.kind })
      .from(bylines)
      .innerJoin(contributors, eq(contributors.id, bylines.contributorId))
      .where(inArray(bylines.articleId, unique))
      .orderBy(asc(bylines.articleId), asc(bylines.position)),
  ]);
  for (const r of rows) {
    out.set(r.id, {
      id: r.id,
      slug: r.slug,
      headline: r.headline,
      summary: r.summary,
      status: r.status,
      url: urls.article(r.section, r.slug, r.id),
      bylines: names.filter((n) => n.articleId === r.id).map(({ slug, name, kind }) => ({ slug, name, kind })),
      image: r.mediaId ? { url: urls.media(r.mediaId), width: r.width, height: r.height, alt: r.alt ?? "" } : null,
      published_at: r.publishedAt,
    });
  }
  return out;
}
