// Public middleware (CORS, the D1 read session, the content-version read and the cache) runs for
// public routes only; unknown paths are answered before anything reads D1; and a forged Host can
// never change what the public cache serves to everybody else.
import { env, exports } from "cloudflare:workers";
import { createExecutionContext } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { BASE, call, tokenFor } from "../helpers/api";
import { assertMatchesSpec } from "../helpers/contract";
import { createPublishableArticle, uploadPng } from "../helpers/newsroom";
import { checked } from "../helpers/public";

// Every way of reaching D1 through the binding. Counting accesses (not statements) makes the trap
// fail on a session being opened too, which is what the public middleware does first.
const D1_ENTRY_POINTS = new Set(["prepare", "batch", "exec", "withSession", "dump"]);

function trappedEnv(extra: Record<string, string> = {}) {
  const touched: string[] = [];
  const DB = new Proxy(env.DB, {
    get(target, prop, receiver) {
      if (typeof prop === "string" && D1_ENTRY_POINTS.has(prop)) touched.push(prop);
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { env: { ...env, ...extra, DB } as Env, touched };
}

async function fetchTrapped(url: string, init: RequestInit = {}, extra: Record<string, string> = {}) {
  const { env: trapped, touched } = trappedEnv(extra);
  const res = await createApp().fetch(new Request(url, init), trapped, createExecutionContext());
  const seen = { status: res.status, headers: res.headers, text: await res.text() };
  // Checked against the documents like every other answer (the document itself is read untrapped).
  await assertMatchesSpec(init.method ?? "GET", url, seen);
  return { ...seen, touched };
}

let token = "";
let slug = "";
let mediaId = "";

beforeAll(async () => {
  token = (await tokenFor("editor")).token;
  const image = await uploadPng(token, { alt: "A photo" });
  mediaId = image.id;
  const article = await createPublishableArticle(token, { featured_image: { media_id: image.id } });
  const published = await call("POST", `/articles/${article.id}/publish`, { token });
  slug = published.json.article.slug;
});

describe("unknown paths: 404 problem+json, no CORS, no D1", () => {
  const UNKNOWN_EDITORIAL = ["/api/editorial/v1/nope", "/api/editorial/v1/articles/x/nope", "/api/editorial/v1/", "/api/editorial/v1/tokens/a/b/c"];
  const UNKNOWN_PUBLIC = ["/api/content/v1/nope", "/api/content/v1/articles/a/b", "/feed.rss", "/sitemap-x.xml", "/tags/x/feed.yaml", "/nope", "/media/a/b"];

  for (const path of [...UNKNOWN_EDITORIAL, ...UNKNOWN_PUBLIC]) {
    it(`GET ${path}, anonymous, with a bearer token and with a cookie`, async () => {
      const variants: Record<string, string>[] = [{}, { authorization: `Bearer ${token}` }, { cookie: "copydesk_session=abc", origin: "https://evil.example" }];
      for (const headers of variants) {
        const res = await fetchTrapped(`${BASE}${path}`, { headers: { origin: "https://evil.example", ...headers } });
        expect(res.status, path).toBe(404);
        expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(res.text).code).toBe("not_found");
        expect(res.headers.get("access-control-allow-origin"), path).toBeNull();
        expect(res.touched, `${path} read D1`).toEqual([]);
      }
    });
  }

  it("a CORS preflight or a write to an unknown editorial path gets no CORS either", async () => {
    const preflight = await fetchTrapped(`${API_PATH}/nope`, {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(404);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.touched).toEqual([]);
    const post = await fetchTrapped(`${API_PATH}/nope`, { method: "POST", headers: { "content-type": "application/json", origin: BASE }, body: "{}" });
    expect(post.status).toBe(404);
    expect(post.touched).toEqual([]);
  });

  it("known editorial routes never answer CORS, preflight included", async () => {
    const list = await call("GET", "/articles", { token, headers: { origin: "https://evil.example" } });
    expect(list.status).toBe(200);
    expect(list.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await exports.default.fetch(
      new Request(`${API_PATH}/articles`, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "GET" } }),
    );
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("the trap does catch D1 reads: a public route opens its session and answers CORS", async () => {
    const feed = await fetchTrapped(`${BASE}/feed.json`, { headers: { origin: "https://site.example" } });
    expect(feed.status).toBe(200);
    expect(feed.headers.get("access-control-allow-origin")).toBe("*");
    expect(feed.touched).toContain("withSession");
    const preflight = await fetchTrapped(`${BASE}/api/content/v1/articles`, {
      method: "OPTIONS",
      headers: { origin: "https://site.example", "access-control-request-method": "GET" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
  });
});

const API_PATH = `${BASE}/api/editorial/v1`;

describe("a forged Host cannot poison the public cache", () => {
  const EVIL = "http://evil.example";

  it("without PUBLIC_API_ORIGIN: each host gets its own copy, so the normal one links to us", async () => {
    for (const path of [`/api/content/v1/articles/${slug}`, "/feed.json", "/feed.xml?limit=1"]) {
      // The attacker asks first, so a path-only cache key would hand their copy to everyone.
      const forged = await checked(await exports.default.fetch(new Request(`${EVIL}${path}`)), `${EVIL}${path}`);
      expect(forged.status, path).toBe(200);
      expect(await forged.text(), path).toContain(EVIL);
      const normal = await checked(await exports.default.fetch(new Request(`${BASE}${path}`)), `${BASE}${path}`);
      const text = await normal.text();
      expect(normal.status, path).toBe(200);
      expect(text, path).not.toContain("evil.example");
      expect(text, path).toContain(`${BASE}/`);
    }
  });

  it("with PUBLIC_API_ORIGIN: other hosts get 421, and links come from the configuration", async () => {
    const config = { PUBLIC_API_ORIGIN: "https://api.news.example" };
    const forged = await fetchTrapped(`${EVIL}/api/content/v1/articles/${slug}`, {}, config);
    expect(forged.status).toBe(421);
    expect(JSON.parse(forged.text).code).toBe("misdirected_request");
    // Refused before the cache: not even the content version was read.
    expect(forged.touched).toEqual([]);

    const ok = await fetchTrapped(`https://api.news.example/api/content/v1/articles/${slug}`, {}, config);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text).article.featured_image.url).toBe(`https://api.news.example/media/${mediaId}`);
    const feed = await fetchTrapped("https://api.news.example/feed.json?limit=1", {}, config);
    const json = JSON.parse(feed.text);
    expect(json.feed_url).toBe("https://api.news.example/feed.json?limit=1");
    expect(json.next_url ?? "https://api.news.example/").toMatch(/^https:\/\/api\.news\.example\//);
  });

  it("with PUBLIC_API_ORIGIN: the editorial API's media URLs come from it too, whatever the Host", async () => {
    const config = { PUBLIC_API_ORIGIN: "https://api.news.example" };
    const res = await fetchTrapped(`${EVIL}/api/editorial/v1/media/${mediaId}`, { headers: { authorization: `Bearer ${token}` } }, config);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).media.url).toBe(`https://api.news.example/media/${mediaId}`);
  });
});
