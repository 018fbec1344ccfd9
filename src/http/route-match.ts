// "Does any route answer this method and path?" asked of a Hono route table, without running a
// handler or a middleware. Lets the app answer an unknown path before anything costs a D1 read,
// and lets public middleware run only on public routes.
import type { Hono } from "hono";
import { TrieRouter } from "hono/router/trie-router";

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
  return (method, path) => {
    if (!any) return false;
    // HEAD is answered by GET routes; a CORS preflight asks about the GET it precedes.
    const m = method === "HEAD" || method === "OPTIONS" ? "GET" : method;
    return router.match(m, path)[0].length > 0;
  };
}
