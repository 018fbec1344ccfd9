// URLs in a Ghost export: its placeholder for the site itself, and where an embed comes from.

const PLACEHOLDER = "__GHOST_URL__";

/**
 * A URL from a Ghost export made absolute on the old site: Ghost's `__GHOST_URL__` placeholder → the
 * site's URL (no doubled slash, whatever either side has); a path on the old site ("/slug/",
 * "/content/images/…", as older exports store them) put under it; a protocol-relative "//host/…"
 * given https. Anything else is returned as it was (trimmed): callers check the scheme.
 */
export function resolveGhostUrl(url: string, siteUrl: string): string {
  const value = String(url ?? "").trim();
  const base = String(siteUrl ?? "").trim().replace(/\/+$/, "");
  if (value.includes(PLACEHOLDER)) return value.split(PLACEHOLDER).join(base);
  if (value.startsWith("//")) return `https:${value}`;
  if (value.startsWith("/") && base) return `${base}${value}`;
  return value;
}

/** resolveGhostUrl for a field that may not be a string at all (cards in a broken export). */
export const absoluteUrl = (url: unknown, siteUrl: string): string => (typeof url === "string" ? resolveGhostUrl(url, siteUrl) : "");

const PROVIDERS: Array<[RegExp, string]> = [
  [/(^|\.)(youtube\.com|youtu\.be|youtube-nocookie\.com)$/, "YouTube"],
  [/(^|\.)(twitter\.com|x\.com)$/, "X"],
  [/(^|\.)vimeo\.com$/, "Vimeo"],
  [/(^|\.)instagram\.com$/, "Instagram"],
  [/(^|\.)facebook\.com$/, "Facebook"],
  [/(^|\.)tiktok\.com$/, "TikTok"],
  [/(^|\.)spotify\.com$/, "Spotify"],
  [/(^|\.)soundcloud\.com$/, "SoundCloud"],
  [/(^|\.)(google\.com|goo\.gl)$/, "Google"],
  [/(^|\.)flickr\.com$/, "Flickr"],
  [/(^|\.)codepen\.io$/, "CodePen"],
  [/(^|\.)bsky\.app$/, "Bluesky"],
];

/** The provider's name for an embed: what Ghost's oEmbed lookup recorded, else a well-known host. */
export function embedProvider(url: string, metadata: unknown): string | null {
  if (metadata && typeof metadata === "object") {
    const name = (metadata as Record<string, unknown>).provider_name;
    if (typeof name === "string" && name.trim()) return name.trim().slice(0, 200);
  }
  try {
    const host = new URL(url).hostname.toLowerCase();
    return PROVIDERS.find(([re]) => re.test(host))?.[1] ?? null;
  } catch {
    return null;
  }
}
