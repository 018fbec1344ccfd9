// The public content API: published articles only, no emails or drafts, CORS-open for embedding.
import { Hono, type Context } from "hono";
import { effectiveSettings } from "../editorial/settings/domain";
import { jsonLdScript, newsArticleJsonLd } from "../seo/json-ld";
import type { AppEnv } from "../http/app-env";
import { notFound } from "../lib/errors";
import { siteUrls } from "../lib/urls";
import { parseOrThrow } from "../lib/validate";
import { lastModifiedHeader } from "./cache";
import * as dir from "./directory";
import { loadPublishedBySlug, loadPublishedPage } from "./load";
import { ArticleListQuery, PageQuery, SlugParam } from "./params";
import { toArticleFull, toArticleSummary, toFeedItem } from "./views";

const urlsFor = (c: Context<AppEnv>) => siteUrls(c.env, new URL(c.req.url).origin);
const newest = (dates: (string | null)[]) => dates.reduce<string | null>((a, b) => (b && (!a || b > a) ? b : a), null);

export const contentApi = new Hono<AppEnv>()
  .get("/articles", async (c) => {
    const q = parseOrThrow(ArticleListQuery, c.req.query());
    const urls = urlsFor(c);
    const page = await loadPublishedPage(c.var.db, q, urls);
    const items = page.articles;
    return safeJson(
      c,
      { articles: items.map((a) => toArticleSummary(a, urls)), next_cursor: page.nextCursor },
      lastModifiedHeader(newest(items.map((a) => a.row.updatedAt))),
    );
  })
  .get("/articles/:slug", async (c) => {
    const slug = parseOrThrow(SlugParam, c.req.param("slug"), "slug");
    const urls = urlsFor(c);
    const found = await loadPublishedBySlug(c.var.db, slug, urls);
    if (!found) throw notFound("Article");
    const { article } = found;
    const site = effectiveSettings(found.settings, c.env);
    const jsonLd = newsArticleJsonLd({
      item: toFeedItem(article, urls),
      publisher: { name: site.title, url: urls.home, logo: site.logo ? { url: urls.media(site.logo.id), width: site.logo.width, height: site.logo.height } : null },
      dek: article.row.dek,
    });
    // json_ld is the data as written; json_ld_script is the same object ready to paste between
    // <script type="application/ld+json"> and </script> (no "</script", "<!--" or raw U+2028/9).
    const body = { article: { ...toArticleFull(article, urls), json_ld: jsonLd, json_ld_script: jsonLdScript(jsonLd) } };
    return safeJson(c, body, lastModifiedHeader(article.row.updatedAt));
  })
  .get("/contributors", async (c) => {
    const urls = urlsFor(c);
    const rows = await dir.listContributorsWithCounts(c.var.db);
    return safeJson(c, { contributors: rows.map((r) => contributorView(r, urls)) });
  })
  .get("/contributors/:slug", async (c) => {
    const slug = parseOrThrow(SlugParam, c.req.param("slug"), "slug");
    const row = await dir.oneOrNotFound(dir.listContributorsWithCounts(c.var.db, slug), "Contributor");
    return safeJson(c, { contributor: contributorView(row, urlsFor(c)) });
  })
  .get("/tags", async (c) => {
    const urls = urlsFor(c);
    return safeJson(c, { tags: (await dir.listTagsWithCounts(c.var.db)).map((r) => tagView(r, urls)) });
  })
  .get("/tags/:slug", async (c) => {
    const slug = parseOrThrow(SlugParam, c.req.param("slug"), "slug");
    return safeJson(c, { tag: tagView(await dir.oneOrNotFound(dir.listTagsWithCounts(c.var.db, slug), "Tag"), urlsFor(c)) });
  })
  .get("/sections", async (c) => {
    const urls = urlsFor(c);
    return safeJson(c, { sections: (await dir.listSectionsWithCounts(c.var.db)).map((r) => sectionView(r, urls)) });
  })
  .get("/sections/:slug", async (c) => {
    const slug = parseOrThrow(SlugParam, c.req.param("slug"), "slug");
    return safeJson(c, { section: sectionView(await dir.oneOrNotFound(dir.listSectionsWithCounts(c.var.db, slug), "Section"), urlsFor(c)) });
  })
  .get("/collections/:slug", async (c) => {
    const slug = parseOrThrow(SlugParam, c.req.param("slug"), "slug");
    const q = parseOrThrow(PageQuery, c.req.query());
    const urls = urlsFor(c);
    const collection = await dir.getCollectionBySlug(c.var.db, slug);
    const page = await loadPublishedPage(c.var.db, { ...q, collection: slug }, urls);
    const items = page.articles;
    return safeJson(c, {
      collection: { slug: collection.slug, name: collection.name, description: collection.description, updated_at: collection.updatedAt },
      articles: items.map((a) => toArticleSummary(a, urls)),
      next_cursor: page.nextCursor,
    });
  });

/**
 * Every content API answer: JSON whose text never contains "<", ">" or "&" (each is a \u escape
 * inside a string, where it means the same), nor raw U+2028/2029. A site that inlines a response
 * into a page, as many templates do with `<script>window.data = …</script>`, cannot have a
 * headline or bio close its script element; JSON parsers read exactly the same values.
 */
function safeJson(c: Context<AppEnv>, body: unknown, headers: Record<string, string> = {}) {
  return c.body(jsonLdScript(body), 200, { "content-type": "application/json", ...headers });
}

type Urls = ReturnType<typeof siteUrls>;
const contributorView = ({ c, article_count }: Awaited<ReturnType<typeof dir.listContributorsWithCounts>>[number], urls: Urls) => ({
  slug: c.slug,
  kind: c.kind,
  name: c.name,
  job_title: c.jobTitle,
  bio: c.bio,
  avatar: c.avatarMediaId ? urls.media(c.avatarMediaId) : null,
  links: c.links,
  url: urls.contributor(c.slug),
  article_count,
});
const tagView = ({ t, article_count }: Awaited<ReturnType<typeof dir.listTagsWithCounts>>[number], urls: Urls) => ({
  slug: t.slug,
  name: t.name,
  description: t.description,
  url: urls.tag(t.slug),
  article_count,
});
const sectionView = ({ s, article_count }: Awaited<ReturnType<typeof dir.listSectionsWithCounts>>[number], urls: Urls) => ({
  slug: s.slug,
  name: s.name,
  description: s.description,
  url: urls.section(s.slug),
  article_count,
});
