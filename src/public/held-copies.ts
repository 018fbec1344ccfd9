// The public cache's hottest copies held in the isolate's memory as well: a feed or a front page read
// many times a second is answered from the bytes the isolate already holds, without a Cache API match
// (in this runtime the match is most of what a hit costs: the bench's "floor" row). What is held is
// the very copy the Cache API gave (its bytes and stored headers), under the same versioned key, so a
// held answer is the Cache API's answer: a publish is seen as soon as the isolate's kept version
// moves (the key changes), exactly as for the Cache API's copy, and nothing is ever purged from the
// Cache API behind the key's back (copies are only ever replaced under a new version).
// Bounded: at most HELD_BYTES in all (of an isolate's 128 MB), HELD_ENTRY_MAX a copy, least recently
// used out first. A copy due to re-date its last good answer (src/cache/last-good.ts, hourly) is let
// go, so the next hit goes through the Cache API path that does it and holds the re-dated copy.
import { keptAt, LAST_GOOD_REFRESH_MS } from "../cache/last-good";
import { nowMs } from "../cache/version-memo";
import { lru } from "../lib/lru";

export const HELD_BYTES = 8 * 2 ** 20;
export const HELD_ENTRY_MAX = 512 * 1024;
const HELD_KEYS = 256;

interface Held {
  body: ArrayBuffer;
  headers: Headers;
  keptAt: number;
}

const held = lru<Held>({ maxKeys: HELD_KEYS, maxWeight: HELD_BYTES, weigh: (h) => h.body.byteLength });

/** The copy held for `key` (its body and stored headers, neither to be changed), or null: not held, or due to be re-dated. */
export function heldCopy(key: string): { body: ArrayBuffer; headers: Headers } | null {
  const h = held.get(key);
  if (!h) return null;
  if (!(nowMs() - h.keptAt < LAST_GOOD_REFRESH_MS)) {
    held.delete(key);
    return null;
  }
  return h;
}

/**
 * Holds `res`, a versioned copy just matched in the Cache API (and not due to be re-dated), when it
 * is small enough; returns what to answer from in its place (its body read once, here).
 */
export async function holdCopy(key: string, res: Response): Promise<Response> {
  const length = Number(res.headers.get("content-length"));
  if (!(length > 0 && length <= HELD_ENTRY_MAX)) return res;
  const body = await res.arrayBuffer();
  const headers = new Headers(res.headers);
  held.set(key, { body, headers, keptAt: keptAt(headers) });
  return new Response(body, { status: 200, headers });
}

/** What is held (tests: it stays within its bounds). */
export const heldSize = () => ({ keys: held.size(), bytes: held.weight() });
/** Lets go of everything (tests). */
export const dropHeld = () => held.clear();
