// What the Ghost import routes refuse, and how: 400 naming the field, 403 for anyone but an admin
// (whatever they send), 404 for an unknown import, 400 for a chunk larger than a request can write.
import { beforeAll, describe, expect, it } from "vitest";
import { CHUNK_SIZE, ghostInstant, GhostExportError, readGhostExport, type GhostPostBundle } from "../../src/ghost/export-file";
import { call, tokenFor } from "../helpers/api";

let admin: string;
let editor: string;

const plan = (over: Record<string, unknown> = {}) => ({
  options: { site_url: "https://old.example" },
  users: [{ id: "u1", name: "Ada", slug: "ada" }],
  tags: [{ id: "t1", name: "News", slug: "news" }],
  posts: [{ id: "p1", uuid: "00000000-0000-4000-8000-000000000001", slug: "hello" }],
  ...over,
});

const bundle = (n: number): GhostPostBundle => ({
  post: {
    id: `p${n}`, uuid: `uuid-${n}`, title: `Post ${n}`, slug: `post-${n}`, status: "published", lexical: null, mobiledoc: null,
    html: "<p>Hello.</p>", feature_image: null, featured: false, visibility: "public", custom_excerpt: null, canonical_url: null,
    created_at: "2024-01-01 10:00:00", updated_at: "2024-01-01 10:00:00", published_at: "2024-01-01 10:00:00",
    codeinjection_head: null, codeinjection_foot: null,
  },
  meta: null,
  authors: ["u1"],
  tags: ["t1"],
});

const paths = (res: { json: any }) => (res.json.errors ?? []).map((e: { path: string }) => e.path);

beforeAll(async () => {
  admin = (await tokenFor("admin")).token;
  editor = (await tokenFor("editor")).token;
});

// First in the file: the stages can be replaced only while no story is in the one removed.
describe("a new story from Ghost", () => {
  it("starts in the desk's first stage, never in one removed (the column's default draft)", async () => {
    const before = (await call("GET", "/stages", { token: admin })).json.stages;
    const intake = [{ id: "intake", name: "Intake", enter_role: "contributor" }, ...before.filter((st: { id: string }) => st.id !== "draft")];
    expect((await call("PUT", "/stages", { token: admin, body: { stages: intake } })).status).toBe(200);
    const started = await call("POST", "/imports/ghost", { token: admin, body: plan({ posts: [{ id: "p-stage", uuid: "u-stage", slug: "post-31" }] }) });
    const post = bundle(31);
    post.post.id = "p-stage";
    const res = await call("POST", `/imports/ghost/${started.json.import.id}/posts`, { token: admin, body: { posts: [post] } });
    const id = res.json.results[0].article_id;
    expect((await call("GET", `/articles/${id}`, { token: admin })).json.article.stage).toBe("intake");
    // The desk as the other tests expect it.
    expect((await call("DELETE", `/articles/${id}`, { token: admin })).status).toBe(204);
    expect((await call("PUT", "/stages", { token: admin, body: { stages: before } })).status).toBe(200);
  });
});

