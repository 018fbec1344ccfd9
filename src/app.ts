import { Hono } from "hono";
import { createDb } from "./db/client";
import { editorialApi } from "./editorial";
import type { AppEnv } from "./http/app-env";
import { handleError, problemResponse } from "./http/problem";
import { AppError } from "./lib/errors";
import { publicApp } from "./public";
import { publicMediaRoutes } from "./public/media-routes";

export function createApp() {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("db", createDb(c.env.DB));
    await next();
  });
  app.get("/", (c) =>
    c.json({
      name: "Copydesk",
      site: c.env.SITE_TITLE,
      editorial_api: "/api/editorial/v1",
      content_api: "/api/content/v1",
      feeds: ["/feed.xml", "/feed.atom", "/feed.json"],
      sitemaps: ["/sitemap.xml", "/sitemap-news.xml"],
    }),
  );
  app.route("/api/editorial/v1", editorialApi);
  app.route("/media", publicMediaRoutes);
  app.route("/", publicApp);
  app.notFound((c) => problemResponse(new AppError("not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`), new URL(c.req.url).pathname));
  app.onError(handleError);
  return app;
}
