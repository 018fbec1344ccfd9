// Production is the default: writes wait for a usable PUBLIC_SITE_URL, and what development relaxes
// (the cookie's Secure flag) needs both an explicit local ENVIRONMENT and a loopback host.
// The requests go through the real Worker with production's env passed in, as a deploy would run it.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { isLoopbackHost, isNonPublicHost, publicSiteUrlProblem } from "../../src/http/production-guard";
import { API, createUser, tokenFor } from "../helpers/api";

async function send(vars: Record<string, string | undefined>, method: string, url: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers = new Headers(opts.headers);
  if (opts.token) headers.set("authorization", `Bearer ${opts.token}`);
  if (opts.body !== undefined) headers.set("content-type", "application/json");
  const request = new Request(url, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const ctx = createExecutionContext();
  const res = await worker.fetch(request as never, { ...env, ...vars } as Env, ctx);
  await waitOnExecutionContext(ctx);
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : null };
}

const PRODUCTION = { ENVIRONMENT: "production", PUBLIC_SITE_URL: "https://news.example.com" };
const newSection = () => ({ name: "Desk", slug: `desk-${crypto.randomUUID().slice(0, 8)}` });

describe("PUBLIC_SITE_URL in production", () => {
  it.each(["", "   ", "news.example.com", "/relative", "http://news.example.com", "https://localhost", "https://127.0.0.1", "https://0x7f.1", "https://[::1]:8443", "https://app.localhost", "https://10.1.2.3", "https://192.168.0.10", "https://[fd00::1]"])(
    "refuses %j",
    (value) => {
      expect(publicSiteUrlProblem(value)).toMatch(/PUBLIC_SITE_URL/);
    },
  );

  it.each(["https://news.example.com", "https://news.example.com/edition/", "https://8.8.8.8"])("accepts %j", (value) => {
    expect(publicSiteUrlProblem(value)).toBeNull();
  });

  it("refuses editorial writes with a 503 problem naming the setting, and still serves reads", async () => {
    const { token } = await tokenFor("editor");
    for (const PUBLIC_SITE_URL of ["", "http://127.0.0.1:8787"]) {
      const res = await send({ ENVIRONMENT: "production", PUBLIC_SITE_URL }, "POST", `${API}/sections`, { token, body: newSection() });
      expect(res.status).toBe(503);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(res.json).toMatchObject({ code: "misconfigured", status: 503, type: "urn:copydesk:problem:misconfigured" });
      expect(res.json.detail).toContain("PUBLIC_SITE_URL");
      expect((await send({ ENVIRONMENT: "production", PUBLIC_SITE_URL }, "GET", `${API}/sections`, { token })).status).toBe(200);
    }
  });

  it("lets writes through once the URL is a public https address", async () => {
    const { token } = await tokenFor("editor");
    expect((await send(PRODUCTION, "POST", `${API}/sections`, { token, body: newSection() })).status).toBe(201);
  });

  it("treats a missing or unknown ENVIRONMENT as production", async () => {
    const { token } = await tokenFor("editor");
    for (const ENVIRONMENT of [undefined, "", "staging", "Development", "prod"]) {
      const res = await send({ ENVIRONMENT, PUBLIC_SITE_URL: "" }, "POST", `${API}/sections`, { token, body: newSection() });
      expect(res.status, `ENVIRONMENT=${ENVIRONMENT}`).toBe(503);
    }
    // The local settings skip the check: development and tests run without a public site.
    for (const ENVIRONMENT of ["development", "test"]) {
      expect((await send({ ENVIRONMENT, PUBLIC_SITE_URL: "" }, "POST", `${API}/sections`, { token, body: newSection() })).status).toBe(201);
    }
  });
});

describe("the session cookie's Secure flag", () => {
  async function cookieFlags(vars: Record<string, string>, origin: string) {
    const user = await createUser("author");
    const res = await send(vars, "POST", `${origin}/api/editorial/v1/session`, {
      body: { email: user.email, password: user.password },
      headers: { "cf-connecting-ip": `203.0.113.${Math.floor(Math.random() * 250) + 1}` },
    });
    expect(res.status).toBe(201);
    return (res.headers.get("set-cookie") ?? "").split(";").map((s) => s.trim().toLowerCase());
  }

  it("is dropped only for plain-http loopback requests in development or test", async () => {
    expect(await cookieFlags({ ENVIRONMENT: "development" }, "http://127.0.0.1:8787")).not.toContain("secure");
    expect(await cookieFlags({ ENVIRONMENT: "test" }, "http://localhost:8787")).not.toContain("secure");
  });

  it("stays Secure in production even on loopback, and on any other host in development", async () => {
    expect(await cookieFlags(PRODUCTION, "http://127.0.0.1:8787")).toContain("secure");
    expect(await cookieFlags({ ENVIRONMENT: "development" }, "http://copydesk.example")).toContain("secure");
    expect(await cookieFlags({ ENVIRONMENT: "development" }, "http://10.0.0.5:8787")).toContain("secure");
  });

  it("recognises loopback hosts as the URL parser spells them", () => {
    for (const url of ["http://127.0.0.1/", "http://127.9.9.9/", "http://0x7f.1/", "http://[::1]/", "http://LOCALHOST./", "http://a.localhost/", "http://[::ffff:127.0.0.1]/"]) {
      expect(isLoopbackHost(new URL(url).hostname), url).toBe(true);
    }
    for (const url of ["http://128.0.0.1/", "http://localhost.example.com/", "http://[::2]/", "http://example.com/"]) {
      expect(isLoopbackHost(new URL(url).hostname), url).toBe(false);
    }
    expect(isNonPublicHost(new URL("http://172.20.0.1/").hostname)).toBe(true);
    expect(isNonPublicHost(new URL("http://172.32.0.1/").hostname)).toBe(false);
  });
});
