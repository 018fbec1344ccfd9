// Signing in and out, the CSRF guard on cookie writes, sign-in rate limits, and API tokens.
import { describe, expect, it } from "vitest";
import { BASE, call, createUser, signIn, tokenFor, unique } from "../helpers/api";

const SAME_ORIGIN = { origin: BASE };
const ip = () => `198.51.100.${Math.floor(Math.random() * 250) + 1}-${unique("ip")}`;

/** A user with a bearer token and a signed-in session: only a session may mint further tokens. */
async function signedInWithToken(role: "admin" | "editor" | "author" | "contributor") {
  const { user, token } = await tokenFor(role);
  const { cookie } = await signIn(user.email, user.password, { ...SAME_ORIGIN, "cf-connecting-ip": ip() });
  return { user, token, cookie };
}

const problem = (res: { status: number; headers: Headers; json: any }, code: string) => {
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(res.json).toMatchObject({ status: res.status, code, type: `urn:copydesk:problem:${code}` });
  expect(typeof res.json.title).toBe("string");
  expect(typeof res.json.detail).toBe("string");
  return res.json;
};

describe("session: happy path", () => {
  it("signs in with a HttpOnly, SameSite=Strict, Path=/, Secure cookie (only loopback hosts go without Secure: production-config.test.ts)", async () => {
    const user = await createUser("author");
    const res = await signIn(user.email, user.password, { "cf-connecting-ip": ip() });
    expect(res.status).toBe(201);
    expect(res.json.user).toEqual({ id: user.id, email: user.email, name: user.name, role: "author" });
    expect(Date.parse(res.json.expires_at)).toBeGreaterThan(Date.now());
    expect(res.cookie).toMatch(/^copydesk_session=[^;]{20,}$/);
    const flags = res.setCookie.split(";").map((s) => s.trim().toLowerCase());
    expect(flags).toContain("httponly");
    expect(flags).toContain("samesite=strict");
    expect(flags).toContain("path=/");
    expect(flags).toContain("secure");
    expect(flags.find((f) => f.startsWith("max-age="))).toBe(`max-age=${14 * 24 * 60 * 60}`);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("accepts the email in any case and with surrounding spaces", async () => {
    const user = await createUser("author");
    const res = await signIn(`  ${user.email.toUpperCase()} `, user.password, { "cf-connecting-ip": ip() });
    expect(res.status).toBe(201);
    expect(res.json.user.id).toBe(user.id);
  });

  it("GET /session reports the user behind the cookie", async () => {
    const user = await createUser("editor");
    const { cookie } = await signIn(user.email, user.password, { "cf-connecting-ip": ip() });
    const res = await call("GET", "/session", { cookie });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ user: { id: user.id, email: user.email, name: user.name, role: "editor" }, via: "session" });
  });

  it("GET /session with a bearer token says via token", async () => {
    const { user, token } = await tokenFor("author");
    const res = await call("GET", "/session", { token });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ user: { id: user.id, email: user.email, name: user.name, role: "author" }, via: "token" });
  });

  it("rotates the session on re-sign-in: the old cookie stops working, the new one works", async () => {
    const user = await createUser("author");
    const first = await signIn(user.email, user.password, { "cf-connecting-ip": ip() });
    const second = await call("POST", "/session", { cookie: first.cookie, body: { email: user.email, password: user.password } });
    expect(second.status).toBe(201);
    const newCookie = (second.headers.get("set-cookie") ?? "").split(";")[0]!;
    expect(newCookie).toMatch(/^copydesk_session=/);
    expect(newCookie).not.toBe(first.cookie);
    expect((await call("GET", "/session", { cookie: first.cookie })).status).toBe(401);
    const now = await call("GET", "/session", { cookie: newCookie });
    expect(now.status).toBe(200);
    expect(now.json.user.id).toBe(user.id);
  });

  it("sign-out deletes the cookie and revokes the session server-side", async () => {
    const user = await createUser("author");
    const { cookie } = await signIn(user.email, user.password, { "cf-connecting-ip": ip() });
    const out = await call("DELETE", "/session", { cookie, headers: SAME_ORIGIN });
    expect(out.status).toBe(204);
    const cleared = out.headers.get("set-cookie") ?? "";
    expect(cleared).toMatch(/^copydesk_session=;/);
    expect(cleared.toLowerCase()).toMatch(/max-age=0/);
    // Replaying the old cookie (a stolen copy, say) no longer works.
    const after = await call("GET", "/session", { cookie });
    expect(after.status).toBe(401);
    problem(after, "unauthorized");
  });
});

