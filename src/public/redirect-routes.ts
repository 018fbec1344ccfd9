// Old URLs on the public side, two ways:
//  - GET /api/content/v1/redirects: the whole table, paged, for front-ends to apply (cached under
//    the content version like every public read; every redirect write replaces that version);
//  - the Worker's own 301s: a GET/HEAD no route answers, shaped like an old feed URL (its last
//    segment `rss`, `feed` or `atom`, optionally `.xml`: Ghost's /rss/, /tag/{slug}/rss/,
//    /author/{slug}/rss/, WordPress's /feed/; or a sitemap file, Ghost's /sitemap-posts.xml), is looked up and redirected when its target is
//    something this Worker serves (feeds, sitemaps, /media, /api/content). Only that shape: any other
//    unknown path stays a 404 that reads nothing from D1 (tests/security/public-scope.test.ts), so
//    probing costs nothing. A target elsewhere (a front-end page) is a 404 here too: the front-end
//    owns that URL and applies the table itself.
import { Hono, type Context } from "hono";
import * as v from "valibot";
import { createDb } from "../db/client";
import type { AppEnv } from "../http/app-env";
import { input, route } from "../http/contract";
import type { RouteMatcher } from "../http/route-match";
import { workerOrigin } from "../lib/urls";
import { listRedirects, findRedirect, type RedirectRow } from "../redirects/domain";
import { normalisePath, parseTarget, REDIRECT_STATUSES } from "../redirects/paths";
import { jsonLdScript } from "../seo/json-ld";
import { cacheControlUntil, lastModifiedHeader } from "./cache";
import { versionWaiting } from "./cache-token";
import { PageQuery } from "./params";
import { cachedJson } from "./responses";

export const PublicRedirectView = v.object({
  from_path: v.pipe(
    v.string(),
    v.description("The old path, canonical: leading slash, no query, no trailing slash (apply it to `/x` and `/x/` alike), percent-encoding normalised (unreserved characters decoded, other escapes upper case)."),
  ),
  to_url: v.pipe(v.string(), v.description("Where it leads, absolute: a page of the site, or a URL on this server (a feed, a sitemap…).")),
  status_code: v.pipe(v.picklist(REDIRECT_STATUSES), v.description("The status to answer with.")),
});

const Page = v.object({
  redirects: v.array(PublicRedirectView),
  next_cursor: v.pipe(v.nullable(v.string()), v.description("Pass as `cursor` for the next page; null on the last.")),
});

/** A target on this Worker (a path) is made absolute on its public origin: front-ends run elsewhere. */
const absolute = (to: string, origin: string) => (to.startsWith("/") ? origin + to : to);

const toPublic = (r: RedirectRow, origin: string): v.InferOutput<typeof PublicRedirectView> => ({
  from_path: r.fromPath,
  to_url: absolute(r.toUrl, origin),
  status_code: r.statusCode as v.InferOutput<typeof PublicRedirectView>["status_code"],
});

export const publicRedirectRoutes = new Hono<AppEnv>().get("/redirects",
  route({
    operationId: "listRedirects",
    summary: "Every redirect, for front-ends to apply",
    description: "Old URLs (e.g. a previous Ghost site's) and where they lead, in path order; `limit` is 1–100 (default 20), follow `next_cursor` to the end. Old feed and sitemap URLs (a last segment `rss`, `feed` or `atom`, as Ghost's `/rss/`, or Ghost's `/sitemap-posts.xml`, `-pages`, `-tags`, `-authors`) whose target is on this server are also redirected by it directly; apply the rest in the front-end, matching `/x` and `/x/` alike.",
    tags: ["redirects"],
    ok: cachedJson(Page),
    errors: ["validation_failed"],
  }),
  input("query", PageQuery),
  async (c) => {
    const page = await listRedirects(c.var.db, c.req.valid("query"));
    const origin = workerOrigin(c.env, c.req.url);
    const newest = page.rows.reduce<string | null>((a, r) => (!a || r.updatedAt > a ? r.updatedAt : a), null);
    const body = { redirects: page.rows.map((r) => toPublic(r, origin)), next_cursor: page.nextCursor };
    return c.body(jsonLdScript(body), 200, { "content-type": "application/json", ...lastModifiedHeader(newest) });
  });

/** Never looked up: the APIs and the admin answer their own unknown paths (no D1 read for probes). */
const PRIVATE = /^\/(api\/|admin(\/|$))/;
/** The old URLs the Worker itself redirects: feed-shaped (see above). */
// Also Ghost's sitemap files (/sitemap-posts.xml …): our own /sitemap-1.xml pages are routes, answered before this.
export const FEED_SHAPED = /\/(?:(rss|feed|atom)(\.xml)?|sitemap-(posts|pages|tags|authors)\.xml)$/;

type Cached = { to: string; status: number } | null;

/**
 * The Worker's 301 (or the row's status) for a GET/HEAD no route matched, or null for a 404.
 * Cost: the content version (one primary-key read) and a Cache API lookup keyed by it; on a miss,
 * one probe of the from_path index, whose answer — redirect or not — is cached under that version.
 */
export async function redirectFallback(c: Context<AppEnv>, served: RouteMatcher): Promise<Response | null> {
  if (c.req.method !== "GET" && c.req.method !== "HEAD") return null;
  const url = new URL(c.req.url);
  if (PRIVATE.test(url.pathname)) return null;
  const from = normalisePath(url.pathname);
  if (!from || !FEED_SHAPED.test(from)) return null;
  const origin = workerOrigin(c.env, c.req.url);
  const db = createDb(c.env.DB.withSession("first-primary"));
  // As every public answer: what is due is released first, and no copy of the 301 outlives the next release.
  const now = new Date();
  const version = await versionWaiting(c, db, now);
  const key = new Request(`https://public-cache.copydesk.internal/${version.token}/redirect${from}`);
  const cache = caches.default;
  let found: Cached;
  const hit = await cache.match(key);
  if (hit) found = await hit.json<Cached>();
  else {
    const row = await findRedirect(db, from);
    const to = row ? servedHere(row.toUrl, origin, served) : null;
    found = to && row ? { to, status: row.statusCode } : null;
    await cache.put(key, new Response(JSON.stringify(found), { headers: { "cache-control": "public, max-age=86400", "content-type": "application/json" } }));
  }
  if (!found) return null;
  return new Response(null, {
    status: found.status,
    headers: {
      location: found.to,
      "cache-control": cacheControlUntil(version.releaseAt, now),
      // A front-end fetching an old feed URL cross-origin follows this only if it may read it.
      "access-control-allow-origin": "*",
    },
  });
}

/** The absolute URL on this Worker a target names, when a public route of ours answers it; else null. */
function servedHere(toUrl: string, origin: string, served: RouteMatcher): string | null {
  const target = parseTarget(toUrl);
  if ("error" in target) return null;
  const path = target.kind === "path" ? target.path : target.url.origin === origin ? target.url.pathname : null;
  if (path === null || PRIVATE.test(path) || !served("GET", path)) return null;
  return target.kind === "path" ? origin + target.value : target.value;
}
