// The Worker answers a public cache hit it can key from memory before the app (src/public/fast-hit.ts).
// Whichever way a hit is answered, readers must get the same thing: the same status, every header
// (CORS, security, cache, the bench's statement count) and the same bytes as the app's own answer.
// Feed readers' conditional GETs get the same 304, HEAD the same bodiless answer. And what the fast
// path leaves to the app (another Host, the bench's faults, other routes) it must really leave.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { fastHit } from "../../src/public/fast-hit";
import { BASE, call, tokenFor } from "../helpers/api";
import { createContributor, createSection, createArticle } from "../helpers/newsroom";
import { ghostKey } from "../helpers/public-surfaces";
import { VERSION_BOUND_MS } from "../../src/cache/version-memo";
import { advanceClock, freezeClock } from "../helpers/outage";

const app = createApp();
let paths: string[] = [];
let key = "";

beforeAll(async () => {
  const { token } = await tokenFor("editor");
  const section = await createSection(token, "Fast desk");
  const person = await createContributor(token, "person", "Fast Reporter");
  const a = await createArticle(token, { section: section.slug, bylines: [{ contributor: person.slug }], tags: ["Fast tag"] });
  const res = await call("POST", `/articles/${a.id}/publish`, { token });
  if (res.status !== 200) throw new Error(`publish: ${res.status} ${res.text}`);
  const { slug, tags } = res.json.article as { slug: string; tags: { slug: string }[] };
  key = await ghostKey((await tokenFor("admin")).token);
  paths = [
    "/feed.xml",
    "/feed.json?limit=5&b=1&a=2",
    `/tags/${tags[0]!.slug}/feed.atom`,
    "/api/content/v1/articles?limit=3",
    `/api/content/v1/articles/${slug}`,
    // Its own CSP (frame-ancestors *): no X-Frame-Options added.
    `/embed/v1/article/${slug}`,
    "/sitemap.xml",
    // The Ghost-compatible API, for a key the app has just found active.
    `/ghost/api/content/posts/?key=${key}&include=authors,tags`,
    `/ghost/api/content/posts/slug/${slug}/?key=${key}`,
  ];
});

async function answered(res: Response) {
  return { status: res.status, headers: [...res.headers], body: new Uint8Array(await res.arrayBuffer()) };
}

/** The fast path's answer and the app's to the same request, on the same kept version. */
async function both(path: string, e: Env = env, init: RequestInit = {}) {
  const ctx = createExecutionContext();
  const fast = await fastHit(new Request(`${BASE}${path}`, init), e, ctx);
  const slow = await app.fetch(new Request(`${BASE}${path}`, init), e, ctx);
  await waitOnExecutionContext(ctx);
  return { fast, slow };
}

