// Old URLs on the public side: the table front-ends read (/api/content/v1/redirects: paged, cached
// under the content version, ETags, CORS), and the Worker's own 301s for old URLs whose target it
// serves — Ghost's feed URLs. One Ghost scheme is written once for the file, through the import's
// own statements (ghostRedirectStatements), from the pure builder the import calls.
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { siteUrls } from "../../src/lib/urls";
import { ghostRedirectStatements } from "../../src/redirects/domain";
import { ghostRedirects } from "../../src/redirects/ghost-scheme";
import { BASE, call, db, tokenFor, unique } from "../helpers/api";
import { get } from "../helpers/public";
import { forgetContentVersion } from "../../src/cache/version-memo";
import { createPublishableArticle } from "../helpers/newsroom";

const SITE = env.PUBLIC_SITE_URL; // the front-end's origin in the test environment
let editor: string;
const ghost = { post: "", tag: "", author: "", internal: "" };

/** The whole public table, following cursors to the end. */
async function publicTable() {
  const rows: { from_path: string; to_url: string; status_code: number }[] = [];
  let cursor = "";
  for (let i = 0; i < 50; i++) {
    const page = await get(`/api/content/v1/redirects?limit=100${cursor ? `&cursor=${cursor}` : ""}`);
    expect(page.status).toBe(200);
    rows.push(...page.json.redirects);
    if (!page.json.next_cursor) return rows;
    cursor = page.json.next_cursor;
  }
  throw new Error("the table never ended");
}

/** The Worker's own answer, unfollowed (a 301 is not an API response the documents describe). */
const raw = (path: string, method = "GET") => exports.default.fetch(new Request(`${BASE}${path}`, { method, redirect: "manual" }));

beforeAll(async () => {
  editor = (await tokenFor("editor")).token;
  Object.assign(ghost, { post: unique("ghost-post"), tag: unique("ghost-tag"), author: unique("ghost-author"), internal: `hash-${unique("x")}` });
  const rows = ghostRedirects(
    {
      posts: [{ slug: ghost.post, id: "art_fromghost", section: "world" }],
      tags: [{ slug: ghost.tag }, { slug: ghost.internal, visibility: "internal" }],
      authors: [{ slug: ghost.author, localSlug: `${ghost.author}-2` }],
    },
    siteUrls(env, BASE),
  );
  const { statements, skipped } = await ghostRedirectStatements(db(), rows, { local: [new URL(SITE).origin, BASE] });
  expect(skipped).toEqual([]);
  await db().batch(statements as [any, ...any[]]);
});

