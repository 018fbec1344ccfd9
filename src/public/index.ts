// Everything readers and embedding sites fetch: the content API, feeds and sitemaps.
// CORS-open (no credentials), read through a D1 session, cached under the content version — and
// only these routes: the middleware runs for a path one of them answers, never for `/*`, so an
// editorial or unknown path gets no CORS header and costs no D1 read here. When D1 does not answer,
// cached routes serve their last good copy and the rest (previews, live streams) a 503 problem
// (src/public/cache.ts; the one onError maps D1's outage errors).
import { Hono } from "hono";
import { every } from "hono/combine";
import { cors } from "hono/cors";
import { createMiddleware } from "hono/factory";
import { createDb } from "../db/client";
import { lazySession } from "../db/lazy-session";
import type { AppEnv } from "../http/app-env";
import { routeMatcher } from "../http/route-match";
import { AppError } from "../lib/errors";
import { configuredPublicOrigin } from "../lib/urls";
import { publicCache } from "./cache";
import { contentApi } from "./content-api";
import { serveDocument } from "../http/openapi";
import { contentDocument } from "./openapi";
import { serviceIndex } from "../service-index";
import { feedRoutes } from "./feed-routes";
import { correctionFeedRoutes, correctionsApi } from "./corrections";
import { publicMediaRoutes } from "./media-routes";
import { sitemapRoutes } from "./sitemap-routes";
import { GHOST_CONTENT_PATH, ghostDocumentRoutes } from "../ghost-api/routes";
import { publicRedirectRoutes } from "./redirect-routes";
import { previewRoutes } from "./preview-routes";
import { embedRoutes } from "../embed/routes";
import { liveEntriesApi, liveFeedRoutes } from "./live-routes";
import { liveStreamRoutes } from "./live-stream-routes";

// Link: a browser client may discover a feed's WebSub hub and self URL from the header too.
export const PUBLIC_EXPOSED_HEADERS = ["ETag", "Last-Modified", "Link"];
export const publicCors = cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"], maxAge: 86400, exposeHeaders: PUBLIC_EXPOSED_HEADERS });

/**
 * With PUBLIC_API_ORIGIN set, public pages are served on that host only: links inside them come
 * from the configuration, and a request under any other Host is refused before it can reach the
 * cache (421: this server does not answer for that name).
 */
export const servedHost = createMiddleware<AppEnv>(async (c, next) => {
  const origin = configuredPublicOrigin(c.env);
  if (origin && new URL(c.req.url).host !== new URL(origin).host) {
    throw new AppError("misdirected_request", `This server answers public requests for ${new URL(origin).host} only.`);
  }
  await next();
});

export const readSession = createMiddleware<AppEnv>(async (c, next) => {
  // "first-primary": a version check that reads D1 (once a second per isolate, src/cache/version-memo.ts)
  // sees the latest write, so no page cached before an unpublish outlives that second; a miss's
  // reads come after it in the session, from a replica at least that fresh.
  // Opened by the first statement: a hit the isolate can key from memory runs none.
  c.set("db", createDb(lazySession(c.env.DB, "first-primary"), c.env.MEDIA));
  await next();
});

const readerRoutes = new Hono<AppEnv>()
  .route("/api/content/v1", contentApi)
  .route("/api/content/v1", publicRedirectRoutes)
  .route("/api/content/v1", correctionsApi)
  .route("/api/content/v1", liveEntriesApi)
  .route("/", correctionFeedRoutes)
  .route("/", feedRoutes)
  .route("/", liveFeedRoutes)
  .route("/", sitemapRoutes)
  .route("/", embedRoutes);
// Preview links: CORS-open like the rest, but never cached (no version check, no stored copy).
const previewApp = new Hono<AppEnv>().route("/api/content/v1", previewRoutes);
// A live blog's stream: CORS-open (a reconnecting EventSource may send Last-Event-ID, so the
// preflight allows it), never cached (a stream is neither stored nor 304'd), errors kept by nobody.
const liveApp = new Hono<AppEnv>().route("/api/content/v1", liveStreamRoutes);
const liveCors = cors({ origin: "*", allowMethods: ["GET", "HEAD", "OPTIONS"], allowHeaders: ["Last-Event-ID"], maxAge: 86400 });
const noStoreErrors = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.res.status >= 400 && !c.res.headers.has("cache-control")) c.header("cache-control", "no-store");
});
// Images are mounted at /media by src/app.ts, outside the middleware below, but readers fetch them too.
const imageRoutes = new Hono<AppEnv>().route("/media", publicMediaRoutes);
// The Ghost-compatible API (src/ghost-api) is mounted by src/app.ts with its own middleware (its key is checked before the cache).
export const publicDocument = () => contentDocument([...serviceIndex.routes, ...readerRoutes.routes, ...previewApp.routes, ...liveApp.routes, ...imageRoutes.routes, ...ghostDocumentRoutes()]);
const publicRoutes = new Hono<AppEnv>()
  .get("/api/content/v1/openapi.json", (c) => serveDocument(c, publicDocument()))
  .route("/", readerRoutes);
const isPublic = routeMatcher(publicRoutes.routes);
const publicRead = every(servedHost, publicCors, readSession, publicCache);
const isPreview = routeMatcher(previewApp.routes);
const previewRead = every(servedHost, publicCors, readSession);
const isLive = routeMatcher(liveApp.routes);
const liveRead = every(servedHost, liveCors, noStoreErrors, readSession);

/** True for a request publicCache answers (a cached public read), as publicApp's dispatch below decides it. */
export const isCachedRead = (method: string, path: string) => !isLive(method, path) && isPublic(method, path);

/**
 * True for a request whose chain opens its own read session (readSession): the app builds it no
 * other. The Ghost-compatible API's chain opens one for every path under it (src/ghost-api/index.ts).
 */
export const opensOwnSession = (method: string, path: string) =>
  isLive(method, path) || isPublic(method, path) || isPreview(method, path) || path.startsWith(GHOST_READS);
const GHOST_READS = `${GHOST_CONTENT_PATH}/`;

export const publicApp = new Hono<AppEnv>()
  .use((c, next) =>
    isLive(c.req.method, c.req.path) ? liveRead(c, next) : isPublic(c.req.method, c.req.path) ? publicRead(c, next) : isPreview(c.req.method, c.req.path) ? previewRead(c, next) : next(),
  )
  .route("/", publicRoutes)
  .route("/", previewApp)
  .route("/", liveApp);
