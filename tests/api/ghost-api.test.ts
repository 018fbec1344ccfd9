// The Ghost-compatible Content API (/ghost/api/content) read as a Ghost front-end reads it: Ghost 5's
// shapes, its parameters and filters, its errors, and our cache, ETags and CORS. Every answer is also
// checked against the content document (tests/helpers/contract.ts). Ghost's own client runs against
// the real Worker in tests/e2e/ghost-content-client.test.ts.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, tokenFor, unique } from "../helpers/api";
import { createContributor, createSection, doc, paragraph, uploadPng } from "../helpers/newsroom";
import { get } from "../helpers/public";

const G = "/ghost/api/content";
let key = "";
const s = unique("g").replace(/[^a-z0-9]/g, "");
const slug = { politics: `politics-${s}`, economy: `economy-${s}`, internal: `hash-desk-${s}` };
const ids = {} as Record<"alpha" | "bravo" | "charlie" | "draft", string>;
const people = {} as Record<"ana" | "ben", { id: string; slug: string }>;

const q = (path: string, params: Record<string, string> = {}) => get(`${G}${path}?${new URLSearchParams({ key, ...params })}`);

beforeAll(async () => {
  const { token: admin } = await tokenFor("admin");
  key = (await call("POST", "/content-api-keys", { token: admin, body: { name: "tests" } })).json.content_api_key.key;
  const section = await createSection(admin);
  people.ana = await createContributor(admin, "person", "Ana Alves", { bio: "Covers parliament.", links: [{ label: "X", url: "https://x.com/ana_alves" }, { label: "Site", url: "https://ana.example" }] });
  people.ben = await createContributor(admin, "person", "Ben Brandt");
  for (const [name, tagSlug] of [["Politics", slug.politics], ["Economy", slug.economy], ["#desk", slug.internal]])
    expect((await call("POST", "/tags", { token: admin, body: { name: `${name} ${s}`, slug: tagSlug } })).status).toBe(201);
  // Ghost's internal tags (#…) are kept on the story and never shown.
  await env.DB.prepare("UPDATE tags SET visibility = 'internal' WHERE slug = ?").bind(slug.internal).run();
  const image = await uploadPng(admin);
  const story = async (headline: string, at: string | null, bylines: string[], tags: string[], extra: Record<string, unknown> = {}) => {
    const res = await call("POST", "/articles", {
      token: admin,
      body: { headline, section: section.slug, bylines: bylines.map((contributor) => ({ contributor })), tags, body: doc(paragraph(`${headline} <b>body</b> text.`)), ...extra },
    });
    expect(res.status, res.text).toBe(201);
    if (at) expect((await call("POST", `/articles/${res.json.article.id}/publish`, { token: admin, body: { published_at: at } })).status).toBe(200);
    return res.json.article.id as string;
  };
  ids.alpha = await story(`Alpha ${s}`, "2024-01-10T09:00:00Z", [people.ana.slug, people.ben.slug], [slug.politics, slug.economy], {
    summary: "A custom excerpt.",
    featured_image: { media_id: image.id, alt: "Voters queue", caption: "Queues at dawn.", credit: "Photo: Ana Alves" },
  });
  ids.bravo = await story(`Bravo ${s}`, "2024-02-10T09:00:00Z", [people.ben.slug], [slug.internal, slug.economy]);
  ids.charlie = await story(`Charlie ${s}`, "2024-03-10T09:00:00Z", [people.ana.slug], [slug.economy]);
  ids.draft = await story(`Draft ${s}`, null, [people.ana.slug], [slug.economy, slug.politics]);
  const featured = await call("POST", "/collections", { token: admin, body: { name: "Featured", slug: "featured", article_ids: [ids.alpha] } });
  expect(featured.status, featured.text).toBe(201);
});

