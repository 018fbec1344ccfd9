// GET /: what this Worker serves, for a person or program that starts at the root.
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "./http/app-env";
import { route } from "./http/contract";

const ServiceIndex = v.object({
  name: v.literal("Copydesk"),
  site: v.pipe(v.string(), v.description("The site's title (SITE_TITLE).")),
  editorial_api: v.string(),
  content_api: v.string(),
  reference: v.pipe(v.string(), v.description("The API reference (both documents, readable).")),
  openapi: v.array(v.string()),
  feeds: v.array(v.string()),
  sitemaps: v.array(v.string()),
});

export const serviceIndex = new Hono<AppEnv>().get(
  "/",
  route({ summary: "What this server offers", tags: ["index"], operationId: "getServiceIndex", ok: { 200: ServiceIndex } }),
  (c) =>
    c.json({
      name: "Copydesk",
      site: c.env.SITE_TITLE,
      editorial_api: "/api/editorial/v1",
      content_api: "/api/content/v1",
      reference: "/api/docs",
      openapi: ["/api/editorial/v1/openapi.json", "/api/content/v1/openapi.json"],
      feeds: ["/feed.xml", "/feed.atom", "/feed.json"],
      sitemaps: ["/sitemap.xml", "/sitemap-news.xml"],
    } satisfies v.InferOutput<typeof ServiceIndex>),
);
