// A cache hit answered before the app: the Worker's fetch tries this first for a plain public GET.
// A hit needs the key (built from what the isolate keeps, src/public/cache-token.ts), one Cache API
// match, and the headers every answer of that route gets. Through the app it also went through
// Hono's dispatch and ~9 middleware steps (security headers, unknown-path check, write forget, bench
// hooks, init, served host, CORS, session, cache), each an async step with its own objects: the
// largest part of what a feed hit cost beyond the Cache API floor (issue 17, helper H).
// Anything this does not answer goes to the app unchanged; it answers nothing the app would answer
// differently (tests/api/fast-hit-same-answer.test.ts compares the two, byte and header).
import { getPath } from "hono/utils/url";
import { refreshLastGood } from "../cache/last-good";
import { nowMs } from "../cache/version-memo";
import { keySeenActive } from "../ghost-api/index";
import { GHOST_CONTENT_PATH } from "../ghost-api/routes";
import { benchEnabled } from "../http/bench-hooks";
import { configuredPublicOrigin } from "../lib/urls";
import { cacheAddress, cacheControlUntil, rememberMiss } from "./cache";
import { keptToken } from "./cache-token";
import { heldAnswer, holdCopy } from "./held-copies";
import { hitAnswer } from "./hit-answer";
import { isCachedRead } from "./index";

/**
 * The answer to `req` from the public cache, when it is a hit the isolate can key from memory; null
 * for everything else (the app then answers it, and does its own match: a miss costs one more).
 * Left to the app: the bench's per-request faults and cache bypass, another Host than the
 * configured one (421), a release due, a live blog's stream.
 */
export async function fastHit(req: Request, env: Env, ctx: ExecutionContext): Promise<Response | null> {
  if (req.method !== "GET" && req.method !== "HEAD") return null;
  const h = req.headers;
  const bench = benchEnabled(env);
  if (bench && (h.has("x-copydesk-bypass-cache") || h.has("x-copydesk-bench-d1"))) return null;
  const path = getPath(req);
  // The Ghost-compatible API's reads are cached the same way, behind its key check: answered here for
  // a key this isolate found active within the version's bound, as requireKey would pass it. Any other
  // path there has no copy (only 200s are stored), so the match misses and the app answers.
  if (path.startsWith(GHOST_READS) ? !ghostKeySeen(req.url) : !isCachedRead("GET", path)) return null;
  if (!servedHere(env, req.url)) return null;
  const now = new Date(nowMs());
  const keyed = keptToken(path, now);
  if (!keyed) return null;

  const address = cacheAddress(env, req.url);
  const key = address.versioned(keyed.token);
  const cacheControl = cacheControlUntil(keyed.version.releaseAt, now);
  // The copy this isolate holds in memory, the Cache API's own under the same key: no match.
  const held = heldAnswer(req, key, cacheControl);
  if (held) return withBenchCount(held, bench);
  let res = await caches.default.match(key);
  if (!res) {
    // The app's own lookup of this key would miss too: it renders at once.
    rememberMiss(req, key);
    return null;
  }
  // A copy stored by earlier code of the same deploy (a local one keyed "local") may lack the headers
  // every copy now carries from its render: the app answers it, adding them.
  if (!res.headers.has("strict-transport-security")) {
    void res.body?.cancel();
    return null;
  }
  const refreshing = refreshLastGood(res, key, address.lastGood);
  if (refreshing) ctx.waitUntil(refreshing);
  else res = await holdCopy(key, res);
  // What publicCache, publicCors, benchHooks and securityHeaders make of a hit: the stored copy
  // carries all but the request's Cache-Control (src/public/hit-answer.ts).
  return withBenchCount(hitAnswer(req, res, cacheControl), bench);
}

// The bench's statement count, true as it stands: a hit keyed from memory runs none.
function withBenchCount(out: Response, bench: boolean) {
  if (bench) {
    out.headers.set("x-d1-statements", "0");
    out.headers.set("x-d1-batched", "0");
  }
  return out;
}

const GHOST_READS = `${GHOST_CONTENT_PATH}/`;

// The `key` query parameter (the first, as requireKey reads it), checked against the keys this isolate
// has seen active; a missing or unknown key is the app's to refuse or check in D1.
function ghostKeySeen(url: string) {
  const query = url.indexOf("?");
  const key = query < 0 ? null : new URLSearchParams(url.slice(query + 1)).get("key");
  return !!key && keySeenActive(key);
}

// The host part of an absolute URL, without parsing it (a request's URL is serialised by the runtime).
const hostOf = (url: string) => {
  const start = url.indexOf("//") + 2;
  const end = url.indexOf("/", start);
  return url.slice(start, end < 0 ? undefined : end);
};

// servedHost's check (src/public/index.ts), its host worked out once per configured value. A value
// the app refuses (a typo throws) or another Host (421) is left to the app to answer.
let served: { raw: string | undefined; host: string | null | undefined } | null = null;
function servedHere(env: Env, requestUrl: string) {
  if (served?.raw !== env.PUBLIC_API_ORIGIN) {
    let host: string | null | undefined;
    try {
      const origin = configuredPublicOrigin(env);
      host = origin ? new URL(origin).host : null;
    } catch {
      host = undefined;
    }
    served = { raw: env.PUBLIC_API_ORIGIN, host };
  }
  if (served.host === undefined) return false;
  return served.host === null || hostOf(requestUrl) === served.host;
}
