// The public cache's hottest copies held in the isolate's memory (src/public/held-copies.ts): a hit on
// a held copy makes no Cache API match and answers exactly what the Cache API's copy answers; a
// publish is seen as it is through the Cache API (the key moves with the version); a copy due to
// re-date its last good answer is let go; big copies are not held, and the memory stays bounded.
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { LAST_GOOD_REFRESH_MS } from "../../src/cache/last-good";
import { nowMs, VERSION_BOUND_MS } from "../../src/cache/version-memo";
import { fastHit } from "../../src/public/fast-hit";
import { dropHeld, heldAnswer, heldSize, holdCopy, HELD_BYTES, HELD_ENTRY_MAX } from "../../src/public/held-copies";
import { BASE, call, tokenFor } from "../helpers/api";
import { publishedLiveBlog } from "../helpers/live-seed";
import { createArticle, createContributor, createSection, doc, paragraph } from "../helpers/newsroom";
import { advanceClock, freezeClock } from "../helpers/outage";

const app = createApp();
let token = "";
let articleId = "";
let slug = "";
let version = 0;

beforeAll(async () => {
  ({ token } = await tokenFor("editor"));
  const section = await createSection(token, "Held desk");
  const person = await createContributor(token, "person", "Held Reporter");
  const a = await createArticle(token, { headline: "Held first headline", section: section.slug, bylines: [{ contributor: person.slug }] });
  articleId = a.id;
  const res = await call("POST", `/articles/${a.id}/publish`, { token });
  expect(res.status, res.text).toBe(200);
  slug = res.json.article.slug;
  version = res.json.article.version;
});
beforeEach(() => dropHeld());

/** The answer from the copy held for `key`, or null. */
const heldFor = (key: string) => heldAnswer(new Request("https://held.test/"), key, "public, max-age=30");
const answered = async (res: Response) => ({ status: res.status, headers: [...res.headers], body: new TextDecoder().decode(await res.arrayBuffer()) });
const worker = (path: string, init?: RequestInit) => exports.default.fetch(new Request(`${BASE}${path}`, init));

/** Counts the Cache API matches of versioned copies (not last-good ones) made while `f` runs. */
async function matches<T>(f: () => Promise<T>): Promise<{ result: T; count: number }> {
  const spy = vi.spyOn(caches.default, "match");
  try {
    const result = await f();
    return { result, count: spy.mock.calls.filter(([k]) => !String(k instanceof Request ? k.url : k).includes("/last-good/")).length };
  } finally {
    spy.mockRestore();
  }
}

