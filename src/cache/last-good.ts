// Stale-if-error for public reads: beside each version-keyed copy, the public cache keeps the last
// good answer for the URL under a key without the version, written on every miss after the answer
// (a hit only re-dates it, once an hour: refreshLastGood). When D1 fails or is too slow, that copy is
// served for up to STALE_MAX_AGE_S, labelled `x-copydesk-cache: stale`, `Age` and `Cache-Status` (RFC 9211).
import { nowMs } from "./version-memo";

/** The oldest copy a reader may be given while D1 does not answer. */
export const STALE_MAX_AGE_S = 86_400;
/** Browsers and CDNs must not keep a stale answer: they ask again, and get the fresh one once D1 is back. */
export const STALE_CACHE_CONTROL = "public, max-age=0, must-revalidate";
// When the copy was made (ms since the epoch): Age is counted from it. Never sent to readers.
const STORED_AT = "x-copydesk-stored-at";

export const CACHE_STATUS = {
  hit: "Copydesk; hit",
  miss: "Copydesk; fwd=uri-miss; stored",
  // A copy answered because the origin (D1) failed: RFC 9211 has no parameter for "stale-if-error",
  // so `detail` says it, and `x-copydesk-cache: stale` with `Age` says how old.
  stale: "Copydesk; hit; detail=stale-if-error",
} as const;

// The public cache's own copies (src/public/cache.ts) are addressed by version, so they can live long:
// a new version never hits them.
export const STORED_CACHE_CONTROL = "public, max-age=86400";
// When a versioned copy was stored or last confirmed (ms since the epoch), as an extension directive
// of the stored Cache-Control (RFC 9111 §5.2.3: caches ignore directives they do not know). Every
// answer from a copy replaces Cache-Control with the reader's, so it never reaches a reader and a hit
// has no header of its own to remove (it was an `x-copydesk-kept-at` header, deleted on every hit).
const KEPT_AT_DIRECTIVE = "copydesk-kept-at=";
/** The header earlier code kept that time in: never stored any more, never sent. */
export const KEPT_AT = "x-copydesk-kept-at";

/** When the copy with these stored headers was stored or last confirmed (0 when it does not say). */
export function keptAt(headers: Headers): number {
  const cc = headers.get("cache-control");
  const at = cc ? cc.indexOf(KEPT_AT_DIRECTIVE) : -1;
  return at < 0 ? 0 : Number.parseInt(cc!.slice(at + KEPT_AT_DIRECTIVE.length), 10) || 0;
}
/** How often a hit re-dates the URL's last good copy (see refreshLastGood). */
export const LAST_GOOD_REFRESH_MS = 3_600_000;
// What an answer adds that no stored copy may carry.
export const PER_ANSWER = ["age", "cache-status", "x-copydesk-cache", "retry-after", KEPT_AT];

/** Keeps `body` and `headers` (a 200 just rendered) as the URL's last good answer. */
export function keepLastGood(key: string, body: ArrayBuffer, headers: Headers): Promise<void> {
  const kept = new Headers(headers);
  kept.set("cache-control", `public, max-age=${STALE_MAX_AGE_S}`);
  kept.set(STORED_AT, String(nowMs()));
  return caches.default.put(key, new Response(body.slice(0), { status: 200, headers: kept }));
}

/** The URL's last good answer and its age in seconds, or null when there is none within the bound. */
export async function lastGood(key: string): Promise<{ res: Response; age: number } | null> {
  const res = await caches.default.match(key);
  if (!res) return null;
  const storedAt = Number(res.headers.get(STORED_AT));
  const age = Math.max(0, Math.floor((nowMs() - storedAt) / 1000));
  // The Cache API drops it after max-age too; this check also holds where its clock is not ours.
  if (!Number.isFinite(storedAt) || age > STALE_MAX_AGE_S) {
    await res.body?.cancel();
    return null;
  }
  const headers = new Headers(res.headers);
  headers.delete(STORED_AT);
  headers.set("cache-control", STALE_CACHE_CONTROL);
  headers.set("age", String(age));
  headers.set("x-copydesk-cache", "stale");
  headers.set("cache-status", CACHE_STATUS.stale);
  return { res: new Response(res.body, { status: 200, headers }), age };
}

/**
 * The headers of a versioned copy as stored, whether first rendered or re-dated by a hit: how long the
 * Cache API keeps it, when it was confirmed, and what every hit on it says (set here once, not on each
 * hit, so a hit answered before the app sends them too).
 */
export function asStoredCopy(headers: Headers): Headers {
  headers.set("cache-control", `${STORED_CACHE_CONTROL}, ${KEPT_AT_DIRECTIVE}${nowMs()}`);
  headers.set("x-copydesk-cache", "hit");
  headers.set("cache-status", CACHE_STATUS.hit);
  return headers;
}

/** The URL's last good answer, if there is one young enough (null: the reader gets the error). */
export const staleCopy = (key: string) => lastGood(key).catch(() => null);

/**
 * Whether a copy kept at `at` is due to re-date its URL's last good answer: the one rule for
 * refreshLastGood and for the copies an isolate holds in memory (src/public/held-copies.ts lets such a
 * copy go, so the next hit comes here).
 */
export const dueToRedate = (at: number, now = nowMs()) => !(at && now - at < LAST_GOOD_REFRESH_MS);

/**
 * A page that stays current for days is answered from its versioned copy and never misses, so its
 * last good copy, written on misses, would age past the stale bound and an outage would find none.
 * A hit on a copy last confirmed over LAST_GOOD_REFRESH_MS ago therefore rewrites both (once an hour
 * per URL, not per hit): the last good copy is dated from now, when the version just read says it
 * is still current. The work to run after the answer, or null when the copy is recent (most hits).
 */
export function refreshLastGood(res: Response, key: string, lastGoodKey: string): Promise<void> | null {
  if (!dueToRedate(keptAt(res.headers))) return null;
  const copy = res.clone();
  return (async () => {
    const body = await copy.arrayBuffer();
    const headers = new Headers(copy.headers);
    for (const h of PER_ANSWER) headers.delete(h);
    await keepLastGood(lastGoodKey, body, headers);
    await caches.default.put(key, new Response(body, { status: 200, headers: asStoredCopy(headers) }));
  })().catch((err) => console.error("refreshing the last good copy failed", err));
}