describe("the Worker's own 301s: Ghost's feed URLs lead to our feeds", () => {
  it.each([
    ["/rss/", "/feed.xml"],
    ["/tag/{tag}/rss/", "/tags/{tag}/feed.xml"],
    ["/author/{author}/rss/", "/contributors/{author}-2/feed.xml"],
    ["/sitemap-posts.xml", "/sitemap.xml"],
    ["/sitemap-authors.xml", "/sitemap.xml"],
  ])("%s → 301 %s, with or without its trailing slash, for GET and HEAD", async (from, to) => {
    const fill = (p: string) => p.replace("{tag}", ghost.tag).replace("{author}", ghost.author);
    for (const path of [fill(from), fill(from).replace(/\/$/, "")]) {
      for (const method of ["GET", "HEAD"]) {
        const res = await raw(path, method);
        expect(res.status, `${method} ${path}`).toBe(301);
        expect(res.headers.get("location")).toBe(`${BASE}${fill(to)}`);
        expect(res.headers.get("access-control-allow-origin")).toBe("*");
      }
    }
    // And the target answers: the old feed URL still reaches a feed.
    if (to === "/feed.xml" || to === "/sitemap.xml") expect((await get(to)).status).toBe(200);
  });

  it("uses the row's status, and finds an old path however it is spelled (case of escapes, ./ segments)", async () => {
    const from = `/${unique("old")}/~x/feed`;
    expect((await call("POST", "/redirects", { token: editor, body: { from_path: from, to_url: "/feed.atom?limit=5", status_code: 307 } })).status).toBe(201);
    const res = await raw(`${from.replace("~", "%7e")}/./`);
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe(`${BASE}/feed.atom?limit=5`);
  });

  it("Ghost's page URLs (/{slug}/, /tag/{slug}/, /author/{slug}/) are the front-end's: 404 from the Worker", async () => {
    for (const path of [`/${ghost.post}/`, `/tag/${ghost.tag}/`, `/author/${ghost.author}/`]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
    }
  });

  it("a path with no redirect is the usual 404; only feed-shaped paths, never API paths, are looked up", async () => {
    expect((await get(`/${unique("nothing")}/rss/`)).status).toBe(404);
    await call("POST", "/redirects", { token: editor, body: { from_path: "/api/editorial/v1/old-feed", to_url: "/feed.xml" } });
    const res = await raw("/api/editorial/v1/old-feed");
    expect(res.status).toBe(404);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    // Not feed-shaped: the front-end applies it from the table; the Worker answers 404 without a lookup.
    const other = `/${unique("old-page")}`;
    await call("POST", "/redirects", { token: editor, body: { from_path: other, to_url: "/feed.xml" } });
    expect((await raw(other)).status).toBe(404);
  });

  it("a redirect changed by an editor is applied on the next request (the lookup is cached under the content version)", async () => {
    const from = `/${unique("moving")}/rss`;
    const made = await call("POST", "/redirects", { token: editor, body: { from_path: from, to_url: "/feed.xml" } });
    expect((await raw(from)).headers.get("location")).toBe(`${BASE}/feed.xml`);
    await call("PATCH", `/redirects/${made.json.redirect.id}`, { token: editor, body: { to_url: "/feed.json" } });
    expect((await raw(from)).headers.get("location")).toBe(`${BASE}/feed.json`);
    await call("DELETE", `/redirects/${made.json.redirect.id}`, { token: editor });
    expect((await raw(from)).status).toBe(404);
  });

  // A 301 is a public answer like any other (README "Embargo"): the first request past a release
  // instant releases what is due, and while a release is near no copy of it may outlive the instant.
  it("releases a held story that is due, and is cached no longer than the next release", async () => {
    const story = await createPublishableArticle(editor);
    expect((await call("PUT", `/articles/${story.id}/embargo`, { token: editor, body: { embargoed_until: new Date(Date.now() + 3_600_000).toISOString() } })).status).toBe(200);
    expect((await call("POST", `/articles/${story.id}/publish`, { token: editor })).json.article.status).toBe("scheduled");
    const dueAt = async () => (await env.DB.prepare("SELECT due_at FROM site_state WHERE key = 'content'").first<{ due_at: string | null }>())!.due_at;
    // A raw write is another isolate's for this one (seen within the version's bound): read it again now.
    const setDue = async (at: string | null) => {
      await env.DB.prepare("UPDATE site_state SET due_at = ?1 WHERE key = 'content'").bind(at).run();
      forgetContentVersion();
    };

    // A release 60 s away (the held story's instant, which public lifetimes end at): the 301 is kept
    // at most until then, and never served stale after it.
    const soon = new Date(Date.now() + 60_000).toISOString();
    await env.DB.prepare("UPDATE articles SET embargoed_until = ?1, scheduled_at = min(scheduled_at, ?1) WHERE id = ?2").bind(soon, story.id).run();
    await setDue(soon);
    const near = (await raw("/rss/")).headers.get("cache-control")!;
    expect(near).toMatch(/^public, max-age=\d+, s-maxage=\d+$/);
    expect(Number(/s-maxage=(\d+)/.exec(near)![1])).toBeLessThanOrEqual(60);

    // The instant passes (the story's embargo with it): the old feed URL's request releases the story.
    const past = new Date(Date.now() - 1).toISOString();
    await env.DB.prepare("UPDATE articles SET embargoed_until = ?1, scheduled_at = min(scheduled_at, ?1) WHERE id = ?2").bind(past, story.id).run();
    await setDue(past);
    const res = await raw("/rss/");
    expect(res.status).toBe(301);
    expect((await call("GET", `/articles/${story.id}`, { token: editor })).json.article.status).toBe("published");
    // And the next release instant moved on (nothing else is held here, or it is later).
    const next = await dueAt();
    expect(next === null || next > past).toBe(true);
  });
});

