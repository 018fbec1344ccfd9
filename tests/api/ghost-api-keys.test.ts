// Content API keys: issued by admins, shown once, stored hashed, revoked at once — and what the
// Ghost-compatible API does with them (401 in Ghost's shape, checked before the cache).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { sha256Hex } from "../../src/lib/ids";
import { call, tokenFor } from "../helpers/api";
import { get } from "../helpers/public";

let admin = "";
beforeAll(async () => {
  admin = (await tokenFor("admin")).token;
});

const mint = async (name = "Front-end") => {
  const res = await call("POST", "/content-api-keys", { token: admin, body: { name } });
  expect(res.status, res.text).toBe(201);
  return res.json.content_api_key as { id: string; key: string; hint: string; name: string; revoked_at: string | null };
};

describe("issuing keys", () => {
  it("gives a key like Ghost's once, and stores only its SHA-256 and a hint", async () => {
    const k = await mint("Site front-end");
    // Ghost's client refuses anything but 26 hex characters before it sends a request.
    expect(k.key).toMatch(/^[0-9a-f]{26}$/);
    expect(k.hint).toBe(k.key.slice(-4));
    const row = await env.DB.prepare("SELECT key_hash, hint FROM content_api_keys WHERE id = ?").bind(k.id).first<{ key_hash: string; hint: string }>();
    expect(row).toEqual({ key_hash: await sha256Hex(k.key), hint: k.key.slice(-4) });
    const list = await call("GET", "/content-api-keys", { token: admin });
    expect(list.status).toBe(200);
    expect(list.json.content_api_keys.find((x: { id: string }) => x.id === k.id)).toMatchObject({ name: "Site front-end", hint: k.hint, revoked_at: null });
    // The key itself never comes back.
    expect(list.text).not.toContain(k.key);
  });

  it("refuses a nameless key, and non-admins", async () => {
    const res = await call("POST", "/content-api-keys", { token: admin, body: { name: "  " } });
    expect(res.status).toBe(400);
    expect(res.json.errors[0].path).toBe("name");
    const editor = (await tokenFor("editor")).token;
    expect((await call("POST", "/content-api-keys", { token: editor, body: { name: "x" } })).status).toBe(403);
    expect((await call("GET", "/content-api-keys", { token: editor })).status).toBe(403);
  });
});

describe("the Ghost API and its keys", () => {
  const unauthorized = (res: { status: number; json: any }, context: string) => {
    expect(res.status).toBe(401);
    expect(res.json.errors[0]).toMatchObject({ type: "UnauthorizedError", message: "Authorization failed" });
    expect(res.json.errors[0].context).toContain(context);
  };

  it("answers 401 in Ghost's shape without a key, with an unknown one and with a malformed one", async () => {
    unauthorized(await get("/ghost/api/content/posts/"), "Content API Key");
    unauthorized(await get("/ghost/api/content/posts/?key=0123456789abcdef0123456789"), "Unknown Content API Key");
    unauthorized(await get("/ghost/api/content/settings/?key=' OR 1=1 --"), "Unknown Content API Key");
  });

  it("stops serving a revoked key at once, even a page already in the cache", async () => {
    const k = await mint();
    const url = `/ghost/api/content/settings/?key=${k.key}`;
    expect((await get(url)).status).toBe(200);
    const again = await get(url);
    expect(again.status).toBe(200);
    expect(again.headers.get("x-copydesk-cache")).toBe("hit");
    expect((await call("DELETE", `/content-api-keys/${k.id}`, { token: admin })).status).toBe(204);
    unauthorized(await get(url), "Unknown Content API Key");
    // Revoking twice: the key is already gone.
    expect((await call("DELETE", `/content-api-keys/${k.id}`, { token: admin })).status).toBe(404);
    const list = await call("GET", "/content-api-keys", { token: admin });
    expect(list.json.content_api_keys.find((x: { id: string }) => x.id === k.id).revoked_at).toMatch(/^\d{4}-/);
  });

  it("gives 401 answers CORS, so a front-end on another origin can read why", async () => {
    const res = await get("/ghost/api/content/posts/", { origin: "https://front.example" });
    expect(res.status).toBe(401);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });
});
