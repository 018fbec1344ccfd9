// Tags, sections and collections: the newsroom's furniture, through the API. What the three share
// (one route shape, src/editorial/crud.ts) is pinned in taxonomy-shape.test.ts; contributors have their own file.
import { describe, expect, it } from "vitest";
import { call, tokenFor, unique } from "../helpers/api";
import { createArticle, createSection } from "../helpers/newsroom";

const problem = (res: { status: number; headers: Headers; json: any }, code: string) => {
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(res.json).toMatchObject({ status: res.status, code, type: `urn:copydesk:problem:${code}` });
  return res.json;
};
/** Paths named by a problem body. */
const paths = (body: { errors: { path: string }[] }) => body.errors.map((e) => e.path);

describe("tags", () => {
  it("creates a tag with a derived slug and finds it by autocomplete q", async () => {
    const { token } = await tokenFor("editor");
    const stem = unique("glacier");
    const a = await call("POST", "/tags", { token, body: { name: `Melting ${stem}`, description: "Ice." } });
    expect(a.status).toBe(201);
    expect(a.json.tag).toMatchObject({ name: `Melting ${stem}`, slug: `melting-${stem}`, description: "Ice." });
    await call("POST", "/tags", { token, body: { name: `Unrelated ${unique("x")}` } });
    const found = await call("GET", `/tags?q=${encodeURIComponent(stem)}`, { token });
    expect(found.status).toBe(200);
    expect(found.json.tags.map((t: any) => t.id)).toEqual([a.json.tag.id]);
    expect(found.json.tags[0].article_count).toBe(0);
    // Partial input works too, as the editor types.
    const partial = await call("GET", `/tags?q=${encodeURIComponent(`elting ${stem.slice(0, 10)}`)}`, { token });
    expect(partial.json.tags.map((t: any) => t.id)).toContain(a.json.tag.id);
  });

  it("refuses to delete a tag used by an article: 409 in_use; unused tag deletes", async () => {
    const { token } = await tokenFor("editor");
    const name = `Energy ${unique("t")}`;
    const tag = await call("POST", "/tags", { token, body: { name } });
    await createArticle(token, { tags: [name] });
    const listed = await call("GET", `/tags?q=${encodeURIComponent(tag.json.tag.slug)}`, { token });
    expect(listed.json.tags.find((t: any) => t.id === tag.json.tag.id).article_count).toBe(1);
    const res = await call("DELETE", `/tags/${tag.json.tag.id}`, { token });
    expect(res.status).toBe(409);
    expect(problem(res, "in_use").usage_count).toBe(1);
    expect((await call("GET", `/tags/${tag.json.tag.id}`, { token })).status).toBe(200);

    const spare = await call("POST", "/tags", { token, body: { name: `Spare ${unique("t")}` } });
    expect((await call("DELETE", `/tags/${spare.json.tag.id}`, { token })).status).toBe(204);
    expect((await call("GET", `/tags/${spare.json.tag.id}`, { token })).status).toBe(404);
  });

  it("a duplicate slug → 409 slug_taken", async () => {
    const { token } = await tokenFor("editor");
    const slug = unique("dup-tag");
    expect((await call("POST", "/tags", { token, body: { name: "One", slug } })).status).toBe(201);
    const res = await call("POST", "/tags", { token, body: { name: "Two", slug } });
    expect(res.status).toBe(409);
    expect(problem(res, "slug_taken").errors).toEqual([{ path: "slug", message: "Already taken." }]);
  });

  it("authors may read tags but not create them (403)", async () => {
    const { token } = await tokenFor("author");
    expect((await call("GET", "/tags", { token })).status).toBe(200);
    const res = await call("POST", "/tags", { token, body: { name: `Author ${unique("t")}` } });
    expect(res.status).toBe(403);
    problem(res, "forbidden");
  });

  it("a q over 48 bytes (D1's LIKE limit less the two %) → 400 naming q", async () => {
    const { token } = await tokenFor("editor");
    const res = await call("GET", `/tags?q=${"x".repeat(49)}`, { token });
    expect(res.status).toBe(400);
    expect(paths(problem(res, "validation_failed"))).toEqual(["q"]);
  });
});

