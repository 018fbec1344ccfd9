// The media library, user management, and the editorial API's cross-cutting HTTP promises.
import { describe, expect, it } from "vitest";
import { BASE, call, createUser, signIn, tokenFor, unique } from "../helpers/api";
import { createArticle, tinyPng, uploadPng } from "../helpers/newsroom";
import { checked } from "../helpers/public";

const problem = (res: { status: number; headers: Headers; json: any }, code: string) => {
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(res.json).toMatchObject({ status: res.status, code, type: `urn:copydesk:problem:${code}` });
  return res.json;
};
const ip = () => unique("ip");
const form = (file: File | null, fields: Record<string, string> = {}) => {
  const f = new FormData();
  if (file) f.set("file", file);
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

describe("media: happy path", () => {
  it("uploads a PNG and reads its size from the bytes", async () => {
    const { token } = await tokenFor("author");
    const res = await call("POST", "/media", {
      token,
      body: form(new File([tinyPng()], "holiday.png", { type: "image/png" }), { alt: "A tiny test image", caption: "Caption here", credit: "Staff" }),
    });
    expect(res.status).toBe(201);
    const m = res.json.media;
    expect(m).toMatchObject({ mime_type: "image/png", width: 3, height: 2, alt: "A tiny test image", caption: "Caption here", credit: "Staff", filename: "holiday.png", size: tinyPng().byteLength });
    expect(m.id).toMatch(/^med_/);
    expect(m.url).toBe(`${BASE}/media/${m.id}`);
    const got = await call("GET", `/media/${m.id}`, { token });
    expect(got.status).toBe(200);
    expect(got.json.media).toMatchObject({ id: m.id, width: 3, height: 2 });
  });

  it("detects the type from the bytes, not the name or declared type", async () => {
    const { token } = await tokenFor("author");
    const res = await call("POST", "/media", { token, body: form(new File([tinyPng()], "photo.jpg", { type: "image/jpeg" })) });
    expect(res.status).toBe(201);
    expect(res.json.media.mime_type).toBe("image/png");
  });

  it("serves the bytes publicly with the detected content-type and nosniff", async () => {
    const { token } = await tokenFor("author");
    const m = await uploadPng(token, { alt: "public" });
    const res = await fetchPublic(m.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(res.bytes).toEqual(tinyPng());
  });

  it("an editor deletes unused media: 204, then the public URL is 404", async () => {
    const author = await tokenFor("author");
    const editor = await tokenFor("editor");
    const m = await uploadPng(author.token);
    const del = await call("DELETE", `/media/${m.id}`, { token: editor.token });
    expect(del.status).toBe(204);
    expect((await call("GET", `/media/${m.id}`, { token: editor.token })).status).toBe(404);
    expect((await fetchPublic(m.url)).status).toBe(404);
  });
});

describe("media: errors", () => {
  it("refuses an SVG named .png with 415 and stores nothing", async () => {
    const { token } = await tokenFor("editor");
    const svg = `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>`;
    const before = await call("GET", "/media", { token });
    const res = await call("POST", "/media", { token, body: form(new File([svg], "photo.png", { type: "image/png" })) });
    expect(res.status).toBe(415);
    expect(problem(res, "unsupported_media_type").errors).toEqual([{ path: "file", message: "Not a supported image." }]);
    const after = await call("GET", "/media", { token });
    expect(after.json.media.length).toBe(before.json.media.length);
  });

  it("refuses HTML bytes named .png with 415", async () => {
    const { token } = await tokenFor("editor");
    const res = await call("POST", "/media", { token, body: form(new File(["<!doctype html><h1>hi</h1>"], "x.png", { type: "image/png" })) });
    expect(res.status).toBe(415);
    problem(res, "unsupported_media_type");
  });

  it("refuses a non-multipart body with 415", async () => {
    const { token } = await tokenFor("editor");
    const res = await call("POST", "/media", { token, body: { file: "iVBORw0KGgo=" } });
    expect(res.status).toBe(415);
    expect(problem(res, "unsupported_media_type").detail).toMatch(/multipart\/form-data/);
  });

  it("a form without a file → 400 naming file", async () => {
    const { token } = await tokenFor("editor");
    const res = await call("POST", "/media", { token, body: form(null, { alt: "no file" }) });
    expect(res.status).toBe(400);
    expect(problem(res, "validation_failed").errors).toEqual([{ path: "file", message: "Required." }]);
  });

  it("a file field sent as plain text → 400 naming file", async () => {
    const { token } = await tokenFor("editor");
    const f = new FormData();
    f.set("file", "just a string");
    const res = await call("POST", "/media", { token, body: f });
    expect(res.status).toBe(400);
    expect(problem(res, "validation_failed").errors.map((e: any) => e.path)).toEqual(["file"]);
  });

  it("refuses to delete the featured image of an article: 409 in_use, still served", async () => {
    const { token } = await tokenFor("editor");
    const m = await uploadPng(token, { alt: "lead" });
    const article = await createArticle(token, { featured_image: { media_id: m.id } });
    expect(article.featured_image.media_id).toBe(m.id);
    const res = await call("DELETE", `/media/${m.id}`, { token });
    expect(res.status).toBe(409);
    expect(problem(res, "in_use").usage_count).toBe(1);
    expect((await fetchPublic(m.url)).status).toBe(200);
  });

  it("an author may not delete media (403)", async () => {
    const { token } = await tokenFor("author");
    const m = await uploadPng(token);
    const res = await call("DELETE", `/media/${m.id}`, { token });
    expect(res.status).toBe(403);
    problem(res, "forbidden");
    expect((await fetchPublic(m.url)).status).toBe(200);
  });

  it("unknown media id → 404 problem on the public route", async () => {
    const res = await call("GET", `${BASE}/media/med_missing`);
    expect(res.status).toBe(404);
    problem(res, "not_found");
  });
});

describe("users: admin only", () => {
  it("an admin creates a user who can then sign in", async () => {
    const { token } = await tokenFor("admin");
    const email = `${unique("new-hire")}@example.org`;
    const res = await call("POST", "/users", { token, body: { email: email.toUpperCase(), name: "New Hire", role: "author", password: "a long enough password" } });
    expect(res.status).toBe(201);
    expect(res.json.user).toMatchObject({ email, name: "New Hire", role: "author" });
    expect(Object.keys(res.json.user).sort()).toEqual(["created_at", "email", "id", "name", "role", "updated_at"]);
    const session = await signIn(email, "a long enough password", { "cf-connecting-ip": ip() });
    expect(session.status).toBe(201);
    expect(session.json.user).toMatchObject({ id: res.json.user.id, role: "author" });
  });

  it("the user list never contains a password hash", async () => {
    const { token } = await tokenFor("admin");
    const someone = await createUser("author");
    const res = await call("GET", "/users", { token });
    expect(res.status).toBe(200);
    expect(res.json.users.find((u: any) => u.id === someone.id)).toMatchObject({ email: someone.email, role: "author" });
    expect(res.text).not.toMatch(/password_hash|passwordHash|pbkdf2/i);
    expect(res.text).not.toContain(someone.passwordHash);
  });

  it.each(["editor", "author", "contributor"] as const)("a %s gets 403 on every /users route", async (role) => {
    const { token } = await tokenFor(role);
    const victim = await createUser("author");
    const list = await call("GET", "/users", { token });
    expect(list.status).toBe(403);
    problem(list, "forbidden");
    const create = await call("POST", "/users", { token, body: { email: `${unique("x")}@example.org`, name: "X", role: "admin", password: "a long enough password" } });
    expect(create.status).toBe(403);
    expect((await call("PATCH", `/users/${victim.id}`, { token, body: { role: "admin" } })).status).toBe(403);
    expect((await call("DELETE", `/users/${victim.id}`, { token })).status).toBe(403);
    const sessionOfVictim = await signIn(victim.email, victim.password, { "cf-connecting-ip": ip() });
    expect(sessionOfVictim.json.user.role).toBe("author");
  });

  it("changing a password via PATCH revokes existing sessions; the new password works", async () => {
    const admin = await tokenFor("admin");
    const user = await createUser("author");
    const { cookie } = await signIn(user.email, user.password, { "cf-connecting-ip": ip() });
    expect((await call("GET", "/session", { cookie })).status).toBe(200);
    const res = await call("PATCH", `/users/${user.id}`, { token: admin.token, body: { password: "a brand new passphrase" } });
    expect(res.status).toBe(200);
    expect(res.json.user.id).toBe(user.id);
    expect((await call("GET", "/session", { cookie })).status).toBe(401);
    expect((await signIn(user.email, user.password, { "cf-connecting-ip": ip() })).status).toBe(401);
    expect((await signIn(user.email, "a brand new passphrase", { "cf-connecting-ip": ip() })).status).toBe(201);
  });

  it("changing a role revokes sessions; the next sign-in carries the new role", async () => {
    const admin = await tokenFor("admin");
    const user = await createUser("author");
    const { cookie } = await signIn(user.email, user.password, { "cf-connecting-ip": ip() });
    const res = await call("PATCH", `/users/${user.id}`, { token: admin.token, body: { role: "editor" } });
    expect(res.json.user.role).toBe("editor");
    expect((await call("GET", "/session", { cookie })).status).toBe(401);
    const again = await signIn(user.email, user.password, { "cf-connecting-ip": ip() });
    expect(again.json.user.role).toBe("editor");
  });

  it("renaming does not sign the user out", async () => {
    const admin = await tokenFor("admin");
    const user = await createUser("author");
    const { cookie } = await signIn(user.email, user.password, { "cf-connecting-ip": ip() });
    const res = await call("PATCH", `/users/${user.id}`, { token: admin.token, body: { name: "Renamed Person" } });
    expect(res.json.user.name).toBe("Renamed Person");
    const me = await call("GET", "/session", { cookie });
    expect(me.status).toBe(200);
    expect(me.json.user.name).toBe("Renamed Person");
  });

  it("an admin deletes another user (204); their sessions end and they cannot sign in", async () => {
    const admin = await tokenFor("admin");
    const user = await createUser("editor");
    const { cookie } = await signIn(user.email, user.password, { "cf-connecting-ip": ip() });
    expect((await call("DELETE", `/users/${user.id}`, { token: admin.token })).status).toBe(204);
    expect((await call("GET", "/session", { cookie })).status).toBe(401);
    expect((await signIn(user.email, user.password, { "cf-connecting-ip": ip() })).status).toBe(401);
    const list = await call("GET", "/users", { token: admin.token });
    expect(list.json.users.map((u: any) => u.id)).not.toContain(user.id);
  });
});

describe("users: errors", () => {
  it("a short password → 400 naming password; a bad email and role named too", async () => {
    const { token } = await tokenFor("admin");
    const res = await call("POST", "/users", { token, body: { email: "nope", name: "X", role: "owner", password: "short" } });
    expect(res.status).toBe(400);
    expect(problem(res, "validation_failed").errors.map((e: any) => e.path).sort()).toEqual(["email", "password", "role"]);
    expect(res.json.errors.find((e: any) => e.path === "password").message).toBe("Use at least 12 characters.");
  });

  it("a duplicate email → 409 naming email", async () => {
    const { token } = await tokenFor("admin");
    const existing = await createUser("author");
    const res = await call("POST", "/users", { token, body: { email: existing.email, name: "Dup", role: "author", password: "a long enough password" } });
    expect(res.status).toBe(409);
    expect(problem(res, "conflict").errors).toEqual([{ path: "email", message: "Already in use." }]);
  });

  it("an admin may not delete or demote themselves (403)", async () => {
    const { user, token } = await tokenFor("admin");
    const del = await call("DELETE", `/users/${user.id}`, { token });
    expect(del.status).toBe(403);
    problem(del, "forbidden");
    const demote = await call("PATCH", `/users/${user.id}`, { token, body: { role: "author" } });
    expect(demote.status).toBe(403);
    expect((await call("GET", "/session", { token })).json.user.role).toBe("admin");
  });

  it("PATCH or DELETE of an unknown user → 404", async () => {
    const { token } = await tokenFor("admin");
    const patch = await call("PATCH", "/users/usr_missing", { token, body: { name: "Ghost" } });
    expect(patch.status).toBe(404);
    problem(patch, "not_found");
    expect((await call("DELETE", "/users/usr_missing", { token })).status).toBe(404);
  });
});

describe("editorial HTTP: security", () => {
  it("an unknown route → 404 problem+json", async () => {
    const { token } = await tokenFor("editor");
    const res = await call("GET", "/no-such-thing", { token });
    expect(res.status).toBe(404);
    expect(problem(res, "not_found").detail).toBe("No route for GET /api/editorial/v1/no-such-thing.");
    expect(res.json.instance).toBe("/api/editorial/v1/no-such-thing");
  });

  it("an unknown route outside the API → 404 problem+json", async () => {
    const res = await call("GET", `${BASE}/definitely/not/here`);
    expect(res.status).toBe(404);
    problem(res, "not_found");
  });

  it("editorial responses are no-store, success and error alike", async () => {
    const { token } = await tokenFor("editor");
    expect((await call("GET", "/tags", { token })).headers.get("cache-control")).toBe("no-store");
    expect((await call("GET", "/tags/tag_missing", { token })).headers.get("cache-control")).toBe("no-store");
    expect((await call("GET", "/tags")).headers.get("cache-control")).toBe("no-store");
  });

  it("never sends access-control-allow-origin, even to a request with an Origin", async () => {
    const { token } = await tokenFor("editor");
    const headers = { origin: "https://evil.example" };
    for (const res of [
      await call("GET", "/tags", { token, headers }),
      await call("GET", "/session", { token, headers }),
      await call("GET", "/tags", { headers }),
      await call("POST", "/session", { headers, body: { email: "a@example.org", password: "x" } }),
    ]) {
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    }
  });

  it("an OPTIONS preflight gets no CORS grant", async () => {
    const headers = { origin: "https://evil.example", "access-control-request-method": "PATCH", "access-control-request-headers": "authorization, content-type" };
    for (const path of ["/tags", "/session", "/articles/art_x"]) {
      const res = await call("OPTIONS", path, { headers });
      expect([path, res.status]).toEqual([path, 401]); // no preflight handling: refused as unauthenticated
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      expect(res.headers.get("access-control-allow-methods")).toBeNull();
      expect(res.headers.get("access-control-allow-headers")).toBeNull();
    }
  });
});

/** GET a public URL and keep the raw bytes (call() decodes the body as text). */
async function fetchPublic(url: string) {
  const { exports } = await import("cloudflare:workers");
  const res = await checked(await exports.default.fetch(new Request(url)), url);
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}
