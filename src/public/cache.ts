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
import type { ContentVersion } from "../cache/content-version";
import { withinBudget } from "../cache/d1-availability";
import { asStoredCopy, keepLastGood, PER_ANSWER, refreshLastGood, staleCopy } from "../cache/last-good";
import { nowMs } from "../cache/version-memo";
import type { AppEnv } from "../http/app-env";
import { benchEnabled } from "../http/bench-hooks";
import { setSecurityHeaders } from "../http/security-headers";
import { base64url } from "../lib/ids";
import { configuredHubs } from "../websub/hubs";
import { keptToken, later, tokenReading, VERSION_BUDGET_MS, type Keyed } from "./cache-token";
import { conditionalAnswer, hitAnswer } from "./hit-answer";

/**
 * How long a miss may take to render before a reader is answered from the last good copy: about
 * twice the slowest miss the bench measures under load (p99 ~1.5 s at 100,000 articles).
 */
export const RENDER_BUDGET_MS = 3_000;

/** Short in browsers, longer in shared caches, and served stale briefly while revalidating. */
export const PUBLIC_CACHE_CONTROL = "public, max-age=30, s-maxage=120, stale-while-revalidate=60";

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

// The part of every key that comes from the configuration, worked out once per value rather than
// per request: the deployed version, and the WebSub hubs when there are any.
let scope: { id: string | undefined; hubs: string | undefined; prefix: string; hubScope: string } | null = null;
function configuredScope(env: Env) {
  const id = env.CF_VERSION_METADATA?.id;
  if (!scope || scope.id !== id || scope.hubs !== env.WEBSUB_HUBS) {
    const hubs = configuredHubs(env);
    scope = { id, hubs: env.WEBSUB_HUBS, prefix: encodeURIComponent(id ?? "local"), hubScope: hubs.length ? `/hubs=${encodeURIComponent(hubs.join(" "))}` : "" };
  }
  return scope;
}

/**
 * Where a URL's copies live: the versioned copy's key (given the token), and the last good one's.
 * Keyed on scheme and host too: without PUBLIC_API_ORIGIN, links in a page are built from the
 * request's origin, so a forged Host must only ever be served its own copy, never poison ours. And on
 * the WebSub hubs when there are any: feeds name them, so a deploy that changes WEBSUB_HUBS must not be
 * answered with copies that name the old ones (or none). And on the deployed version: copies made by
 * the previous code (a field it lacked, a renderer since fixed) are never served by the next, not
 * even stale; a deploy starts with a cold cache.
 */
export function cacheAddress(env: Env, requestUrl: string) {
  const { prefix, hubScope } = configuredScope(env);
  // A request's URL is already serialised by the runtime: without a query, "https://host/path" needs
  // no parsing to become "https/host/path". A query is put in a canonical order first.
  let where: string;
  if (requestUrl.includes("?")) {
    const url = new URL(requestUrl);
    url.searchParams.sort();
    where = `${url.protocol.slice(0, -1)}/${url.host}${url.pathname}${url.search}`;
  } else where = requestUrl.replace("://", "/");
  return {
    versioned: (token: string) => `https://public-cache.copydesk.internal/${prefix}/${token}${hubScope}/${where}`,
    lastGood: `https://public-cache.copydesk.internal/last-good/${prefix}${hubScope}/${where}`,
  };
}

// Requests whose key the fast path matched and missed, with that key: the app then renders without a
// second match of the same key (a miss would otherwise pay two). Keyed by the Request object, which
// the app receives as is; gone with it.
const missed = new WeakMap<Request, string>();
export const rememberMiss = (req: Request, key: string) => void missed.set(req, key);
const missedBefore = (req: Request, key: string) => missed.get(req) === key;

export const publicCache = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method !== "GET" && c.req.method !== "HEAD") return next();
  // Only the bench may measure misses on demand; everyone else always goes through the cache.
  if (benchEnabled(c.env) && c.req.header("x-copydesk-bypass-cache") === "1") return next();
  const now = new Date(nowMs());
  const address = cacheAddress(c.env, c.req.url);
  // The version (and a live blog page's token) as the isolate keeps it: a hit then reads no D1 and
  // awaits nothing but the cache. Else a read within the budget, or the last good copy.
  const keyed = keptToken(c.req.path, now) ?? (await readOrStale(c, now, address.lastGood));
  if (!keyed) return;
  const { version, token } = keyed;

  const key = address.versioned(token);
  // The fast path (src/public/fast-hit.ts) may have just looked this very key up and missed.
  let res = missedBefore(c.req.raw, key) ? undefined : await caches.default.match(key);
  let state: "hit" | "miss" = "hit";
  if (res) {
    const refreshing = refreshLastGood(res, key, address.lastGood);
    if (refreshing) later(c, refreshing);
  } else {
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
  // As the fast path answers a hit (src/public/hit-answer.ts). A stored copy already says "hit"
  // (renderAndKeep): only a miss's answer says otherwise.
  answer(c, hitAnswer(c.req.raw, res, cacheControlUntil(version.releaseAt, now), state === "miss"));
});

