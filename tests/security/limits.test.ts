/// <reference types="vite/client" />
// Every input that shapes SQL, at its documented maximum in its worst encoding (4-byte UTF-8, all
// wildcards, all backslashes, RTL marks and NUL, lone surrogates) and one past it: the maximum
// works, one more is a 400 naming the field, nothing is ever a 5xx. The schemas are the ones the
// routes declare (src/http/inputs.ts reads them off the route table) and their limits come from the
// schemas themselves, so a new limited field gets its case without anyone listing it.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { routeInputs, type RouteInputs } from "../../src/http/inputs";
import { LIKE_PATTERN_MAX_BYTES } from "../../src/lib/like";
import { BASE, call, createUser, signIn, tokenFor, unique } from "../helpers/api";
import {
  forgedCursors, instantValues, isSchema, likeValues, limitedFields, limitValues, MARKERS, overCursor, reachable, slugOf, stringValues, type LeafKind,
} from "../helpers/limits";
import { createContributor, createPublishableArticle, createSection, uploadPng } from "../helpers/newsroom";
import { get } from "../helpers/public";
import { publishedLiveBlog, seedEntry } from "../helpers/live-seed";

const EMOJI = "😀";
const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().replace("Z", "+00:00");
let token = "";
let cookie = ""; // tokens are minted from a signed-in session only
const ctx = { section: "", sectionLong: "", tag: "", person: "", people: [] as string[], collectionSlug: "", patchCollectionId: "", articleId: "", ids: [] as string[], webhookId: "", liveBlogId: "", liveSlug: "" };

type Res = { status: number; text: string; json: any };
// Cut text for failure messages without splitting a surrogate pair (the runner's socket wants UTF-8).
const short = (value: unknown, n = 80) => Array.from(typeof value === "string" ? value : JSON.stringify(value)).slice(0, n).join("");
const fieldsNamed = (res: Res) => ((res.json?.errors ?? []) as { path: string }[]).map((e) => e.path);

function expectWorks(res: Res, what: string) {
  expect(res.status, `${what} → ${res.status} ${short(res.text, 300)}`).toBeGreaterThanOrEqual(200);
  expect(res.status, `${what} → ${res.status} ${short(res.text, 300)}`).toBeLessThan(300);
}
function expectRefused(res: Res, field: string, what: string) {
  expect(res.status, `${what} → ${res.status} ${short(res.text, 300)}`).toBe(400);
  expect(fieldsNamed(res), what).toContain(field);
}

/** Article ids in bulk, straight into D1: a collection at its maximum needs hundreds of them. */
async function bulkArticles(count: number) {
  const prefix = unique("lim").replace(/-/g, "");
  const now = new Date().toISOString();
  await env.DB.prepare(
    `INSERT INTO articles (id, slug, headline, body, created_at, updated_at, search_id)
     WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
     SELECT 'art_' || ?2 || '_' || i, ?2 || '-' || i, 'Bulk ' || i, '{"type":"doc","content":[]}', ?3, ?3,
            (SELECT coalesce(max(search_id), 0) FROM articles) + i FROM n`,
  ).bind(count, prefix, now).run();
  return Array.from({ length: count }, (_, i) => `art_${prefix}_${i + 1}`);
}

