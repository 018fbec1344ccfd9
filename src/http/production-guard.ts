// The committed configuration is production's. Anything relaxed for local work needs BOTH an
// explicit ENVIRONMENT of "development" or "test" (a missing or misspelt value is production) AND,
// where a request is involved, a loopback host, so a deployed Worker cannot reach it by mistake.
//
// In production, editorial writes wait for a usable PUBLIC_SITE_URL: article URLs, feeds and
// structured data are built from it, and a story published under a placeholder or loopback address
// would carry broken links into readers' feeds and search engines' caches for good. Reads still
// work, so the newsroom can look around while the operator fixes the configuration.
import { createMiddleware } from "hono/factory";
import { AppError } from "../lib/errors";
import type { AppEnv } from "./app-env";

const LOCAL_ENVIRONMENTS = new Set(["development", "test"]);
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** True only for an explicit local setting; everything else is treated as production. */
export const isLocalEnvironment = (env: { ENVIRONMENT?: string }) => LOCAL_ENVIRONMENTS.has(env.ENVIRONMENT ?? "");

/** A URL's hostname as the URL parser gives it ("[::1]", "127.0.0.1", "localhost."), normalised. */
const bare = (hostname: string) => hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");

/** This machine: localhost names, 127.0.0.0/8 and ::1 (also as an IPv4-mapped IPv6 address). */
export function isLoopbackHost(hostname: string): boolean {
  const h = bare(hostname);
  return h === "localhost" || h.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(h) || h === "::1" || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(h);
}

/**
 * Hosts no reader can reach: loopback, unspecified, private (RFC 1918, unique-local), link-local and
 * shared (100.64/10) addresses. The URL parser has already turned every IPv4 spelling (0x7f.1,
 * 2130706433) into dotted decimal, so matching the canonical form is enough.
 */
export function isNonPublicHost(hostname: string): boolean {
  if (isLoopbackHost(hostname)) return true;
  const h = bare(hostname);
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(h);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 0 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  if (h.includes(":")) return h === "::" || /^f[cd][0-9a-f]{0,2}:/.test(h) || /^fe[89ab][0-9a-f]?:/.test(h) || /^::ffff:/.test(h);
  return false;
}

/** Why PUBLIC_SITE_URL cannot be used in production, or null when it can. */
export function publicSiteUrlProblem(value: string | undefined): string | null {
  const raw = (value ?? "").trim();
  if (!raw) return "PUBLIC_SITE_URL is not set.";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `PUBLIC_SITE_URL "${raw}" is not an absolute URL.`;
  }
  if (url.protocol !== "https:") return `PUBLIC_SITE_URL "${raw}" is not an https URL.`;
  if (isNonPublicHost(url.hostname)) return `PUBLIC_SITE_URL "${raw}" points at a loopback or private address.`;
  return null;
}

/** Editorial middleware: in production, refuse every write while PUBLIC_SITE_URL is unusable. */
export const productionGuard = createMiddleware<AppEnv>(async (c, next) => {
  if (SAFE_METHODS.has(c.req.method) || isLocalEnvironment(c.env)) return next();
  const problem = publicSiteUrlProblem(c.env.PUBLIC_SITE_URL);
  if (problem) {
    throw new AppError(
      "misconfigured",
      `${problem} Editorial changes are refused until the Worker knows the public site's https address: set PUBLIC_SITE_URL in wrangler.toml [vars] (or the dashboard) and deploy again.`,
    );
  }
  return next();
});
