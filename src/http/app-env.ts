import type { Actor } from "../auth/actor";
import type { DB } from "../db/client";

/** Hono's typing for our app: Worker bindings plus what middleware puts on the context. */
export type AppEnv = {
  Bindings: Env;
  Variables: { db: DB; actor: Actor };
};
