// After a successful editorial write that appended live-blog changes, the committed rows go to the
// blog's Durable Object at once, after the response (waitUntil), as relayAfterWrite does for the
// outbox. A notify that is lost (the isolate evicted, the object unreachable) costs only time: the
// object fills a gap from D1 on the blog's next change, and the cron's sync within the minute.
import { sql } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import type { DB } from "../db/client";
import type { AppEnv } from "../http/app-env";
import { liveChangesOf } from "./changes";
import { liveHub } from "./stub";

export const notifyLiveAfterWrite = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  // Whatever the status: the rows are noted only once their batch committed, so a write that
  // committed and then failed to render its answer still has its changes sent.
  if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS") return;
  const rows = liveChangesOf(c.var.db);
  if (!rows.length) return;
  let ctx: { waitUntil(p: Promise<unknown>): void };
  try {
    ctx = c.executionCtx;
  } catch {
    // No execution context (app.request() in a script): the cron's sync sends them.
    return;
  }
  // One call per blog (a write touches one; grouping costs nothing and keeps each object's rows together).
  const byBlog = new Map<string, typeof rows>();
  for (const r of rows) byBlog.set(r.articleId, [...(byBlog.get(r.articleId) ?? []), r]);
  for (const [articleId, blogRows] of byBlog) {
    // Never fails the write it follows (the answer is made): a notify that cannot go is the cron's.
    const sent = Promise.resolve().then(() => liveHub(c.env, articleId).publish(blogRows));
    ctx.waitUntil(sent.catch((e) => console.error(`live notify ${articleId}:`, e)));
  }
});

/** Blogs the cron syncs per run (each is one RPC; their reads are the objects', not this run's). */
export const SYNC_LIMIT = 50;

/**
 * The cron's repair (every minute): each blog with a change in the last hour gets `sync()`, which
 * sends whatever D1 has beyond what its object sent (a notify lost with its isolate). One statement
 * here (live_changes_created_idx); the objects read D1 only when they are behind.
 */
export async function syncLiveBlogs(env: Env, db: DB, now: Date): Promise<number> {
  const blogs = await db.all<{ id: string }>(recentLiveBlogs(new Date(now.getTime() - 60 * 60 * 1000).toISOString()));
  const results = await Promise.allSettled(blogs.map(async (b) => liveHub(env, b.id).sync(b.id)));
  for (const r of results) if (r.status === "rejected") console.error("live sync:", r.reason);
  return blogs.length;
}

/**
 * The blogs changed since `since`, most recently changed first, at most SYNC_LIMIT: with more blogs
 * than that, an unordered LIMIT could leave the same ones out at every run. INDEXED BY: left to
 * itself SQLite walks the whole log in primary-key order (to group by blog without sorting); this
 * reads only the hour's rows (a range of live_changes_created_idx), then groups and orders them with
 * temporary b-trees (no index orders blogs by their newest change), over that hour's rows only.
 */
export const recentLiveBlogs = (since: string) =>
  sql`SELECT article_id AS id FROM live_changes INDEXED BY live_changes_created_idx WHERE created_at >= ${since}
    GROUP BY article_id ORDER BY max(created_at) DESC LIMIT ${SYNC_LIMIT}`;
