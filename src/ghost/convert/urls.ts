// URLs in a Ghost export: its placeholder for the site itself, and where an embed comes from.

const PLACEHOLDER = "__GHOST_URL__";

/** Ghost's `__GHOST_URL__` placeholder → the old site's URL (no doubled slash, whatever either side has). */
export function resolveGhostUrl(url: string, siteUrl: string): string {
  const value = String(url ?? "").trim();
  if (!value.includes(PLACEHOLDER)) return value;
  const base = String(siteUrl ?? "").trim().replace(/\/+$/, "");
  return value.split(PLACEHOLDER).join(base);
}

/**
 * A URL from the body made absolute: the placeholder resolved, a path on the old site ("/slug/",
 * "/content/images/…") put under its URL, a protocol-relative "//host/…" given https. Anything else
 * is returned as is; callers check the scheme.
 */
export function absoluteUrl(url: unknown, siteUrl: string): string {
  if (typeof url !== "string") return "";
  const value = resolveGhostUrl(url, siteUrl);
  if (value.startsWith("//")) return `https:${value}`;
  if (value.startsWith("/")) {
    const base = siteUrl.trim().replace(/\/+$/, "");
    return base ? `${base}${value}` : value;
  }
  return value;
}

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
