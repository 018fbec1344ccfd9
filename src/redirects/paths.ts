// What a redirect's two ends may be, pure (no D1, no Hono): the editorial API, the public table,
// the Worker's own 301s, the Ghost builder and the admin (@shared/*) all read paths the same way.
//
// A `from_path` is stored canonical, so one unique index answers "is there a redirect for this
// path?" with one probe whatever the spelling a browser or an old link used:
//   - a leading slash; no query, no fragment (an absolute URL pasted by an editor gives its path);
//   - no trailing slash (but for "/"): `/x` and `/x/` are the same old page;
//   - "//" collapsed, "." and ".." segments resolved;
//   - percent-encoding normalised (RFC 3986 §6.2.2): unreserved characters decoded, other
//     escapes in upper case, anything that needs escaping (spaces, non-ASCII) escaped as UTF-8;
//   - at most 2,000 characters.

export const REDIRECT_PATH_MAX = 2000;
export const REDIRECT_STATUSES = [301, 302, 307, 308] as const;
export type RedirectStatus = (typeof REDIRECT_STATUSES)[number];

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
// pchar minus "%" (RFC 3986 §3.3), plus "/" between segments: kept as they are.
const KEPT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]$/;
const HEX2 = /^[0-9A-Fa-f]{2}$/;
// Control characters, whitespace and backslash never belong in a path we store or redirect to.
const FORBIDDEN = /[\u0000-\u0020\u007f\\]/;
// An old path pasted with a space in it means "%20": only controls and backslashes are refused there.
const FORBIDDEN_IN_FROM = /[\u0000-\u001f\u007f\\]/;

/** A path's escapes normalised (see above); null when it cannot be (a lone surrogate). */
function percentNormalise(path: string): string | null {
  let out = "";
  for (let i = 0; i < path.length; ) {
    const ch = path[i]!;
    if (ch === "%") {
      const hex = path.slice(i + 1, i + 3);
      if (HEX2.test(hex)) {
        const decoded = String.fromCharCode(parseInt(hex, 16));
        out += UNRESERVED.test(decoded) ? decoded : `%${hex.toUpperCase()}`;
        i += 3;
      } else {
        // A "%" that starts no escape is a literal percent sign.
        out += "%25";
        i += 1;
      }
      continue;
    }
    const cp = path.codePointAt(i)!;
    const char = String.fromCodePoint(cp);
    i += char.length;
    if (KEPT.test(char)) out += char;
    else {
      try {
        out += encodeURIComponent(char);
      } catch {
        return null;
      }
    }
  }
  return out;
}

/** "//" collapsed, "." and ".." resolved (never above the root). */
function resolveSegments(path: string): string {
  const out: string[] = [];
  const segments = path.split("/").slice(1);
  segments.forEach((s, i) => {
    const last = i === segments.length - 1;
    if (s === "..") out.pop();
    else if (s !== "." && (s !== "" || last)) out.push(s);
  });
  return `/${out.join("/")}`;
}

const stripTrailingSlash = (path: string) => (path.length > 1 ? path.replace(/\/+$/, "") || "/" : path);

/**
 * The canonical `from_path` for what an editor, an import or a request gave; null when it cannot be
 * one (a control character, an unusable URL, longer than REDIRECT_PATH_MAX once normalised).
 */
export function normalisePath(raw: string): string | null {
  let text = raw.trim();
  if (/^https?:\/\//i.test(text)) {
    try {
      text = new URL(text).pathname;
    } catch {
      return null;
    }
  }
  text = text.replace(/[?#].*$/s, "");
  if (FORBIDDEN_IN_FROM.test(text)) return null;
  if (!text.startsWith("/")) text = `/${text}`;
  const encoded = percentNormalise(text);
  if (encoded === null) return null;
  const path = stripTrailingSlash(resolveSegments(encoded));
  return path.length <= REDIRECT_PATH_MAX ? path : null;
}

export type Target = { kind: "path"; value: string; path: string } | { kind: "url"; value: string; url: URL };

/**
 * A redirect's target: an absolute http(s) URL, or a path on this Worker starting with "/" (its
 * query and fragment kept, its trailing slash kept: the destination decides what it means).
 * `path` / `url.pathname` let callers compare it with from_paths. Null with a reason otherwise.
 */
export function parseTarget(raw: string): Target | { error: string } {
  const text = raw.trim();
  if (!text) return { error: "Enter a URL or a path." };
  if (text.length > REDIRECT_PATH_MAX) return { error: `At most ${REDIRECT_PATH_MAX} characters.` };
  if (FORBIDDEN.test(text)) return { error: "No spaces, control characters or backslashes." };
  // "//host/…" is a URL on another host to a browser: only a single leading slash is a path.
  if (text.startsWith("/") && !text.startsWith("//")) {
    const at = text.search(/[?#]/);
    const pathPart = at < 0 ? text : text.slice(0, at);
    const rest = at < 0 ? "" : text.slice(at);
    const encoded = percentNormalise(pathPart);
    if (encoded === null) return { error: "Not a usable path." };
    const path = resolveSegments(encoded);
    const value = path + rest;
    if (value.length > REDIRECT_PATH_MAX) return { error: `At most ${REDIRECT_PATH_MAX} characters.` };
    return { kind: "path", value, path };
  }
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { error: "Not a valid URL." };
    }
    if ((url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) return { error: "Only http and https URLs are allowed." };
    if (url.username || url.password) return { error: "A URL with credentials is not allowed." };
    if (url.href.length > REDIRECT_PATH_MAX) return { error: `At most ${REDIRECT_PATH_MAX} characters.` };
    return { kind: "url", value: url.href, url };
  }
  return { error: "Use an absolute http(s) URL or a path starting with /." };
}

/**
 * The from_path a target would be looked up as if it were an old path here: a path target's, or an
 * absolute one's on `localOrigins` (the public site, this Worker). Null for anywhere else. This is
 * what "points at itself" and "chains" compare.
 */
export function targetAsFromPath(target: Target, localOrigins: readonly string[] = []): string | null {
  if (target.kind === "path") return normalisePath(target.path);
  return localOrigins.includes(target.url.origin) ? normalisePath(target.url.pathname) : null;
}

/** Both spellings a stored target may use for one canonical path (with and without its trailing slash). */
export const pathSpellings = (from: string): string[] => (from === "/" ? ["/"] : [from, `${from}/`]);