describe("starting an import", () => {
  it("names the missing or malformed field", async () => {
    const noUrl = await call("POST", "/imports/ghost", { token: admin, body: plan({ options: {} }) });
    expect(noUrl.status).toBe(400);
    expect(paths(noUrl)).toContain("options.site_url");

    const badPost = await call("POST", "/imports/ghost", { token: admin, body: plan({ posts: [{ id: "p1", slug: "x" }] }) });
    expect(badPost.status).toBe(400);
    expect(paths(badPost)).toContain("posts.0.uuid");

    const twice = await call("POST", "/imports/ghost", { token: admin, body: plan({ posts: [{ id: "p1", uuid: "a", slug: "a" }, { id: "p1", uuid: "b", slug: "b" }] }) });
    expect(twice.status).toBe(400);
    expect(paths(twice)).toContain("posts.1.id");
  });

  it("refuses a section rule whose sections do not exist, naming the option", async () => {
    const map = await call("POST", "/imports/ghost", { token: admin, body: plan({ options: { site_url: "https://old.example", section_from: "map", section_map: { news: "no-such-section" } } }) });
    expect(map.status).toBe(400);
    expect(paths(map)).toContain("options.section_map.news");

    const dflt = await call("POST", "/imports/ghost", { token: admin, body: plan({ options: { site_url: "https://old.example", section_from: "default" } }) });
    expect(dflt.status).toBe(400);
    expect(paths(dflt)).toContain("options.default_section");
  });

  it("is for admins only: an editor gets 403 whatever the body", async () => {
    for (const body of [plan(), { nonsense: true }]) {
      const res = await call("POST", "/imports/ghost", { token: editor, body });
      expect(res.status).toBe(403);
    }
    expect((await call("GET", "/imports/ghost/whatever", { token: editor })).status).toBe(403);
  });
});

describe("an import's other routes", () => {
  it("answer 404 for an unknown import", async () => {
    expect((await call("GET", "/imports/ghost/gim_nope", { token: admin })).status).toBe(404);
    expect((await call("GET", "/imports/ghost/gim_nope/report", { token: admin })).status).toBe(404);
    expect((await call("POST", "/imports/ghost/gim_nope/finish", { token: admin })).status).toBe(404);
    expect((await call("POST", "/imports/ghost/gim_nope/posts", { token: admin, body: { posts: [bundle(1)] } })).status).toBe(404);
  });

  it("refuse a chunk larger than one request can write, and a malformed post, naming the field", async () => {
    const started = await call("POST", "/imports/ghost", { token: admin, body: plan() });
    expect(started.status).toBe(201);
    const id = started.json.import.id;
    const big = await call("POST", `/imports/ghost/${id}/posts`, { token: admin, body: { posts: Array.from({ length: CHUNK_SIZE + 1 }, (_, i) => bundle(i)) } });
    expect(big.status).toBe(400);
    expect(paths(big)).toContain("posts");

    const broken = bundle(1) as any;
    broken.post.status = "weird";
    broken.post.published_at = "yesterday";
    const bad = await call("POST", `/imports/ghost/${id}/posts`, { token: admin, body: { posts: [broken] } });
    expect(bad.status).toBe(400);
    expect(paths(bad)).toEqual(expect.arrayContaining(["posts.0.post.status", "posts.0.post.published_at"]));

    const format = await call("GET", `/imports/ghost/${id}/report?format=pdf`, { token: admin });
    expect(format.status).toBe(400);
    expect(paths(format)).toContain("format");
  });

  it("refuse posts for an import already finished (409): a new run starts a new import", async () => {
    const started = await call("POST", "/imports/ghost", { token: admin, body: plan({ posts: [] }) });
    const id = started.json.import.id;
    expect((await call("POST", `/imports/ghost/${id}/finish`, { token: admin })).status).toBe(200);
    const late = await call("POST", `/imports/ghost/${id}/posts`, { token: admin, body: { posts: [bundle(1)] } });
    expect(late.status).toBe(409);
    expect(late.json.code).toBe("conflict");
  });
});

describe("what the import repairs instead of refusing", () => {
  it("imports a post whose Ghost slug is not one of ours under one that is, and reports it", async () => {
    const started = await call("POST", "/imports/ghost", { token: admin, body: plan({ posts: [{ id: "p-slug", uuid: "u-slug", slug: "Über_Café" }] }) });
    const id = started.json.import.id;
    const post = bundle(9);
    post.post = { ...post.post, id: "p-slug", uuid: "u-slug", slug: "Über_Café" };
    const res = await call("POST", `/imports/ghost/${id}/posts`, { token: admin, body: { posts: [post] } });
    expect(res.status).toBe(200);
    expect(res.json.results[0]).toMatchObject({ outcome: "created", notes: expect.any(Number) });
    const article = await call("GET", `/articles/${res.json.results[0].article_id}`, { token: admin });
    expect(article.json.article.slug).toBe("uber-cafe");
    const report = await call("GET", `/imports/ghost/${id}/report`, { token: admin });
    expect(report.json.notes.map((n: { code: string }) => n.code)).toContain("slug_changed");
  });
});

