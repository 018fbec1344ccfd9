// Races, made deterministic: a db whose NEXT batch() first runs `between` — what another request
// writes after a domain function's read and before its write. A guard inside the statement must
// still hold; a check done only by the earlier read would not.
import type { Actor } from "../../src/auth/actor";
import type { DB } from "../../src/db/client";

export function interleaved(base: DB, between: () => Promise<unknown>): DB {
  let pending = true;
  return new Proxy(base, {
    get(target, prop) {
      if (prop === "batch") {
        return async (statements: Parameters<DB["batch"]>[0]) => {
          if (pending) {
            pending = false;
            await between();
          }
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** An actor as the routes would build it, for calling a domain function directly. */
export const actorOf = (user: { id: string; name?: string; email?: string }, role: Actor["role"]): Actor => ({
  userId: user.id,
  name: user.name ?? role,
  email: user.email ?? `${user.id}@example.org`,
  role,
  via: "token",
});
