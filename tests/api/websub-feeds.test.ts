// WebSub discovery on the live feeds (W3C WebSub §4): with WEBSUB_HUBS set, every feed in every
// format and scope names each hub and itself in the document AND in the HTTP Link header (a
// subscriber may look at either); without it, neither. The Worker is called with its env changed,
// as a deploy with the variable set would run it.
import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { parseAtomFeed, parseRssFeed } from "feedsmith";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { BASE, call, tokenFor } from "../helpers/api";
import { assertMatchesSpec } from "../helpers/contract";
import { createPublishableArticle } from "../helpers/newsroom";
import { feedPathsFor } from "../helpers/public";

// Two hubs, one spelled with a trailing comma and a duplicate, one junk entry: configuredHubs keeps
// the two valid ones in order.
const HUBS = ["https://hub-one.example/", "https://hub-two.example/publish"];
const WEBSUB_HUBS = `${HUBS[0]}, ${HUBS[1]}\n${HUBS[0]}, not-a-url,`;

async function fetchFeed(path: string, extra: Partial<Env> = {}, headers: Record<string, string> = {}) {
  const ctx = createExecutionContext();
  const res = await createApp().fetch(new Request(`${BASE}${path}`, { headers }), { ...env, ...extra } as Env, ctx);
  await waitOnExecutionContext(ctx);
  const seen = { status: res.status, headers: res.headers, text: await res.text() };
  // The Link header and the JSON Feed's `hubs` are declared in the content document.
  await assertMatchesSpec("GET", `${BASE}${path}`, seen);
  return seen;
}

/** The hubs and self a document names, whatever its format. */
function documentLinks(path: string, text: string) {
  if (path.endsWith(".json")) {
    const feed = JSON.parse(text);
    return { hubs: (feed.hubs ?? []).map((h: { type: string; url: string }) => (h.type === "WebSub" ? h.url : `?${h.type}`)), self: [feed.feed_url] };
  }
  const links: { rel?: string; href?: string }[] = (path.endsWith(".xml") ? parseRssFeed(text).atom?.links : parseAtomFeed(text).links) ?? [];
  return { hubs: links.filter((l) => l.rel === "hub").map((l) => l.href), self: links.filter((l) => l.rel === "self").map((l) => l.href) };
}

let paths: string[] = [];

beforeAll(async () => {
  const { token } = await tokenFor("editor");
  const a = await createPublishableArticle(token, { tags: ["Harbour"] });
  const published = await call("POST", `/articles/${a.id}/publish`, { token });
  expect(published.status).toBe(200);
  // Site, section, tag and contributor, in RSS, Atom and JSON Feed.
  paths = feedPathsFor(published.json.article);
  expect(paths).toHaveLength(12);
});

describe("WebSub discovery on every feed", () => {
  it("without WEBSUB_HUBS: no hub in any document and no Link header", async () => {
    for (const path of paths) {
      const res = await fetchFeed(path, { WEBSUB_HUBS: "" });
      expect(res.status, path).toBe(200);
      expect(res.headers.get("link"), path).toBeNull();
      expect(documentLinks(path, res.text), path).toEqual({ hubs: [], self: [`${BASE}${path}`] });
    }
  });

  it("with WEBSUB_HUBS: each hub and self in the document and the Link header, also on a cache hit", async () => {
    const link = `<${HUBS[0]}>; rel="hub", <${HUBS[1]}>; rel="hub", <${BASE}${"PATH"}>; rel="self"`;
    for (const path of paths) {
      // The copies cached by the test above (same content version) named no hub: they must not be served here.
      for (const state of ["miss", "hit"]) {
        const res = await fetchFeed(path, { WEBSUB_HUBS });
        expect(res.status, path).toBe(200);
        expect(res.headers.get("x-copydesk-cache"), path).toBe(state);
        expect(res.headers.get("link"), path).toBe(link.replace("PATH", path));
        expect(documentLinks(path, res.text), path).toEqual({ hubs: HUBS, self: [`${BASE}${path}`] });
      }
    }
  });

  it("self is the URL asked for, query and all; a 304 keeps the Link header", async () => {
    const path = "/feed.atom?limit=5";
    const first = await fetchFeed(path, { WEBSUB_HUBS });
    expect(first.headers.get("link")).toBe(`<${HUBS[0]}>; rel="hub", <${HUBS[1]}>; rel="hub", <${BASE}/feed.atom?limit=5>; rel="self"`);
    expect(documentLinks(path, first.text).self).toEqual([`${BASE}/feed.atom?limit=5`]);
    const again = await fetchFeed(path, { WEBSUB_HUBS }, { "if-none-match": first.headers.get("etag")! });
    expect(again.status).toBe(304);
    expect(again.headers.get("link")).toBe(first.headers.get("link"));
  });

  it("only junk in WEBSUB_HUBS is the same as none", async () => {
    const res = await fetchFeed("/feed.json", { WEBSUB_HUBS: "ftp://hub.example/ , //no-scheme, https://user:pw@hub.example/" });
    expect(res.headers.get("link")).toBeNull();
    expect(JSON.parse(res.text).hubs).toBeUndefined();
  });
});
