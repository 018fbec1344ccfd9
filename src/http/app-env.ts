import type { Actor } from "../auth/actor";
import type { DB } from "../db/client";
import type { SiteUrls } from "../lib/urls";

/** Set once per request by the init middleware in src/app.ts. */
type RequestVariables = {
  db: DB;
  urls: SiteUrls;
  /**
   * When this request started waiting on D1 for a public read (Date.now()): set by a
   * check that runs before the public cache (the Ghost API's key), so the cache's budget counts from
   * it and a stalled D1 does not cost the reader two budgets in a row.
   */
  readStartedAt?: number;
};

/** Hono's typing for our app: Worker bindings plus what middleware puts on the context. */
export type AppEnv = {
  Bindings: Env;
  Variables: RequestVariables;
};

/** Routes behind requireActor (src/editorial/auth-middleware.ts): the caller is known. */
export type AuthedEnv = {
  Bindings: Env;
  Variables: RequestVariables & { actor: Actor };
};
