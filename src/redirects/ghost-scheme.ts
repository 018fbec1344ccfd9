// Ghost's public URL scheme → redirects to our public pages and feeds. Pure: the Ghost import
// calls it with what it imported; tests call it with fixtures.
//
//   /{slug}/               a post or page      → the story's page on the site (urls.article)
//   /tag/{slug}/           a tag's page        → urls.tag
//   /author/{slug}/        an author's page    → urls.contributor
//   /rss/                  the site's RSS      → /feed.xml                     (this Worker)
//   /tag/{slug}/rss/       a tag's RSS         → /tags/{slug}/feed.xml         (this Worker)
//   /author/{slug}/rss/    an author's RSS     → /contributors/{slug}/feed.xml (this Worker)
//   /sitemap-posts.xml …   Ghost's sitemaps    → /sitemap.xml (our index)      (this Worker)
//
// Feed targets are paths on this Worker (src/public/feed-routes.ts serves them), so the Worker
// answers those old URLs itself (src/public/redirect-routes.ts); page targets are front-end URLs,
// which front-ends apply from the public table. Internal tags (Ghost's `#…`) had no pages or feeds
// and get none. A redirect that would land on its own path (the front-end kept Ghost's scheme) is left out.
import type { SiteUrls } from "../lib/urls";
import { normalisePath, parseTarget, targetAsFromPath, type RedirectStatus } from "./paths";

export interface GhostRedirectInput {
  /** Posts and pages: `slug` is Ghost's (the old URL); `localSlug` ours when the import had to change it. */
  posts: { slug: string; localSlug?: string; id: string; section: string | null }[];
  tags: { slug: string; localSlug?: string; visibility?: "public" | "internal" }[];
  /** Ghost users with a byline: `slug` Ghost's, `localSlug` the contributor's when it differs. */
  authors: { slug: string; localSlug?: string }[];
}

export interface RedirectRow {
  from_path: string;
  to_url: string;
  status_code: RedirectStatus;
}

/** Ghost's sitemap files besides /sitemap.xml (which is ours too): search engines that knew them are sent to our index. */
export const GHOST_SITEMAPS = ["posts", "pages", "tags", "authors"].map((kind) => `/sitemap-${kind}.xml`);
export const SITEMAP_INDEX = "/sitemap.xml";

/** Our feed paths (src/public/feed-routes.ts): RSS, as Ghost's /rss/ was. */
export const FEED_PATHS = {
  site: "/feed.xml",
  tag: (slug: string) => `/tags/${encodeURIComponent(slug)}/feed.xml`,
  contributor: (slug: string) => `/contributors/${encodeURIComponent(slug)}/feed.xml`,
} as const;

const seg = (slug: string) => encodeURIComponent(slug);

/**
 * Every redirect Ghost's scheme implies, once per old path (the first wins: a post is listed
 * before a tag or author, as Ghost's router matched them), all 301.
 */
export function ghostRedirects(input: GhostRedirectInput, urls: SiteUrls): RedirectRow[] {
  const site = new URL(urls.home).origin;
  const out = new Map<string, RedirectRow>();
  const add = (from: string, to: string) => {
    const fromPath = normalisePath(from);
    const target = parseTarget(to);
    if (!fromPath || "error" in target || out.has(fromPath)) return;
    // The same path on the same site: the front-end kept Ghost's URL, nothing to redirect.
    if (targetAsFromPath(target, [site]) === fromPath) return;
    out.set(fromPath, { from_path: fromPath, to_url: target.value, status_code: 301 });
  };
  for (const p of input.posts) add(`/${seg(p.slug)}/`, urls.article(p.section, p.localSlug ?? p.slug, p.id));
  add("/rss/", FEED_PATHS.site);
  for (const path of GHOST_SITEMAPS) add(path, SITEMAP_INDEX);
  for (const t of input.tags) {
    if (t.visibility === "internal" || t.slug.startsWith("hash-")) continue;
    const local = t.localSlug ?? t.slug;
    add(`/tag/${seg(t.slug)}/`, urls.tag(local));
    add(`/tag/${seg(t.slug)}/rss/`, FEED_PATHS.tag(local));
  }
  for (const a of input.authors) {
    const local = a.localSlug ?? a.slug;
    add(`/author/${seg(a.slug)}/`, urls.contributor(local));
    add(`/author/${seg(a.slug)}/rss/`, FEED_PATHS.contributor(local));
  }
  return [...out.values()];
}
