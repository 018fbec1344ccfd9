// The token a public page's copy is keyed by (the content version's, and a live blog page's own),
// as the public cache reads it: from what this isolate keeps when it can (a hit then awaits nothing),
// else from D1 within VERSION_BUDGET_MS, releasing held stories that are due on the way.
import type { Context } from "hono";
import { blogPageSlug, keptBlogToken, peekBlogToken, readBlogToken, readVersionAndBlogToken, type BlogToken } from "../cache/blog-token";
import { readContentVersion, type ContentVersion } from "../cache/content-version";
import { withinBudget } from "../cache/d1-availability";
import { releaseIfDue } from "../cache/release";
import { keptContentVersion, peekContentVersion } from "../cache/version-memo";
import type { DB } from "../db/client";
import { uncountedD1 } from "../http/bench-hooks";
import type { AppEnv } from "../http/app-env";
import { relayOutbox } from "../outbox/relay";

/** How long a reader waits for the content version before being answered from the last good copy. */
export const VERSION_BUDGET_MS = 1_000;

export interface Keyed {
  version: ContentVersion;
  token: string;
}

/** The version alone, or with a live blog's token: then dated by the blog's last change when newer. */
function keyedBy(version: ContentVersion, blog: BlogToken): Keyed {
  if (blog === null) return { version, token: version.token };
  // Its entries no longer move the version's time, so a blog page is dated by the blog's own.
  const dated = blog.changedAt > version.updatedAt ? { ...version, updatedAt: blog.changedAt } : version;
  return { version: dated, token: `${version.token}-${blog.token}` };
}

/**
 * What this isolate keeps for `path`, when that needs no D1 read and nothing is due for release: a
 * cache hit's whole key, with no promise, timer or waitUntil. Null: read it (tokenReading).
 */
export function keptToken(path: string, now: Date): Keyed | null {
  const version = peekContentVersion();
  // A release is due: the request that reads it goes the long way (releaseIfDue).
  if (!version || (version.dueAt && version.dueAt <= now.toISOString())) return null;
  const slug = blogPageSlug(path);
  if (slug === null) return { version, token: version.token };
  const blog = peekBlogToken(slug, version.token);
  return blog === undefined ? null : keyedBy(version, blog);
}

/**
 * The token a page's copy is keyed by: the content version's, and for a page of a live blog (its
 * article view, entries, feeds, Ghost post: blogPageSlug) the blog's too, so that an entry change makes
 * exactly those pages miss (src/cache/blog-token.ts). Read after the version, in the same session,
 * so a miss renders from data at least as new as the key it is stored under.
 */
export async function tokenReading(c: Context<AppEnv>, now: Date, o: { own?: boolean } = {}): Promise<Keyed> {
  const db = c.var.db;
  const slug = blogPageSlug(c.req.path);
  if (slug === null) return keyedBy(await versionReleasing(c, db, now, o), null);
  // A blog page whose version this request reads itself reads the blog's token in the same
  // statement. If it shares another request's read instead, or a release moved the version, the
  // token is read (or found kept) on its own after it.
  let both: { version: ContentVersion; blog: BlogToken } | undefined;
  const read = async () => (both = await readVersionAndBlogToken(db, slug)).version;
  const version = await versionReleasing(c, db, now, { ...o, read });
  if (both?.version.token === version.token) return keyedBy(version, both.blog);
  return keyedBy(version, await (o.own ? readBlogToken(db, slug) : keptBlogToken(db, slug, version.token)));
}

/** After the answer when the runtime allows it (waitUntil); at once in a script (app.request()). */
export function later(c: Context<AppEnv>, work: Promise<void>) {
  try {
    c.executionCtx.waitUntil(work);
  } catch {
    void work;
  }
}

/**
 * The content version a public answer is keyed and dated by (as this isolate keeps it, at most
 * VERSION_BOUND_MS old), after releasing what is due (the first request past `due_at` publishes it): every public answer the Worker caches or lets others
 * cache reads it here, and sends cacheControlUntil(version.releaseAt, now).
 */
export async function versionReleasing(c: Context<AppEnv>, db: DB, now: Date, o: { own?: boolean; read?: () => Promise<ContentVersion> } = {}): Promise<ContentVersion> {
  const read = o.read ?? (() => readContentVersion(db));
  const { version, published } = await releaseIfDue(db, await (o.own ? read() : keptContentVersion(read)), now);
  if (published.length) relaySoon(c, published.length);
  return version;
}

/**
 * versionReleasing for a caller with no stale copy to fall back on: the isolate's shared read if it
 * answers within the budget, else a read of this request's own (a request waiting only on another
 * request's I/O is cancelled by workerd as hung).
 */
export async function versionWaiting(c: Context<AppEnv>, db: DB, now: Date): Promise<ContentVersion> {
  const shared = versionReleasing(c, db, now);
  later(c, shared.then(() => undefined, () => undefined));
  const raced = await withinBudget(shared, VERSION_BUDGET_MS);
  return raced.done ? raced.value : versionReleasing(c, db, now, { own: true });
}

/** A release's webhooks and WebSub pings go out after the answer, as an editorial write's do. */
function relaySoon(c: Context<AppEnv>, events: number) {
  try {
    c.executionCtx.waitUntil(relayOutbox({ ...c.env, DB: uncountedD1(c.env.DB) }, { origin: new URL(c.req.url).origin, limit: events, rounds: 1, newestFirst: true }));
  } catch {
    // No execution context (app.request() in a script): the cron's sweep relays them.
  }
}
