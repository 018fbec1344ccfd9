// Internal tags (Ghost's `#…`, tags.visibility "internal") are the newsroom's own bookkeeping: kept
// on the story for editors, and absent from every public format — the content API's stories, lists
// and tag directory, filters, tag feeds, RSS/Atom/JSON Feed categories, JSON-LD keywords, sitemaps.
// One published story carries a public tag and an internal one; each format is read and searched
// for the internal tag's name and slug, and for the public tag's (so a format that lost tags
// altogether would fail too).
import { beforeAll, describe, expect, it } from "vitest";
import { call, tokenFor, unique } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";
import { get } from "../helpers/public";

let token: string;
const story = { id: "", slug: "", section: "" };
const internal = { id: "", name: "", slug: "" };
const visible = { name: "", slug: "" };

beforeAll(async () => {
  token = (await tokenFor("editor")).token;
  const stem = unique("zq");
  // Created at the tag desk: a name starting with "#" makes it internal, as in Ghost.
  const made = await call("POST", "/tags", { token, body: { name: `#Desk ${stem}` } });
  expect(made.status).toBe(201);
  Object.assign(internal, { id: made.json.tag.id, name: made.json.tag.name, slug: made.json.tag.slug });
  Object.assign(visible, { name: `Harbour ${stem}`, slug: `harbour-${stem}` });
  const article = await createPublishableArticle(token, { tags: [visible.name, internal.name] });
  const published = await call("POST", `/articles/${article.id}/publish`, { token });
  expect(published.status).toBe(200);
  Object.assign(story, { id: article.id, slug: published.json.article.slug, section: published.json.article.section.slug });
});

/** The internal tag's name or slug anywhere in a public answer (escaped or not). */
const leaks = (text: string) => [internal.name, internal.slug, JSON.stringify(internal.name).slice(1, -1)].filter((s) => text.includes(s));

describe("the newsroom sees it", () => {
  it("the tag desk reads and writes visibility; the story keeps the tag, in order", async () => {
    const tag = await call("GET", `/tags/${internal.id}`, { token });
    expect(tag.json.tag).toMatchObject({ slug: internal.slug, visibility: "internal" });
    const article = await call("GET", `/articles/${story.id}`, { token });
    expect(article.json.article.tags.map((t: any) => t.slug)).toEqual([visible.slug, internal.slug]);
    // A tag can be made internal (and back) at the desk.
    const other = await call("POST", "/tags", { token, body: { name: `Plain ${unique("t")}` } });
    expect(other.json.tag.visibility).toBe("public");
    const flipped = await call("PATCH", `/tags/${other.json.tag.id}`, { token, body: { visibility: "internal" } });
    expect(flipped.json.tag.visibility).toBe("internal");
    const bad = await call("PATCH", `/tags/${other.json.tag.id}`, { token, body: { visibility: "secret" } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((e: any) => e.path)).toEqual(["visibility"]);
  });
});

describe("readers never do", () => {
  it("content API: the story, lists, the tag directory and the tag filter", async () => {
    const one = await get(`/api/content/v1/articles/${story.slug}`);
    expect(one.status).toBe(200);
    expect(one.json.article.tags.map((t: any) => t.slug)).toEqual([visible.slug]);
    // JSON-LD keywords ride in the same answer.
    expect(one.text).toContain(visible.name);
    expect(leaks(one.text)).toEqual([]);

    const list = await get(`/api/content/v1/articles?tag=${visible.slug}`);
    expect(list.json.articles.map((a: any) => a.id)).toEqual([story.id]);
    expect(leaks(list.text)).toEqual([]);
    expect((await get(`/api/content/v1/articles?tag=${internal.slug}`)).json.articles).toEqual([]);

    const directory = await get("/api/content/v1/tags");
    expect(directory.json.tags.map((t: any) => t.slug)).toContain(visible.slug);
    expect(leaks(directory.text)).toEqual([]);
    expect((await get(`/api/content/v1/tags/${internal.slug}`)).status).toBe(404);
  });

  it("feeds: categories of the site's, section's and public tag's feeds; the internal tag has no feed", async () => {
    for (const scope of ["", `/sections/${story.section}`, `/tags/${visible.slug}`]) {
      for (const ext of ["xml", "atom", "json"]) {
        const feed = await get(`${scope}/feed.${ext}?limit=100`);
        expect(feed.status, `${scope}/feed.${ext}`).toBe(200);
        expect(feed.text, `${scope}/feed.${ext}`).toContain(visible.name);
        expect(leaks(feed.text), `${scope}/feed.${ext}`).toEqual([]);
      }
    }
    for (const ext of ["xml", "atom", "json"]) expect((await get(`/tags/${internal.slug}/feed.${ext}`)).status, ext).toBe(404);
  });

  it("sitemaps", async () => {
    for (const path of ["/sitemap.xml", "/sitemap-news.xml"]) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(leaks(res.text), path).toEqual([]);
    }
  });
});

describe("a \"#…\" tag first named in a story's tag field", () => {
  it("is created internal, as at the tag desk, and stays out of the published story", async () => {
    const name = `#Note ${unique("zr")}`;
    const article = await createPublishableArticle(token, { tags: [visible.name, name] });
    const published = await call("POST", `/articles/${article.id}/publish`, { token });
    expect(published.status).toBe(200);
    const created = published.json.article.tags.find((t: any) => t.name === name);
    expect(created).toBeDefined();
    expect((await call("GET", `/tags/${created.id}`, { token })).json.tag.visibility).toBe("internal");
    const read = await get(`/api/content/v1/articles/${published.json.article.slug}`);
    expect(read.json.article.tags.map((t: any) => t.slug)).toEqual([visible.slug]);
  });
});
