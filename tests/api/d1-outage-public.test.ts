// Readers keep reading when D1 does not answer: a public URL answered once is served from its last
// good copy (stale-if-error, at most STALE_MAX_AGE_S old, labelled) when D1 fails or is slower than
// its budget; a URL never answered gets a 503 problem, CORS kept; nothing is ever a 500.
import { describe, expect, it } from "vitest";
import { STALE_MAX_AGE_S } from "../../src/cache/last-good";
import { VERSION_BOUND_MS } from "../../src/cache/version-memo";
import { RENDER_BUDGET_MS } from "../../src/public/cache";
import { VERSION_BUDGET_MS } from "../../src/public/cache-token";
import { call, tokenFor } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";
import { advanceClock, fetchWith } from "../helpers/outage";
import { ghostKey } from "../helpers/public-surfaces";

const DOWN = { faults: { fail: true } };

async function published(headline = `Outage ${crypto.randomUUID()}`) {
  const { token } = await tokenFor("editor");
  const a = await createPublishableArticle(token, { headline });
  const res = await call("POST", `/articles/${a.id}/publish`, { token });
  expect(res.status).toBe(200);
  return { token, slug: a.slug as string, id: a.id as string, headline, version: res.json.article.version as number };
}

/** Answers `path` with D1 up (a miss then a hit), so its copies are in the cache; returns the body. */
async function warm(path: string) {
  const first = await fetchWith(path);
  expect(first.status, path).toBe(200);
  const again = await fetchWith(path);
  expect(again.headers.get("x-copydesk-cache"), path).toBe("hit");
  return again;
}

function expectStale(res: Awaited<ReturnType<typeof fetchWith>>, fresh: Awaited<ReturnType<typeof fetchWith>>, path: string) {
  expect(res.status, path).toBe(200);
  expect(res.headers.get("x-copydesk-cache"), path).toBe("stale");
  expect(res.headers.get("cache-status"), path).toBe("Copydesk; hit; detail=stale-if-error");
  expect(Number(res.headers.get("age")), path).toBeGreaterThanOrEqual(0);
  expect(res.headers.get("cache-control"), path).toBe("public, max-age=0, must-revalidate");
  expect(res.headers.get("access-control-allow-origin"), path).toBe("*");
  expect(res.headers.get("etag"), path).toBe(fresh.headers.get("etag"));
  expect(res.headers.has("warning"), path).toBe(false);
  expect(res.headers.has("x-copydesk-stored-at"), path).toBe(false);
  expect(res.text, path).toBe(fresh.text);
}

function expectUnavailable(res: Awaited<ReturnType<typeof fetchWith>>, path: string) {
  expect(res.status, path).toBe(503);
  expect(res.headers.get("content-type"), path).toMatch(/^application\/problem\+json/);
  expect(res.json.code, path).toBe("database_unavailable");
  expect(Number(res.headers.get("retry-after")), path).toBeGreaterThan(0);
  expect(res.json.retry_after, path).toBe(Number(res.headers.get("retry-after")));
  expect(res.headers.get("cache-control"), path).toBe("no-store");
  expect(res.headers.get("access-control-allow-origin"), path).toBe("*");
}

