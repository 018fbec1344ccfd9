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
import { boundedMemo, type ReadStart } from "./bounded-memo";
import { CONTENT_KEY, versionColumns, versionOf, type ContentVersion, type VersionRow } from "./content-version";
import { memoGeneration, nowMs, readStart, VERSION_BOUND_MS } from "./version-memo";

/** How many slugs an isolate remembers (a few hundred bytes each). */
export const MAX_SLUGS = 4_096;

/**
 * A live blog's token and the blog's last change readers can see (a page that states no Last-Modified
 * of its own, the Ghost post, is dated by it), or null: the slug names no live blog (unknown, or ordinary).
 */
export type BlogToken = { token: string; changedAt: string } | null;

// Keyed by the content version and the slug: a new version starts every slug afresh, so "not a live
// blog" (lasting) holds for exactly as long as the version it was read under.
const memo = boundedMemo<BlogToken>({ boundMs: VERSION_BOUND_MS, maxKeys: MAX_SLUGS, now: nowMs, generation: memoGeneration, lasting: (token) => token === null });
const memoKey = (version: string, slug: string) => `${version} ${slug}`;

/** The blog's token in one indexed statement: the slug's row (articles_slug_unique) and its head. */
export async function readBlogToken(db: DB, slug: string): Promise<BlogToken> {
  return blogTokenOf(await db.get<BlogTokenRow | undefined>(sql`SELECT ${blogTokenColumns} FROM articles WHERE slug = ${slug}`));
}

/** The columns of `articles` a blog token is made of (blogTokenOf), for a statement that reads more. */
export const blogTokenColumns = sql`articles.kind AS kind, ${publicHeadSql(sql`articles.id`)} AS head, CASE WHEN articles.last_major_update_at > articles.updated_at THEN articles.last_major_update_at ELSE articles.updated_at END AS changed`;
export type BlogTokenRow = { kind: string | null; head: number | null; changed: string | null };
export const blogTokenOf = (row: BlogTokenRow | undefined): BlogToken => (row?.kind === "live" ? { token: `b${row.head}`, changedAt: row.changed! } : null);

/**
 * The token of the blog `slug` names, as this isolate keeps it under content version `version`, or
 * one read shared by the requests that arrive while it is under way. A failed read is not kept: the
 * content version's own memo already spares D1 during an outage (readers get the last good copies).
 */
export const keptBlogToken = (db: DB, slug: string, version: string): Promise<BlogToken> => memo.get(memoKey(version, slug), () => readBlogToken(db, slug));

/** The token kept for `slug` under `version` if still good (a cache hit then awaits nothing), else undefined. */
export function peekBlogToken(slug: string, version: string): BlogToken | undefined {
  const hit = memo.peek(memoKey(version, slug));
  return hit ? hit.value : undefined;
}

/** A token the caller read itself with content version `version` (one statement for both), read from `started`. */
export const keepBlogToken = (slug: string, version: string, token: BlogToken, started: ReadStart) => memo.keep(memoKey(version, slug), token, started);

/**
 * The content version and the blog token of `slug` in one statement: what a live blog's page needs
 * on an isolate that keeps neither (two statements in a row otherwise). Read together, so the token
 * is at least as new as the version, as tokenReading requires. The token is kept (as a read
 * through keptBlogToken would be); the version is the caller's to give to the version memo.
 */
export async function readVersionAndBlogToken(db: DB, slug: string): Promise<{ version: ContentVersion; blog: BlogToken }> {
  const started = readStart();
  const row = await db.get<VersionRow & BlogTokenRow>(
    sql`SELECT ${versionColumns}, ${blogTokenColumns} FROM site_state LEFT JOIN articles ON articles.slug = ${slug} WHERE site_state.key = ${CONTENT_KEY}`,
  );
  // No version row (a database before its first migration's seed): the version's own default, and the token alone.
  if (!row) return { version: versionOf(undefined), blog: await readBlogToken(db, slug) };
  const version = versionOf(row);
  const blog = blogTokenOf(row);
  keepBlogToken(slug, version.token, blog, started);
  return { version, blog };
}

/** How many slugs this isolate keeps (tests: the map stays bounded). */
export const keptSlugs = () => memo.size();

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
