// "Does any route answer this method and path?" asked of a Hono route table, without running a
// handler or a middleware. Lets the app answer an unknown path before anything costs a D1 read,
// and lets public middleware run only on public routes.
import type { Hono } from "hono";
import { TrieRouter } from "hono/router/trie-router";
import { lru } from "../lib/lru";

/** Paths whose answer each matcher keeps (least recently used first out): the hot set of a newsroom's URLs. */
export const MATCHES_KEPT = 2_048;
/**
 * Longer paths are matched each time, not kept: a client chooses the path (up to ~16 KB), and 2,048
 * long ones held in each of the Worker's memos would take tens of MB of the isolate's 128. A real
 * newsroom URL is far shorter.
 */
export const KEPT_PATH_MAX = 256;

export type RouteMatcher = (method: string, path: string) => boolean;

/** Handlers only: `use()` middleware is registered under the method "ALL" and matches everything. */
export function routeMatcher(routes: Hono<any>["routes"]): RouteMatcher {
  const router = new TrieRouter<true>();
  let any = false;
  for (const r of routes) {
    if (r.method === "ALL") continue;
    router.add(r.method, r.path, true);
    any = true;
  }
  // A trie search per request adds up: the app asks once and the public middleware up to three
  // times for every request, cache hits included. The answers for recent paths are kept instead,
  // at most MATCHES_KEPT of at most KEPT_PATH_MAX characters (an attacker's endless new paths only
  // ever cost the search, and bounded memory).
  const answers = lru<boolean>({ maxKeys: MATCHES_KEPT });
  return (method, path) => {
    if (!any) return false;
    // HEAD is answered by GET routes; a CORS preflight asks about the GET it precedes.
    const m = method === "HEAD" || method === "OPTIONS" ? "GET" : method;
    if (path.length > KEPT_PATH_MAX) return router.match(m, path)[0].length > 0;
    const key = `${m} ${path}`;
    let known = answers.get(key);
    if (known === undefined) {
      known = router.match(m, path)[0].length > 0;
      answers.set(key, known);
    }
    return known;
  };
}
