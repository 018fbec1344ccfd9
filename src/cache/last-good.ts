// Stale-if-error for public reads: beside each version-keyed copy, the public cache keeps the last
// good answer for the URL under a key without the version, written on every miss (after the answer,
// so a hit costs nothing more). When D1 fails or is too slow, that copy is served for up to
// STALE_MAX_AGE_S, labelled `x-copydesk-cache: stale`, `Age` and `Cache-Status` (RFC 9211).
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

/** Keeps `body` and `headers` (a 200 just rendered) as the URL's last good answer. */
export function keepLastGood(key: Request, body: ArrayBuffer, headers: Headers): Promise<void> {
  const kept = new Headers(headers);
  kept.set("cache-control", `public, max-age=${STALE_MAX_AGE_S}`);
  kept.set(STORED_AT, String(nowMs()));
  return caches.default.put(key, new Response(body.slice(0), { status: 200, headers: kept }));
}

/** The URL's last good answer and its age in seconds, or null when there is none within the bound. */
export async function lastGood(key: Request): Promise<{ res: Response; age: number } | null> {
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
