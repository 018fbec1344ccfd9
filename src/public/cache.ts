// Public GETs are cached in the Workers Cache API under the content version token. Any publish,
// update, unpublish or delete of public content replaces the token in the same batch as the write;
// a live blog's entries move the blog's own token instead (its pages' keys carry both, see
// src/cache/blog-token.ts), and the content version at most once a SITE_LAG_MS.
// An isolate keeps the token it read for at most VERSION_BOUND_MS (src/cache/version-memo.ts), so a
// hit reads nothing from D1; the isolate that made a write forgets it at once, every other one sees
// the change within the bound. Beside each copy the URL's last good answer is kept without the
// token (src/cache/last-good.ts): when D1 fails or does not answer within its budget, readers get
// that (stale-if-error, at most STALE_MAX_AGE_S old), or a 503 problem when there is none.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { readContentVersion, type ContentVersion } from "../cache/content-version";
import type { DB } from "../db/client";
import { releaseIfDue } from "../cache/release";
import { keptContentVersion, nowMs } from "../cache/version-memo";
import { blogPageSlug, keptBlogToken, readBlogToken } from "../cache/blog-token";
import { withinBudget } from "../cache/d1-availability";
import { CACHE_STATUS, keepLastGood, lastGood } from "../cache/last-good";
import { relayOutbox } from "../outbox/relay";
import { uncountedD1 } from "../http/bench-hooks";
import type { AppEnv } from "../http/app-env";
import { base64url } from "../lib/ids";
import { benchEnabled } from "../http/bench-hooks";
import { configuredHubs } from "../websub/hubs";

/** How long a reader waits for the content version before being answered from the last good copy. */
export const VERSION_BUDGET_MS = 1_000;
/**
 * How long a miss may take to render before a reader is answered from the last good copy: about
 * twice the slowest miss the bench measures under load (p99 ~1.5 s at 100,000 articles).
 */
export const RENDER_BUDGET_MS = 3_000;

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

