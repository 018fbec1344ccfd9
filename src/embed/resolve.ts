// Which published story an oEmbed `url` names, read from the database. The address is read by
// article-url.ts and confirmed against the story's own addresses; an address that is not (or no
// longer) a story's page is looked up once in the redirects table, so a link shared before a move
// (a Ghost site's /my-post/, a slug an editor changed) still embeds the story it now leads to.
import type { DB } from "../db/client";
import type { SiteUrls } from "../lib/urls";
import { loadPublishedById, loadPublishedBySlug } from "../public/load-whole";
import { findRedirect } from "../redirects/domain";
import { normalisePath } from "../redirects/paths";
import { candidateFromUrl, sameArticleUrl } from "./article-url";
import { cardUrl } from "./links";

type Env = { PUBLIC_SITE_URL: string; ARTICLE_URL_PATTERN?: string | undefined };

/** The story at `url` itself, confirmed; null when the address is not one of its own. */
async function storyAt(db: DB, env: Env, urls: SiteUrls, url: string) {
  const candidate = candidateFromUrl(url, env, urls.origin);
  if (!candidate) return null;
  const found = "slug" in candidate ? await loadPublishedBySlug(db, candidate.slug, urls) : await loadPublishedById(db, candidate.id, urls);
  // The address must be one this story really has: a pattern read loosely embeds nothing else.
  return found && sameArticleUrl(url, found.article.url, cardUrl(urls.origin, found.article.row.slug)) ? found : null;
}

/**
 * The published story `url` names: its page or card, or an old address of the site that the
 * redirects table sends to one (one hop: the table keeps no chains). Null otherwise.
 */
export async function storyForUrl(db: DB, env: Env, urls: SiteUrls, url: string) {
  const direct = await storyAt(db, env, urls, url);
  if (direct) return direct;
  let site: URL;
  let asked: URL;
  try {
    site = new URL(env.PUBLIC_SITE_URL);
    asked = new URL(url.trim());
  } catch {
    return null;
  }
  // Only the site's own old addresses: the redirects table describes the site, not the world.
  if (asked.host.toLowerCase() !== site.host.toLowerCase()) return null;
  const from = normalisePath(asked.pathname);
  const redirect = from ? await findRedirect(db, from) : null;
  if (!redirect) return null;
  return storyAt(db, env, urls, new URL(redirect.toUrl, site.origin).href);
}
