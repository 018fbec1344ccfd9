// Where the public cache keeps a URL's copies (cacheAddress in src/public/cache.ts). A hit builds
// the key without parsing a URL that has no query, and keeps the configuration's part across
// requests: both must give the keys the URL parser and a fresh read of the configuration would.
import { describe, expect, it } from "vitest";
import { cacheAddress } from "../../src/public/cache";

const env = (o: Partial<Env> = {}) => ({ WEBSUB_HUBS: "", ...o }) as Env;
const ROOT = "https://public-cache.copydesk.internal";

describe("cacheAddress", () => {
  it("keys a URL by scheme, host, path and its query in a canonical order", () => {
    const plain = cacheAddress(env(), "https://news.example/feed.xml");
    expect(plain.lastGood).toBe(`${ROOT}/last-good/local/https/news.example/feed.xml`);
    expect(plain.versioned("v1")).toBe(`${ROOT}/local/v1/https/news.example/feed.xml`);
    expect(cacheAddress(env(), "http://news.example:8787/feed.xml").lastGood).toBe(`${ROOT}/last-good/local/http/news.example:8787/feed.xml`);
    const query = cacheAddress(env(), "https://news.example/api/content/v1/articles?limit=5&cursor=a%20b");
    expect(query.lastGood).toBe(`${ROOT}/last-good/local/https/news.example/api/content/v1/articles?cursor=a+b&limit=5`);
    expect(cacheAddress(env(), "https://news.example/api/content/v1/articles?cursor=a+b&limit=5").lastGood).toBe(query.lastGood);
  });

  it("follows the configuration when it changes: the deployed version and the WebSub hubs", () => {
    const url = "https://news.example/feed.xml";
    const before = cacheAddress(env(), url).versioned("v1");
    const hubs = cacheAddress(env({ WEBSUB_HUBS: "https://hub.example/" }), url).versioned("v1");
    expect(hubs).toBe(`${ROOT}/local/v1/hubs=${encodeURIComponent("https://hub.example/")}/https/news.example/feed.xml`);
    const deployed = cacheAddress(env({ CF_VERSION_METADATA: { id: "abc", tag: "", timestamp: "" } }), url).versioned("v1");
    expect(deployed).toBe(`${ROOT}/abc/v1/https/news.example/feed.xml`);
    expect(cacheAddress(env(), url).versioned("v1")).toBe(before);
  });
});
