// Public URLs come from one configured pattern: the front-end site owns the page, Copydesk the data.
export interface SiteUrls {
  article(sectionSlug: string | null, slug: string, id: string): string;
  media(id: string): string;
  /** Front-end pages for a byline, a section and a tag (conventional paths under the site). */
  contributor(slug: string): string;
  section(slug: string): string;
  tag(slug: string): string;
  home: string;
  /** This Worker's public origin (`workerOrigin`): where media, feeds and oEmbed are served. */
  readonly origin: string;
}

type UrlEnv = Pick<Env, "PUBLIC_SITE_URL" | "ARTICLE_URL_PATTERN"> & { PUBLIC_API_ORIGIN?: string };

/** The Worker's public origin from PUBLIC_API_ORIGIN ("https://api.news.example"), or null when unset. */
export function configuredPublicOrigin(env: { PUBLIC_API_ORIGIN?: string }): string | null {
  const raw = env.PUBLIC_API_ORIGIN?.trim();
  if (!raw) return null;
  // A typo here would put broken links in every feed: fail loudly instead.
  if (!/^https?:\/\/[^/?#]+\/*$/i.test(raw)) throw new Error(`PUBLIC_API_ORIGIN must be an origin such as https://api.example.org, not ${JSON.stringify(raw)}`);
  return new URL(raw).origin;
}

/**
 * The origin links to this Worker (images, feed self and next links, sitemap pages) are built on:
 * the configured one, else the request's own. A request's Host is the client's to forge, so the
 * public cache keys on that origin (src/public/cache.ts) and refuses foreign hosts when configured.
 */
export const workerOrigin = (env: { PUBLIC_API_ORIGIN?: string }, requestUrl: string) => configuredPublicOrigin(env) ?? new URL(requestUrl).origin;

/** The request's own path and query on the Worker's public origin: a feed's self link. */
export function publicRequestUrl(env: { PUBLIC_API_ORIGIN?: string }, requestUrl: string): URL {
  const url = new URL(requestUrl);
  const origin = configuredPublicOrigin(env);
  return origin ? new URL(url.pathname + url.search, origin) : url;
}

/** `requestUrl`: the request being answered (c.req.url); only its origin is used, and only as a fallback. */
export function siteUrls(env: UrlEnv, requestUrl: string): SiteUrls {
  const site = env.PUBLIC_SITE_URL.replace(/\/+$/, "");
  // Worked out on first use: every request gets these URLs, few build a media link.
  let origin: string | undefined;
  const pattern = env.ARTICLE_URL_PATTERN || "/{section}/{slug}";
  return {
    article(section, slug, id) {
      const path = pattern
        .replace("{section}", section ? encodeURIComponent(section) : "")
        .replace("{slug}", encodeURIComponent(slug))
        .replace("{id}", encodeURIComponent(id))
        .replace(/\/{2,}/g, "/");
      return site + path;
    },
    // Media is served by this Worker from R2, so its URLs use the Worker's own origin.
    media: (id) => `${(origin ??= workerOrigin(env, requestUrl))}/media/${encodeURIComponent(id)}`,
    contributor: (slug) => `${site}/authors/${encodeURIComponent(slug)}`,
    section: (slug) => `${site}/${encodeURIComponent(slug)}`,
    tag: (slug) => `${site}/tags/${encodeURIComponent(slug)}`,
    home: `${site}/`,
    get origin() {
      return (origin ??= workerOrigin(env, requestUrl));
    },
  };
}