beforeAll(async () => {
  token = (await tokenFor("admin")).token;
  const admin = await createUser("admin");
  cookie = (await signIn(admin.email, admin.password, { origin: BASE })).cookie;
  const section = await createSection(token);
  ctx.section = section.slug;
  const long = await call("POST", "/sections", { token, body: { name: "Longest slug", slug: slugOf(120) } });
  ctx.sectionLong = long.json.section.slug;
  for (let i = 0; i < 21; i++) ctx.people.push((await createContributor(token, "person", `Limits Person ${i}`)).slug);
  ctx.person = ctx.people[0]!;
  const published: string[] = [];
  for (let i = 0; i < 3; i++) {
    const a = await createPublishableArticle(token, { section: ctx.section, tags: ["Limits Tag"], bylines: [{ contributor: ctx.person }] });
    const res = await call("POST", `/articles/${a.id}/publish`, { token });
    ctx.tag = res.json.article.tags[0].slug;
    published.push(a.id);
  }
  ctx.articleId = published[0]!;
  // The corrections list and feeds issue a cursor past their first entry.
  for (let i = 0; i < 2; i++) await call("POST", `/articles/${ctx.articleId}/amendments`, { token, body: { kind: "correction", body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: `Limits correction ${i}` }] }] } } });
  const col = await call("POST", "/collections", { token, body: { name: "Limits picks", slug: slugOf(30), article_ids: published } });
  ctx.collectionSlug = col.json.collection.slug;
  // PATCH cases rename their own collection; the public one keeps its slug.
  ctx.patchCollectionId = (await call("POST", "/collections", { token, body: { name: "Limits patched", slug: slugOf(30) } })).json.collection.id;
  // A live blog whose desk list issues a cursor past its first entry.
  ctx.liveBlogId = (await call("POST", "/articles", { token, body: { headline: "Limits live", kind: "live" } })).json.article.id;
  for (let i = 0; i < 2; i++) await call("POST", `/articles/${ctx.liveBlogId}/entries`, { token, body: { body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: `Limits entry ${i}` }] }] } } });
  // A published live blog whose entries list and feeds issue a cursor past their first entry.
  const blog = await publishedLiveBlog(token, "Limits live, published");
  ctx.liveSlug = blog.slug;
  for (let i = 0; i < 2; i++) await seedEntry(blog, { text: `Limits public entry ${i}`, at: new Date(Date.UTC(2026, 0, 1, 0, i)) });
  ctx.ids = await bulkArticles(501);
  // The media list issues a cursor only past its first item.
  for (let i = 0; i < 2; i++) await uploadPng(token, { alt: `Limits image ${i}` });
  // So do the redirect lists (editorial and public).
  for (let i = 0; i < 2; i++) await call("POST", "/redirects", { token, body: { from_path: `/limits-${i}`, to_url: "/feed.xml" } });
  // And a webhook's delivery log (two logged attempts; inactive, so nothing is ever sent).
  ctx.webhookId = (await call("POST", "/webhooks", { token, body: { url: "https://hooks.example/limits", events: ["collection.updated"], active: false } })).json.webhook.id;
  for (let i = 0; i < 2; i++)
    await env.DB.prepare("INSERT INTO webhook_deliveries (id, webhook_id, event_id, event_type, attempt, attempted_at, outcome) VALUES (?, ?, ?, 'collection.updated', 1, ?, 'delivered')")
      .bind(`whd_limits${i}`, ctx.webhookId, `msg_limits${i}`, new Date(Date.now() - i * 1000).toISOString())
      .run();
}, 120_000);

const pathOf = (route: string) =>
  route
    .slice(route.indexOf(" ") + 1)
    .replace(":slug/feed", "{scope}")
    .replace("/sections/{scope}", `/sections/${ctx.section}/feed`)
    .replace("/tags/{scope}", `/tags/${ctx.tag}/feed`)
    .replace("/contributors/{scope}", `/contributors/${ctx.person}/feed`)
    .replace("/articles/{scope}", `/articles/${ctx.liveSlug}/feed`)
    .replace("content/v1/articles/:slug/entries", `content/v1/articles/${ctx.liveSlug}/entries`)
    .replace("collections/:slug", `collections/${ctx.collectionSlug}`)
    .replace("collections/:id", `collections/${ctx.patchCollectionId}`)
    .replace("webhooks/:id", `webhooks/${ctx.webhookId}`)
    .replace("editorial/v1/articles/:id/entries", `editorial/v1/articles/${ctx.liveBlogId}/entries`);

async function sendQuery(route: string, params: Record<string, string>): Promise<Res> {
  const path = `${pathOf(route)}?${new URLSearchParams(params)}`;
  if (path.startsWith("/api/editorial/v1")) return call("GET", path.slice("/api/editorial/v1".length), { token });
  return get(path);
}