export function cacheControlUntil(releaseAt: string | null, now: Date): string {
  if (!releaseAt) return PUBLIC_CACHE_CONTROL;
  const left = Math.ceil((Date.parse(releaseAt) - now.getTime()) / 1000);
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

/** Where a URL's copies live: the versioned copy's key (given the token), and the last good one's. */
function cacheAddress(c: Context<AppEnv>) {
  const url = new URL(c.req.url);
  url.searchParams.sort();
  // Keyed on scheme and host too: without PUBLIC_API_ORIGIN, links in a page are built from the
  // request's origin, so a forged Host must only ever be served its own copy, never poison ours.
  // And on the WebSub hubs when there are any: feeds name them, so a deploy that changes
  // WEBSUB_HUBS must not be answered with copies that name the old ones (or none).
  const hubs = configuredHubs(c.env);
  // And on the deployed version: copies made by the previous code (a field it lacked, a renderer
  // since fixed) are never served by the next, not even stale; a deploy starts with a cold cache.
  const deployed = encodeURIComponent(c.env.CF_VERSION_METADATA?.id ?? "local");
  const hubScope = hubs.length ? `/hubs=${encodeURIComponent(hubs.join(" "))}` : "";
  const where = `${url.protocol.slice(0, -1)}/${url.host}${url.pathname}${url.search}`;
  return {
    versioned: (token: string) => new Request(`https://public-cache.copydesk.internal/${deployed}/${token}${hubScope}/${where}`),
    lastGood: new Request(`https://public-cache.copydesk.internal/last-good/${deployed}${hubScope}/${where}`),
  };
}

// When a versioned copy was stored or last confirmed (ms since the epoch); never sent to readers.
const KEPT_AT = "x-copydesk-kept-at";
/** How often a hit re-dates the URL's last good copy (see refreshLastGood). */
export const LAST_GOOD_REFRESH_MS = 3_600_000;
// What an answer adds that no stored copy may carry.
const PER_ANSWER = ["age", "cache-status", "x-copydesk-cache", "retry-after", KEPT_AT];

export const publicCache = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
  // Only the bench may measure misses on demand; everyone else always goes through the cache.
  if (benchEnabled(c.env) && c.req.header("x-copydesk-bypass-cache") === "1") return next();
  const now = new Date(nowMs());
  const address = cacheAddress(c);

  // The version (and a live blog page's token): kept by the isolate (no D1 read), or one read shared
  // by the requests waiting for it.
  const reading = tokenReading(c, now);
  // Kept alive from the start: requests of this isolate may be waiting on this read, and in workerd a
  // read is cancelled with the request that started it (its reader may go away before it ends).
  later(c, reading.then(() => undefined, () => undefined));
  let version: ContentVersion;
  let token: string;
  try {
    // What is left of the budget: a check before the cache (the Ghost API's key) may have spent some.
    // Real time, as the budget's timer is (not the version memo's clock, which tests may stop).
    const started = c.get("readStartedAt");
    const spent = started === undefined ? 0 : Math.max(0, Date.now() - started);
    const raced = await withinBudget(reading, Math.max(0, VERSION_BUDGET_MS - spent));
    if (raced.done) ({ version, token } = raced.value);
    else {
      const stale = await staleCopy(address.lastGood);
      // The read (and a release it may be running) goes on after the answer rather than being cut off.
      if (stale) return void (answerStale(c, stale), later(c, reading.then(() => undefined, () => undefined)));
      // No copy to fall back on: a slow answer beats none (D1's own timeout, or error, ends it). This
      // request's own read, not the shared one: in workerd a request left waiting only on another
      // request's I/O is taken for hung and cancelled (a 500), so the wait must be on I/O of its own.
      ({ version, token } = await tokenReading(c, now, { own: true }));
    }
  } catch (err) {
    const stale = await staleCopy(address.lastGood);
    if (stale) return answerStale(c, stale);
    // onError makes an unavailable database a 503 problem (never a 500), CORS kept.
    throw err;
  }

  const key = address.versioned(token);
  const cache = caches.default;
  let res = await cache.match(key);
  let state: "hit" | "miss" = "hit";
  if (res) refreshLastGood(c, res, key, address.lastGood);
  else {
    state = "miss";
    const render = { abandoned: false };
    const rendering = renderAndKeep(c, next, key, address.lastGood, version, render);
    const raced = await withinBudget(rendering, RENDER_BUDGET_MS);
    if (!raced.done) {
      // Too slow: the reader gets the last good copy. The render's answer is then lost (Hono keeps
      // the first answer set), so it is not stored: the next request renders again.
      const stale = await staleCopy(address.lastGood);
      if (stale) {
        render.abandoned = true;
        answerStale(c, stale);
        return void later(c, rendering.then(() => undefined).catch(() => undefined));
      }
    }
    const rendered = raced.done ? raced.value : await rendering;
    if (!rendered) {
      // The render failed on our side (D1 failed or answered an error): the last good copy if any.
      const stale = c.res.status >= 500 ? await staleCopy(address.lastGood) : null;
      if (stale) return answerStale(c, stale);
      // A 404 now may be a story released a second from now (README "Embargo"): a miss that a
      // browser or a shared cache kept (Cloudflare keeps 404s for minutes under "Cache Everything")
      // would hide it. Answers that say how long they may be kept (redirects, the Ghost API's
      // errors) keep their own rule.
      if (!c.res.headers.has("cache-control")) c.header("cache-control", "no-store");
      return;
    }
    res = rendered;
  }
  const headers = new Headers(res.headers);
  headers.delete(KEPT_AT);
  // A hit was checked against the version just now: it is not aged (the Cache API may add Age).
  headers.delete("age");
  headers.set("cache-control", cacheControlUntil(version.releaseAt, now));
  headers.set("x-copydesk-cache", state);
  headers.set("cache-status", CACHE_STATUS[state]);
  answer(c, res, headers);
});

/**
 * The token a page's copy is keyed by: the content version's, and for a page of a live blog (its
 * article view, entries, feeds, Ghost post: blogPageSlug) the blog's too, so that an entry change makes
 * exactly those pages miss (src/cache/blog-token.ts). Read after the version, in the same session,
 * so a miss renders from data at least as new as the key it is stored under.
 */
async function tokenReading(c: Context<AppEnv>, now: Date, o: { own?: boolean } = {}): Promise<{ version: ContentVersion; token: string }> {
  const version = await versionReleasing(c, c.var.db, now, o);
  const slug = blogPageSlug(c.req.path);
  const blog = slug === null ? null : await (o.own ? readBlogToken(c.var.db, slug) : keptBlogToken(c.var.db, slug, version.token));
  if (blog === null) return { version, token: version.token };
  // Dated by the blog's last change when that is newer: its entries no longer move the version's time.
  const dated = blog.changedAt > version.updatedAt ? { ...version, updatedAt: blog.changedAt } : version;
  return { version: dated, token: `${version.token}-${blog.token}` };
}

/**
 * Runs the handler; a 200 is stored under its version (awaited: the next request is then sure to
 * hit) and as the URL's last good answer (after the answer). Null for anything else.
 */
