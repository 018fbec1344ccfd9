import { Hono, type Context, type MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import * as v from "valibot";
import { createSession, deleteSession, SESSION_TTL_MS } from "../../auth/sessions";
import { ROLES } from "../../db/schema";
import type { AppEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { isLocalEnvironment, isLoopbackHost } from "../../http/production-guard";
import { assertSameOrigin, requireActor, SESSION_COOKIE } from "../auth-middleware";
import { BODY_ERRORS } from "../shared";
import { changeOwnPassword, signedInEntry, signIn } from "./sign-in";
import { auditBy, auditEntry } from "../../audit/record";
import { requestIdOf } from "../../audit/request-id";

const SignInSchema = v.object({
  email: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email("Enter a valid email address."), v.maxLength(254)),
  password: v.pipe(v.string(), v.minLength(1, "Enter your password."), v.maxLength(1024)),
});

const PasswordChangeSchema = v.object({
  current_password: v.pipe(v.string(), v.minLength(1), v.maxLength(1024)),
  new_password: v.pipe(v.string(), v.minLength(12, "Use at least 12 characters."), v.maxLength(1024)),
});

// Cloudflare sets it on every request it forwards (a client's own value is replaced); absent
// locally, where every caller shares one per-address limit.
const ClientAddress = v.object({
  "CF-Connecting-IP": v.optional(v.pipe(v.string(), v.description("The client's address as Cloudflare's edge saw it; the per-address sign-in limit is keyed on it. Set by Cloudflare, not by clients."))),
});

// The caller's own account: their email is theirs to see. Never the hash.
const SessionUser = v.object({
  id: v.string(),
  email: v.string(),
  name: v.string(),
  role: v.pipe(v.picklist(ROLES), v.description("The effective role: a token's role narrows its owner's.")),
});
const SignedIn = v.object({
  user: SessionUser,
  expires_at: v.pipe(v.string(), v.description("When the session ends (UTC, RFC 3339).")),
});
const Me = v.object({
  user: SessionUser,
  via: v.pipe(v.picklist(["session", "token"]), v.description("How this request authenticated: the session cookie or a bearer token.")),
});
const toSessionUser = (u: v.InferOutput<typeof SessionUser>): v.InferOutput<typeof SessionUser> => ({ id: u.id, email: u.email, name: u.name, role: u.role });

const COOKIE = `\`${SESSION_COOKIE}\`: HttpOnly, SameSite=Strict, Path=/, Secure (except plain-http development on a loopback host).`;

/**
 * Secure everywhere except plain-http development on this machine, where browsers would drop the
 * cookie. Both must hold, so a deployed Worker cannot reach the exception by mistake: ENVIRONMENT
 * explicitly "development"/"test" (src/http/production-guard.ts) and a request to a loopback host.
 */
function cookieIsSecure(env: Env, url: string) {
  const { protocol, hostname } = new URL(url);
  return !(isLocalEnvironment(env) && protocol === "http:" && isLoopbackHost(hostname));
}

function setSessionCookie(c: Context, token: string) {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Strict",
    secure: cookieIsSecure(c.env, c.req.url),
    path: "/",
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

// Login CSRF: a foreign page must not sign the browser in to an account of its choosing. Checked
// before the body is read; a client with no Origin (a program) is not a browser being tricked.
const sameOriginIfSent: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.req.header("origin")) assertSameOrigin(c.req.raw);
  await next();
};

const tags = ["session"];

// Mounted outside requireActor (src/editorial/index.ts): signing in is the one public route, so the
// others name requireActor themselves. The cookie itself is the credential (the `session` scheme).
export const sessionRoutes = new Hono<AppEnv>()
  .post("/",
    route({
      summary: "Sign in",
      description:
        "Starts a session and sets its cookie; any session this browser already had (its cookie) is ended first. " +
        "Failed sign-ins are limited per account and per client address: past the limit the answer is 429 with `Retry-After`. " +
        "A wrong password and an unknown email get the same 401.",
      tags,
      public: true,
      ok: { 201: { description: "Signed in", schema: SignedIn, headers: { "Set-Cookie": { description: `The session cookie, ${COOKIE}`, required: true } } } },
      errors: [...BODY_ERRORS, "unauthorized", "forbidden", "rate_limited"],
    }),
    sameOriginIfSent, input("header", ClientAddress), input("json", SignInSchema),
    async (c) => {
      const body = c.req.valid("json");
      const requestId = requestIdOf(c.req.raw);
      const user = await signIn(c.var.db, body.email, body.password, c.req.valid("header")["CF-Connecting-IP"], requestId);
      // Rotate: whatever session this browser had is ended before the new one starts.
      const previous = getCookie(c, SESSION_COOKIE);
      if (previous) await deleteSession(c.var.db, previous);
      const session = await createSession(c.var.db, user.id, new Date(), [signedInEntry(c.var.db, user, requestId)]);
      setSessionCookie(c, session.token);
      return c.json({ user: toSessionUser(user), expires_at: session.expiresAt }, 201);
    })
  .get("/",
    route({ summary: "Who am I", tags, ok: { 200: Me } }),
    requireActor, can("session.read"),
    (c) => {
      const a = c.var.actor;
      return c.json({ user: toSessionUser({ id: a.userId, email: a.email, name: a.name, role: a.role }), via: a.via });
    })
  // Every other device is signed out; this browser gets a fresh session so the editor carries on.
  .post("/password",
    route({
      summary: "Change your own password",
      description:
        "Needs the current password (a wrong one is 400 naming `current_password`; attempts are limited per user, 429 with `Retry-After`). " +
        "Every session of yours ends and every API token of yours is revoked; a request made with the session cookie gets a new one.",
      tags,
      ok: { 204: { description: "Changed", headers: { "Set-Cookie": { description: `A fresh session cookie when the request came with one, ${COOKIE}` } } } },
      errors: [...BODY_ERRORS, "rate_limited"],
    }),
    requireActor, can("session.read"), input("json", PasswordChangeSchema),
    async (c) => {
      const body = c.req.valid("json");
      const actor = c.var.actor;
      await changeOwnPassword(c.var.db, actor.userId, body.current_password, body.new_password, auditBy(actor));
      if (actor.via === "session") setSessionCookie(c, (await createSession(c.var.db, actor.userId)).token);
      return c.body(null, 204);
    })
  .delete("/",
    route({
      summary: "Sign out",
      description: "Ends the session server-side (a copy of the cookie no longer works) and clears the cookie.",
      tags,
      ok: { 204: { description: "Signed out", headers: { "Set-Cookie": { description: `Clears \`${SESSION_COOKIE}\` (Max-Age=0).`, required: true } } } },
    }),
    requireActor, can("session.read"),
    async (c) => {
      const token = getCookie(c, SESSION_COOKIE);
      // Signing out with a token (no cookie) ends nothing, but it was asked for: recorded either way.
      const entry = auditEntry(c.var.db, { ...auditBy(c.var.actor), action: "session.sign_out", target: { type: "session", id: null } });
      if (token) await deleteSession(c.var.db, token, [entry]);
      else await c.var.db.batch([entry]);
      deleteCookie(c, SESSION_COOKIE, { path: "/", secure: cookieIsSecure(c.env, c.req.url) });
      return c.body(null, 204);
    });
