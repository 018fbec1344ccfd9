// The served OpenAPI documents: valid 3.1, public, and complete — every route the app serves is in
// its document, so a route cannot be added without declaring what it accepts and answers.
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { openApiPath } from "../../src/http/openapi";
import { API, BASE, call } from "../helpers/api";

const EDITORIAL = "/api/editorial/v1";
const DOCUMENTS = new Set([`GET ${EDITORIAL}/openapi.json`, "GET /api/content/v1/openapi.json"]);
/** Not API: the admin's files, the reference page, the bench's constant route. */
const NOT_API = (k: string) => /^GET \/(admin|api\/docs|__bench)/.test(k);

const served = () =>
  [...new Set(createApp().routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${openApiPath(r.path)}`))].filter((k) => !DOCUMENTS.has(k) && !NOT_API(k));

async function document(path: string) {
  const res = await call("GET", `${BASE}${path}`);
  expect(res.status).toBe(200);
  return res.json as { openapi: string; servers: { url: string }[]; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
}

describe("the editorial OpenAPI document", () => {
  it("is OpenAPI 3.1, served without credentials, naming this server", async () => {
    const doc = await document(`${EDITORIAL}/openapi.json`);
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers).toEqual([{ url: API }]);
    expect(JSON.stringify(doc)).not.toContain("$defs");
  });

  it("lists every editorial route the app serves, each with a success and its problems", async () => {
    const doc = await document(`${EDITORIAL}/openapi.json`);
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${EDITORIAL}${path === "/" ? "" : path}`));
    const routes = served().filter((k) => k.split(" ")[1]!.startsWith(EDITORIAL));
    expect(routes.sort()).toEqual(documented.sort());
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        const statuses = Object.keys(op.responses);
        expect(statuses.some((s) => s.startsWith("2")), `${method} ${path} has a success`).toBe(true);
        expect(statuses.some((s) => s.startsWith("4")), `${method} ${path} has a problem`).toBe(true);
      }
  });
});

describe("the content OpenAPI document", () => {
  it("is OpenAPI 3.1 on the origin, with CORS like every public read", async () => {
    const res = await call("GET", `${BASE}/api/content/v1/openapi.json`, { headers: { origin: "https://site.example" } });
    expect(res.status).toBe(200);
    expect(res.json.openapi).toBe("3.1.0");
    expect(res.json.servers).toEqual([{ url: BASE }]);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("lists every public route (content API, feeds, sitemaps, images)", async () => {
    const doc = await document("/api/content/v1/openapi.json");
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    const routes = served().filter((k) => !k.split(" ")[1]!.startsWith(EDITORIAL));
    expect(routes.sort()).toEqual(documented.sort());
  });
});

describe("the service index", () => {
  it("points a newcomer at both APIs, their documents and the reference", async () => {
    const res = await call("GET", `${BASE}/`);
    expect(res.status).toBe(200);
    expect(res.json.openapi).toEqual(["/api/editorial/v1/openapi.json", "/api/content/v1/openapi.json"]);
    expect(res.json.reference).toBe("/api/docs");
    for (const path of res.json.openapi) expect((await call("GET", `${BASE}${path}`)).status, path).toBe(200);
  });
});