describe("session: errors", () => {
  it("wrong password → 401 problem+json, no cookie", async () => {
    const user = await createUser("author");
    const res = await signIn(user.email, "not the right password", { "cf-connecting-ip": ip() });
    expect(res.status).toBe(401);
    expect(problem(res, "unauthorized").detail).toBe("The email or password is wrong.");
    expect(res.setCookie).toBe("");
  });

  it("an unknown email gets exactly the same answer as a wrong password", async () => {
    const res = await signIn(`${unique("ghost")}@example.org`, "whatever password", { "cf-connecting-ip": ip() });
    expect(res.status).toBe(401);
    expect(problem(res, "unauthorized").detail).toBe("The email or password is wrong.");
    expect(res.setCookie).toBe("");
  });

  it("invalid sign-in input → 400 naming email and password", async () => {
    const res = await call("POST", "/session", { body: { email: "not-an-email", password: "" }, headers: { "cf-connecting-ip": ip() } });
    expect(res.status).toBe(400);
    expect(problem(res, "validation_failed").errors.map((e: any) => e.path).sort()).toEqual(["email", "password"]);
  });

  it("a bogus session cookie → 401", async () => {
    const res = await call("GET", "/session", { cookie: "copydesk_session=not-a-real-session" });
    expect(res.status).toBe(401);
    problem(res, "unauthorized");
  });
});

describe("session: rate limits", () => {
  it("after 5 failures for one account, even the right password from that address gets 429 with retry-after", async () => {
    const user = await createUser("author");
    const headers = { "cf-connecting-ip": ip() };
    for (let i = 0; i < 5; i++) {
      const res = await signIn(user.email, `wrong-${i}`, headers);
      expect(res.status).toBe(401);
    }
    const limited = await signIn(user.email, user.password, headers);
    expect(limited.status).toBe(429);
    const p = problem(limited, "rate_limited");
    const retry = Number(limited.headers.get("retry-after"));
    expect(Number.isInteger(retry)).toBe(true);
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    expect(p.retry_after).toBe(retry);
    expect(limited.setCookie).toBe("");
    // Yet the owner is never locked out: from an address with no attempts on record the right
    // password still works (details and the rest of the limits: tests/api/sign-in-limits.test.ts).
    const elsewhere = await signIn(user.email, user.password, { "cf-connecting-ip": ip() });
    expect(elsewhere.status).toBe(201);
  });

  it("the account counter does not lock other accounts on the same IP", async () => {
    const victim = await createUser("author");
    const other = await createUser("author");
    const headers = { "cf-connecting-ip": ip() };
    for (let i = 0; i < 5; i++) expect((await signIn(victim.email, `wrong-${i}`, headers)).status).toBe(401);
    expect((await signIn(victim.email, victim.password, headers)).status).toBe(429);
    expect((await signIn(other.email, other.password, headers)).status).toBe(201);
  });

  it("a successful sign-in clears the account's failures", async () => {
    const user = await createUser("author");
    const headers = { "cf-connecting-ip": ip() };
    for (let i = 0; i < 4; i++) expect((await signIn(user.email, `wrong-${i}`, headers)).status).toBe(401);
    expect((await signIn(user.email, user.password, headers)).status).toBe(201);
    for (let i = 0; i < 4; i++) expect((await signIn(user.email, `wrong-again-${i}`, headers)).status).toBe(401);
    expect((await signIn(user.email, user.password, headers)).status).toBe(201);
  });

  it("after 20 failures from one IP, that IP is refused for any account", async () => {
    const user = await createUser("author");
    const headers = { "cf-connecting-ip": ip() };
    for (let i = 0; i < 20; i++) {
      expect((await signIn(`${unique("spray")}@example.org`, "password123", headers)).status).toBe(401);
    }
    const limited = await signIn(user.email, user.password, headers);
    expect(limited.status).toBe(429);
    problem(limited, "rate_limited");
    // The same account from a clean IP is fine.
    expect((await signIn(user.email, user.password, { "cf-connecting-ip": ip() })).status).toBe(201);
  }, 30_000);
});

