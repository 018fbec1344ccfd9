import type { Actor } from "../auth/actor";
import type { DB } from "../db/client";
import type { SiteUrls } from "../lib/urls";

/** Set once per request by the init middleware in src/app.ts. */
type RequestVariables = { db: DB; urls: SiteUrls };

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
