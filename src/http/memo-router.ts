// Hono's own router, with the match of recent paths kept. Our route table (the Ghost API's
// `/posts/:id` beside `/posts/slug/:slug`) is one RegExpRouter cannot compile, so Hono's SmartRouter
// settles on its TrieRouter, whose search walks the whole tree (~760 entries with middleware) on
// every request: a cache hit's largest cost after the Cache API itself (issue 17's profile). A
// match depends on the method and path alone and is only read by Hono, so the result for a path is
// kept and given again, for at most PATHS_KEPT paths (least recently used first out: a new path costs a search).
import type { Result, Router } from "hono/router";
import { RegExpRouter } from "hono/router/reg-exp-router";
import { SmartRouter } from "hono/router/smart-router";
import { TrieRouter } from "hono/router/trie-router";
import { KEPT_PATH_MAX } from "./route-match";
import { lru } from "../lib/lru";

/** Paths whose match is kept: a newsroom's hot URLs, a few hundred bytes each. */
export const PATHS_KEPT = 2_048;

export class MemoRouter<T> implements Router<T> {
  name = "MemoRouter";
  // What `new Hono()` uses by default.
  #router: Router<T> = new SmartRouter<T>({ routers: [new RegExpRouter<T>(), new TrieRouter<T>()] });
  #kept = lru<Result<T>>({ maxKeys: PATHS_KEPT });

  add(method: string, path: string, handler: T): void {
    this.#kept.clear();
    this.#router.add(method, path, handler);
  }

  /** How many paths' matches are kept (tests: a long path is not). */
  get keptPaths(): number {
    return this.#kept.size();
  }

  match(method: string, path: string): Result<T> {
    if (path.length > KEPT_PATH_MAX) return this.#router.match(method, path);
    const key = `${method} ${path}`;
    let result = this.#kept.get(key);
    if (result === undefined) {
      result = this.#router.match(method, path);
      this.#kept.set(key, result);
    }
    return result;
  }
}