describe("session: CSRF on cookie-authenticated writes", () => {
  async function editorCookie() {
    const user = await createUser("editor");
    const { cookie } = await signIn(user.email, user.password, { "cf-connecting-ip": ip() });
    const tag = await call("POST", "/tags", { cookie, headers: SAME_ORIGIN, body: { name: `Csrf ${unique("t")}` } });
    expect(tag.status).toBe(201);
    return { cookie, tag: tag.json.tag as { id: string; name: string } };
  }

  it("PATCH with a cookie and no Origin → 403 and nothing changes", async () => {
    const { cookie, tag } = await editorCookie();
    const res = await call("PATCH", `/tags/${tag.id}`, { cookie, body: { name: "Hijacked" } });
    expect(res.status).toBe(403);
    expect(problem(res, "forbidden").detail).toMatch(/Origin/);
    const after = await call("GET", `/tags/${tag.id}`, { cookie });
    expect(after.json.tag.name).toBe(tag.name);
  });

  it("POST with a cookie and a foreign Origin → 403 and no token is created", async () => {
    const { cookie } = await editorCookie();
    const name = unique("evil-token");
    const res = await call("POST", "/tokens", { cookie, headers: { origin: "https://evil.example" }, body: { name } });
    expect(res.status).toBe(403);
    expect(problem(res, "forbidden").detail).toMatch(/Origin does not match/);
    const list = await call("GET", "/tokens", { cookie });
    expect(list.json.tokens.map((t: any) => t.name)).not.toContain(name);
  });

  it("Sec-Fetch-Site: cross-site without Origin → 403", async () => {
    const { cookie, tag } = await editorCookie();
    const res = await call("PATCH", `/tags/${tag.id}`, { cookie, headers: { "sec-fetch-site": "cross-site" }, body: { name: "Nope" } });
    expect(res.status).toBe(403);
    problem(res, "forbidden");
  });

  it("same Origin → allowed", async () => {
    const { cookie, tag } = await editorCookie();
    const res = await call("PATCH", `/tags/${tag.id}`, { cookie, headers: SAME_ORIGIN, body: { name: "Renamed by editor" } });
    expect(res.status).toBe(200);
    expect(res.json.tag.name).toBe("Renamed by editor");
  });

  it("Sec-Fetch-Site: same-origin without Origin → allowed", async () => {
    const { cookie } = await editorCookie();
    const name = unique("sfs-token");
    const res = await call("POST", "/tokens", { cookie, headers: { "sec-fetch-site": "same-origin" }, body: { name } });
    expect(res.status).toBe(201);
    expect(res.json.token.name).toBe(name);
  });

  it("sign-out with a cookie and no Origin → 403 and the session survives", async () => {
    const user = await createUser("author");
    const { cookie } = await signIn(user.email, user.password, { "cf-connecting-ip": ip() });
    const res = await call("DELETE", "/session", { cookie });
    expect(res.status).toBe(403);
    expect((await call("GET", "/session", { cookie })).status).toBe(200);
  });

  it("sign-in from a foreign Origin (login CSRF) → 403 with no cookie", async () => {
    const user = await createUser("author");
    const res = await signIn(user.email, user.password, { origin: "https://evil.example", "cf-connecting-ip": ip() });
    expect(res.status).toBe(403);
    problem(res, "forbidden");
    expect(res.setCookie).toBe("");
  });

  it("bearer-token writes need no Origin", async () => {
    const { token } = await tokenFor("editor");
    const res = await call("POST", "/tags", { token, body: { name: `Bearer ${unique("t")}` } });
    expect(res.status).toBe(201);
  });
});

