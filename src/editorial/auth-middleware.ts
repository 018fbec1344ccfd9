import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { narrowerRole, type Actor } from "../auth/actor";
import { findTokenUser, needsTouch, touchApiToken } from "../auth/api-tokens";
import { findSessionUser } from "../auth/sessions";
import type { AuthedEnv } from "../http/app-env";
import { AppError } from "../lib/errors";
import { requestIdOf } from "../audit/request-id";

export const SESSION_COOKIE = "copydesk_session";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A cookie is sent by the browser on cross-site requests too, so a cookie-authenticated write must
 * prove it came from our own pages: Origin (or Sec-Fetch-Site) must say same-origin. Bearer tokens
 * are never sent automatically, so they need no such check.
 */
export function assertSameOrigin(req: Request): void {
  const origin = req.headers.get("origin");
  const own = new URL(req.url).origin;
  if (origin) {
    if (origin !== own) throw new AppError("forbidden", "Cross-site request refused (Origin does not match).");
    return;
  }
  if (req.headers.get("sec-fetch-site") === "same-origin") return;
  throw new AppError("forbidden", "Cookie-authenticated writes must send an Origin header from this site.");
}

export const requireActor = createMiddleware<AuthedEnv>(async (c, next) => {
  const db = c.var.db;
  const auth = c.req.header("authorization");
  let actor: Actor | null = null;
  if (auth) {
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    const found = match?.[1] ? await findTokenUser(db, match[1]) : null;
    if (!found) throw new AppError("unauthorized", "The bearer token is invalid, revoked or expired.");
    actor = {
      userId: found.id,
      name: found.name,
      email: found.email,
      role: narrowerRole(found.tokenRole, found.role),
      via: "token",
      tokenId: found.tokenId,
    };
    // Bookkeeping must not slow the request or fail it.
    if (needsTouch(found.lastUsedAt)) c.executionCtx.waitUntil(touchApiToken(db, found.tokenId).then(() => undefined, () => undefined));
  } else {
    const token = getCookie(c, SESSION_COOKIE);
    const found = token ? await findSessionUser(db, token) : null;
    if (!found) throw new AppError("unauthorized", "Sign in or send a bearer token.");
    if (!SAFE_METHODS.has(c.req.method)) assertSameOrigin(c.req.raw);
    actor = { userId: found.id, name: found.name, email: found.email, role: found.role, via: "session" };
  }
  c.set("actor", { ...actor, requestId: requestIdOf(c.req.raw) });
  await next();
});