describe("posts", () => {
  it("browses published posts newest first, in Ghost's shape, with authors and tags on request", async () => {
    const res = await q("/posts/", { include: "authors,tags", filter: `tag:${slug.economy}` });
    expect(res.status).toBe(200);
    expect(res.json.posts.map((p: any) => p.id)).toEqual([ids.charlie, ids.bravo, ids.alpha]);
    expect(res.json.meta.pagination).toEqual({ page: 1, limit: 15, pages: 1, total: 3, next: null, prev: null });
    const alpha = res.json.posts[2];
    expect(alpha).toMatchObject({
      title: `Alpha ${s}`,
      published_at: "2024-01-10T09:00:00.000+00:00",
      custom_excerpt: "A custom excerpt.",
      excerpt: "A custom excerpt.",
      featured: true,
      visibility: "public",
      feature_image_alt: "Voters queue",
      feature_image_caption: "Queues at dawn. Photo: Ana Alves",
      comment_id: ids.alpha,
      reading_time: 1,
    });
    expect(alpha.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(alpha.feature_image).toMatch(/^http:\/\/copydesk\.test\/media\//);
    // Our renderer, every text escaped.
    expect(alpha.html).toContain(`Alpha ${s} &lt;b&gt;body&lt;/b&gt; text.`);
    expect(alpha).not.toHaveProperty("plaintext");
    expect(alpha.authors.map((a: any) => a.slug)).toEqual([people.ana.slug, people.ben.slug]);
    expect(alpha.primary_author).toMatchObject({ slug: people.ana.slug, bio: "Covers parliament.", twitter: "@ana_alves", website: "https://ana.example" });
    expect(alpha.tags.map((t: any) => t.slug)).toEqual([slug.politics, slug.economy]);
    expect(alpha.primary_tag.slug).toBe(slug.politics);
    const bravo = res.json.posts[1];
    // Its first tag is internal: no primary tag, and the internal tag nowhere.
    expect(bravo.primary_tag).toBeNull();
    expect(bravo.tags.map((t: any) => t.slug)).toEqual([slug.economy]);
    expect(bravo.featured).toBe(false);
    expect(res.text).not.toContain(slug.internal);
    expect(res.text).not.toContain(`Draft ${s}`);
  });

  it("leaves authors[] and tags[] out unless included; formats and fields choose what is sent", async () => {
    const plain = await q("/posts", { filter: `id:${ids.alpha}`, formats: "plaintext" });
    expect(plain.json.posts[0]).not.toHaveProperty("authors");
    expect(plain.json.posts[0]).not.toHaveProperty("html");
    expect(plain.json.posts[0].plaintext).toContain(`Alpha ${s} <b>body</b> text.`);
    const some = await q("/posts/", { filter: `id:${ids.alpha}`, fields: "title,slug,nonsense" });
    expect(Object.keys(some.json.posts[0]).sort()).toEqual(["slug", "title"]);
  });

  it("reads one post by slug and by id, with and without the trailing slash; 404 in Ghost's shape otherwise", async () => {
    const bySlug = await q(`/posts/slug/charlie-${s}/`);
    expect(bySlug.status, bySlug.text).toBe(200);
    expect(bySlug.json.posts.map((p: any) => p.id)).toEqual([ids.charlie]);
    expect(bySlug.json).not.toHaveProperty("meta");
    expect((await q(`/posts/${ids.charlie}`)).json.posts[0].slug).toBe(`charlie-${s}`);
    for (const missing of [`/posts/slug/draft-${s}/`, `/posts/${ids.draft}/`, "/posts/nope"]) {
      const res = await q(missing);
      expect(res.status, missing).toBe(404);
      expect(res.json.errors[0].type).toBe("NotFoundError");
    }
  });

  it("pages with Ghost's pagination, to the end", async () => {
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const res = await q("/posts/", { filter: `tag:${slug.economy}`, limit: "2", page: String(page), order: "title asc" });
      seen.push(...res.json.posts.map((p: any) => p.title));
      expect(res.json.meta.pagination).toMatchObject({ page, limit: 2, pages: 2, total: 3, prev: page > 1 ? page - 1 : null });
      if (!res.json.meta.pagination.next) break;
    }
    expect(seen).toEqual([`Alpha ${s}`, `Bravo ${s}`, `Charlie ${s}`]);
    // limit=all is the maximum page (100), as in Ghost 6.
    expect((await q("/posts/", { limit: "all", filter: `tag:${slug.economy}` })).json.meta.pagination.limit).toBe(100);
  });

  it("filters the way front-ends do", async () => {
    const titles = async (filter: string) => {
      const res = await q("/posts/", { filter, order: "published_at asc" });
      expect(res.status, `${filter}: ${res.text}`).toBe(200);
      return res.json.posts.map((p: any) => p.title.split(" ")[0]);
    };
    expect(await titles(`tag:${slug.politics}`)).toEqual(["Alpha"]);
    expect(await titles(`tags:[${slug.politics},${slug.internal}]`)).toEqual(["Alpha", "Bravo"]);
    expect(await titles(`tag:${slug.economy}+author:${people.ana.slug}`)).toEqual(["Alpha", "Charlie"]);
    expect(await titles(`tag:${slug.economy}+primary_author:${people.ben.slug}`)).toEqual(["Bravo"]);
    expect(await titles(`authors:${people.ben.slug}`)).toEqual(["Alpha", "Bravo"]);
    expect(await titles(`primary_tag:${slug.economy}`)).toEqual(["Charlie"]);
    expect(await titles(`tag:${slug.economy}+featured:true`)).toEqual(["Alpha"]);
    expect(await titles(`tag:${slug.economy}+featured:false`)).toEqual(["Bravo", "Charlie"]);
    // A date alone is its midnight, UTC: Bravo (09:00 that day) is after it.
    expect(await titles(`tag:${slug.economy}+published_at:>'2024-02-10'`)).toEqual(["Bravo", "Charlie"]);
    expect(await titles(`tag:${slug.economy}+published_at:>'2024-02-10T09:00:00Z'`)).toEqual(["Charlie"]);
    expect(await titles(`tag:${slug.economy}+published_at:>='2024-02-10 09:00:00'`)).toEqual(["Bravo", "Charlie"]);
    expect(await titles(`tag:${slug.economy}+published_at:<'2024-02-01'`)).toEqual(["Alpha"]);
    expect(await titles(`tag:${slug.economy}+id:-${ids.bravo}`)).toEqual(["Alpha", "Charlie"]);
    expect(await titles(`slug:[alpha-${s},charlie-${s}]`)).toEqual(["Alpha", "Charlie"]);
    expect(await titles(`(tag:${slug.politics},primary_author:${people.ben.slug})+visibility:public`)).toEqual(["Alpha", "Bravo"]);
    expect(await titles(`tag:${slug.economy}+tag:-${slug.politics}`)).toEqual(["Bravo", "Charlie"]);
    expect(await titles(`tag:${slug.economy}+visibility:paid`)).toEqual([]);
  });

  it("refuses what it cannot read with Ghost's errors, never a 5xx", async () => {
    const cases: [Record<string, string>, number, string][] = [
      [{ filter: "tag:" }, 400, "BadRequestError"],
      [{ filter: "nonsense:1" }, 400, "BadRequestError"],
      [{ filter: "published_at:>'yesterday'" }, 400, "BadRequestError"],
      [{ filter: "tag:>a" }, 400, "BadRequestError"],
      [{ filter: Array.from({ length: 1000 }, (_, i) => `tag:t${i}`).join("+") }, 400, "BadRequestError"],
      [{ limit: "ten" }, 422, "ValidationError"],
      [{ limit: "0" }, 422, "ValidationError"],
      [{ page: "-1" }, 422, "ValidationError"],
      [{ order: "password desc" }, 422, "ValidationError"],
    ];
    for (const [params, status, type] of cases) {
      const res = await q("/posts/", params);
      expect(res.status, JSON.stringify(params).slice(0, 80)).toBe(status);
      expect(res.json.errors[0].type).toBe(type);
    }
    expect((await q("/posts/", { limit: "ten" })).json.errors[0].property).toBe("limit");
  });
});

describe("authors, tags, settings and pages", () => {
  it("lists authors with posts, counts on request, and reads one by slug and id", async () => {
    const res = await q("/authors/", { filter: `slug:[${people.ana.slug},${people.ben.slug}]`, include: "count.posts" });
    expect(res.json.authors.map((a: any) => [a.slug, a.count.posts])).toEqual([
      [people.ana.slug, 2],
      [people.ben.slug, 2],
    ]);
    expect((await q(`/authors/slug/${people.ben.slug}`)).json.authors[0]).toMatchObject({ id: people.ben.id, name: "Ben Brandt", url: `http://127.0.0.1:8787/authors/${people.ben.slug}` });
    expect((await q(`/authors/${people.ana.id}/`)).json.authors[0].slug).toBe(people.ana.slug);
    expect((await q("/authors/slug/nobody")).status).toBe(404);
  });

  it("lists public tags only; an internal tag cannot be read", async () => {
    const res = await q("/tags/", { limit: "all", include: "count.posts", order: "count.posts desc" });
    const mine = res.json.tags.filter((t: any) => t.slug.endsWith(s));
    expect(mine.map((t: any) => [t.slug, t.count.posts])).toEqual([
      [slug.economy, 3],
      [slug.politics, 1],
    ]);
    expect(res.text).not.toContain(slug.internal);
    expect((await q(`/tags/slug/${slug.internal}/`)).status).toBe(404);
    expect((await q(`/tags/slug/${slug.politics}/`)).json.tags[0]).toMatchObject({ name: `Politics ${s}`, visibility: "public" });
  });

  it("answers settings and an empty pages list", async () => {
    const settings = await q("/settings/");
    expect(settings.json.settings).toMatchObject({ url: "http://127.0.0.1:8787/", navigation: [], lang: "en" });
    expect(typeof settings.json.settings.title).toBe("string");
    const pages = await q("/pages/");
    expect(pages.json).toEqual({ pages: [], meta: { pagination: { page: 1, limit: 15, pages: 1, total: 0, next: null, prev: null } } });
  });
});

describe("caching, ETags and CORS, as our own public API", () => {
  it("answers a matching If-None-Match with 304 and every read with CORS", async () => {
    const first = await q("/posts/", { filter: `tag:${slug.politics}` });
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"/);
    expect(first.headers.get("cache-control")).toContain("public");
    const url = `${G}/posts/?${new URLSearchParams({ key, filter: `tag:${slug.politics}` })}`;
    const again = await get(url.slice(0), { "if-none-match": etag, origin: "https://front.example" });
    expect(again.status).toBe(304);
    expect(again.headers.get("access-control-allow-origin")).toBe("*");
  });
});
