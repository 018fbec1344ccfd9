// Public URLs come from one configured pattern: the front-end site owns the page, Copydesk the data.
export interface SiteUrls {
  article(sectionSlug: string | null, slug: string, id: string): string;
  media(id: string): string;
  /** Front-end pages for a byline, a section and a tag (conventional paths under the site). */
  contributor(slug: string): string;
  section(slug: string): string;
  tag(slug: string): string;
  home: string;
}

export function siteUrls(env: Pick<Env, "PUBLIC_SITE_URL" | "ARTICLE_URL_PATTERN">, workerOrigin: string): SiteUrls {
  const site = env.PUBLIC_SITE_URL.replace(/\/+$/, "");
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
    media: (id) => `${workerOrigin}/media/${encodeURIComponent(id)}`,
    contributor: (slug) => `${site}/authors/${encodeURIComponent(slug)}`,
    section: (slug) => `${site}/${encodeURIComponent(slug)}`,
    tag: (slug) => `${site}/tags/${encodeURIComponent(slug)}`,
    home: `${site}/`,
  };
}
