// The per-isolate memo of live blogs' cache tokens (src/cache/blog-token.ts), below the routes: a
// blog's token is kept for the bound and forgotten by this isolate's writes; "not a live blog" is kept
// while the content version stands; requests arriving together share one read; the map stays bounded.
import { afterEach, describe, expect, it } from "vitest";
import { blogPageSlug, keptBlogToken, keptSlugs, MAX_SLUGS } from "../../src/cache/blog-token";
import { forgetContentVersion, useClock, VERSION_BOUND_MS } from "../../src/cache/version-memo";
import type { DB } from "../../src/db/client";

const tokenOf = async (p: Promise<{ token: string } | null>) => (await p)?.token ?? null;

/** A stand-in for D1: every slug starting "live-" is a live blog at head `head`; reads are counted. */
function fakeDb(state = { head: 1, reads: 0 }) {
  const db = {
    get: async (q: { queryChunks?: unknown[] }) => {
      state.reads++;
      const slug = JSON.stringify(q).match(/"(live-[^"]*|story-[^"]*)"/)?.[1] ?? "";
      return slug.startsWith("live-") ? { kind: "live", head: state.head, changed: "2026-11-30T20:00:00.000Z" } : slug ? { kind: "article", head: 0, changed: "2026-11-30T20:00:00.000Z" } : undefined;
    },
  } as unknown as DB;
  return { db, state };
}

let restore: (() => void) | null = null;
let now = 1_000_000;
const freeze = () => (restore ??= useClock(() => now));
afterEach(() => {
  restore?.();
  restore = null;
  forgetContentVersion();
});

describe("the blog token memo", () => {
  it("keeps a blog's token for the bound, and forgets it with this isolate's write", async () => {
    freeze();
    const { db, state } = fakeDb();
    const slug = `live-${crypto.randomUUID()}`;
    expect(await tokenOf(keptBlogToken(db, slug, "v1"))).toBe("b1");
    state.head = 2;
    now += VERSION_BOUND_MS - 1;
    expect(await tokenOf(keptBlogToken(db, slug, "v1"))).toBe("b1");
    now += 1;
    expect(await tokenOf(keptBlogToken(db, slug, "v1"))).toBe("b2");
    state.head = 3;
    forgetContentVersion();
    expect(await tokenOf(keptBlogToken(db, slug, "v1"))).toBe("b3");
    expect(state.reads).toBe(3);
  });

  it("keeps \"not a live blog\" past the bound while the content version stands, not after", async () => {
    freeze();
    const { db, state } = fakeDb();
    const slug = `story-${crypto.randomUUID()}`;
    expect(await tokenOf(keptBlogToken(db, slug, "v1"))).toBeNull();
    now += 60 * VERSION_BOUND_MS;
    forgetContentVersion();
    expect(await tokenOf(keptBlogToken(db, slug, "v1"))).toBeNull();
    expect(state.reads).toBe(1);
    expect(await tokenOf(keptBlogToken(db, slug, "v2"))).toBeNull();
    expect(state.reads).toBe(2);
  });

  it("shares one read among the requests that arrive while it is under way", async () => {
    const { db, state } = fakeDb();
    const slug = `live-${crypto.randomUUID()}`;
    expect(await Promise.all([1, 2, 3].map(() => tokenOf(keptBlogToken(db, slug, "v1"))))).toEqual(["b1", "b1", "b1"]);
    expect(state.reads).toBe(1);
  });

  it(`remembers at most ${MAX_SLUGS} slugs`, async () => {
    const { db } = fakeDb();
    for (let i = 0; i < MAX_SLUGS + 50; i++) await keptBlogToken(db, `story-${i}`, "v1");
    expect(keptSlugs()).toBe(MAX_SLUGS);
  });

  it("knows which pages are a blog's", () => {
    expect(["/api/content/v1/articles/a-b", "/api/content/v1/articles/a-b/entries", "/articles/a-b/feed.atom", "/ghost/api/content/posts/slug/a-b/"].map(blogPageSlug)).toEqual(["a-b", "a-b", "a-b", "a-b"]);
    expect(["/api/content/v1/articles", "/feed.xml", "/api/content/v1/articles/a-b/live", "/tags/a-b/feed.xml", "/ghost/api/content/posts/abc/", "/embed/v1/article/a-b", "/api/content/v1/articles/%E0"].map(blogPageSlug)).toEqual([null, null, null, null, null, null, null]);
  });
});