describe("copies held in the isolate's memory", { timeout: 30_000 }, () => {
  it("a second hit makes no Cache API match and answers what the Cache API's copy answers, every time", async () => {
    freezeClock();
    for (const path of ["/feed.xml", `/api/content/v1/articles/${slug}`]) {
      await (await worker(path)).arrayBuffer(); // the miss: renders and stores
      const first = await matches(async () => answered(await worker(path))); // a Cache API hit: held from now on
      expect(first.count, path).toBe(1);
      expect(first.result.headers, path).toContainEqual(["x-copydesk-cache", "hit"]);
      for (let i = 0; i < 3; i++) {
        const again = await matches(async () => answered(await worker(path)));
        expect(again.count, path).toBe(0);
        expect(again.result, path).toEqual(first.result);
      }
      // And the app's own answer (through the Cache API) is the same.
      const ctx = createExecutionContext();
      const slow = await app.fetch(new Request(`${BASE}${path}`), env, ctx);
      await waitOnExecutionContext(ctx);
      expect(await answered(slow), path).toEqual(first.result);
    }
    expect(heldSize().keys).toBe(2);
  });

  it("conditional GETs and HEAD on a held copy get the 304 and the bodiless answer the Cache API's copy gives", async () => {
    freezeClock();
    await (await worker("/feed.json")).arrayBuffer();
    const hit = await worker("/feed.json");
    const etag = hit.headers.get("etag")!;
    const body = await hit.text();
    const notModified = await worker("/feed.json", { headers: { "if-none-match": etag } });
    expect(notModified.status).toBe(304);
    expect(await notModified.text()).toBe("");
    const head = await worker("/feed.json", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect(await (await worker("/feed.json")).text()).toBe(body);
  });

  it("a publish is seen once the isolate's kept version moves, as through the Cache API", async () => {
    freezeClock();
    const path = `/api/content/v1/articles/${slug}`;
    await (await worker(path)).arrayBuffer();
    await (await worker(path)).arrayBuffer();
    expect(((await (await worker(path)).json()) as { article: { headline: string } }).article.headline).toBe("Held first headline");
    const saved = await call("PATCH", `/articles/${articleId}`, { token, body: { headline: "Held second headline", version } });
    expect(saved.status, saved.text).toBe(200);
    const fresh = await worker(path);
    expect(fresh.headers.get("x-copydesk-cache")).toBe("miss");
    expect(((await fresh.json()) as { article: { headline: string } }).article.headline).toBe("Held second headline");
    // Hits after it (through the Cache API, then held) carry the new copy, never the one held before.
    for (let i = 0; i < 3; i++) {
      const hit = await worker(path);
      expect(hit.headers.get("x-copydesk-cache")).toBe("hit");
      expect(((await hit.json()) as { article: { headline: string } }).article.headline).toBe("Held second headline");
    }
    // Another isolate's write is seen within the version's bound, held copy or not.
    await env.DB.prepare("UPDATE site_state SET value = 'moved-elsewhere' WHERE key = 'content'").run();
    advanceClock(VERSION_BOUND_MS);
    expect((await worker(path)).headers.get("x-copydesk-cache")).toBe("miss");
  });

  it("lets a copy go when its last good answer is due to be re-dated: the next hit goes through the Cache API", async () => {
    freezeClock();
    await (await worker("/feed.atom")).arrayBuffer();
    await (await worker("/feed.atom")).arrayBuffer();
    expect(heldSize().keys).toBe(1);
    const stored = new Response("held", { headers: { "content-length": "4", "cache-control": `public, max-age=86400, copydesk-kept-at=${nowMs()}` } });
    await (await holdCopy("https://held.test/a", stored)).text();
    expect(heldFor("https://held.test/a")).not.toBeNull();
    advanceClock(LAST_GOOD_REFRESH_MS);
    expect(heldFor("https://held.test/a")).toBeNull();
    expect(heldFor("https://held.test/a")).toBeNull();
  });

  it("holds no copy over its size limit, and no more than its bounds in all", async () => {
    freezeClock();
    const big = "x".repeat(HELD_ENTRY_MAX + 1);
    const res = new Response(big, { headers: { "content-length": String(big.length), "cache-control": `public, copydesk-kept-at=${nowMs()}` } });
    const answer = await holdCopy("https://held.test/big", res);
    expect(answer).toBe(res);
    expect(await answer.text()).toBe(big);
    expect(heldFor("https://held.test/big")).toBeNull();
    const piece = "y".repeat(HELD_ENTRY_MAX);
    for (let i = 0; i < 40; i++) {
      await (await holdCopy(`https://held.test/${i}`, new Response(piece, { headers: { "content-length": String(piece.length), "cache-control": `public, copydesk-kept-at=${nowMs()}` } }))).text();
    }
    expect(heldSize().weight).toBeLessThanOrEqual(HELD_BYTES);
    // 16 copies of 512 KiB would be the whole bound in bytes alone: their keys and headers count too.
    expect(heldSize().keys).toBe(15);
    // The most recent are the ones kept.
    expect(heldFor("https://held.test/39")).not.toBeNull();
    expect(heldFor("https://held.test/0")).toBeNull();
  });

  it("holds a copy that does not say its length when it is small enough, and answers a big one whole", async () => {
    const small = new Response("short copy", { headers: { "cache-control": `public, copydesk-kept-at=${nowMs()}` } });
    expect(small.headers.has("content-length")).toBe(false);
    expect(await (await holdCopy("https://held.test/no-length", small)).text()).toBe("short copy");
    expect(await heldFor("https://held.test/no-length")!.text()).toBe("short copy");
    const big = "z".repeat(HELD_ENTRY_MAX + 1);
    const stream = new Response(new Blob([big]).stream(), { headers: { "cache-control": `public, copydesk-kept-at=${nowMs()}` } });
    expect(await (await holdCopy("https://held.test/no-length-big", stream)).text()).toBe(big);
    expect(heldFor("https://held.test/no-length-big")).toBeNull();
  });

  it("a live blog's new entry is read through, whatever is held under the blog's old token", async () => {
    freezeClock();
    const blog = await publishedLiveBlog(token, `Held count ${crypto.randomUUID()}`);
    const page = `/api/content/v1/articles/${blog.slug}/entries`;
    await (await worker(page)).arrayBuffer();
    await (await worker(page)).arrayBuffer(); // held from here
    expect((await matches(async () => (await worker(page)).arrayBuffer())).count).toBe(0);
    const filed = await call("POST", `/articles/${blog.id}/entries`, { token, body: { body: doc(paragraph("Held new entry")), status: "published" } });
    expect(filed.status, filed.text).toBe(201);
    const after = await worker(page);
    expect(after.headers.get("x-copydesk-cache")).toBe("miss");
    expect(await after.text()).toContain("Held new entry");
  });

  it("answers a held hit through the fast path alone (no app) as the app would", async () => {
    freezeClock();
    await (await worker("/feed.xml?limit=4")).arrayBuffer();
    await (await worker("/feed.xml?limit=4")).arrayBuffer();
    const ctx = createExecutionContext();
    const fast = await matches(() => fastHit(new Request(`${BASE}/feed.xml?limit=4`), env, ctx));
    expect(fast.count).toBe(0);
    const slow = await app.fetch(new Request(`${BASE}/feed.xml?limit=4`), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(await answered(fast.result!)).toEqual(await answered(slow));
  });
});
