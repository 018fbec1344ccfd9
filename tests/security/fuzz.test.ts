// Generated garbage against every endpoint, as an admin (so validation, not permissions, answers).
// Every answer must be a 4xx problem+json or a harmless 2xx read, never a 5xx, and the database
// must hold exactly what it held before. Over 10,000 requests per run.
import { env } from "cloudflare:workers";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { EXPORT_TABLES } from "../../src/editorial/export/tables";
import { sha256Hex } from "../../src/lib/ids";
import { API, BASE, call, tokenFor } from "../helpers/api";
import { assertMatchesSpec } from "../helpers/contract";
import { createPublishableArticle } from "../helpers/newsroom";
import { get } from "../helpers/public";

const RUNS = 800; // per property; see the count assertion at the end
// Generous per-test timeouts: each request is a D1 round trip or two, and on a 2-core machine shared
// with other test runs one property can take minutes. The assertions, not the clock, decide.
let token = "";
let requests = 0;

async function fingerprint() {
  // Accounts' bookkeeping (token last-used time, failed sign-in counters) legitimately changes.
  const tables = [...EXPORT_TABLES.map((t) => t.name), "users", "sessions", "site_state"];
  const dumps = await env.DB.batch(tables.map((t) => env.DB.prepare(`SELECT * FROM "${t}" ORDER BY rowid`)));
  return sha256Hex(JSON.stringify(dumps.map((d) => d.results)));
}

function expectHarmless(res: { status: number; headers: Headers; text: string }, what: string) {
  requests++;
  expect(res.status, `${what} → ${res.status} ${res.text.slice(0, 200)}`).toBeLessThan(500);
  if (res.status >= 400) expect(res.headers.get("content-type"), what).toMatch(/^application\/problem\+json/);
}

// A value of the wrong type for a required field: guarantees the request as a whole is invalid.
const wrongType = fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }));
const garbage = fc.oneof(
  fc.anything({ maxDepth: 4 }),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ minLength: 5_000, maxLength: 30_000 }),
  fc.integer({ min: 1, max: 3_000 }).map((depth) => JSON.parse("[".repeat(depth) + "]".repeat(depth))),
  fc.dictionary(fc.string(), fc.anything({ maxDepth: 2 }), { maxKeys: 30 }),
);
const withPoison = (field: string) => fc.tuple(fc.dictionary(fc.string(), garbage, { maxKeys: 8 }), wrongType).map(([o, bad]) => ({ ...o, [field]: bad }));

const CREATES: [string, string][] = [
  ["/articles", "headline"],
  ["/tokens", "name"],
  ["/contributors", "kind"],
  ["/tags", "name"],
  ["/sections", "name"],
  ["/collections", "name"],
  ["/users", "email"],
  ["/session", "password"],
  ["/import", "format"],
];
const ID_ROUTES = [
  "PATCH /articles/{id}",
  "DELETE /articles/{id}",
  "POST /articles/{id}/publish",
  "POST /articles/{id}/schedule",
  "POST /articles/{id}/unpublish",
  "POST /articles/{id}/archive",
  "POST /articles/{id}/revisions/1/restore",
  "PATCH /contributors/{id}",
  "DELETE /contributors/{id}",
  "PATCH /tags/{id}",
  "DELETE /tags/{id}",
  "PATCH /sections/{id}",
  "PATCH /collections/{id}",
  "PATCH /media/{id}",
  "DELETE /media/{id}",
  "PATCH /users/{id}",
  "DELETE /users/{id}",
  "POST /trash/{id}/restore",
];
const GETS = ["/api/content/v1/articles", "/feed.xml", "/feed.json", "/feed.atom", "/api/editorial/v1/articles", "/api/content/v1/collections/editors-picks", "/sitemap.xml", "/oembed"];
const PARAMS = ["limit", "cursor", "q", "since", "until", "section", "tag", "contributor", "collection", "status", "url", "format", "maxwidth", "maxheight"];
const paramValue = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.integer({ min: -1e9, max: 1e9 }).map(String),
  fc.constantFrom("", "0", "-1", "101", "1e3", "NaN", "2024-02-30T00:00:00Z", "2024-11-01T22:34:00+25:00", "9999-12-31T23:59:59Z", "\u0000", "%", '"', "*", "OR", "NEAR(", "\ud800", "http://127.0.0.1:8787/x/y", "javascript:alert(1)", "https://%zz", "xml"),
  fc.string({ maxLength: 40 }).map((s) => btoa(unescape(encodeURIComponent(s)))),
);
const pathSegment = fc.oneof(
  fc.string({ unit: "binary", minLength: 1, maxLength: 80 }).map(encodeURIComponent),
  fc.constantFrom("%FF", "%ED%A0%80", "%00", "..", "%2e%2e", "a".repeat(500), "%C0%AF"),
);

