// What a credential is worth after the password behind it changes, how long a token lives, and who
// may mint one. Decisions (README "Security"): any password change — an admin's reset or the user's
// own — ends every session and revokes every API token of that user, because a changed password
// usually means a suspected compromise; tokens may carry an expiry; only a signed-in session mints tokens.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { BASE, call, createUser, signIn, tokenFor, unique } from "../helpers/api";

const ORIGIN = { origin: BASE };
const ip = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}-${unique("ip")}`;

async function session(role: "admin" | "editor" | "author" | "contributor" = "author") {
  const user = await createUser(role);
  const s = await signIn(user.email, user.password, { ...ORIGIN, "cf-connecting-ip": ip() });
  expect(s.status).toBe(201);
  return { user, cookie: s.cookie };
}

const mint = (cookie: string, body: Record<string, unknown>) => call("POST", "/tokens", { cookie, headers: ORIGIN, body: { name: unique("tok"), ...body } });
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe("password changes revoke credentials", () => {
  it("an admin's reset ends the user's sessions and revokes their tokens", async () => {
    const admin = await tokenFor("admin");
    const { user, cookie } = await session("editor");
    const minted = await mint(cookie, {});
    expect(minted.status).toBe(201);
    const secret = minted.json.token.secret;
    expect((await call("GET", "/session", { token: secret })).status).toBe(200);

    const reset = await call("PATCH", `/users/${user.id}`, { token: admin.token, body: { password: "a fresh admin-set password" } });
    expect(reset.status).toBe(200);
    expect((await call("GET", "/session", { token: secret })).status).toBe(401);
    expect((await call("GET", "/session", { cookie })).status).toBe(401);
    // The token is listed as revoked, not silently deleted: its owner can see what happened.
    const again = await signIn(user.email, "a fresh admin-set password", { ...ORIGIN, "cf-connecting-ip": ip() });
    const list = await call("GET", "/tokens", { cookie: again.cookie });
    expect(Date.parse(list.json.tokens.find((t: any) => t.id === minted.json.token.id).revoked_at)).not.toBeNaN();
  });

  it("a role change keeps tokens, which act with the owner's new, narrower role", async () => {
    const admin = await tokenFor("admin");
    const { user, cookie } = await session("editor");
    const secret = (await mint(cookie, {})).json.token.secret;
    expect((await call("PATCH", `/users/${user.id}`, { token: admin.token, body: { role: "author" } })).status).toBe(200);
    const me = await call("GET", "/session", { token: secret });
    expect(me.status).toBe(200);
    expect(me.json.user.role).toBe("author");
    expect((await call("POST", "/tags", { token: secret, body: { name: unique("Nope") } })).status).toBe(403);
  });

  it("one's own password change revokes one's tokens too, and keeps this browser signed in", async () => {
    const { user, cookie } = await session("author");
    const secret = (await mint(cookie, {})).json.token.secret;
    const other = await createUser("author");
    const othersToken = (await mint((await signIn(other.email, other.password, { ...ORIGIN, "cf-connecting-ip": ip() })).cookie, {})).json.token.secret;

    const res = await call("POST", "/session/password", { cookie, headers: ORIGIN, body: { current_password: user.password, new_password: "a-brand-new-password" } });
    expect(res.status).toBe(204);
    expect((await call("GET", "/session", { token: secret })).status).toBe(401);
    const rotated = (res.headers.get("set-cookie") ?? "").split(";")[0]!;
    expect((await call("GET", "/session", { cookie: rotated })).status).toBe(200);
    // Only the changer's tokens: nobody else's.
    expect((await call("GET", "/session", { token: othersToken })).status).toBe(200);
  });
});

describe("only a session mints tokens", () => {
  it("a bearer token asking for another token → 403, and none is created", async () => {
    const { token } = await tokenFor("admin");
    const name = unique("child");
    const res = await call("POST", "/tokens", { token, body: { name } });
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ code: "forbidden" });
    expect(res.json.detail).toMatch(/sign/i);
    const list = await call("GET", "/tokens", { token });
    expect(list.json.tokens.map((t: any) => t.name)).not.toContain(name);
  });

  it("a token may still list and revoke its owner's tokens", async () => {
    const { cookie } = await session("editor");
    const a = (await mint(cookie, {})).json.token;
    const b = (await mint(cookie, {})).json.token;
    expect((await call("GET", "/tokens", { token: a.secret })).status).toBe(200);
    expect((await call("DELETE", `/tokens/${b.id}`, { token: a.secret })).status).toBe(204);
    expect((await call("GET", "/session", { token: b.secret })).status).toBe(401);
  });
});

describe("token expiry", () => {
  it("an expires_at with a zone is stored in UTC and shown in the list", async () => {
    const { cookie } = await session();
    const at = new Date(Date.now() + 7 * 86_400_000);
    at.setUTCMilliseconds(0);
    // The same instant written at +02:00: the API answers in UTC.
    const local = new Date(at.getTime() + 2 * 3_600_000).toISOString().slice(0, 19) + "+02:00";
    const created = await mint(cookie, { expires_at: local });
    expect(created.status).toBe(201);
    expect(created.json.token.expires_at).toBe(at.toISOString());
    const list = await call("GET", "/tokens", { cookie });
    const row = list.json.tokens.find((t: any) => t.id === created.json.token.id);
    expect(row.expires_at).toBe(at.toISOString());
    expect(Object.keys(row).sort()).toEqual(["created_at", "expires_at", "id", "last_used_at", "name", "revoked_at", "role"]);
    expect((await call("GET", "/session", { token: created.json.token.secret })).status).toBe(200);
  });

  it("without expires_at a token does not expire (null)", async () => {
    const { cookie } = await session();
    const created = await mint(cookie, {});
    expect(created.json.token.expires_at).toBeNull();
  });

  it.each([
    ["in the past", () => inDays(-1)],
    ["now-ish (not in the future)", () => new Date(Date.now() - 1000).toISOString()],
    ["more than a year ahead", () => inDays(367)],
    ["without a zone", () => inDays(3).slice(0, 19)],
    ["not a date", () => "next tuesday"],
    ["a 30 February", () => "2027-02-30T00:00:00Z"],
    ["a number", () => 1_900_000_000],
  ])("an expires_at %s → 400 naming expires_at", async (_label, value) => {
    const { cookie } = await session();
    const res = await mint(cookie, { expires_at: value() });
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: any) => e.path)).toEqual(["expires_at"]);
  });

  it("a token past its expires_at no longer authenticates", async () => {
    const { cookie } = await session("editor");
    const created = await mint(cookie, { expires_at: inDays(1) });
    const secret = created.json.token.secret;
    expect((await call("GET", "/session", { token: secret })).status).toBe(200);
    // Time travel: the row as it will be tomorrow.
    await env.DB.prepare("UPDATE api_tokens SET expires_at = ? WHERE id = ?").bind(new Date(Date.now() - 1000).toISOString(), created.json.token.id).run();
    const res = await call("GET", "/session", { token: secret });
    expect(res.status).toBe(401);
    expect(res.json.detail).toMatch(/expired/);
  });
});
