// Sitemaps for search engines: every published article (an index past 50,000) and a Google News
// sitemap of the last 48 hours.
import { and, asc, desc, eq, gte, sql } from "drizzle-orm";
import { Hono, type Context } from "hono";
import { articles, sections } from "../db/schema";
import { effectiveSettings, loadSettings } from "../editorial/settings/domain";
import * as v from "valibot";
import type { AppEnv } from "../http/app-env";
import { input, route } from "../http/contract";
import { notFound } from "../lib/errors";
import { workerOrigin } from "../lib/urls";
import { NEWS_SITEMAP_LIMIT, renderNewsSitemap, renderSitemap, renderSitemapIndex, SITEMAP_LIMIT, sitemapPages } from "../seo/sitemap";
import { cached } from "./responses";
import { keptPublished } from "../articles/query-counts";

/** The sitemaps protocol's cap on the entries of one sitemap index. */
export const MAX_SITEMAP_PAGES = 50_000;
const XML = { "content-type": "application/xml; charset=utf-8" };
const published = eq(articles.status, "published");
const xml = (description: string) => cached({ description, content: { "application/xml": { description: "Sitemaps XML (sitemaps.org)." } } });
const tags = ["sitemaps"];
/** The router only sends names of this shape here (the route's own regex): the document shows it. */
const SitemapPageParams = v.object({
  file: v.pipe(v.string(), v.regex(/^sitemap-[0-9]+\.xml$/), v.description("`sitemap-{n}.xml`, n from 1 to the number of pages the index lists.")),
});

async function pageEntries(c: Context<AppEnv>, page: number) {
  const urls = c.var.urls;
  const rows = await c.var.db
    // lastmod is the last update readers are told of: a minor save leaves it (src/amendments/domain.ts).
    .select({ id: articles.id, slug: articles.slug, updatedAt: sql<string>`coalesce(${articles.lastMajorUpdateAt}, ${articles.updatedAt})`, section: sections.slug })
    .from(articles)
    .leftJoin(sections, eq(sections.id, articles.sectionId))
    .where(published)
    .orderBy(asc(articles.publishedAt), asc(articles.id))
    .limit(SITEMAP_LIMIT)
    .offset((page - 1) * SITEMAP_LIMIT)
    .all();
  return rows.map((r) => ({ url: urls.article(r.section, r.slug, r.id), lastmod: r.updatedAt }));
}

export const sitemapRoutes = new Hono<AppEnv>()
  .get("/sitemap.xml",
    route({
      operationId: "getSitemap", summary: "The sitemap of every published story",
      description: `One sitemap up to ${SITEMAP_LIMIT.toLocaleString("en")} stories; past that, a sitemap index listing \`/sitemap-{n}.xml\` pages.`,
      tags,
      ok: xml("A sitemap, or a sitemap index."),
    }),
    async (c) => {
      // The published total kept by migration 0024: one probe, where count() read every published story.
      const total = (await c.var.db.get<{ n: number }>(sql`SELECT ${keptPublished("all")} AS n`))?.n ?? 0;
      if (total <= SITEMAP_LIMIT) return c.body(renderSitemap(await pageEntries(c, 1)), 200, XML);
      const origin = workerOrigin(c.env, c.req.url);
      const refs = Array.from({ length: sitemapPages(total) }, (_, i) => ({ url: `${origin}/sitemap-${i + 1}.xml`, lastmod: null }));
      return c.body(renderSitemapIndex(refs), 200, XML);
    })
  .get("/:file{sitemap-[0-9]+\\.xml}",
    route({ operationId: "getSitemapPage", summary: "One page of the sitemap index", tags, ok: xml("A sitemap."), errors: ["not_found"] }),
    input("param", SitemapPageParams),
    async (c) => {
      // A sitemap index lists at most 50,000 sitemaps, so no real page number is longer than five
      // digits: 10^20 (a float to SQLite, a 500 as an OFFSET) is a page that does not exist.
      const digits = /\d+/.exec(c.req.valid("param").file)![0];
      const page = digits.length <= 5 ? Number(digits) : 0;
      const entries = page >= 1 && page <= MAX_SITEMAP_PAGES ? await pageEntries(c, page) : [];
      if (!entries.length) throw notFound("Sitemap page");
      return c.body(renderSitemap(entries), 200, XML);
    })
  .get("/sitemap-news.xml",
    route({ operationId: "getNewsSitemap", summary: "The Google News sitemap", description: `Stories published in the last 48 hours, at most ${NEWS_SITEMAP_LIMIT.toLocaleString("en")}.`, tags, ok: xml("A Google News sitemap.") }),
    async (c) => {
      const urls = c.var.urls;
      const since = new Date(Date.now() - 48 * 3600_000).toISOString();
      // Google News names the publication as the newsroom's settings do, like the feeds and JSON-LD.
      const settings = loadSettings(c.var.db);
      const rows = await c.var.db
        .select({ id: articles.id, slug: articles.slug, headline: articles.headline, publishedAt: articles.publishedAt, language: articles.language, section: sections.slug })
        .from(articles)
        .leftJoin(sections, eq(sections.id, articles.sectionId))
        .where(and(published, gte(articles.publishedAt, since)))
        .orderBy(desc(articles.publishedAt))
        .limit(NEWS_SITEMAP_LIMIT)
        .all();
      const items = rows.map((r) => ({ url: urls.article(r.section, r.slug, r.id), headline: r.headline, publishedAt: r.publishedAt!, language: r.language }));
      const site = effectiveSettings(await settings, c.env);
      return c.body(renderNewsSitemap({ name: site.title, language: site.language }, items), 200, XML);
    });
