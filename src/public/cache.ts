// Public GETs are cached in the Workers Cache API under the content version token. A hit costs one
// primary-key read of that token; any publish, update, unpublish or delete of public content
// replaces the token in the same batch as the write, so the very next request misses.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { readContentVersion, type ContentVersion } from "../cache/content-version";
import type { DB } from "../db/client";
import { releaseIfDue } from "../cache/release";
import { relayOutbox } from "../outbox/relay";
import { uncountedD1 } from "../http/bench-hooks";
import type { AppEnv } from "../http/app-env";
import { base64url } from "../lib/ids";
import { benchEnabled } from "../http/bench-hooks";
import { configuredHubs } from "../websub/hubs";

/** Short in browsers, longer in shared caches, and served stale briefly while revalidating. */
export const PUBLIC_CACHE_CONTROL = "public, max-age=30, s-maxage=120, stale-while-revalidate=60";
// The copy in our own cache is addressed by version, so it can live long: a new version never hits it.
const STORED_CACHE_CONTROL = "public, max-age=86400";

const httpDate = (iso: string) => new Date(iso).toUTCString();

/**
 * No copy outlives the next release: when a held story goes public within the usual lifetimes,
 * browsers and shared caches are told to keep this answer only until then, and not to serve it
 * stale afterwards (README "Embargo").
 */
// A release is under way (this request lost the claim to the one doing it): keep nothing.
const NOT_PAST_RELEASE = "public, max-age=0, must-revalidate";

export function cacheControlUntil(dueAt: string | null, now: Date): string {
  if (!dueAt) return PUBLIC_CACHE_CONTROL;
  const left = Math.ceil((Date.parse(dueAt) - now.getTime()) / 1000);
  // 120 s shared lifetime + 60 s stale-while-revalidate: only a release within that window matters.
  if (!(left >= 0)) return NOT_PAST_RELEASE;
  if (left >= 180) return PUBLIC_CACHE_CONTROL;
  return `public, max-age=${Math.min(30, left)}, s-maxage=${Math.min(120, left)}`;
}

async function strongEtag(body: ArrayBuffer) {
  const digest = await crypto.subtle.digest("SHA-256", body);
  return `"${base64url(new Uint8Array(digest).slice(0, 16))}"`;
}

function notModified(req: Request, etag: string, lastModified: string | null) {
  const inm = req.headers.get("if-none-match");
  if (inm) return inm.split(",").some((t) => t.trim() === etag || t.trim() === "*");
  const ims = req.headers.get("if-modified-since");
  if (ims && lastModified) return Date.parse(lastModified) <= Date.parse(ims);
  return false;
}

export const publicCache = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
  // Only the bench may measure misses on demand; everyone else always goes through the cache.
  if (benchEnabled(c.env) && c.req.header("x-copydesk-bypass-cache") === "1") return next();
  const now = new Date();
  const version = await versionReleasing(c, c.var.db, now);
  const url = new URL(c.req.url);
  url.searchParams.sort();
  // Keyed on scheme and host too: without PUBLIC_API_ORIGIN, links in a page are built from the
  // request's origin, so a forged Host must only ever be served its own copy, never poison ours.
  // And on the WebSub hubs when there are any: feeds name them, so a deploy that changes
  // WEBSUB_HUBS must not be answered with copies that name the old ones (or none).
  const hubs = configuredHubs(c.env);
  // And on the deployed version: copies made by the previous code (a field it lacked, a renderer
  // since fixed) are never served by the next; a deploy starts with a cold cache, as it should.
  const deployed = c.env.CF_VERSION_METADATA?.id ?? "local";
  const content = hubs.length ? `${version.token}/hubs=${encodeURIComponent(hubs.join(" "))}` : version.token;
  const scope = `${encodeURIComponent(deployed)}/${content}`;
  const key = new Request(`https://public-cache.copydesk.internal/${scope}/${url.protocol.slice(0, -1)}/${url.host}${url.pathname}${url.search}`);
  const cache = caches.default;

  let res = await cache.match(key);
  let state = "hit";
  if (!res) {
    state = "miss";
    await next();
    if (c.res.status !== 200) {
      // A 404 now may be a story released a second from now (README "Embargo"): a miss that a
      // browser or a shared cache kept (Cloudflare keeps 404s for minutes under "Cache Everything")
      // would hide it. Answers that say how long they may be kept (redirects, the Ghost API's
      // errors) keep their own rule.
      if (!c.res.headers.has("cache-control")) c.header("cache-control", "no-store");
      return;
    }
    const body = await c.res.arrayBuffer();
    const headers = new Headers(c.res.headers);
    headers.set("etag", await strongEtag(body));
    if (!headers.has("last-modified")) headers.set("last-modified", httpDate(version.updatedAt));
    res = new Response(body, { status: 200, headers });
    const stored = res.clone();
    stored.headers.set("cache-control", STORED_CACHE_CONTROL);
    // Awaited, not waitUntil: the body is already in memory, and the next request is then sure to hit.
    await cache.put(key, stored);
  }
  const headers = new Headers(res.headers);
  headers.set("cache-control", cacheControlUntil(version.dueAt, now));
  headers.set("x-copydesk-cache", state);
  headers.set("vary", "Accept-Encoding");
  const etag = headers.get("etag")!;
  if (notModified(c.req.raw, etag, headers.get("last-modified"))) {
    headers.delete("content-length");
    c.res = new Response(null, { status: 304, headers });
    return;
  }
  c.res = new Response(c.req.method === "HEAD" ? null : res.body, { status: 200, headers });
});

/**
 * The content version a public answer is keyed and dated by, after releasing what is due (the
 * first request past `due_at` publishes it): every public answer the Worker caches or lets others
 * cache reads it here, and sends cacheControlUntil(version.dueAt, now).
 */
export async function versionReleasing(c: Context<AppEnv>, db: DB, now: Date): Promise<ContentVersion> {
  const { version, published } = await releaseIfDue(db, await readContentVersion(db), now);
  if (published.length) relaySoon(c, published.length);
  return version;
}

/** A release's webhooks and WebSub pings go out after the answer, as an editorial write's do. */
function relaySoon(c: Context<AppEnv>, events: number) {
  try {
    c.executionCtx.waitUntil(relayOutbox({ ...c.env, DB: uncountedD1(c.env.DB) }, { origin: new URL(c.req.url).origin, limit: events, rounds: 1, newestFirst: true }));
  } catch {
    // No execution context (app.request() in a script): the cron's sweep relays them.
  }
}

/** Handlers state how fresh their content is; the cache turns it into Last-Modified. */
export const lastModifiedHeader = (iso: string | null | undefined): Record<string, string> => (iso ? { "last-modified": httpDate(iso) } : {});
