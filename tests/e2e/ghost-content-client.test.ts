// Ghost's own JavaScript client (@tryghost/content-api, unchanged) reading the real Worker the e2e
// harness started (wrangler dev), in Node, as a Ghost front-end does: the one line it changes is
// `url` (this Worker's origin) and `key` (minted here through the editorial API, as an admin does).
// A small Ghost export (the shared fixture, 40 posts) is imported first through the editorial API,
// and what the client returns is checked against the fixture: titles, slugs, byline and tag order,
// primary tag, published_at, feature image, its alt and caption. Shapes, filters and errors in detail
// are the workerd suite's (tests/api/ghost-api*.test.ts); this file proves the real client agrees.
import { createRequire } from "node:module";
import { beforeAll, describe, expect, inject, test } from "vitest";
import {
  authorIdsOf, buildGhostFixture, GHOST_SITE_URL, metaOf, publishedPosts, resolveFixtureUrl, tagById, tagIdsOf, userById, type GhostFixture, type GhostPostRow,
} from "../fixtures/ghost/build-export";
import { chunkBundles, planOf, readGhostExport } from "../../src/ghost/export-file";
import { captionHtml } from "../../src/ghost-api/caption";

// The client ships no types: the few calls made here, typed by hand.
type Browse = (opts?: Record<string, unknown>) => Promise<any[] & { meta: { pagination: { page: number; pages: number; total: number; next: number | null; limit: number } } }>;
type Read = (data: { id?: string; slug?: string }, opts?: Record<string, unknown>) => Promise<any>;
type GhostApi = Record<"posts" | "authors" | "tags" | "pages", { browse: Browse; read: Read }> & { settings: { browse: () => Promise<any> } };
const GhostContentAPI = createRequire(import.meta.url)("@tryghost/content-api") as (opts: { url: string; key: string; version: string }) => GhostApi;

const POSTS = 40;
const origin = () => inject("baseUrl");
let cookie = "";
let api: GhostApi;
let fixture: GhostFixture;
let published: GhostPostRow[];

