// Every change readers can see must replace the content version in the same batch as the change,
// so the very next public request misses the cache. Each case first makes sure the old page is
// *in* the cache (a hit), so a write that forgets the bump serves that stale copy and fails here.
import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { BASE, call, tokenFor } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";
import { get } from "../helpers/public";

const FEED = "/feed.json?limit=100";
const inFeed = async (headline: string) => {
  const res = await get(FEED);
  return (res.json.items as { title: string }[]).some((i) => i.title === headline);
};

/** Requests a page twice, so it is cached, and checks the second answer came from the cache. */
async function warm(path: string) {
  await get(path);
  const again = await get(path);
  expect(again.headers.get("x-copydesk-cache"), path).toBe("hit");
  return again;
}

async function livePublished(token: string, headline: string) {
  const a = await createPublishableArticle(token, { headline });
  const res = await call("POST", `/articles/${a.id}/publish`, { token });
  expect(res.status).toBe(200);
  return res.json.article as { id: string; slug: string; version: number };
}

// The first case also loads and compiles the documents every response is checked against.
describe("the public cache after a change readers can see", { timeout: 20_000 }, () => {
  const ways: [string, (token: string, id: string) => Promise<{ status: number }>][] = [
    ["unpublishing", (token, id) => call("POST", `/articles/${id}/unpublish`, { token })],
    ["archiving", (token, id) => call("POST", `/articles/${id}/archive`, { token })],
    ["scheduling again", (token, id) => call("POST", `/articles/${id}/schedule`, { token, body: { at: "2099-01-01T00:00:00Z" } })],
    ["deleting", (token, id) => call("DELETE", `/articles/${id}`, { token })],
  ];
  for (const [way, act] of ways) {
    it(`${way} a published story takes it out of the next feed and article response`, async () => {
      const { token } = await tokenFor("editor");
      const headline = `Leaving by ${way} ${crypto.randomUUID()}`;
      const live = await livePublished(token, headline);
      const page = `/api/content/v1/articles/${live.slug}`;
      expect((await warm(page)).status).toBe(200);
      await warm(FEED);
      expect(await inFeed(headline)).toBe(true);

      expect((await act(token, live.id)).status).toBeLessThan(300);
      expect((await get(page)).status, page).toBe(404);
      expect(await inFeed(headline), FEED).toBe(false);
    });
  }

  it("publishing puts a story into the next feed, and editing it changes the next copy", async () => {
    const { token } = await tokenFor("editor");
    const headline = `Arriving ${crypto.randomUUID()}`;
    const a = await createPublishableArticle(token, { headline });
    await warm(FEED);
    expect(await inFeed(headline)).toBe(false);
    const published = await call("POST", `/articles/${a.id}/publish`, { token });
    expect(await inFeed(headline)).toBe(true);

    await warm(FEED);
    const renamed = `${headline} (corrected)`;
    const edit = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": `"${published.json.article.version}"` }, body: { headline: renamed } });
    expect(edit.status).toBe(200);
    expect(await inFeed(renamed)).toBe(true);
  });
});

describe("a public miss", () => {
  it("is kept by nobody, so the story that takes its place is seen at once", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { headline: `Not yet ${crypto.randomUUID()}` });
    for (const path of [`/api/content/v1/articles/${a.slug}`, `/oembed?url=${encodeURIComponent(`${BASE}/world/${a.slug}`)}`, "/api/content/v1/articles?limit=abc"]) {
      const res = await get(path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.headers.get("cache-control"), path).toBe("no-store");
    }
    await call("POST", `/articles/${a.id}/publish`, { token });
    const page = await get(`/api/content/v1/articles/${a.slug}`);
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toMatch(/^public/);
  });
});

describe("the public cache after a deploy", () => {
  /** The Worker as another deployed version (another CF_VERSION_METADATA id) would answer. */
  async function asVersion(id: string, path: string) {
    const ctx = createExecutionContext();
    const res = await createApp().fetch(new Request(`${BASE}${path}`), { ...env, CF_VERSION_METADATA: { id, tag: "", timestamp: "" } } as Env, ctx);
    await waitOnExecutionContext(ctx);
    return res.headers.get("x-copydesk-cache");
  }

  it("never serves the previous version's copies: a new deploy starts cold, then caches its own", async () => {
    const { token } = await tokenFor("editor");
    await livePublished(token, `Deployed ${crypto.randomUUID()}`);
    expect(await asVersion("version-a", FEED)).toBe("miss");
    expect(await asVersion("version-a", FEED)).toBe("hit");
    // Same content version, other code: what version-a rendered is not this deploy's to serve.
    expect(await asVersion("version-b", FEED)).toBe("miss");
    expect(await asVersion("version-b", FEED)).toBe("hit");
  });
});
