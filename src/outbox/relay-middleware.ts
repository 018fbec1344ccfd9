// After a successful editorial write that recorded an event, it goes onto the delivery Queue at once,
// after the response (waitUntil): the client does not wait for it, and the cron's sweep catches
// whatever this misses (the isolate evicted, the queue unreachable).
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../http/app-env";
import { uncountedD1 } from "../http/bench-hooks";
import { hasEmitted } from "./events";
import { relayOutbox } from "./relay";

/** Rows one request's relay claims, newest first: its own events (one or two), plus a few left over. */
const INLINE_LIMIT = 10;

export const relayAfterWrite = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS" || c.res.status >= 400) return;
  // A write that recorded no event (a draft's save, a token, a user…) has nothing to relay; a
  // backlog waits for the next write that does, or for the cron's sweep.
  if (!hasEmitted(c.var.db)) return;
  let ctx: { waitUntil(p: Promise<unknown>): void };
  try {
    ctx = c.executionCtx;
  } catch {
    // Called without an execution context (app.request() in a script): the sweep relays it.
    return;
  }
  // After the answer, so the bench's per-request statement count leaves it out (measured on its own).
  ctx.waitUntil(relayOutbox({ ...c.env, DB: uncountedD1(c.env.DB) }, { origin: new URL(c.req.url).origin, limit: INLINE_LIMIT, rounds: 1, newestFirst: true }));
});
