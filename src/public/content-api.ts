// The public content API: published articles only, no emails or drafts, CORS-open for embedding.
import { Hono } from "hono";
import * as v from "valibot";
import { effectiveSettings } from "../editorial/settings/domain";
import type { AppEnv } from "../http/app-env";
import { input, route } from "../http/contract";
import { notFound } from "../lib/errors";
import { lastModifiedHeader } from "./cache";
import { lastChangeAt } from "../amendments/domain";
import * as dir from "./directory";
import { loadPublishedPage } from "./load";
import { loadPublishedBySlug, storedBodyText } from "./load-whole";
import { ArticleListQuery, PageQuery, SlugParams } from "./params";
import { cachedJson, safeJson, safeJsonSpliced } from "./responses";
import {
  ArticleSummaryView, ArticleView, CollectionView, ContributorView, SectionView, TagView,
  toArticleFull, toArticleSummary, toCollectionView, toContributorView, toSectionView, toTagView,
} from "./views";

const newest = (dates: (string | null)[]) => dates.reduce<string | null>((a, b) => (b && (!a || b > a) ? b : a), null);

const NextCursor = v.pipe(v.nullable(v.string()), v.description("Pass as `cursor` for the next (older) page; null on the last."));
const ArticlePage = v.object({ articles: v.array(ArticleSummaryView), next_cursor: NextCursor });
const PAGING = "Newest first. `limit` is 1–100 (default 20); follow `next_cursor` for older stories.";

const articles = ["articles"];
const directory = ["directory"];

export const contentApi = new Hono<AppEnv>()
  .get("/articles",
    route({ operationId: "listArticles", summary: "List published stories, filtered and searched", description: PAGING, tags: articles, ok: cachedJson(ArticlePage), errors: ["validation_failed"] }),
    input("query", ArticleListQuery),
    async (c) => {
      const page = await loadPublishedPage(c.var.db, c.req.valid("query"), c.var.urls);
      const items = page.articles;
      return safeJson(
        c,
        { articles: items.map((a) => toArticleSummary(a, c.var.urls)), next_cursor: page.nextCursor },
        lastModifiedHeader(newest(items.map((a) => lastChangeAt(a.row)))),
      );
    })
  .get("/articles/:slug",
    route({
      operationId: "getArticle", summary: "Get a published story, whole",
      description: "With its body (as JSON and as HTML), related stories resolved, share metadata (Open Graph, X card, oEmbed discovery) and schema.org `NewsArticle` structured data.",
      tags: articles,
      ok: cachedJson(v.object({ article: ArticleView })),
      // internal: a cold story's body missing from R2 (src/articles/body-store.ts), logged.
      errors: ["validation_failed", "not_found", "internal"],
    }),
    input("param", SlugParams),
    async (c) => {
      const urls = c.var.urls;
      const found = await loadPublishedBySlug(c.var.db, c.req.valid("param").slug, urls);
      if (!found) throw notFound("Article");
      const { article } = found;
      const view = toArticleFull(article, urls, effectiveSettings(found.settings, c.env));
      const headers = lastModifiedHeader(lastChangeAt(article.row));
      // The body as D1 returned it, not stringified again (a cold story's, read from R2, is).
      const text = storedBodyText(view.body);
      if (text === undefined) return safeJson(c, { article: view }, headers);
      return safeJsonSpliced(c, (slot) => ({ article: { ...view, body: slot } }), text, headers);
    })
  .get("/contributors",
    route({ operationId: "listContributors", summary: "List people and desks who hold bylines", tags: directory, ok: cachedJson(v.object({ contributors: v.array(ContributorView) })) }),
    async (c) => safeJson(c, { contributors: (await dir.listContributorsWithCounts(c.var.db)).map((r) => toContributorView(r, c.var.urls)) }))
  .get("/contributors/:slug",
    route({ operationId: "getContributor", summary: "Get a contributor", tags: directory, ok: cachedJson(v.object({ contributor: ContributorView })), errors: ["validation_failed", "not_found"] }),
    input("param", SlugParams),
    async (c) => {
      const row = await dir.oneOrNotFound(dir.listContributorsWithCounts(c.var.db, c.req.valid("param").slug), "Contributor");
      return safeJson(c, { contributor: toContributorView(row, c.var.urls) });
    })
  .get("/tags",
    route({ operationId: "listTags", summary: "List tags in use on published stories", description: "Most used first.", tags: directory, ok: cachedJson(v.object({ tags: v.array(TagView) })) }),
    async (c) => safeJson(c, { tags: (await dir.listTagsWithCounts(c.var.db)).map((r) => toTagView(r, c.var.urls)) }))
  .get("/tags/:slug",
    route({ operationId: "getTag", summary: "Get a tag in use on published stories", tags: directory, ok: cachedJson(v.object({ tag: TagView })), errors: ["validation_failed", "not_found"] }),
    input("param", SlugParams),
    async (c) => safeJson(c, { tag: toTagView(await dir.oneOrNotFound(dir.listTagsWithCounts(c.var.db, c.req.valid("param").slug), "Tag"), c.var.urls) }))
  .get("/sections",
    route({ operationId: "listSections", summary: "List sections", description: "In the newsroom's order.", tags: directory, ok: cachedJson(v.object({ sections: v.array(SectionView) })) }),
    async (c) => safeJson(c, { sections: (await dir.listSectionsWithCounts(c.var.db)).map((r) => toSectionView(r, c.var.urls)) }))
  .get("/sections/:slug",
    route({ operationId: "getSection", summary: "Get a section", tags: directory, ok: cachedJson(v.object({ section: SectionView })), errors: ["validation_failed", "not_found"] }),
    input("param", SlugParams),
    async (c) => safeJson(c, { section: toSectionView(await dir.oneOrNotFound(dir.listSectionsWithCounts(c.var.db, c.req.valid("param").slug), "Section"), c.var.urls) }))
  .get("/collections/:slug",
    route({
      operationId: "getCollection", summary: "Get a collection and its published stories, in the editors' order",
      description: "Hand-ordered lists such as `editors-picks`. `limit` is 1–100 (default 20); follow `next_cursor` for the rest.",
      tags: directory,
      ok: cachedJson(v.object({ collection: CollectionView, articles: v.array(ArticleSummaryView), next_cursor: NextCursor })),
      errors: ["validation_failed", "not_found"],
    }),
    input("param", SlugParams),
    input("query", PageQuery),
    async (c) => {
      const { slug } = c.req.valid("param");
      const urls = c.var.urls;
      const collection = await dir.getCollectionBySlug(c.var.db, slug);
      const page = await loadPublishedPage(c.var.db, { ...c.req.valid("query"), collection: slug }, urls);
      return safeJson(c, {
        collection: toCollectionView(collection),
        articles: page.articles.map((a) => toArticleSummary(a, urls)),
        next_cursor: page.nextCursor,
      });
    });