describe("sections", () => {
  it("lists sections ordered by position", async () => {
    const { token } = await tokenFor("editor");
    const made: Record<string, string> = {};
    for (const [name, position] of [["Zeta", 30], ["Alpha", 50], ["Mid", 10]] as const) {
      const res = await call("POST", "/sections", { token, body: { name, slug: unique("pos"), position } });
      expect(res.status).toBe(201);
      expect(res.json.section.position).toBe(position);
      made[res.json.section.id] = name;
    }
    const list = await call("GET", "/sections", { token });
    const mine = list.json.sections.filter((s: any) => s.id in made).map((s: any) => [s.name, s.position]);
    expect(mine).toEqual([["Mid", 10], ["Zeta", 30], ["Alpha", 50]]);
  });

  it("PATCH position moves a section", async () => {
    const { token } = await tokenFor("editor");
    const a = await call("POST", "/sections", { token, body: { name: "First", slug: unique("mv"), position: 100 } });
    const b = await call("POST", "/sections", { token, body: { name: "Second", slug: unique("mv"), position: 200 } });
    const moved = await call("PATCH", `/sections/${b.json.section.id}`, { token, body: { position: 50 } });
    expect(moved.status).toBe(200);
    expect(moved.json.section.position).toBe(50);
    const list = await call("GET", "/sections", { token });
    const ids = list.json.sections.map((s: any) => s.id).filter((id: string) => id === a.json.section.id || id === b.json.section.id);
    expect(ids).toEqual([b.json.section.id, a.json.section.id]);
  });

  it("refuses to delete a section with articles: 409 in_use; empty section deletes", async () => {
    const { token } = await tokenFor("editor");
    const section = await createSection(token, "Busy");
    await createArticle(token, { section: section.slug });
    const res = await call("DELETE", `/sections/${section.id}`, { token });
    expect(res.status).toBe(409);
    expect(problem(res, "in_use").usage_count).toBe(1);
    const list = await call("GET", "/sections", { token });
    expect(list.json.sections.find((s: any) => s.id === section.id).article_count).toBe(1);

    const empty = await createSection(token, "Empty");
    expect((await call("DELETE", `/sections/${empty.id}`, { token })).status).toBe(204);
    expect((await call("GET", `/sections/${empty.id}`, { token })).status).toBe(404);
  });

  it("a duplicate slug → 409; a negative position → 400 naming position", async () => {
    const { token } = await tokenFor("editor");
    const s = await createSection(token);
    const dup = await call("POST", "/sections", { token, body: { name: "Again", slug: s.slug } });
    expect(dup.status).toBe(409);
    problem(dup, "slug_taken");
    const bad = await call("POST", "/sections", { token, body: { name: "Bad", slug: unique("bad"), position: -1 } });
    expect(bad.status).toBe(400);
    expect(paths(problem(bad, "validation_failed"))).toEqual(["position"]);
  });

  it("an author may not create sections (403)", async () => {
    const { token } = await tokenFor("author");
    const res = await call("POST", "/sections", { token, body: { name: "Mine", slug: unique("s") } });
    expect(res.status).toBe(403);
  });
});

