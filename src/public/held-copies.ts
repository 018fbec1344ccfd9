// The public cache's hottest copies held in the isolate's memory as well: a feed or a front page read
// many times a second is answered from the bytes the isolate already holds, without a Cache API match
// (in this runtime the match is most of what a hit costs: the bench's "floor" row). What is held is
// the copy the Cache API gave when it was matched (its bytes and stored headers), under the same
// versioned key: a publish is seen as soon as the isolate's kept version moves (the key changes),
// exactly as for the Cache API's copy. (Should the Cache API lose its copy and a miss store a new
// render under the same key, the two can differ only where a render depends on the hour, e.g. the
// news sitemap's 48-hour window; the held one is let go within the hour, below.)
// Bounded: at most HELD_BYTES in all (bytes, key and headers counted), HELD_ENTRY_MAX a copy, least
// recently used out first. A copy due to re-date its last good answer (src/cache/last-good.ts,
// hourly) is let go, so the next hit goes through the Cache API path that does it and holds the
// re-dated copy.
import { dueToRedate, keptAt } from "../cache/last-good";
import { lru } from "../lib/lru";
import { answerFrom } from "./hit-answer";

export const HELD_BYTES = 8 * 2 ** 20;
export const HELD_ENTRY_MAX = 512 * 1024;
const HELD_KEYS = 256;
/** What a copy's headers take, about (counted against HELD_BYTES with its bytes and key). */
const HEADERS_WEIGHT = 2048;

interface Held {
  body: ArrayBuffer;
  headers: Headers;
  keptAt: number;
}

const held = lru<Held>({ maxKeys: HELD_KEYS, maxWeight: HELD_BYTES, weigh: (h, key) => h.body.byteLength + key.length * 2 + HEADERS_WEIGHT });

/**
 * The reader's answer from the copy held for `key` (hitAnswer's, from the held bytes and headers,
 * which it does not change), or null: not held, or due to be re-dated.
 */
export function heldAnswer(req: Request, key: string, cacheControl: string): Response | null {
  const h = held.get(key);
  if (!h) return null;
  if (dueToRedate(h.keptAt)) {
    held.delete(key);
    return null;
  }
  return answerFrom(req, h.body, h.headers, cacheControl);
}

/**
 * Holds `res`, a versioned copy just matched in the Cache API (and not due to be re-dated), when it
 * is small enough; returns what to answer from in its place (its body read once, here). A copy that
 * does not say its length is read to learn it (a cached answer is at most a few MB).
 */
export async function holdCopy(key: string, res: Response): Promise<Response> {
  const length = res.headers.has("content-length") ? Number(res.headers.get("content-length")) : null;
  if (length !== null && !(length > 0 && length <= HELD_ENTRY_MAX)) return res;
  const body = await res.arrayBuffer();
  const headers = new Headers(res.headers);
  if (body.byteLength > 0 && body.byteLength <= HELD_ENTRY_MAX) held.set(key, { body, headers, keptAt: keptAt(headers) });
  return new Response(body, { status: 200, headers });
}

/** What is held (tests: it stays within its bounds). */
export const heldSize = () => ({ keys: held.size(), weight: held.weight() });
/** Lets go of everything (tests). */
export const dropHeld = () => held.clear();
