// Which story an oEmbed `url` names. Two kinds of address are ours to answer for: the story's page
// on the public site (PUBLIC_SITE_URL + ARTICLE_URL_PATTERN, as siteUrls().article builds it) and
// our own card page (`<worker origin>/embed/v1/article/{slug}`). This only reads a candidate slug
// or id out of the address; the route then loads the published story and confirms the address is
// one of its own (sameArticleUrl), so a pattern that matches loosely can never embed the wrong story.
//
// Tolerated, because consumers paste what the reader's browser shows: a trailing slash, a query
// string or fragment, percent-encoding of any character, upper-case host, and http for https (or
// the reverse: the same site behind a redirect). Anything else is not ours: null, which is a 404.

/** Longer `url` values are not any address we build (slugs are at most 120 characters): 404. */
export const MAX_URL_LENGTH = 2048;
const CARD_PREFIX = "/embed/v1/article/";

export type Candidate = { slug: string } | { id: string };

interface UrlConfig {
  PUBLIC_SITE_URL: string;
  ARTICLE_URL_PATTERN?: string | undefined;
}

/** Host (with port) and decoded path without a trailing slash, or null for anything not http(s). */
function parts(raw: string): { host: string; path: string } | null {
  if (raw.length > MAX_URL_LENGTH) return null;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  // An explicit default port is the same site: URL drops it only for the scheme it belongs to.
  const port = url.port && !((url.protocol === "http:" && url.port === "80") || (url.protocol === "https:" && url.port === "443")) ? `:${url.port}` : "";
  const path = decodePath(url.pathname);
  if (path === null) return null;
  return { host: `${url.hostname}${port}`, path: path.length > 1 ? path.replace(/\/+$/, "") : path };
}

/** Percent-decoding segment by segment (so an encoded "/" stays inside its segment); null when malformed. */
function decodePath(pathname: string): string | null {
  try {
    return pathname
      .split("/")
      .map((s) => decodeURIComponent(s).replace(/\//g, "%2F"))
      .join("/");
  } catch {
    return null;
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The pattern as a regular expression over decoded paths. A story without a section has its
 * `{section}` segment collapsed (`/{section}/{slug}` → `/slug`), so that segment is optional.
 */
function patternRegExp(sitePath: string, pattern: string): RegExp {
  let source = "";
  const re = /\{(section|slug|id)\}/g;
  let last = 0;
  for (let m = re.exec(pattern); m; m = re.exec(pattern)) {
    source += escapeRegExp(pattern.slice(last, m.index));
    const name = m[1]!;
    if (name === "section") {
      // "/{section}/" may be "/" alone: swallow the slash after it into the optional group.
      const slashAfter = pattern[re.lastIndex] === "/";
      source += slashAfter ? "(?:(?<section>[^/]+)/)?" : "(?<section>[^/]*?)";
      if (slashAfter) re.lastIndex += 1;
    } else if (name === "id") {
      // Ids never contain "-" (newId: prefix, "_", [0-9a-z]), slugs often do: beside a slug in one
      // segment ("/{id}-{slug}", "/{slug}-{id}") the id takes the least and the slug the rest.
      source += "(?<id>[^/]+?)";
    } else source += "(?<slug>[^/]+)";
    last = re.lastIndex;
  }
  source += escapeRegExp(pattern.slice(last));
  // siteUrls collapses every run of slashes; the regex must read what it writes.
  source = source.replace(/\/{2,}/g, "/");
  const base = escapeRegExp(sitePath.replace(/\/+$/, ""));
  return new RegExp(`^${base}${source.replace(/\/+$/, "")}$`);
}

/**
 * A slug or id out of `raw`, when it is a card URL on `workerOrigin` or a story page on the public
 * site; null otherwise (including anything overlong or unparsable).
 */
export function candidateFromUrl(raw: string, env: UrlConfig, workerOrigin: string): Candidate | null {
  const got = parts(raw);
  if (!got) return null;
  const worker = parts(workerOrigin);
  if (worker && got.host === worker.host && got.path.startsWith(CARD_PREFIX)) {
    const slug = got.path.slice(CARD_PREFIX.length);
    if (slug && !slug.includes("/")) return { slug };
  }
  const site = parts(env.PUBLIC_SITE_URL);
  if (!site || got.host !== site.host) return null;
  const pattern = env.ARTICLE_URL_PATTERN || "/{section}/{slug}";
  const m = patternRegExp(site.path === "/" ? "" : site.path, pattern).exec(got.path);
  const g = m?.groups;
  // An id names the story whatever its slug became; the route confirms either against the story.
  if (g?.id) return { id: g.id };
  if (g?.slug) return { slug: g.slug };
  return null;
}

/** Does `raw` name the page `articleUrl` (built by siteUrls) or the card `cardUrl`, tolerating what candidateFromUrl tolerates? */
export function sameArticleUrl(raw: string, articleUrl: string, cardUrl: string): boolean {
  const got = parts(raw);
  if (!got) return false;
  return [articleUrl, cardUrl].some((known) => {
    const p = parts(known);
    return !!p && p.host === got.host && p.path === got.path;
  });
}