describe("the public table", () => {
  it("lists every Ghost pattern, targets absolute: pages on the site, feeds on this server; internal tags have none", async () => {
    const table = new Map((await publicTable()).map((r) => [r.from_path, r]));
    expect(table.get(`/${ghost.post}`)).toEqual({ from_path: `/${ghost.post}`, to_url: `${SITE}/world/${ghost.post}`, status_code: 301 });
    expect(table.get(`/tag/${ghost.tag}`)?.to_url).toBe(`${SITE}/tags/${ghost.tag}`);
    expect(table.get(`/author/${ghost.author}`)?.to_url).toBe(`${SITE}/authors/${ghost.author}-2`);
    expect(table.get("/rss")?.to_url).toBe(`${BASE}/feed.xml`);
    expect(table.get(`/tag/${ghost.tag}/rss`)?.to_url).toBe(`${BASE}/tags/${ghost.tag}/feed.xml`);
    expect(table.get(`/author/${ghost.author}/rss`)?.to_url).toBe(`${BASE}/contributors/${ghost.author}-2/feed.xml`);
    expect([...table.keys()].filter((p) => p.includes(ghost.internal))).toEqual([]);
  });

  it("is cached like every public read: ETag and 304, CORS-open, and a redirect write shows at once", async () => {
    const first = await get("/api/content/v1/redirects?limit=100", { origin: "https://front.example" });
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"/);
    const again = await get("/api/content/v1/redirects?limit=100");
    expect(again.headers.get("x-copydesk-cache")).toBe("hit");
    expect((await get("/api/content/v1/redirects?limit=100", { "if-none-match": etag })).status).toBe(304);

    // A new row replaces the content version: the same URL is a miss with the row in it.
    const from = `/${unique("aaa")}`.replace("/", "/!");
    await call("POST", "/redirects", { token: editor, body: { from_path: from, to_url: "https://elsewhere.example/" } });
    const after = await get("/api/content/v1/redirects?limit=100", { "if-none-match": etag });
    expect(after.status).toBe(200);
    expect(after.headers.get("x-copydesk-cache")).toBe("miss");
    expect(after.json.redirects.map((r: any) => r.from_path)).toContain(from);
  });

  it("refuses a bad limit or cursor with 400", async () => {
    expect((await get("/api/content/v1/redirects?limit=0")).status).toBe(400);
    expect((await get("/api/content/v1/redirects?cursor=nope")).status).toBe(400);
  });
});

describe("ghostRedirects (the import's builder)", () => {
  it("leaves out an old URL the front-end kept (same path on the site), and lists each old path once", () => {
    // A front-end that kept Ghost's /{slug}/ pattern: the post's old URL is still its URL.
    const kept = siteUrls({ ...env, ARTICLE_URL_PATTERN: "/{slug}/" }, BASE);
    const rows = ghostRedirects({ posts: [{ slug: "same", id: "art_1", section: null }, { slug: "same", id: "art_2", section: null }], tags: [], authors: [] }, kept);
    // Only the site-wide rows are left: the feed and Ghost's sitemap files.
    expect(rows.map((r) => r.from_path)).toEqual(["/rss", "/sitemap-posts.xml", "/sitemap-pages.xml", "/sitemap-tags.xml", "/sitemap-authors.xml"]);
    const moved = ghostRedirects({ posts: [{ slug: "same", id: "art_1", section: "world" }, { slug: "same", id: "art_2", section: "sport" }], tags: [], authors: [] }, siteUrls(env, BASE));
    expect(moved.filter((r) => r.from_path === "/same")).toEqual([{ from_path: "/same", to_url: `${SITE}/world/same`, status_code: 301 }]);
  });
});
