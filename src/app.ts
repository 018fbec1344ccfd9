import { Hono } from "hono";
import { adminAssets } from "./admin-assets";
import { apiDocs } from "./api-docs";
import { createDb } from "./db/client";
import { benchEnabled, benchHooks } from "./http/bench-hooks";
import { editorialApi } from "./editorial";
import { editorialDocument } from "./editorial/openapi";
import { serveDocument } from "./http/openapi";
import { siteUrls } from "./lib/urls";
import { serviceIndex } from "./service-index";
import type { AppEnv } from "./http/app-env";
import { handleError, problemResponse } from "./http/problem";
import { securityHeaders } from "./http/security-headers";
import { AppError } from "./lib/errors";
import { opensOwnSession, publicApp } from "./public";
import { publicMediaRoutes } from "./public/media-routes";
import { ghostContentApi } from "./ghost-api";
import { GHOST_CONTENT_PATH } from "./ghost-api/routes";
import { routeMatcher, type RouteMatcher } from "./http/route-match";
import { redirectFallback } from "./public/redirect-routes";
import { forgetContentVersion } from "./cache/version-memo";
import { MemoRouter } from "./http/memo-router";

const notFoundProblem = (method: string, path: string) => problemResponse(new AppError("not_found", `No route for ${method} ${path}.`), path);

export function createApp() {
  const app = new Hono<AppEnv>({ router: new MemoRouter() });
  app.use(securityHeaders);
  // An unknown path is answered here, before authentication, CORS, the public cache or anything that
  // reads D1: probing /api/editorial/v1/anything costs nothing and is never answered with CORS.
  // Other unknown GETs cost one version read (and a cached lookup): they may be old URLs to redirect.
  // The route table is read on the first request, once every module below is mounted.
  let known: RouteMatcher | null = null;
  app.use(async (c, next) => {
    known ??= routeMatcher(app.routes);
    if (known(c.req.method, c.req.path)) return next();
    // An old URL (a redirects row) whose target this Worker serves, e.g. Ghost's /rss/: its 301.
    return (await redirectFallback(c, known)) ?? notFoundProblem(c.req.method, c.req.path);
  });
  // Public reads keep the content version for up to a second (src/cache/version-memo.ts); any
  // request that may have written forgets it when done, so its author's next read is fresh. Done
  // here, around every write, rather than in each writer, so a new write path cannot forget to.
  app.use(async (c, next) => {
    try {
      await next();
    } finally {
      if (c.req.method !== "GET" && c.req.method !== "HEAD" && c.req.method !== "OPTIONS") forgetContentVersion();
    }
  });
  app.use(benchHooks);
  // Request-scoped values, set once: the database and the public URL builders.
  app.use(async (c, next) => {
    // Public reads get theirs from readSession (a D1 session): a second drizzle instance per request,
    // cache hits included, would be built for nothing.
    if (!opensOwnSession(c.req.method, c.req.path)) c.set("db", createDb(c.env.DB, c.env.MEDIA));
    c.set("urls", siteUrls(c.env, c.req.url));
    await next();
  });
  app.get("/__bench/baseline", (c) => (benchEnabled(c.env) ? c.text("ok") : c.notFound()));
  app.route("/", serviceIndex);
  // Registered before the API is mounted, so it answers without credentials: the reference is public.
  app.get("/api/editorial/v1/openapi.json", (c) => serveDocument(c, editorialDocument()));
  app.route("/api/editorial/v1", editorialApi);
  app.route("/admin", adminAssets);
  app.route("/api/docs", apiDocs);
  app.route("/media", publicMediaRoutes);
  app.route(GHOST_CONTENT_PATH, ghostContentApi);
  app.route("/", publicApp);
  app.notFound((c) => notFoundProblem(c.req.method, c.req.path));
  app.onError(handleError);
  return app;
}
