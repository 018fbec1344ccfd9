// How the Worker and the asset server answer under /admin: the SPA shell for client-side routes,
// real 404s for missing bundles, the newsroom config, and the admin's security headers everywhere.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { baseUrl } from "./harness/browser";
import { ROOT } from "./harness/worker";

const get = (path: string) => fetch(`${baseUrl()}${path}`, { redirect: "manual" });

function expectAdminHeaders(res: Response) {
  const csp = res.headers.get("content-security-policy") ?? "";
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.headers.get("referrer-policy")).toBe("same-origin");
  expect(res.headers.get("x-content-type-options")).toBe("nosniff");
}

test("the shell answers /admin, /admin/ and client-side routes", async () => {
  for (const path of ["/admin", "/admin/", "/admin/index.html", "/admin/articles/art_123", "/admin/tags"]) {
    const res = await get(path);
    expect(res.status, path).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expectAdminHeaders(res);
    expect(await res.text()).toMatch(/<script type="module" crossorigin src="\/admin\/assets\/index-[\w-]+\.js"><\/script>/);
  }
});

test("bundles are served immutable; a missing one is a 404, not the shell", async () => {
  const js = readdirSync(join(ROOT, "admin/dist/admin/assets")).find((f) => f.startsWith("index-") && f.endsWith(".js"))!;
  const res = await get(`/admin/assets/${js}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toMatch(/javascript/);
  expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  expectAdminHeaders(res);
  const missing = await get("/admin/assets/index-missing.js");
  expect(missing.status).toBe(404);
  expectAdminHeaders(missing);
  // The assets directory answers only its published trees (/admin/, /api/docs/, /embed/v1/): never
  // its _headers file.
  expect((await get("/_headers")).status).toBe(404);
});

test("the SPA learns the newsroom's time zone from /admin/config.json", async () => {
  const res = await get("/admin/config.json");
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ time_zone: "Europe/Kyiv", site_title: "The Copydesk Courier", public_site_url: "http://127.0.0.1:8787" });
});
