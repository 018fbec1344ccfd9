// A live blog's own cache token, so its entries stop invalidating the whole public cache (issue 17).
// Pages that show a blog's entries (its article view, entries, feeds, Ghost post) are cached
// under the content version AND the blog's token: an entry change moves only the token, and those
// pages alone miss; the rest of the site keeps its copies (the content version moves at most once a
// SITE_LAG_MS, src/cache/content-version.ts).
//
// The token is the blog's public head — max(public_seq) of its live_changes, one probe at the end of
// live_changes_public_uq — which every change readers can see of a published blog moves in the
// change's own batch (src/live/changes.ts), so it needs no column of its own. Anything else a blog
// page shows (the blog's own save, publish, unpublish, trash, a card's story, an image, a byline)
// replaces the content version, which is in the key too.
//
// Per isolate, like the content version (version-memo.ts): a blog's token is kept at most
// VERSION_BOUND_MS and forgotten by any write this isolate makes (memoGeneration), so an entry shows
// at once where it was filed and within the bound elsewhere. "This slug is not a live blog" is kept
// for as long as the content version it was read under: a story becomes a live blog (PUT /live) or
// takes a slug only by writes that replace that version. The map holds at most MAX_SLUGS slugs,
// least recently used first out.
import { sql } from "drizzle-orm";
import type { DB } from "../db/client";
import { publicHeadSql } from "../live/head";
import { memoGeneration, nowMs, VERSION_BOUND_MS } from "./version-memo";

/** How many slugs an isolate remembers (a few hundred bytes each). */
export const MAX_SLUGS = 4_096;

/**
 * A live blog's token and the blog's last change readers can see (a page that states no Last-Modified
 * of its own, the Ghost post, is dated by it), or null: the slug names no live blog (unknown, or ordinary).
 */
export type BlogToken = { token: string; changedAt: string } | null;

interface Kept {
  token: BlogToken;
  /** When the read began (the bound is counted from it), and the forget generation it belongs to. */
  readAt: number;
  generation: number;
  /** The content version the read was made under (what a "not a live blog" answer holds for). */
  version: string;
}

const kept = new Map<string, Kept>();
// Reads under way. In workerd a read belongs to the request that started it and dies with it if
// that request is cancelled (its promise then never settles): a read is shared within the bound only.
const inFlight = new Map<string, { reading: Promise<BlogToken>; startedAt: number }>();

/** The blog's token in one indexed statement: the slug's row (articles_slug_unique) and its head. */
export async function readBlogToken(db: DB, slug: string): Promise<BlogToken> {
  const row = await db.get<{ kind: string; head: number; changed: string }>(
    sql`SELECT kind, ${publicHeadSql(sql`articles.id`)} AS head, CASE WHEN last_major_update_at > updated_at THEN last_major_update_at ELSE updated_at END AS changed FROM articles WHERE slug = ${slug}`,
  );
  return row?.kind === "live" ? { token: `b${row.head}`, changedAt: row.changed } : null;
}

function stillGood(k: Kept, version: string, now: number): boolean {
  if (k.token === null) return k.version === version;
  return k.generation === memoGeneration() && k.version === version && now >= k.readAt && now - k.readAt < VERSION_BOUND_MS;
}

/**
 * The token of the blog `slug` names, as this isolate keeps it under content version `version`, or
 * one read shared by the requests that arrive while it is under way. A failed read is not kept: the
 * content version's own memo already spares D1 during an outage (readers get the last good copies).
 */
export function keptBlogToken(db: DB, slug: string, version: string): Promise<BlogToken> {
  const now = nowMs();
  const k = kept.get(slug);
  if (k && stillGood(k, version, now)) {
    // Least recently used goes first: a hit moves the slug to the end.
    kept.delete(slug);
    kept.set(slug, k);
    return Promise.resolve(k.token);
  }
  const flightKey = `${version} ${slug}`;
  const pending = inFlight.get(flightKey);
  if (pending && now >= pending.startedAt && now - pending.startedAt < VERSION_BOUND_MS) return pending.reading;
  const generation = memoGeneration();
  const reading = readBlogToken(db, slug).then((token) => {
    // A write this isolate made while the read was under way may have moved the head: not kept.
    if (generation === memoGeneration()) remember(slug, { token, readAt: now, generation, version });
    return token;
  });
  inFlight.set(flightKey, { reading, startedAt: now });
  // A dead read never clears itself: the map is bounded like the kept one.
  while (inFlight.size > MAX_SLUGS) inFlight.delete(inFlight.keys().next().value!);
  const clear = () => {
    if (inFlight.get(flightKey)?.reading === reading) inFlight.delete(flightKey);
  };
  reading.then(clear, clear);
  return reading;
}

function remember(slug: string, k: Kept) {
  kept.delete(slug);
  kept.set(slug, k);
  while (kept.size > MAX_SLUGS) kept.delete(kept.keys().next().value!);
}

/** How many slugs this isolate keeps (tests: the map stays bounded). */
export const keptSlugs = () => kept.size;

// Pages keyed by a live blog's slug that show its entries, its live block or its updated time. The
// slug is the first capture. Everything else public is keyed by the content version alone (the card,
// /embed/v1/article/{slug}, shows the first publication's date and no entry: entries never change it).
const BLOG_PAGES = [
  /^\/api\/content\/v1\/articles\/([^/]+)(?:\/entries)?$/,
  /^\/articles\/([^/]+)\/feed\.(?:xml|atom|json)$/,
  /^\/ghost\/api\/content\/posts\/slug\/([^/]+)\/?$/,
];

/** The slug whose blog token keys this path's copies, or null for a page keyed by the content version alone. */
export function blogPageSlug(path: string): string | null {
  for (const re of BLOG_PAGES) {
    const m = re.exec(path);
    if (!m) continue;
    try {
      return decodeURIComponent(m[1]!);
    } catch {
      // Not a slug any story has (a malformed escape): the route answers 400 or 404 on its own.
      return null;
    }
  }
  return null;
}