async function editorial(method: string, path: string, body?: unknown) {
  const res = await fetch(`${origin()}/api/editorial/v1${path}`, {
    method,
    headers: { "content-type": "application/json", origin: origin(), ...(cookie && { cookie }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.status, headers: res.headers, json: (await res.json().catch(() => null)) as any };
}

/** The import through the editorial API, as the CLI and the admin page run it: plan, chunks, finish. */
async function importFixture() {
  const exp = readGhostExport(fixture.export);
  const started = await editorial("POST", "/imports/ghost", planOf(exp, { site_url: GHOST_SITE_URL }));
  expect(started.status, JSON.stringify(started.json)).toBe(201);
  const id = started.json.import.id;
  for (const posts of chunkBundles(exp.bundles)) expect((await editorial("POST", `/imports/ghost/${id}/posts`, { posts })).status).toBe(200);
  expect((await editorial("POST", `/imports/ghost/${id}/finish`)).status).toBe(200);
}

beforeAll(async () => {
  const session = await editorial("POST", "/session", { email: "admin@copydesk.example", password: "copydesk-demo-password" });
  expect(session.status).toBe(201);
  cookie = (session.headers.get("set-cookie") ?? "").split(";")[0]!;
  const minted = await editorial("POST", "/content-api-keys", { name: "Ghost front-end" });
  expect(minted.status).toBe(201);
  // The front-end's one changed line: Ghost's url → this Worker's origin, and the key issued here.
  api = GhostContentAPI({ url: origin(), key: minted.json.content_api_key.key, version: "v5.0" });
  fixture = buildGhostFixture({ posts: POSTS });
  published = publishedPosts(fixture.export);
  await importFixture();
}, 180_000);

/** Every post the client can page through, 15 at a time (Ghost's default), to the last page. */
async function allPosts(opts: Record<string, unknown> = {}) {
  const out: any[] = [];
  for (let page = 1; ; page++) {
    const batch = await api.posts.browse({ include: "authors,tags", page, ...opts });
    expect(batch.meta.pagination.page).toBe(page);
    out.push(...batch);
    if (!batch.meta.pagination.next) {
      expect(out).toHaveLength(batch.meta.pagination.total);
      return out;
    }
  }
}

const names = (rows: { name: string }[]) => rows.map((r) => r.name);

describe("Ghost's client reads the imported newsroom", () => {
  test("browses every post to the last page, and each imported one matches the fixture", async () => {
    const posts = new Map((await allPosts()).map((p) => [p.slug, p]));
    expect(published.length).toBeGreaterThan(20);
    for (const g of published) {
      const p = posts.get(g.slug);
      expect(p, g.slug).toBeDefined();
      const meta = metaOf(fixture.export, g.id);
      const publicTags = tagIdsOf(fixture.export, g.id).map((t) => tagById(fixture.export, t)).filter((t) => t.visibility === "public");
      expect(p.title, g.slug).toBe(g.title);
      expect(Date.parse(p.published_at), g.slug).toBe(Date.parse(`${g.published_at!.replace(" ", "T")}Z`));
      expect(p.published_at).toMatch(/\+00:00$/);
      expect(p.uuid, g.slug).toBe(g.uuid);
      expect(names(p.authors), g.slug).toEqual(authorIdsOf(fixture.export, g.id).map((u) => userById(fixture.export, u).name));
      expect(p.primary_author.name).toBe(p.authors[0].name);
      expect(names(p.tags), g.slug).toEqual(names(publicTags));
      expect(p.primary_tag?.name ?? null, g.slug).toBe(publicTags[0]?.name ?? null);
      expect(p.featured, g.slug).toBe(g.featured === 1);
      // Left at its original address (imported without fetching images).
      expect(p.feature_image, g.slug).toBe(resolveFixtureUrl(g.feature_image));
      if (g.feature_image) {
        const facts = fixture.facts.get(g.id)!.featureCaption!;
        // Our alt is text, never null: Ghost's null and "" both arrive as "".
        expect(p.feature_image_alt, g.slug).toBe(meta?.feature_image_alt ?? "");
        expect(p.feature_image_caption, g.slug).toBe(captionHtml(facts.caption, facts.credit));
      }
    }
  });

  test("filters as a front-end does, and reads a post by slug", async () => {
    const publicTag = (p: GhostPostRow) => tagIdsOf(fixture.export, p.id).map((t) => tagById(fixture.export, t)).find((t) => t.visibility === "public");
    const g = published.find((p) => publicTag(p))!;
    const tag = publicTag(g)!;
    const tagged = (await api.tags.browse({ limit: "all" })).find((t) => t.name === tag.name);
    const since = "2024-01-01";
    const expected = published.filter((p) => tagIdsOf(fixture.export, p.id).includes(tag.id) && p.published_at! >= since).map((p) => p.slug).sort();
    const found = await allPosts({ filter: `tag:${tagged.slug}+published_at:>='${since}'`, limit: 5 });
    expect(found.map((p) => p.slug).filter((s) => expected.includes(s)).sort()).toEqual(expected);
    const one = await api.posts.read({ slug: g.slug }, { formats: "html,plaintext" });
    expect(one.title).toBe(g.title);
    expect(one.html).toMatch(/^<(p|h2|figure|blockquote|ul|ol)/);
    expect(one.plaintext.length).toBeGreaterThan(20);
    await expect(api.posts.read({ slug: "no-such-post" })).rejects.toMatchObject({ name: "NotFoundError" });
  });

  test("reads authors, tags and settings", async () => {
    const author = userById(fixture.export, authorIdsOf(fixture.export, published[0]!.id)[0]!);
    const authors = await api.authors.browse({ limit: "all", include: "count.posts" });
    const listed = authors.find((a) => a.name === author.name);
    expect(listed.count.posts).toBeGreaterThan(0);
    expect((await api.authors.read({ slug: listed.slug })).name).toBe(author.name);
    const tags = await api.tags.browse({ limit: "all" });
    expect(tags.every((t) => t.visibility === "public")).toBe(true);
    expect(tags.some((t) => t.name.startsWith("#"))).toBe(false);
    const settings = await api.settings.browse();
    expect(typeof settings.title).toBe("string");
    expect(settings.url).toMatch(/^https?:\/\//);
    expect(await api.pages.browse()).toHaveLength(0);
  });

  test("a bad key is the client's UnauthorizedError", async () => {
    const wrong = GhostContentAPI({ url: origin(), key: "0123456789abcdef0123456789", version: "v5.0" });
    await expect(wrong.posts.browse()).rejects.toMatchObject({ name: "UnauthorizedError" });
  });
});
