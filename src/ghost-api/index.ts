// The Ghost-compatible Content API, mounted at /ghost/api/content (src/app.ts): a front-end built on
// Ghost's client (@tryghost/content-api) changes its `url` to this Worker's origin and its `key` to
// one issued on the admin's "Content API keys" page, and runs unchanged.
//
// Same public middleware as our own content API (src/public/index.ts): host check, CORS, a D1 read
// session and the version-keyed cache, with the key checked BEFORE the cache, so a revoked or
// missing key never gets a cached answer (a key found active is trusted for the content version's
// bound, see keyIsActive). Refusals are in Ghost's shape (./errors.ts).
import { Hono, type Context } from "hono";
import { every } from "hono/combine";
import { createMiddleware } from "hono/factory";
import { isActiveContentApiKey } from "../editorial/content-api-keys/domain";
import type { AppEnv } from "../http/app-env";
import { publicCors, readSession, servedHost } from "../public/index";
import { ghostErrorResponse, missingKey, unknownKey } from "./errors";
import { ghostRoutes } from "./routes";
import { memoGeneration, nowMs, VERSION_BOUND_MS } from "../cache/version-memo";
import { STALE_MAX_AGE_S } from "../cache/last-good";
import { isD1Unavailable, withinBudget } from "../cache/d1-availability";
import { publicCache } from "../public/cache";
import { VERSION_BUDGET_MS } from "../public/cache-token";
import { handleError } from "../http/problem";
import { lru } from "../lib/lru";

// Keys this isolate found active, and when. Within the content version's bound (and until a write
// through this isolate, e.g. a revocation) a hit checks nothing in D1, as our own API's hits do; while
// D1 does not answer, a key seen active within the stale bound may still read the last good copies.
const SEEN_KEYS_MAX = 100;
const seenKeys = lru<{ at: number; generation: number }>({ maxKeys: SEEN_KEYS_MAX });

/**
 * Whether this isolate found `key` active within the content version's bound (and no write through it
 * since): such a key's reads check nothing in D1, here or in the fast path (src/public/fast-hit.ts).
 */
export function keySeenActive(key: string, now = nowMs()): boolean {
  const seen = seenKeys.get(key);
  return !!seen && seen.generation === memoGeneration() && now >= seen.at && now - seen.at < VERSION_BOUND_MS;
}

async function keyIsActive(c: Context<AppEnv>, key: string): Promise<boolean> {
  const seen = seenKeys.get(key);
  const now = nowMs();
  if (keySeenActive(key, now)) return true;
  const stillTrusted = () => !!seen && now - seen.at <= STALE_MAX_AGE_S * 1000;
  // The public cache's budget counts from here: one budget for the key and the version together.
  c.set("readStartedAt", Date.now());
  try {
    const checking = isActiveContentApiKey(c.var.db, key);
    // Within the version's budget, as the cache's own read: a stalled D1 must not hold a reader
    // longer here than on our own API before the last good copies can answer.
    const raced = await withinBudget(checking, VERSION_BUDGET_MS);
    if (!raced.done && stillTrusted()) {
      checking.catch(() => undefined);
      return true;
    }
    const active = raced.done ? raced.value : await checking;
    if (!active) seenKeys.delete(key);
    else {
      seenKeys.set(key, { at: now, generation: memoGeneration() });
    }
    return active;
  } catch (err) {
    if (isD1Unavailable(err) && stillTrusted()) return true;
    throw err;
  }
}

const requireKey = createMiddleware<AppEnv>(async (c, next) => {
  if (c.req.method === "OPTIONS") return next();
  const key = c.req.query("key");
  if (!key) throw missingKey();
  if (!(await keyIsActive(c, key))) throw unknownKey();
  await next();
});

export const ghostContentApi = new Hono<AppEnv>().use(every(servedHost, publicCors, readSession, requireKey, publicCache)).route("/", ghostRoutes);
// Ghost's shape for every refusal, but an unavailable database is our 503 problem (Ghost's errors
// have no such type), with Retry-After, as on every other route.
ghostContentApi.onError((err, c) => (isD1Unavailable(err) ? handleError(err, c) : ghostErrorResponse(err, c)));