/** A real cursor from the route's first page of one item. */
async function realCursor(route: string) {
  const res = await sendQuery(route, { limit: "1" });
  const next = res.json?.next_cursor ?? (res.json?.next_url ? new URL(res.json.next_url).searchParams.get("cursor") : null) ?? /cursor=([^&"<]+)/.exec(res.text)?.[1];
  expect(next, `${route} issues a cursor`).toBeTruthy();
  return decodeURIComponent(next);
}

async function sendBody(route: string, field: string, value: unknown): Promise<Res> {
  const [method, template] = route.split(" ") as [string, string];
  let path = pathOf(`${method} ${template}`).slice("/api/editorial/v1".length);
  let body: Record<string, unknown> = { [field]: value };
  if (template.endsWith("/articles")) body = { headline: "Limits", ...body };
  if (template.endsWith("/collections")) body = { name: "Limits", slug: slugOf(40), ...body };
  if (template.endsWith("/tokens")) body = { name: "Limits", ...body };
  if (template.endsWith("/live")) body = { kind: "live", ...body };
  if (template.includes("/articles/:id")) {
    // Publish and schedule change state: each value gets a fresh, publishable article.
    const fresh = template.endsWith(":id") ? ctx.articleId : (await createPublishableArticle(token)).id;
    const current = await call("GET", `/articles/${fresh}`, { token });
    path = path.replace(":id", fresh);
    if (template.endsWith(":id") && field !== "version") body = { version: current.json.article.version, ...body };
  }
  const headers: Record<string, string> = { origin: BASE };
  if (template.endsWith("/working-copy") || template.endsWith("/working-copy/schedule")) {
    // A working copy belongs to a published story and starts from its live ETag.
    const id = path.split("/")[2]!;
    const live = await call("POST", `/articles/${id}/publish`, { token });
    headers["if-match"] = `"${live.json.article.version}"`;
    if (template.endsWith("/schedule")) {
      const wc = await call("PUT", `/articles/${id}/working-copy`, { token, body: { dek: "Scheduled" }, headers });
      headers["if-match"] = wc.json.working_copy.etag;
    }
  }
  const auth = template.endsWith("/tokens") ? { cookie } : { token };
  return call(method, path, { ...auth, body, headers });
}

// Fields whose maximum needs context (existing rows) or whose maximum is refused for another,
// documented reason. Keyed "<route> <field>".
const ARRAYS: Record<string, (n: number) => unknown[]> = {
  tags: (n) => Array.from({ length: n }, (_, i) => `Ünïcødé ${i} ${unique("t")} %_\\ ${EMOJI.repeat(20)}`.slice(0, 100)),
  bylines: (n) => ctx.people.slice(0, n).map((slug) => ({ contributor: slug, role: EMOJI.repeat(40) })),
  related: (n) => Array.from({ length: n }, (_, i) => ({ url: `https://example.org/${i}/${"%25".repeat(600)}`, title: EMOJI.repeat(150), summary: "\\".repeat(1000), source: "%".repeat(200) })),
};

function valuesFor(route: string, field: string, leaf: LeafKind, inBody: boolean): { max: unknown[]; over: unknown[]; expect?: number } {
  switch (leaf.kind) {
    case "like":
      return likeValues;
    case "limit":
      return limitValues;
    case "instant":
      if (field === "published_at") return { max: [instantValues.low], over: [...instantValues.over, instantValues.high] }; // past only (future: schedule)
      if (field === "at") return { max: [instantValues.high], over: [...instantValues.over, instantValues.low] }; // future only
      if (field === "embargoed_until") return { max: [instantValues.high], over: [...instantValues.over, instantValues.low] }; // future only
      if (field === "expires_at") return { max: [daysAhead(365)], over: [...instantValues.over, instantValues.low, daysAhead(367)] }; // ≤ 366 days ahead
      return { max: [instantValues.low, instantValues.high], over: instantValues.over };
    case "cursor":
      return { max: [], over: [overCursor, ...forgedCursors()] }; // real cursors: see below
    case "ids":
      return { max: [ctx.ids.slice(0, leaf.max)], over: [ctx.ids.slice(0, leaf.max + 1)] };
    case "array": {
      const make = ARRAYS[field];
      if (!make) throw new Error(`no element factory for the list field ${route} ${field}: add one to ARRAYS`);
      return { max: [make(leaf.max)], over: [make(leaf.max + 1)] };
    }
    case "number":
      // The largest version is accepted as a version, then refused as stale: 409, never 5xx.
      return { max: [leaf.max], over: [leaf.max + 1, 1e300], ...(((field === "version" && route.startsWith("PATCH")) || field === "base_version") && { expect: 409 }) };
    case "string": {
      if (field === "section") return { max: [ctx.sectionLong], over: [slugOf(leaf.max + 1)] };
      const values = stringValues(leaf.max, leaf);
      // JSON can carry a lone surrogate; D1 cannot store one, so it is refused naming the field.
      return inBody && !leaf.slug && !leaf.url ? { ...values, over: [...values.over, "\ud800" + "x".repeat(leaf.max - 1)] } : values;
    }
  }
}

/** Every query and JSON body schema the app's routes declare. */
const DECLARED = routeInputs(createApp().routes);

/**
 * The routes this suite drives (pathOf and sendBody below know how to reach them). Every route
 * whose input reaches a shared SQL limit (search term, page size, cursor, instant, id list) must be
 * here — the first test below fails otherwise — plus the article writes, whose fields D1 stores.
 */
const EXERCISED = [
  "GET /api/content/v1/articles",
  "GET /api/content/v1/collections/:slug",
  "GET /api/content/v1/redirects",
  "GET /api/editorial/v1/articles",
  "GET /api/editorial/v1/contributors",
  "GET /api/editorial/v1/media",
  "GET /api/editorial/v1/redirects",
  "GET /api/editorial/v1/tags",
  "GET /api/editorial/v1/webhooks/:id/deliveries",
  "GET /api/editorial/v1/audit",
  "GET /api/content/v1/corrections",
  "GET /api/content/v1/articles/:slug/entries",
  ...["/feed", "/sections/:slug/feed", "/tags/:slug/feed", "/contributors/:slug/feed", "/corrections/feed", "/articles/:slug/feed"].flatMap((p) => ["xml", "atom", "json"].map((ext) => `GET ${p}.${ext}`)),
  "PATCH /api/editorial/v1/articles/:id",
  "PATCH /api/editorial/v1/collections/:id",
  "POST /api/editorial/v1/articles",
  "POST /api/editorial/v1/articles/:id/publish",
  "POST /api/editorial/v1/articles/:id/schedule",
  "POST /api/editorial/v1/articles/:id/working-copy/schedule",
  "POST /api/editorial/v1/collections",
  "POST /api/editorial/v1/tokens",
  "PUT /api/editorial/v1/articles/:id/working-copy",
  "PUT /api/editorial/v1/articles/:id/due",
  "PUT /api/editorial/v1/articles/:id/embargo",
  "PUT /api/editorial/v1/articles/:id/live",
  "GET /api/editorial/v1/articles/:id/entries",
];
const ROUTE_INPUTS: Record<string, RouteInputs> = Object.fromEntries(EXERCISED.map((route) => [route, DECLARED[route] ?? {}]));

const CASES = Object.entries(ROUTE_INPUTS).flatMap(([route, inputs]) =>
  (["query", "body"] as const).flatMap((where) =>
    inputs[where] ? Object.entries(limitedFields(inputs[where]!)).map(([field, leaf]) => ({ route, where, field, leaf })) : [],
  ),
);

// The instant helpers themselves, and the rows of an import file: a streamed document checked row by
// row (tests/api/export-import*.test.ts), not a query or body field of its own.
const NOT_ROUTE_INPUTS = /src\/(lib\/(time|cursor|rfc3339)|editorial\/export\/row-schemas)\.ts$/;

// Module globs below leave out the feed widget's element: browser code (it extends HTMLElement,
// which a Worker has not got), bundled for pages by admin/vite.config.ts, never loaded by the Worker.

describe("limits: the table covers what the app serves", () => {
  it("every route listed is served, and lists at least one limited field", () => {
    const served = new Set(createApp().routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path}`));
    for (const route of Object.keys(ROUTE_INPUTS)) expect(served, route).toContain(route);
    for (const route of Object.keys(ROUTE_INPUTS)) expect(CASES.some((c) => c.route === route), route).toBe(true);
  });

  it("every route whose declared input reaches a shared SQL limit is exercised here", () => {
    const shaping = Object.entries(DECLARED)
      .filter(([, i]) => [i.query, i.body].some((s) => s && [...reachable(s)].some((x) => MARKERS.has(x))))
      .map(([route]) => route);
    expect(shaping.length).toBeGreaterThan(15);
    expect(shaping.filter((route) => !EXERCISED.includes(route))).toEqual([]);
  });

  it("every module that checks an instant exports a listed schema (so a date input cannot hide in a route file)", () => {
    const sources = import.meta.glob("../../src/**/*.ts", { query: "?raw", import: "default", eager: true }) as Record<string, string>;
    const modules = import.meta.glob(["../../src/**/*.ts", "!../../src/embed/widget/feed-element.ts"], { eager: true }) as Record<string, Record<string, unknown>>;
    const registered = new Set(Object.values(DECLARED).flatMap((i) => [i.query, i.body]));
    const unlisted = Object.entries(sources)
      .filter(([file, text]) => /\b(isRealInstant|Instant)\b/.test(text) && !NOT_ROUTE_INPUTS.test(file) && /v\.(object|pipe)\(/.test(text))
      .filter(([file]) => !Object.values(modules[file] ?? {}).some((x) => registered.has(x as never)))
      .map(([file]) => file);
    expect(unlisted, `declare their schemas on a route (input("query" | "json", …)): ${unlisted.join(", ")}`).toEqual([]);
  });

  it("every exported schema that uses a shared limit (search, page size, cursor, instant, id list) is listed", () => {
    const registered = new Set(Object.values(DECLARED).flatMap((i) => [i.query, i.body]).flatMap((s) => [...reachable(s)]));
    const modules = import.meta.glob(["../../src/**/*.ts", "!../../src/embed/widget/feed-element.ts"], { eager: true }) as Record<string, Record<string, unknown>>;
    const missing: string[] = [];
    for (const [file, exports] of Object.entries(modules)) {
      for (const [name, value] of Object.entries(exports)) {
        if (!isSchema(value) || MARKERS.has(value) || registered.has(value)) continue;
        const uses = [...reachable(value)].filter((s) => MARKERS.has(s)).map((s) => MARKERS.get(s));
        if (uses.length) missing.push(`${file}: ${name} uses ${uses.join(", ")}`);
      }
    }
    expect(Object.keys(modules).length).toBeGreaterThan(20);
    expect(missing, "declare these on a route (input(…)) or remove them").toEqual([]);
  });

  it("D1 itself refuses a LIKE pattern one byte past 50 (so the cases below test the real limit)", async () => {
    const ok = env.DB.prepare("SELECT 'x' LIKE ? ESCAPE '\\' AS m").bind("%".repeat(LIKE_PATTERN_MAX_BYTES));
    await expect(ok.first()).resolves.toBeTruthy();
    const tooLong = env.DB.prepare("SELECT 'x' LIKE ? ESCAPE '\\' AS m").bind("%".repeat(LIKE_PATTERN_MAX_BYTES + 1));
    await expect(tooLong.first()).rejects.toThrow(/pattern too complex/i);
  });
});

describe("limits: at the maximum it works, one past it is a 400 naming the field", { timeout: 180_000 }, () => {
  for (const { route, where, field, leaf } of CASES) {
    it(`${route} ${where}.${field} (${leaf.kind})`, async () => {
      const { max, over, expect: expected } = valuesFor(route, field, leaf, where === "body");
      for (const value of max) {
        const res = where === "query" ? await sendQuery(route, { [field]: String(value) }) : await sendBody(route, field, value);
        const what = `${route} ${field}=${short(value)}`;
        if (expected) expect(res.status, `${what} → ${short(res.text, 200)}`).toBe(expected);
        else expectWorks(res, what);
      }
      for (const value of over) {
        const res = where === "query" ? await sendQuery(route, { [field]: String(value) }) : await sendBody(route, field, value);
        expectRefused(res, field, `${route} ${field}=${short(value)}`);
      }
      if (leaf.kind === "cursor") {
        const cursor = await realCursor(route);
        expectWorks(await sendQuery(route, { cursor, limit: "1" }), `${route} with its own cursor`);
      }
    });
  }
});

describe("limits: numbers in paths and headers", () => {
  it("sitemap page numbers: real pages work, any other number is a 404, never a 5xx", async () => {
    expect((await get("/sitemap-1.xml")).status).toBe(200);
    for (const n of ["0", "2", "50000", "50001", "99999999999999999999", "9".repeat(400), "0000000001"]) {
      const res = await get(`/sitemap-${n}.xml`);
      expect(res.status, `sitemap-${n}`).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    }
  });

  it("revision numbers and If-Match versions past any real one: 4xx, never a 5xx", async () => {
    for (const n of ["0", "2147483648", "99999999999999999999", "9".repeat(400)]) {
      const rev = await call("GET", `/articles/${ctx.articleId}/revisions/${n}`, { token });
      expect([400, 404], `revision ${n} → ${rev.status} ${rev.text.slice(0, 200)}`).toContain(rev.status);
      const patch = await call("PATCH", `/articles/${ctx.articleId}`, { token, body: { dek: "x" }, headers: { "if-match": `"${n}"` } });
      expect([400, 409], `If-Match ${n} → ${patch.status} ${patch.text.slice(0, 200)}`).toContain(patch.status);
    }
  });
});

describe("limits: instants at the edges of 0000–9999", () => {
  it("an offset that would carry year 0000 to year -1 is refused; year 0000 itself renders everywhere", async () => {
    const a = await createPublishableArticle(token);
    const refused = await call("POST", `/articles/${a.id}/publish`, { token, body: { published_at: "0000-01-01T00:00:00+00:01" } });
    expectRefused(refused, "published_at", "publish at year -1 in UTC");
    const ok = await call("POST", `/articles/${a.id}/publish`, { token, body: { published_at: instantValues.low } });
    expectWorks(ok, "publish at 0000-01-01T00:00:00Z");
    const { slug, section } = ok.json.article;
    for (const path of ["xml", "atom", "json"].map((ext) => `/sections/${section.slug}/feed.${ext}`).concat(`/api/content/v1/articles/${slug}`, "/sitemap.xml")) {
      const res = await get(path);
      expect(res.status, `${path} → ${short(res.text, 200)}`).toBe(200);
      // The sitemap's lastmod is the last change, not the publication date.
      if (!path.startsWith("/sitemap")) expect(res.text, path).toMatch(/0000-01-01|Jan 0000/);
    }
  });
});

describe("limits: LIKE searches escape their wildcards", () => {
  it("% _ and \\ match only themselves in every editorial search", async () => {
    const stem = unique("esc").replace(/-/g, "");
    const names = [`${stem} 100% sure`, `${stem} 1000 things`, `${stem} a_b`, `${stem} axb`, `${stem} back\\slash`];
    for (const name of names) {
      await createContributor(token, "person", name);
      await call("POST", "/tags", { token, body: { name } });
      await createPublishableArticle(token, { headline: name });
    }
    const search = async (path: string, q: string, key: string) =>
      ((await call("GET", `${path}?${new URLSearchParams({ q })}`, { token })).json[key] as any[])
        .map((r) => (r.name ?? r.headline) as string)
        .filter((n) => n.startsWith(stem));
    for (const [path, key] of [["/contributors", "contributors"], ["/tags", "tags"], ["/articles", "articles"]] as const) {
      // "0% s", not "0%": the tag search also matches slugs, where "0%" folds to "0" ("1000-things").
      expect(await search(path, "0% s", key), path).toEqual([`${stem} 100% sure`]);
      expect(await search(path, "a_b", key), path).toEqual([`${stem} a_b`]);
      expect(await search(path, "k\\s", key), path).toEqual([`${stem} back\\slash`]);
    }
  });
});

describe("limits: a collection at its maximum", () => {
  it("500 article ids save in order and read back whole; the public page pages through them", async () => {
    const ids = ctx.ids.slice(0, 500);
    const res = await call("POST", "/collections", { token, body: { name: "Five hundred", article_ids: ids } });
    expectWorks(res, "collection of 500");
    const back = await call("GET", `/collections/${res.json.collection.id}`, { token });
    expect(back.json.collection.articles.map((a: { id: string }) => a.id)).toEqual(ids);
    const patched = await call("PATCH", `/collections/${res.json.collection.id}`, { token, body: { article_ids: [...ids].reverse() } });
    expect(patched.json.collection.articles.map((a: { id: string }) => a.id)).toEqual([...ids].reverse());
  });
});