describe("tokens: happy path", () => {
  it("creates a token whose secret is shown once and works as a bearer", async () => {
    const { user, token, cookie } = await signedInWithToken("editor");
    const name = unique("ci-bot");
    const created = await call("POST", "/tokens", { cookie, headers: SAME_ORIGIN, body: { name } });
    expect(created.status).toBe(201);
    const t = created.json.token;
    expect(t).toMatchObject({ name, role: "editor", expires_at: null, last_used_at: null, revoked_at: null });
    expect(t.id).toMatch(/^tok_/);
    expect(t.secret).toMatch(/^cdk_.{20,}$/);
    const me = await call("GET", "/session", { token: t.secret });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({ user: { id: user.id, role: "editor" }, via: "token" });
  });

  it("lists own tokens without secrets or hashes", async () => {
    const { token, cookie } = await signedInWithToken("author");
    const name = unique("listed");
    const created = await call("POST", "/tokens", { cookie, headers: SAME_ORIGIN, body: { name } });
    const list = await call("GET", "/tokens", { token });
    expect(list.status).toBe(200);
    expect(list.json.tokens.map((t: any) => t.name).sort()).toEqual([name, "test"].sort());
    const mine = list.json.tokens.find((t: any) => t.id === created.json.token.id);
    expect(Object.keys(mine).sort()).toEqual(["created_at", "expires_at", "id", "last_used_at", "name", "revoked_at", "role"]);
    expect(list.text).not.toContain(created.json.token.secret);
    expect(list.text).not.toMatch(/token_?hash|secret/i);
  });

  it("does not list another user's tokens", async () => {
    const a = await signedInWithToken("editor");
    const b = await tokenFor("editor");
    const name = unique("private");
    await call("POST", "/tokens", { cookie: a.cookie, headers: SAME_ORIGIN, body: { name } });
    const list = await call("GET", "/tokens", { token: b.token });
    expect(list.json.tokens.map((t: any) => t.name)).toEqual(["test"]);
  });

  it("revokes a token: 204, then it gets 401 and shows revoked_at", async () => {
    const { token, cookie } = await signedInWithToken("editor");
    const created = await call("POST", "/tokens", { cookie, headers: SAME_ORIGIN, body: { name: unique("short-lived") } });
    const secret = created.json.token.secret;
    expect((await call("GET", "/tokens", { token: secret })).status).toBe(200);
    const del = await call("DELETE", `/tokens/${created.json.token.id}`, { token });
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    const after = await call("GET", "/tokens", { token: secret });
    expect(after.status).toBe(401);
    problem(after, "unauthorized");
    const list = await call("GET", "/tokens", { token });
    const row = list.json.tokens.find((t: any) => t.id === created.json.token.id);
    expect(Date.parse(row.revoked_at)).not.toBeNaN();
  });

  it("narrows the role: an author asking for an admin token gets an author token", async () => {
    const { token, cookie } = await signedInWithToken("author");
    const created = await call("POST", "/tokens", { cookie, headers: SAME_ORIGIN, body: { name: unique("greedy"), role: "admin" } });
    expect(created.status).toBe(201);
    expect(created.json.token.role).toBe("author");
    const secret = created.json.token.secret;
    expect((await call("GET", "/session", { token: secret })).json.user.role).toBe("author");
    const users = await call("GET", "/users", { token: secret });
    expect(users.status).toBe(403);
    problem(users, "forbidden");
  });

  it("an admin can mint a narrower contributor token that acts as a contributor", async () => {
    const { token, cookie } = await signedInWithToken("admin");
    const created = await call("POST", "/tokens", { cookie, headers: SAME_ORIGIN, body: { name: unique("scoped"), role: "contributor" } });
    expect(created.json.token.role).toBe("contributor");
    const secret = created.json.token.secret;
    expect((await call("GET", "/session", { token: secret })).json.user.role).toBe("contributor");
    expect((await call("GET", "/users", { token: secret })).status).toBe(403);
    expect((await call("POST", "/tags", { token: secret, body: { name: `Scoped ${unique("t")}` } })).status).toBe(403);
  });

  it("a session user can create a token with the same Origin", async () => {
    const user = await createUser("author");
    const { cookie } = await signIn(user.email, user.password, { "cf-connecting-ip": ip() });
    const created = await call("POST", "/tokens", { cookie, headers: SAME_ORIGIN, body: { name: unique("from-session") } });
    expect(created.status).toBe(201);
    expect(created.json.token.role).toBe("author");
  });
});