describe("public reads while D1 fails", { timeout: 30_000 }, () => {
  it("serve the feed, the article and the content API list from their last good copies, labelled, 304s included", async () => {
    const { slug } = await published();
    const paths = ["/feed.json", `/api/content/v1/articles/${slug}`, "/api/content/v1/articles?limit=5"];
    for (const path of paths) {
      const fresh = await warm(path);
      // Past the version's bound: this isolate must ask D1 again, and D1 fails.
      advanceClock(VERSION_BOUND_MS);
      const stale = await fetchWith(path, DOWN);
      expectStale(stale, fresh, path);
      const revalidated = await fetchWith(path, { ...DOWN, headers: { "if-none-match": fresh.headers.get("etag")! } });
      expect(revalidated.status, path).toBe(304);
      expect(revalidated.headers.get("x-copydesk-cache"), path).toBe("stale");
      expect(revalidated.headers.get("access-control-allow-origin"), path).toBe("*");
      // The failure this isolate remembers lapses with the bound: D1 is back for the next path.
      advanceClock(VERSION_BOUND_MS);
    }
  });

  it(`serve the last good copy when the version read takes longer than its budget (${VERSION_BUDGET_MS} ms)`, async () => {
    const { slug } = await published();
    const path = `/api/content/v1/articles/${slug}`;
    const fresh = await warm(path);
    advanceClock(VERSION_BOUND_MS);
    expectStale(await fetchWith(path, { faults: { delayMs: VERSION_BUDGET_MS + 500 } }), fresh, path);
  });

  it(`serve the last good copy when a miss takes longer than its budget (${RENDER_BUDGET_MS} ms) to render`, async () => {
    const { slug } = await published();
    const path = `/api/content/v1/articles/${slug}`;
    const fresh = await warm(path);
    // Another story goes out: the version changes, so the page's versioned copy is a miss, while
    // this isolate keeps the new version (read by the first request below) and reads no D1 for it.
    await published();
    expect((await fetchWith("/feed.json")).status).toBe(200);
    expectStale(await fetchWith(path, { faults: { delayMs: RENDER_BUDGET_MS + 500 } }), fresh, path);
  });

  it("serve the last good copy when a miss fails on D1 after the version was read", async () => {
    const { slug } = await published();
    const path = `/api/content/v1/articles/${slug}`;
    const fresh = await warm(path);
    await published();
    expect((await fetchWith("/feed.json")).status).toBe(200);
    // The version is kept (no D1 read); the page is a miss under it, and its render meets the outage.
    expectStale(await fetchWith(path, DOWN), fresh, path);
  });

  it("serve the Ghost-compatible API's copies to a key this isolate has seen", async () => {
    const { token: admin } = await tokenFor("admin");
    const key = await ghostKey(admin);
    const { slug } = await published();
    const path = `/ghost/api/content/posts/slug/${slug}/?key=${key}`;
    const fresh = await warm(path);
    advanceClock(VERSION_BOUND_MS);
    expectStale(await fetchWith(path, DOWN), fresh, path);
    // A key it has not seen is not trusted while D1 cannot say: 503, in our problem shape.
    expectUnavailable(await fetchWith(`/ghost/api/content/posts/slug/${slug}/?key=${"0".repeat(26)}`, DOWN), "unknown key");
  });

  it("answer a URL never answered before with a 503 problem (Retry-After, no-store, CORS), never a 500", async () => {
    const { slug } = await published();
    advanceClock(VERSION_BOUND_MS);
    for (const path of [`/api/content/v1/articles/${slug}?fields=unseen`, "/feed.xml?limit=7", "/api/content/v1/tags"]) {
      expectUnavailable(await fetchWith(path, DOWN), path);
    }
  });

  it("answer a 503 when the only copy is older than the stale bound", async () => {
    const { slug } = await published();
    const path = `/api/content/v1/articles/${slug}`;
    await warm(path);
    advanceClock(STALE_MAX_AGE_S * 1000 - 60_000);
    const old = await fetchWith(path, DOWN);
    expect(old.status).toBe(200);
    expect(Number(old.headers.get("age"))).toBeGreaterThanOrEqual(STALE_MAX_AGE_S - 61);
    advanceClock(61_000);
    expectUnavailable(await fetchWith(path, DOWN), path);
  });

  it("serve a page that stayed current for days (hits only) from a copy its hits keep re-dating", async () => {
    const { slug } = await published();
    const path = `/api/content/v1/articles/${slug}`;
    const fresh = await warm(path);
    // A day of hits with nothing published: the last good copy is re-dated by a hit (once an hour).
    advanceClock(23 * 3_600_000);
    expect((await fetchWith(path)).headers.get("x-copydesk-cache")).toBe("hit");
    advanceClock(2 * 3_600_000);
    const stale = await fetchWith(path, DOWN);
    expectStale(stale, fresh, path);
    expect(Number(stale.headers.get("age"))).toBeLessThan(2 * 3600 + 60);
  });

  it("answer preview links and live streams, never cached, with the 503 problem", async () => {
    const { slug } = await published();
    expectUnavailable(await fetchWith(`/api/content/v1/preview/pvw_${"a".repeat(32)}`, DOWN), "preview");
    expectUnavailable(await fetchWith(`/api/content/v1/articles/${slug}/live`, DOWN), "live");
  });

  it("are fresh again once D1 is back", async () => {
    const { token, id, slug, headline, version } = await published();
    const path = `/api/content/v1/articles/${slug}`;
    await warm(path);
    advanceClock(VERSION_BOUND_MS);
    expect((await fetchWith(path, DOWN)).headers.get("x-copydesk-cache")).toBe("stale");
    // D1 is back; the failure this isolate remembered lapses with the bound.
    advanceClock(VERSION_BOUND_MS);
    const back = await fetchWith(path);
    expect(back.status).toBe(200);
    expect(back.headers.get("x-copydesk-cache")).toBe("hit");
    expect(back.headers.has("age")).toBe(false);
    // And a change made now shows at once, and becomes the URL's last good copy.
    const renamed = `${headline} (after the outage)`;
    const edit = await fetchWith(`/api/editorial/v1/articles/${id}`, { method: "PATCH", headers: { authorization: `Bearer ${token}`, "if-match": `"${version}"` }, body: { headline: renamed } });
    expect(edit.status).toBe(200);
    const changed = await fetchWith(path);
    expect(changed.json.article.headline).toBe(renamed);
    advanceClock(VERSION_BOUND_MS);
    expect((await fetchWith(path, DOWN)).text).toBe(changed.text);
  });
});
