// Path segments reach SQL too (ids and slugs are looked up by them). Every route the app serves with
// a parameter — taken from the app's own route table, so a new one is covered the day it is added —
// gets each parameter at the slug/id maximum, one past it, and in the worst encodings: 4-byte UTF-8,
// all LIKE wildcards, all backslashes, an encoded lone surrogate (invalid UTF-8), NUL, an RTL
// override, a 400-digit number. Nothing exists under those names, so every answer must be a
// problem+json 400 or 404: never a 5xx, never a 200 for a name that was never created.
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { BASE, call, tokenFor } from "../helpers/api";

const SLUG_MAX = 120;
const enc = encodeURIComponent;
const SEGMENTS: [string, string][] = [
  ["the maximum", "a".repeat(SLUG_MAX)],
  ["one past the maximum", "a".repeat(SLUG_MAX + 1)],
  ["4-byte UTF-8", enc("😀".repeat(SLUG_MAX))],
  ["all % wildcards", enc("%".repeat(SLUG_MAX))],
  ["all _ wildcards", "_".repeat(SLUG_MAX)],
  ["all backslashes", enc("\\".repeat(SLUG_MAX))],
  ["an encoded lone surrogate", "%ED%A0%80"],
  ["NUL", "a%00b"],
  ["an RTL override", enc("\u202Eabc")],
  ["an encoded slash", "a%2Fb"],
  ["a 400-digit number", "9".repeat(400)],
];

/** Every handler route with a plain `:param` (regex params such as the sitemap pages have their own case). */
function parameterisedRoutes() {
  const seen = new Set<string>();
  for (const r of createApp().routes) {
    if (r.method === "ALL" || !r.path.includes("/:") || r.path.includes("{") || r.path.includes("*")) continue;
    seen.add(`${r.method} ${r.path}`);
  }
  return [...seen];
}

describe("limits: path parameters at and past their maximum, in their worst encodings", { timeout: 180_000 }, () => {
  const routes = parameterisedRoutes();

  it("finds the parameterised routes in the app's own table", () => {
    // A guard on the guard: if the table could not be read, the cases below would test nothing.
    expect(routes.length).toBeGreaterThan(30);
    expect(routes).toContain("GET /api/content/v1/articles/:slug");
    expect(routes).toContain("PATCH /api/editorial/v1/articles/:id");
  });

  it("answers every route and segment with a 400 or 404 problem, never a 5xx", async () => {
    const { token } = await tokenFor("admin");
    // The Ghost-compatible API (src/ghost-api) answers in Ghost's shape, with a key: a 404 NotFoundError.
    const ghostKey = (await call("POST", "/content-api-keys", { token, body: { name: "limits" } })).json.content_api_key.key;
    const failures: string[] = [];
    for (const route of routes) {
      const [method, template] = route.split(" ") as [string, string];
      await Promise.all(
        SEGMENTS.map(async ([what, segment]) => {
          const path = template.replace(/:[a-z_]+/gi, segment);
          const editorial = path.startsWith("/api/editorial/v1");
          if (path.startsWith("/ghost/api/content/")) {
            const res = await call(method, `${BASE}${path}?key=${ghostKey}`);
            if (res.status !== 404 || res.json?.errors?.[0]?.type !== "NotFoundError") failures.push(`${route} with ${what} → ${res.status} ${res.text.slice(0, 160)}`);
            return;
          }
          const res = await call(method, editorial ? path.slice("/api/editorial/v1".length) : `${BASE}${path}`, {
            token: editorial ? token : undefined,
            body: method === "GET" || method === "DELETE" ? undefined : {},
            headers: method === "PATCH" ? { "if-match": '"1"' } : {},
          });
          const type = res.headers.get("content-type") ?? "";
          if (![400, 404].includes(res.status) || !type.startsWith("application/problem+json")) {
            failures.push(`${route} with ${what} → ${res.status} ${type} ${res.text.slice(0, 160)}`);
          }
        }),
      );
    }
    expect(failures).toEqual([]);
  });
});
