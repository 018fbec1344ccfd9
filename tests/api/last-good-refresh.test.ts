// A hit on a copy confirmed over an hour ago re-dates it (src/cache/last-good.ts refreshLastGood):
// the copy stored again must still say what every hit says, or hits after the first hour would go
// out without x-copydesk-cache and Cache-Status (a hit answered before the app adds neither).
import { describe, expect, it } from "vitest";
import { CACHE_STATUS, keptAt, LAST_GOOD_REFRESH_MS, refreshLastGood, STORED_CACHE_CONTROL } from "../../src/cache/last-good";

describe("a re-dated copy", () => {
  it("keeps the headers every hit sends", async () => {
    const key = `https://public-cache.copydesk.internal/test/${crypto.randomUUID()}/feed.xml`;
    const lastGood = `https://public-cache.copydesk.internal/last-good/test/${crypto.randomUUID()}/feed.xml`;
    const old = new Response("<rss/>", { headers: { "content-type": "application/rss+xml", "x-copydesk-cache": "hit", "cache-status": CACHE_STATUS.hit, "cache-control": `${STORED_CACHE_CONTROL}, copydesk-kept-at=${Date.now() - LAST_GOOD_REFRESH_MS - 1000}` } });
    await refreshLastGood(old, key, lastGood);
    const stored = await caches.default.match(key);
    expect(stored).toBeDefined();
    expect(stored!.headers.get("x-copydesk-cache")).toBe("hit");
    expect(stored!.headers.get("cache-status")).toBe(CACHE_STATUS.hit);
    expect(keptAt(stored!.headers)).toBeGreaterThan(Date.now() - 60_000);
    expect(stored!.headers.get("x-copydesk-kept-at")).toBeNull();
    expect(await stored!.text()).toBe("<rss/>");
  });
});
