// The stored bodies (src/body/stored-html.ts) this isolate read lately, prepared, by article id and
// version. A page statement is told which it holds and leaves those bodies out (their ~6 KB each
// were most of what a feed miss decoded from D1); the cards and images in them are still resolved
// and filled on every read, so only what the version fixes is kept. Every write of a body bumps the
// version (src/articles/write.ts), so an entry can never be stale, only unused: the least recently
// used go first. A new isolate starts empty and reads every body once.
import type { PreparedBody } from "../body/stored-html";
import { lru } from "../lib/lru";

/** ~6 KB of HTML each; bounded by size too, since one long story can hold a megabyte of it. */
const LIMIT = 256;
const BYTES = 8 * 2 ** 20;
/** What a prepared body keeps, about: its strings (2 bytes a character) and a little per reference. */
const weigh = (b: PreparedBody) => b.parts.reduce((n, p) => n + (typeof p === "string" ? p.length * 2 : 64), 0) + (b.mediaIds.length + b.articleIds.length) * 64;

const entries = lru<PreparedBody>({ maxKeys: LIMIT, maxWeight: BYTES, weigh });

export const storedBodyKey = (id: string, version: number) => `${id}:${version}`;

/**
 * The bodies held now, as a copy: what a page statement is told this request has, which another
 * request evicting meanwhile cannot take away.
 */
export function heldStoredBodies(): ReadonlyMap<string, PreparedBody> {
  return entries.snapshot();
}

export function keepStoredBody(key: string, body: PreparedBody): void {
  entries.set(key, body);
}