describe("a story deleted here after an import", () => {
  it("is not brought back by a re-import (reported), and the rest of the chunk still imports", async () => {
    const body = plan({ posts: [{ id: "p-del", uuid: "u-del", slug: "post-21" }, { id: "p-keep", uuid: "u-keep", slug: "post-22" }] });
    const posts = [bundle(21), bundle(22)];
    posts[0]!.post.id = "p-del";
    posts[1]!.post.id = "p-keep";
    const first = await call("POST", "/imports/ghost", { token: admin, body });
    const created = await call("POST", `/imports/ghost/${first.json.import.id}/posts`, { token: admin, body: { posts } });
    const deleted = created.json.results[0].article_id;
    expect((await call("DELETE", `/articles/${deleted}`, { token: admin })).status).toBe(204);

    posts[1]!.post.title = "Post 22, revised";
    const again = await call("POST", "/imports/ghost", { token: admin, body });
    const res = await call("POST", `/imports/ghost/${again.json.import.id}/posts`, { token: admin, body: { posts } });
    expect(res.status).toBe(200);
    expect(res.json.results.map((r: { outcome: string }) => r.outcome)).toEqual(["skipped", "updated"]);
    expect((await call("GET", `/articles/${deleted}`, { token: admin })).status).toBe(404);
  });
});

describe("reading an export file (the CLI's and the admin page's first step)", () => {
  it("refuses what is not a Ghost export, and reads Ghost 4's shape (no lexical, no visibility) with extra tables and columns", () => {
    expect(() => readGhostExport({ posts: [] })).toThrow(GhostExportError);
    expect(() => readGhostExport({ db: [{ meta: {}, data: { posts: "nope" } }] })).toThrow(/posts/);
    const exp = readGhostExport({
      db: [{
        meta: { version: "4.48.9" },
        data: {
          posts: [
            { id: "a", uuid: "ua", title: "A", slug: "a", type: "post", status: "sent", mobiledoc: "{}", html: "<p>A</p>", published_at: "2022-02-03 04:05:06", updated_at: "2022-02-03 04:05:06", created_at: "2022-02-03 04:05:06", brand_new_column: 1 },
            { id: "b", uuid: "ub", title: "About", slug: "about", type: "page", status: "published" },
          ],
          posts_authors: [{ post_id: "a", author_id: "u", sort_order: 0 }],
          posts_tags: [{ post_id: "a", tag_id: "t", sort_order: 0 }],
          users: [{ id: "u", name: "U", slug: "u", email: "u@example.org", password: "$2a$10$hash" }, { id: "v", name: "Staff", slug: "staff" }],
          tags: [{ id: "t", name: "#desk", slug: "hash-desk" }],
          members: [{ id: "m", email: "reader@example.org" }],
        },
      }],
    });
    expect(exp.version).toBe("4.48.9");
    expect(exp.bundles.map((b) => [b.post.slug, b.post.status, b.post.lexical])).toEqual([["a", "sent", null]]);
    expect(exp.skipped).toEqual([{ id: "b", slug: "about", reason: expect.stringContaining("page") }]);
    // Only who wrote, and never their email or password hash.
    expect(exp.users).toEqual([{ id: "u", name: "U", slug: "u", bio: null, website: null, profile_image: null }]);
    expect(exp.tags[0]).toMatchObject({ slug: "hash-desk", visibility: null });
    expect(ghostInstant(exp.bundles[0]!.post.published_at)).toBe("2022-02-03T04:05:06.000Z");
  });
});