/**
 * The key when it must be read from D1 (not kept, or a release is due): within VERSION_BUDGET_MS, or
 * the reader is answered from the last good copy (then null: the answer is set).
 */
async function readOrStale(c: Context<AppEnv>, now: Date, lastGoodKey: string): Promise<Keyed | null> {
  // Shared with the requests of this isolate that arrive while it is under way.
  const reading = tokenReading(c, now);
  // Kept alive from the start: requests of this isolate may be waiting on this read, and in workerd a
  // read is cancelled with the request that started it (its reader may go away before it ends).
  later(c, reading.then(() => undefined, () => undefined));
  try {
    // What is left of the budget: a check before the cache (the Ghost API's key) may have spent some.
    // Real time, as the budget's timer is (not the version memo's clock, which tests may stop).
    const started = c.get("readStartedAt");
    const spent = started === undefined ? 0 : Math.max(0, Date.now() - started);
    const raced = await withinBudget(reading, Math.max(0, VERSION_BUDGET_MS - spent));
    if (raced.done) return raced.value;
    const stale = await staleCopy(lastGoodKey);
    // The read (and a release it may be running) goes on after the answer rather than being cut off.
    if (stale) return answerStale(c, stale), null;
    // No copy to fall back on: a slow answer beats none (D1's own timeout, or error, ends it). This
    // request's own read, not the shared one: in workerd a request left waiting only on another
    // request's I/O is taken for hung and cancelled (a 500), so the wait must be on I/O of its own.
    return await tokenReading(c, now, { own: true });
  } catch (err) {
    const stale = await staleCopy(lastGoodKey);
    if (stale) return answerStale(c, stale), null;
    // onError makes an unavailable database a 503 problem (never a 500), CORS kept.
    throw err;
  }
}

/**
 * Runs the handler; a 200 is stored under its version (awaited: the next request is then sure to
 * hit) and as the URL's last good answer (after the answer). Null for anything else.
 */
async function renderAndKeep(c: Context<AppEnv>, next: () => Promise<void>, key: string, lastGoodKey: string, version: ContentVersion, render: { abandoned: boolean }): Promise<Response | null> {
  await next();
  // Answered stale meanwhile: c.res is that answer now, never to be stored as this version's copy.
  if (render.abandoned || c.res.status !== 200) return null;
  const body = await c.res.arrayBuffer();
  const headers = new Headers(c.res.headers);
  for (const h of PER_ANSWER) headers.delete(h);
  headers.set("etag", await strongEtag(body));
  if (!headers.has("last-modified")) headers.set("last-modified", httpDate(version.updatedAt));
  later(c, keepLastGood(lastGoodKey, body, headers));
  headers.set("vary", "Accept-Encoding");
  // The baseline headers every answer gets (securityHeaders adds them to whatever is absent): in the
  // copy already, so that a hit answered before the app (src/public/fast-hit.ts) need not work them out.
  setSecurityHeaders(headers);
  const res = new Response(body, { status: 200, headers });
  const stored = res.clone();
  asStoredCopy(stored.headers);
  await caches.default.put(key, stored);
  return res;
}

function answerStale(c: Context<AppEnv>, found: { res: Response; age: number }) {
  console.warn("public read answered stale", c.req.path, `age ${found.age}s`);
  // A stored copy carries it already (renderAndKeep); the last good copy is kept without.
  found.res.headers.set("vary", "Accept-Encoding");
  answer(c, conditionalAnswer(c.req.raw, found.res));
}

/**
 * Sets the answer (a 304 or a HEAD's already made), keeping only CORS from what came before. `res` is
 * the caller's own (its headers are changed in place).
 */
function answer(c: Context<AppEnv>, res: Response) {
  // Whatever an error left (a problem's Retry-After, its no-store) must not stick to this answer:
  // only the CORS headers set before the handler ran carry over.
  for (const [k, v] of c.res.headers) if (k.startsWith("access-control-")) res.headers.set(k, v);
  c.res = undefined;
  c.res = res;
}

/** Handlers state how fresh their content is; the cache turns it into Last-Modified. */
export const lastModifiedHeader = (iso: string | null | undefined): Record<string, string> => (iso ? { "last-modified": httpDate(iso) } : {});