beforeAll(async () => {
  token = (await tokenFor("admin")).token;
  const a = await createPublishableArticle(token, { tags: ["Fuzz Tag"] });
  await call("POST", `/articles/${a.id}/publish`, { token });
});

describe("fuzz: nothing generated gets a 5xx or changes the database", { timeout: 600_000 }, () => {
  it("create endpoints with a poisoned required field", async () => {
    const before = await fingerprint();
    for (const [path, field] of CREATES) {
      await fc.assert(
        fc.asyncProperty(withPoison(field), async (body) => {
          expectHarmless(await call("POST", path, { token, body, headers: { origin: BASE } }), `POST ${path}`);
        }),
        { numRuns: Math.ceil(RUNS / 4) },
      );
    }
    expect(await fingerprint()).toBe(before);
  });

  it("id routes with garbage bodies and ids that do not exist", async () => {
    const before = await fingerprint();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ID_ROUTES), pathSegment, garbage, fc.option(fc.string({ maxLength: 12 })), async (route, id, body, ifMatch) => {
        const [method, path] = route.split(" ");
        const headers: Record<string, string> = ifMatch === null ? {} : { "if-match": ifMatch.replace(/[^\x20-\x7e]/g, "") };
        expectHarmless(await call(method!, path!.replace("{id}", id), { token, body, headers }), route);
      }),
      { numRuns: RUNS * 3 },
    );
    expect(await fingerprint()).toBe(before);
  });

  it("raw bodies that are not JSON at all, under every content type", async () => {
    const before = await fingerprint();
    const types = ["application/json", "text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", ""];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...CREATES.map(([p]) => p), "/media"), fc.uint8Array({ maxLength: 4_000 }), fc.constantFrom(...types), async (path, bytes, type) => {
        // A leading 0xFF can never start valid JSON (nor a valid multipart preamble boundary line).
        const body = new Uint8Array([0xff, ...bytes]);
        const res = await fetchRaw("POST", `${API}${path}`, body, type);
        expectHarmless(res, `raw POST ${path} (${type})`);
      }),
      { numRuns: RUNS * 2 },
    );
    expect(await fingerprint()).toBe(before);
  });

  it("query strings on every list and feed", async () => {
    const before = await fingerprint();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...GETS), fc.dictionary(fc.oneof(fc.constantFrom(...PARAMS), fc.string({ maxLength: 8 })), paramValue, { maxKeys: 5 }), async (path, params) => {
        const qs = new URLSearchParams(params).toString();
        const res = path.startsWith("/api/editorial") ? await call("GET", `${path.replace("/api/editorial/v1", "")}?${qs}`, { token }) : await get(`${path}?${qs}`);
        expectHarmless(res, `GET ${path}?${qs}`);
      }),
      { numRuns: RUNS * 4 },
    );
    expect(await fingerprint()).toBe(before);
  });

  it("hostile path segments on public and editorial reads", async () => {
    const before = await fingerprint();
    const templates = ["/api/content/v1/articles/{s}", "/api/content/v1/tags/{s}", "/api/content/v1/contributors/{s}", "/tags/{s}/feed.xml", "/sections/{s}/feed.json", "/media/{s}", "/embed/v1/article/{s}"];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...templates), pathSegment, async (template, segment) => {
        expectHarmless(await get(template.replace("{s}", segment)), template);
        expectHarmless(await call("GET", `/articles/${segment}`, { token }), "GET /articles/{id}");
      }),
      { numRuns: RUNS },
    );
    expect(await fingerprint()).toBe(before);
  });

  it("sent more than 10,000 requests in all", () => {
    expect(requests).toBeGreaterThanOrEqual(10_000);
  });
});

describe("multipart bombs", () => {
  it("refuses an oversized upload by its declared length and survives thousands of parts", async () => {
    const before = await fingerprint();
    const big = await fetchRaw("POST", `${API}/media`, new Uint8Array(16), "multipart/form-data; boundary=x", { "content-length": String(200 * 1024 * 1024) });
    expect(big.status).toBe(413);
    const form = new FormData();
    for (let i = 0; i < 5_000; i++) form.append(`f${i}`, "x");
    form.set("file", new File([new TextEncoder().encode("<svg onload=alert(1)>")], "evil.png", { type: "image/png" }));
    const many = await call("POST", "/media", { token, body: form });
    expect(many.status).toBe(415);
    expect(await fingerprint()).toBe(before);
  });
});

async function fetchRaw(method: string, url: string, body: Uint8Array, type: string, extra: Record<string, string> = {}) {
  const { exports } = await import("cloudflare:workers");
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...extra };
  if (type) headers["content-type"] = type;
  const res = await exports.default.fetch(new Request(url, { method, headers, body }));
  const text = await res.text();
  // Whatever the fuzzer sends, the answer is one the document declares.
  await assertMatchesSpec(method, url, { status: res.status, headers: res.headers, text });
  return { status: res.status, headers: res.headers, text };
}
