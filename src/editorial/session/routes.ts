import { Hono, type Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import * as v from "valibot";
import { createSession, deleteSession, SESSION_TTL_MS } from "../../auth/sessions";
import type { AppEnv } from "../../http/app-env";
import { isLocalEnvironment, isLoopbackHost } from "../../http/production-guard";
import { readJson } from "../../http/json-body";
import { parseOrThrow } from "../../lib/validate";
import { assertSameOrigin, requireActor, SESSION_COOKIE } from "../auth-middleware";
import { assertAllowed } from "../permissions";
import { changeOwnPassword, signIn } from "./sign-in";

const SignInSchema = v.object({
  email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email("Enter a valid email address."), v.maxLength(254)),
  password: v.pipe(v.string(), v.minLength(1, "Enter your password."), v.maxLength(1024)),
});

/**
 * Secure everywhere except plain-http development on this machine, where browsers would drop the
 * cookie. Both must hold, so a deployed Worker cannot reach the exception by mistake: ENVIRONMENT
 * explicitly "development"/"test" (src/http/production-guard.ts) and a request to a loopback host.
 */
function cookieIsSecure(env: Env, url: string) {
  const { protocol, hostname } = new URL(url);
  return !(isLocalEnvironment(env) && protocol === "http:" && isLoopbackHost(hostname));
}

const PasswordChangeSchema = v.object({
  current_password: v.pipe(v.string(), v.minLength(1), v.maxLength(1024)),
  new_password: v.pipe(v.string(), v.minLength(12, "Use at least 12 characters."), v.maxLength(1024)),
});

function setSessionCookie(c: Context<AppEnv>, token: string) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Strict",
    secure: cookieIsSecure(c.env, c.req.url),
    path: "/",
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

export const sessionRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
    // Login CSRF: a foreign page must not sign the browser in to an account of its choosing.
    if (c.req.header("origin")) assertSameOrigin(c.req.raw);
    const input = parseOrThrow(SignInSchema, await readJson(c));
    // The real client address, as Cloudflare saw it; absent locally, where everyone shares one key.
    const user = await signIn(c.var.db, input.email, input.password, c.req.header("cf-connecting-ip"));
    // Rotate: whatever session this browser had is ended before the new one starts.
    const previous = getCookie(c, SESSION_COOKIE);
    if (previous) await deleteSession(c.var.db, previous);
    const session = await createSession(c.var.db, user.id);
    setSessionCookie(c, session.token);
    return c.json({ user, expires_at: session.expiresAt }, 201);
  })
  .get("/", requireActor, (c) => {
    const a = c.var.actor;
    return c.json({ user: { id: a.userId, email: a.email, name: a.name, role: a.role }, via: a.via });
  })
  // Every other device is signed out; this browser gets a fresh session so the editor carries on.
  .post("/password", requireActor, async (c) => {
    assertAllowed(c.var.actor, "session.read");
    const input = parseOrThrow(PasswordChangeSchema, await readJson(c));
    await changeOwnPassword(c.var.db, c.var.actor.userId, input.current_password, input.new_password);
    if (c.var.actor.via === "session") setSessionCookie(c, (await createSession(c.var.db, c.var.actor.userId)).token);
    return c.body(null, 204);
  })
  .delete("/", requireActor, async (c) => {
    const token = getCookie(c, SESSION_COOKIE);
    if (token) await deleteSession(c.var.db, token);
    deleteCookie(c, SESSION_COOKIE, { path: "/", secure: cookieIsSecure(c.env, c.req.url) });
    return c.body(null, 204);
  });
