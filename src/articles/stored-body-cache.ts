// The stored bodies (src/body/stored-html.ts) this isolate read lately, prepared, by article id and
// version. A page statement is told which it holds and leaves those bodies out (their ~6 KB each
// were most of what a feed miss decoded from D1); the cards and images in them are still resolved
// and filled on every read, so only what the version fixes is kept. Every write of a body bumps the
// version (src/articles/write.ts), so an entry can never be stale, only unused: the least recently
// used go first. A new isolate starts empty and reads every body once.
import type { PreparedBody } from "../body/stored-html";

/** ~6 KB of HTML each: a couple of MB at most, against the isolate's 128 MB. */
const LIMIT = 256;

const entries = new Map<string, PreparedBody>();

export const storedBodyKey = (id: string, version: number) => `${id}:${version}`;

/**
 * The bodies held now, as a copy: what a page statement is told this request has, which another
 * request evicting meanwhile cannot take away.
 */
export function heldStoredBodies(): ReadonlyMap<string, PreparedBody> {
  return new Map(entries);
}

export function keepStoredBody(key: string, body: PreparedBody): void {
  entries.delete(key);
  entries.set(key, body);
  if (entries.size > LIMIT) entries.delete(entries.keys().next().value!);
}
