// After a successful editorial write, the events it committed go onto the delivery Queue at once,
// after the response (waitUntil): the client does not wait for it, and the cron's sweep catches
// whatever this misses (the isolate evicted, the queue unreachable).
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../http/app-env";
import { relayOutbox } from "./relay";

/** Rows one request's relay claims, newest first: its own events (one or two), plus a few left over. */
const INLINE_LIMIT = 10;

export const relayAfterWrite = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS" || c.res.status >= 400) return;
  let ctx: { waitUntil(p: Promise<unknown>): void };
  try {
    ctx = c.executionCtx;
  } catch {
    // Called without an execution context (app.request() in a script): the sweep relays it.
    return;
  }
  ctx.waitUntil(relayOutbox(c.env, { origin: new URL(c.req.url).origin, limit: INLINE_LIMIT, rounds: 1, newestFirst: true }));
});
