// What every public cache answer says about itself, whichever way it was made: a miss rendered now,
// a hit on the stored copy (which carries its "hit" headers and Vary from when it was stored), a 304,
// and a stale copy while D1 fails. None carries the cache's own bookkeeping header.
import { describe, expect, it } from "vitest";
import { VERSION_BOUND_MS } from "../../src/cache/version-memo";
import { advanceClock, fetchWith, freezeClock } from "../helpers/outage";

const said = (r: { status: number; headers: Headers }) => ({
  status: r.status,
  cache: r.headers.get("x-copydesk-cache"),
  cacheStatus: r.headers.get("cache-status"),
  vary: r.headers.get("vary"),
  keptAt: r.headers.get("x-copydesk-kept-at"),
  cors: r.headers.get("access-control-allow-origin"),
});

describe("public cache answers", { timeout: 20_000 }, () => {
  it("say how they were made, vary by encoding, and keep their bookkeeping to themselves", async () => {
    const path = `/api/content/v1/articles?limit=2&q=${crypto.randomUUID().slice(0, 8)}`;
    freezeClock();
    const miss = await fetchWith(path);
    expect(said(miss)).toEqual({ status: 200, cache: "miss", cacheStatus: "Copydesk; fwd=uri-miss; stored", vary: "Accept-Encoding", keptAt: null, cors: "*" });
    const hit = await fetchWith(path);
    expect(said(hit)).toEqual({ status: 200, cache: "hit", cacheStatus: "Copydesk; hit", vary: "Accept-Encoding", keptAt: null, cors: "*" });
    expect(hit.headers.get("etag")).toBe(miss.headers.get("etag"));
    // Not the Date the Cache API stamped when it stored the copy: dated as it goes out, as the miss.
    expect(hit.headers.get("date")).toBe(miss.headers.get("date"));
    const unchanged = await fetchWith(path, { headers: { "if-none-match": hit.headers.get("etag")! } });
    expect(said(unchanged)).toEqual({ status: 304, cache: "hit", cacheStatus: "Copydesk; hit", vary: "Accept-Encoding", keptAt: null, cors: "*" });
    advanceClock(VERSION_BOUND_MS);
    const stale = await fetchWith(path, { faults: { fail: true } });
    expect(said(stale)).toEqual({ status: 200, cache: "stale", cacheStatus: "Copydesk; hit; detail=stale-if-error", vary: "Accept-Encoding", keptAt: null, cors: "*" });
  });
});
