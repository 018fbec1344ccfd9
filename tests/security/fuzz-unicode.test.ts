// The whole of Unicode against the editorial and public routes: any code unit including lone
// surrogates, grapheme clusters (ZWJ families, flags, stacked combining marks), RTL overrides and
// isolates, NUL and other controls, and lists at their maximum lengths. Nothing may answer 5xx, and
// every refusal is a problem+json. Requests go in small parallel groups (16) so the Worker overlaps
// them; over 10,000 in all. D1 serialises statements, so the run time is about 10,000 × (one or two
// D1 round trips): well under a minute on an idle 2-core machine, minutes when it is shared.
import { env } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { COLLECTION_MAX_ITEMS } from "../../src/editorial/collections/domain";
import { API, BASE, call, tokenFor } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";

const GROUP = 16;
let token = "";
let articleId = "";
let collectionId = "";
let requests = 0;

type Res = { status: number; headers: Headers; text: string };
function expectHarmless(res: Res, what: string) {
  requests++;
  // Array.from: a failure message must not end in half a surrogate pair (the runner's socket wants UTF-8).
  expect(res.status, `${what} → ${res.status} ${Array.from(res.text).slice(0, 200).join("")}`).toBeLessThan(500);
  if (res.status >= 400) expect(res.headers.get("content-type"), what).toMatch(/^application\/problem\+json/);
}

// Pieces that break naive code: each is one "character" to a reader and several to a computer.
const HOSTILE = [
  "\u0000", "\u0007", "\u001b[31m", "\u007f", "\u0085", "\u00a0", "\u200b", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202e", "\u2066",
  "\u2067", "\u2069", "\u2028", "\u2029", "\ufeff", "\ufffd", "\uffff", "\ud800", "\udfff", "\udbff\udfff", "👩‍👩‍👧‍👦", "🇺🇦", "🏳️‍🌈", "e\u0301\u0302\u0303\u0304",
  "Z̸̢̛̤̮̼͖̭̰̓̈́̀͗͌̃͝a̵̧͎̘̗̓l̶̨̰̈́g̴̝̈́o̸͍̓", "ש\u05b8ל\u05b9ום", "مرحبا", "𝕳𝖊𝖑𝖑𝖔", "%", "_", "\\", "'", '"', "<", "]]>", "&amp;", "\r\n",
];
const text = (maxLength: number) =>
  fc
    .oneof(
      fc.string({ unit: "binary", maxLength }),
      fc.string({ unit: "grapheme", maxLength: Math.ceil(maxLength / 4) }),
      fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: "grapheme-composite", maxLength: 3 })), { maxLength: Math.ceil(maxLength / 3) }).map((a) => a.join("")),
    )
    .map((s) => s.slice(0, maxLength));

// The Worker's own app with its real bindings, called in this isolate: the same middleware, routes,
// D1 and cache as through the entrypoint, without a service hop per request (about 3 ms each here).
const app = createApp();
async function send(method: string, url: string, opts: { body?: unknown; auth?: boolean } = {}): Promise<Res> {
  const headers = new Headers({ origin: BASE });
  if (opts.auth) headers.set("authorization", `Bearer ${token}`);
  if (opts.body !== undefined) headers.set("content-type", "application/json");
  const req = new Request(url, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const res = await app.fetch(req, env, createExecutionContext());
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** A short list, or one at its maximum length or one past it (fast-check alone favours short ones). */
const list = <T>(item: fc.Arbitrary<T>, max: number) =>
  fc.oneof(fc.array(item, { maxLength: 3 }), fc.array(item, { minLength: max, maxLength: max + 1 }));

// Query strings and paths cannot carry a lone surrogate (percent-encoding is of UTF-8 bytes), so
// they get the well-formed version; JSON bodies get the raw one.
const wellFormed = (s: string) => s.replace(/[\ud800-\udfff]/g, (c, i, all) => (/[\ud800-\udbff][\udc00-\udfff]/.test(all.slice(i, i + 2)) || /[\ud800-\udbff][\udc00-\udfff]/.test(all.slice(i - 1, i + 1)) ? c : "\ufffd"));
const qs = (params: Record<string, string>) => new URLSearchParams(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, wellFormed(v)]))).toString();
const seg = (s: string) => encodeURIComponent(wellFormed(s)) || "x";

// One generated request: a description and a function that sends it.
type Req = { what: string; send: () => Promise<Res> };
const editorialGet = (path: string) => send("GET", `${API}${path}`, { auth: true });
const write = (method: string, path: string, body: unknown) => send(method, `${API}${path}`, { auth: true, body });
const get = (path: string) => send("GET", `${BASE}${path}`);

