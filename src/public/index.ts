// Everything readers and embedding sites fetch: the content API, feeds and sitemaps.
// CORS-open (no credentials), read through a D1 session, cached under the content version.
import { Hono } from "hono";
import { cors } from "hono/cors";
import { createDb } from "../db/client";
import type { AppEnv } from "../http/app-env";
import { publicCache } from "./cache";
import { contentApi } from "./content-api";
import { feedRoutes } from "./feed-routes";
import { sitemapRoutes } from "./sitemap-routes";

const publicCors = cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"], maxAge: 86400, exposeHeaders: ["ETag", "Last-Modified"] });

export const publicApp = new Hono<AppEnv>()
  .use(publicCors)
  .use(async (c, next) => {
    // "first-primary": the version check sees the latest write, so a reader never gets a page cached
    // before an unpublish; later reads in the session may come from a replica at least that fresh.
    c.set("db", createDb(c.env.DB.withSession("first-primary")));
    await next();
  })
  .use(publicCache)
  .route("/api/content/v1", contentApi)
  .route("/", feedRoutes)
  .route("/", sitemapRoutes);