describe("a hit answered before the app", { timeout: 30_000 }, () => {
  it("is byte- and header-identical to the app's answer", async () => {
    freezeClock();
    for (const path of paths) {
      // The miss stores the copy and keeps the version in this isolate.
      const miss = await exports.default.fetch(new Request(`${BASE}${path}`));
      expect(miss.headers.get("x-copydesk-cache"), path).toBe("miss");
      await miss.arrayBuffer();
      const { fast, slow } = await both(path);
      expect(fast, path).not.toBeNull();
      const f = await answered(fast!);
      expect(f.headers, path).toContainEqual(["x-copydesk-cache", "hit"]);
      expect(f, path).toEqual(await answered(slow));
      // And through the Worker's own entry point.
      expect(await answered(await exports.default.fetch(new Request(`${BASE}${path}`))), path).toEqual(f);
    }
  });

  it("says the bench's statement count as the app does (none)", async () => {
    freezeClock();
    const bench = { ...env, BENCH: "1" } as Env;
    await (await exports.default.fetch(new Request(`${BASE}${paths[0]}`))).arrayBuffer();
    const { fast, slow } = await both(paths[0]!, bench);
    const f = await answered(fast!);
    expect(f.headers).toContainEqual(["x-d1-statements", "0"]);
    expect(f).toEqual(await answered(slow));
  });

  it("answers conditional GETs with the app's 304, or its 200 when the copy changed, and HEAD as the app does", async () => {
    freezeClock();
    const path = paths[1]!;
    const first = await exports.default.fetch(new Request(`${BASE}${path}`));
    await first.arrayBuffer();
    const etag = (await exports.default.fetch(new Request(`${BASE}${path}`))).headers.get("etag")!;
    const lastModified = first.headers.get("last-modified")!;
    const cases: Record<string, string>[] = [
      { "if-none-match": etag },
      { "if-none-match": `"other", ${etag}` },
      { "if-none-match": '"other"' },
      { "if-modified-since": lastModified },
      { "if-modified-since": new Date(Date.parse(lastModified) - 60_000).toUTCString() },
    ];
    const statuses: number[] = [];
    for (const headers of cases) {
      const { fast, slow } = await both(path, env, { headers });
      const f = await answered(fast!);
      statuses.push(f.status);
      expect(f, JSON.stringify(headers)).toEqual(await answered(slow));
    }
    expect(statuses).toEqual([304, 304, 200, 304, 200]);
    for (const headers of [{}, { "if-none-match": etag }] as Record<string, string>[]) {
      const { fast, slow } = await both(path, env, { method: "HEAD", headers });
      const f = await answered(fast!);
      expect(f.body.byteLength).toBe(0);
      expect(f, `HEAD ${JSON.stringify(headers)}`).toEqual(await answered(slow));
    }
  });

  it("leaves another Host and the bench's own requests to the app", async () => {
    freezeClock();
    const path = paths[0]!;
    await (await exports.default.fetch(new Request(`${BASE}${path}`))).arrayBuffer();
    const ctx = createExecutionContext();
    const left = async (e: Env, init: RequestInit = {}, url = `${BASE}${path}`) => fastHit(new Request(url, init), e, ctx);
    expect(await left(env)).not.toBeNull();
    expect(await left({ ...env, PUBLIC_API_ORIGIN: "https://api.example.org" } as Env)).toBeNull();
    expect(await left({ ...env, PUBLIC_API_ORIGIN: "not an origin" } as Env)).toBeNull();
    expect(await left({ ...env, BENCH: "1" } as Env, { headers: { "x-copydesk-bypass-cache": "1" } })).toBeNull();
    expect(await left(env, {}, `${BASE}/api/editorial/v1/articles`)).toBeNull();
    expect(await left(env, { method: "OPTIONS" })).toBeNull();
    await waitOnExecutionContext(ctx);
  });

  it("answers the Ghost-compatible API only for a key the app found active within the bound", async () => {
    freezeClock();
    const ghost = (k: string) => `${BASE}/ghost/api/content/posts/?key=${k}&limit=2`;
    // The app checks the key in D1 (and keeps it) on the miss that stores the copy.
    await (await exports.default.fetch(new Request(ghost(key)))).arrayBuffer();
    const ctx = createExecutionContext();
    const left = async (url: string) => fastHit(new Request(url), env, ctx);
    const hit = await left(ghost(key));
    expect(hit?.headers.get("x-copydesk-cache")).toBe("hit");
    await hit!.arrayBuffer();
    expect(await left(ghost("not-a-key"))).toBeNull();
    expect(await left(`${BASE}/ghost/api/content/posts/?limit=2`)).toBeNull();
    // A key is trusted for the version's bound (a revocation elsewhere shows within it), even when
    // the version itself was read again since (here by a feed's miss): then the app checks it in D1.
    advanceClock(VERSION_BOUND_MS);
    await (await exports.default.fetch(new Request(`${BASE}/feed.xml?limit=3`))).arrayBuffer();
    expect(await left(`${BASE}/feed.xml?limit=3`)).not.toBeNull();
    expect(await left(ghost(key))).toBeNull();
    await waitOnExecutionContext(ctx);
  });

  it("looks a key up once on a miss: the app renders without matching what the fast path just missed", async () => {
    freezeClock();
    await (await exports.default.fetch(new Request(`${BASE}/feed.xml`))).arrayBuffer();
    const spy = vi.spyOn(caches.default, "match");
    try {
      const res = await exports.default.fetch(new Request(`${BASE}/feed.xml?limit=7`));
      expect(res.headers.get("x-copydesk-cache")).toBe("miss");
      await res.arrayBuffer();
      const versioned = spy.mock.calls.map(([k]) => String(k instanceof Request ? k.url : k)).filter((k) => !k.includes("/last-good/"));
      expect(versioned).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });
});