const searches: fc.Arbitrary<Req> = fc.tuple(fc.constantFrom("/articles", "/contributors", "/tags"), text(60), fc.constantFrom("", "1", "100", "101")).map(([path, q, limit]) => ({
  what: `GET ${path}?q`,
  send: () => editorialGet(`${path}?${qs(limit && path === "/articles" ? { q, limit } : { q })}`),
}));

const publicReads: fc.Arbitrary<Req> = fc
  .tuple(
    fc.constantFrom("/api/content/v1/articles", "/feed.xml", "/feed.atom", "/feed.json", "/api/content/v1/articles/{s}", "/tags/{s}/feed.xml", "/contributors/{s}/feed.json", "/api/content/v1/tags/{s}", "/media/{s}", "/sitemap-{s}.xml"),
    text(120),
    fc.dictionary(fc.constantFrom("q", "since", "until", "cursor", "limit", "section", "tag", "collection"), text(80), { maxKeys: 3 }),
  )
  .map(([template, s, params]) => ({ what: `GET ${template}`, send: () => get(`${template.replace("{s}", seg(s))}?${qs(params)}`) }));

const articleWrites: fc.Arbitrary<Req> = fc
  .record({
    headline: text(300),
    dek: fc.option(text(500)),
    summary: fc.option(text(1000)),
    tags: list(text(100), 20),
    bylines: list(fc.record({ contributor: text(20), role: fc.option(text(80)) }), 20),
    related: list(fc.record({ url: text(40).map((s) => `https://example.org/${s}`), title: text(300) }), 20),
    body: fc.array(text(200), { maxLength: 5 }).map((ps) => ({ type: "doc", content: ps.map((t) => ({ type: "paragraph", content: t ? [{ type: "text", text: t }] : [] })) })),
  })
  .chain((a) => fc.constantFrom<Req>(
    { what: "POST /articles", send: () => write("POST", "/articles", a) },
    { what: "PATCH /articles/{id}", send: () => write("PATCH", `/articles/${articleId}`, { ...a, version: 1 }) },
  ));

const taxonomyWrites: fc.Arbitrary<Req> = fc.tuple(text(200), text(2000), fc.constantFrom("person", "organization")).chain(([name, bio, kind]) =>
  fc.constantFrom<Req>(
    { what: "POST /contributors", send: () => write("POST", "/contributors", { kind, name, bio }) },
    { what: "POST /tags", send: () => write("POST", "/tags", { name, description: bio }) },
    { what: "POST /sections", send: () => write("POST", "/sections", { name, description: bio }) },
  ),
);

// Id lists at their maximum length and one past it, full of ids that do not exist.
const idLists: fc.Arbitrary<Req> = fc.tuple(fc.constantFrom(COLLECTION_MAX_ITEMS, COLLECTION_MAX_ITEMS + 1, 101, 100), text(64)).map(([n, id]) => ({
  what: `PATCH /collections/{id} with ${n} ids`,
  send: () => write("PATCH", `/collections/${collectionId}`, { article_ids: Array.from({ length: n }, (_, i) => `${id}${i}`.slice(-64)) }),
}));

const anyRequest = fc.oneof(
  { weight: 4, arbitrary: searches },
  { weight: 4, arbitrary: publicReads },
  { weight: 2, arbitrary: articleWrites },
  { weight: 1, arbitrary: taxonomyWrites },
  { weight: 1, arbitrary: idLists },
);

beforeAll(async () => {
  token = (await tokenFor("admin")).token;
  const a = await createPublishableArticle(token, { tags: ["Unicode ✓"] });
  await call("POST", `/articles/${a.id}/publish`, { token });
  articleId = a.id;
  collectionId = (await call("POST", "/collections", { token, body: { name: "Unicode picks", article_ids: [a.id] } })).json.collection.id;
});

describe("fuzz with the whole of Unicode: no 5xx anywhere", { timeout: 900_000 }, () => {
  it("sends over 10,000 requests in groups of sixteen", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyRequest, { minLength: GROUP, maxLength: GROUP }), async (group) => {
        const results = await Promise.all(group.map((r) => r.send()));
        results.forEach((res, i) => expectHarmless(res, group[i]!.what));
      }),
      { numRuns: Math.ceil(10_200 / GROUP) },
    );
    expect(requests).toBeGreaterThanOrEqual(10_000);
  });
});
