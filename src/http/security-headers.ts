import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./app-env";

/**
 * Baseline headers on every response. API and feed bodies are data, never pages: no sniffing into
 * HTML, no framing, no referrer leaking draft URLs. The admin sets its own, stricter CSP.
 */
export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  try {
    setSecurityHeaders(c.res.headers);
  } catch {
    // Responses passed through unchanged from a binding can have immutable headers; copy them once.
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set("x-content-type-options", "nosniff");
  }
});

/** The baseline headers, each set only when the response has none of its own (throws on immutable headers). */
export function setSecurityHeaders(h: Headers) {
  const set = (name: string, value: string) => h.has(name) || h.set(name, value);
  set("x-content-type-options", "nosniff");
  set("referrer-policy", "strict-origin-when-cross-origin");
  // The one kind of page meant to be framed anywhere (the embed card) says so in its own CSP
  // (`frame-ancestors *`); X-Frame-Options has no "anyone" value, so such a page gets none.
  // Read off the response, not the route: a cached copy answers without its handler running.
  if (!/(?:^|;)\s*frame-ancestors\s+\*\s*(?:;|$)/.test(h.get("content-security-policy") ?? "")) set("x-frame-options", "DENY");
  set("content-security-policy", "default-src 'none'; frame-ancestors 'none'; sandbox");
  set("strict-transport-security", "max-age=31536000; includeSubDomains");
}