async function renderAndKeep(c: Context<AppEnv>, next: () => Promise<void>, key: Request, lastGoodKey: Request, version: ContentVersion, render: { abandoned: boolean }): Promise<Response | null> {
  await next();
  // Answered stale meanwhile: c.res is that answer now, never to be stored as this version's copy.
  if (render.abandoned || c.res.status !== 200) return null;
  const body = await c.res.arrayBuffer();
  const headers = new Headers(c.res.headers);
  for (const h of PER_ANSWER) headers.delete(h);
  headers.set("etag", await strongEtag(body));
  if (!headers.has("last-modified")) headers.set("last-modified", httpDate(version.updatedAt));
  later(c, keepLastGood(lastGoodKey, body, headers));
  const res = new Response(body, { status: 200, headers });
  const stored = res.clone();
  stored.headers.set("cache-control", STORED_CACHE_CONTROL);
  stored.headers.set(KEPT_AT, String(nowMs()));
  await caches.default.put(key, stored);
  return res;
}

/**
 * A page that stays current for days is answered from its versioned copy and never misses, so its
 * last good copy, written on misses, would age past the stale bound and an outage would find none.
 * A hit on a copy last confirmed over LAST_GOOD_REFRESH_MS ago therefore rewrites both after the
 * answer (once an hour per URL, not per hit): the last good copy is dated from now, when the
 * version just read says it is still current.
 */
function refreshLastGood(c: Context<AppEnv>, res: Response, key: Request, lastGoodKey: Request) {
  const keptAt = Number(res.headers.get(KEPT_AT));
  if (keptAt && nowMs() - keptAt < LAST_GOOD_REFRESH_MS) return;
  const copy = res.clone();
  later(
    c,
    (async () => {
      const body = await copy.arrayBuffer();
      const headers = new Headers(copy.headers);
      for (const h of PER_ANSWER) headers.delete(h);
      await keepLastGood(lastGoodKey, body, headers);
      headers.set("cache-control", STORED_CACHE_CONTROL);
      headers.set(KEPT_AT, String(nowMs()));
      await caches.default.put(key, new Response(body, { status: 200, headers }));
    })().catch((err) => console.error("refreshing the last good copy failed", err)),
  );
}

/** The URL's last good answer, if there is one young enough (null: the reader gets the error). */
const staleCopy = (lastGoodKey: Request) => lastGood(lastGoodKey).catch(() => null);

function answerStale(c: Context<AppEnv>, found: { res: Response; age: number }) {
  console.warn("public read answered stale", new URL(c.req.url).pathname, `age ${found.age}s`);
  answer(c, found.res, new Headers(found.res.headers));
}

/** Sets the answer (a 304 when the client's copy matches), keeping only CORS from what came before. */
function answer(c: Context<AppEnv>, res: Response, headers: Headers) {
  headers.delete(KEPT_AT);
  headers.set("vary", "Accept-Encoding");
  // Whatever an error left (a problem's Retry-After, its no-store) must not stick to this answer:
  // only the CORS headers set before the handler ran carry over.
  for (const [k, v] of c.res.headers) if (k.startsWith("access-control-")) headers.set(k, v);
  c.res = undefined;
  const etag = headers.get("etag")!;
  if (notModified(c.req.raw, etag, headers.get("last-modified"))) {
    headers.delete("content-length");
    void res.body?.cancel();
    c.res = new Response(null, { status: 304, headers });
    return;
  }
  c.res = new Response(c.req.method === "HEAD" ? null : res.body, { status: 200, headers });
}

/** After the answer when the runtime allows it (waitUntil); at once in a script (app.request()). */
function later(c: Context<AppEnv>, work: Promise<void>) {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    void work;
  }
}

/**
 * The content version a public answer is keyed and dated by (as this isolate keeps it, at most
 * VERSION_BOUND_MS old), after releasing what is due (the first request past `due_at` publishes it): every public answer the Worker caches or lets others
 * cache reads it here, and sends cacheControlUntil(version.releaseAt, now).
 */
export async function versionReleasing(c: Context<AppEnv>, db: DB, now: Date, o: { own?: boolean } = {}): Promise<ContentVersion> {
  const read = () => readContentVersion(db);
  const { version, published } = await releaseIfDue(db, await (o.own ? read() : keptContentVersion(read)), now);
  if (published.length) relaySoon(c, published.length);
  return version;
}

/**
 * versionReleasing for a caller with no stale copy to fall back on: the isolate's shared read if it
 * answers within the budget, else a read of this request's own (a request waiting only on another
 * request's I/O is cancelled by workerd as hung).
 */
export async function versionWaiting(c: Context<AppEnv>, db: DB, now: Date): Promise<ContentVersion> {
  const shared = versionReleasing(c, db, now);
  later(c, shared.then(() => undefined, () => undefined));
  const raced = await withinBudget(shared, VERSION_BUDGET_MS);
  return raced.done ? raced.value : versionReleasing(c, db, now, { own: true });
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