describe("tokens: errors", () => {
  it("a token without a name → 400 naming name", async () => {
    const { token, cookie } = await signedInWithToken("editor");
    const res = await call("POST", "/tokens", { cookie, headers: SAME_ORIGIN, body: { name: "  " } });
    expect(res.status).toBe(400);
    expect(problem(res, "validation_failed").errors.map((e: any) => e.path)).toEqual(["name"]);
  });

  it("an unknown role → 400 naming role", async () => {
    const { token, cookie } = await signedInWithToken("editor");
    const res = await call("POST", "/tokens", { cookie, headers: SAME_ORIGIN, body: { name: unique("x"), role: "superuser" } });
    expect(res.status).toBe(400);
    expect(problem(res, "validation_failed").errors.map((e: any) => e.path)).toEqual(["role"]);
  });

  it("revoking someone else's token → 404 and it keeps working", async () => {
    const owner = await signedInWithToken("editor");
    const other = await tokenFor("admin");
    const created = await call("POST", "/tokens", { cookie: owner.cookie, headers: SAME_ORIGIN, body: { name: unique("mine") } });
    const res = await call("DELETE", `/tokens/${created.json.token.id}`, { token: other.token });
    expect(res.status).toBe(404);
    problem(res, "not_found");
    expect((await call("GET", "/session", { token: created.json.token.secret })).status).toBe(200);
  });

  it("revoking twice → 404 the second time", async () => {
    const { token, cookie } = await signedInWithToken("editor");
    const created = await call("POST", "/tokens", { cookie, headers: SAME_ORIGIN, body: { name: unique("twice") } });
    expect((await call("DELETE", `/tokens/${created.json.token.id}`, { token })).status).toBe(204);
    const again = await call("DELETE", `/tokens/${created.json.token.id}`, { token });
    expect(again.status).toBe(404);
  });
});

describe("authentication: security", () => {
  it("an anonymous request → 401 problem+json", async () => {
    const res = await call("GET", "/articles");
    expect(res.status).toBe(401);
    expect(problem(res, "unauthorized").detail).toBe("Sign in or send a bearer token.");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it.each([
    ["a non-Bearer scheme", "Basic dXNlcjpwYXNz"],
    ["Bearer without a token", "Bearer"],
    ["a token without the cdk_ prefix", "Bearer abcdef0123456789"],
    ["an unknown cdk_ token", "Bearer cdk_doesnotexist0000000000000000"],
    ["two tokens", "Bearer cdk_a cdk_b"],
  ])("malformed Authorization (%s) → 401", async (_label, authorization) => {
    const res = await call("GET", "/tokens", { headers: { authorization } });
    expect(res.status).toBe(401);
    expect(problem(res, "unauthorized").detail).toBe("The bearer token is invalid, revoked or expired.");
  });

  it("a bad Authorization header is not rescued by a valid cookie", async () => {
    const user = await createUser("author");
    const { cookie } = await signIn(user.email, user.password, { "cf-connecting-ip": ip() });
    const res = await call("GET", "/session", { cookie, headers: { authorization: "Bearer cdk_nope" } });
    expect(res.status).toBe(401);
  });

  it("the bearer scheme is case-insensitive", async () => {
    const { token } = await tokenFor("author");
    const res = await call("GET", "/session", { headers: { authorization: `bearer ${token}` } });
    expect(res.status).toBe(200);
  });
});