describe("collections", () => {
  async function threeArticles(token: string) {
    return [await createArticle(token), await createArticle(token), await createArticle(token)] as const;
  }

  it("creates a collection with articles in the given order", async () => {
    const { token } = await tokenFor("editor");
    const [a, b, c] = await threeArticles(token);
    const slug = unique("picks");
    const res = await call("POST", "/collections", { token, body: { name: "Editors' Picks", slug, description: "Best of", article_ids: [c.id, a.id, b.id] } });
    expect(res.status).toBe(201);
    expect(res.json.collection).toMatchObject({ slug, name: "Editors' Picks", description: "Best of" });
    expect(res.json.collection.articles).toEqual([
      { id: c.id, slug: c.slug, headline: c.headline, status: "draft" },
      { id: a.id, slug: a.slug, headline: a.headline, status: "draft" },
      { id: b.id, slug: b.slug, headline: b.headline, status: "draft" },
    ]);
    const got = await call("GET", `/collections/${res.json.collection.id}`, { token });
    expect(got.json.collection.articles.map((x: any) => x.id)).toEqual([c.id, a.id, b.id]);
    const list = await call("GET", "/collections", { token });
    expect(list.json.collections.find((k: any) => k.id === res.json.collection.id).article_count).toBe(3);
  });

  it("PATCH article_ids replaces the order", async () => {
    const { token } = await tokenFor("editor");
    const [a, b, c] = await threeArticles(token);
    const made = await call("POST", "/collections", { token, body: { name: "Reorder", slug: unique("reorder"), article_ids: [a.id, b.id, c.id] } });
    const id = made.json.collection.id;
    const res = await call("PATCH", `/collections/${id}`, { token, body: { article_ids: [b.id, c.id, a.id] } });
    expect(res.status).toBe(200);
    expect(res.json.collection.articles.map((x: any) => x.id)).toEqual([b.id, c.id, a.id]);
    const shrink = await call("PATCH", `/collections/${id}`, { token, body: { article_ids: [c.id] } });
    expect(shrink.json.collection.articles.map((x: any) => x.id)).toEqual([c.id]);
    // A PATCH without article_ids leaves the list alone.
    const rename = await call("PATCH", `/collections/${id}`, { token, body: { name: "Renamed" } });
    expect(rename.json.collection).toMatchObject({ name: "Renamed" });
    expect(rename.json.collection.articles.map((x: any) => x.id)).toEqual([c.id]);
  });

  it("an unknown article id → 400 naming article_ids.1, and the order is unchanged", async () => {
    const { token } = await tokenFor("editor");
    const [a, b] = await threeArticles(token);
    const made = await call("POST", "/collections", { token, body: { name: "Safe", slug: unique("safe"), article_ids: [a.id, b.id] } });
    const id = made.json.collection.id;
    const res = await call("PATCH", `/collections/${id}`, { token, body: { article_ids: [b.id, "art_missing", a.id] } });
    expect(res.status).toBe(400);
    expect(problem(res, "validation_failed").errors).toEqual([{ path: "article_ids.1", message: "No article has this id." }]);
    const got = await call("GET", `/collections/${id}`, { token });
    expect(got.json.collection.articles.map((x: any) => x.id)).toEqual([a.id, b.id]);

    const create = await call("POST", "/collections", { token, body: { name: "Bad", slug: unique("bad"), article_ids: [a.id, "art_missing"] } });
    expect(create.status).toBe(400);
    expect(paths(create.json)).toEqual(["article_ids.1"]);
  });

  it("a duplicated article id → 400 naming the second occurrence", async () => {
    const { token } = await tokenFor("editor");
    const [a] = await threeArticles(token);
    const res = await call("POST", "/collections", { token, body: { name: "Twice", slug: unique("twice"), article_ids: [a.id, a.id] } });
    expect(res.status).toBe(400);
    expect(problem(res, "validation_failed").errors).toEqual([{ path: "article_ids.1", message: "Listed twice." }]);
  });

  it("a duplicate slug → 409 slug_taken; an unknown collection → 404", async () => {
    const { token } = await tokenFor("editor");
    const slug = unique("col");
    expect((await call("POST", "/collections", { token, body: { name: "One", slug } })).status).toBe(201);
    const dup = await call("POST", "/collections", { token, body: { name: "Two", slug } });
    expect(dup.status).toBe(409);
    problem(dup, "slug_taken");
    const missing = await call("GET", "/collections/col_missing", { token });
    expect(missing.status).toBe(404);
    problem(missing, "not_found");
  });

  it("authors may read collections but not write them (403)", async () => {
    const editor = await tokenFor("editor");
    const author = await tokenFor("author");
    const made = await call("POST", "/collections", { token: editor.token, body: { name: "Read only", slug: unique("ro") } });
    expect((await call("GET", `/collections/${made.json.collection.id}`, { token: author.token })).status).toBe(200);
    const create = await call("POST", "/collections", { token: author.token, body: { name: "Mine", slug: unique("mine") } });
    expect(create.status).toBe(403);
    const patch = await call("PATCH", `/collections/${made.json.collection.id}`, { token: author.token, body: { name: "Taken over" } });
    expect(patch.status).toBe(403);
    problem(patch, "forbidden");
  });
});
