// Contributors, tags, sections and collections: the newsroom's furniture, through the API.
import { describe, expect, it } from "vitest";
import { call, tokenFor, unique } from "../helpers/api";
import { createArticle, createContributor, createSection } from "../helpers/newsroom";

const problem = (res: { status: number; headers: Headers; json: any }, code: string) => {
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(res.json).toMatchObject({ status: res.status, code, type: `urn:copydesk:problem:${code}` });
  return res.json;
};
/** Paths named by a problem body. */
const paths = (body: { errors: { path: string }[] }) => body.errors.map((e) => e.path);

describe("contributors: happy path", () => {
  it("creates a person with no user account, with links and a job title", async () => {
    const { token } = await tokenFor("editor");
    const slug = unique("jane-doe");
    const res = await call("POST", "/contributors", {
      token,
      body: { kind: "person", name: "Jane Doe", slug, job_title: "Kyiv correspondent", bio: "Covers energy.", links: [{ label: "Site", url: "https://jane.example" }] },
    });
    expect(res.status).toBe(201);
    expect(res.json.contributor).toMatchObject({
      slug,
      kind: "person",
      name: "Jane Doe",
      job_title: "Kyiv correspondent",
      bio: "Covers energy.",
      links: [{ label: "Site", url: "https://jane.example" }],
      user_id: null,
      avatar: null,
    });
    expect(res.json.contributor.id).toMatch(/^ctb_/);
    const got = await call("GET", `/contributors/${res.json.contributor.id}`, { token });
    expect(got.status).toBe(200);
    expect(got.json.contributor.slug).toBe(slug);
  });

  it("creates a desk (organization) with no user account, slug derived from the name", async () => {
    const { token } = await tokenFor("editor");
    const name = `Data Desk ${unique("d")}`;
    const res = await call("POST", "/contributors", { token, body: { kind: "organization", name } });
    expect(res.status).toBe(201);
    expect(res.json.contributor).toMatchObject({ kind: "organization", name, user_id: null, slug: name.toLowerCase().replace(/[^a-z0-9]+/g, "-") });
  });

  it("lists with a kind filter and q search, with article_count", async () => {
    const { token } = await tokenFor("editor");
    const tag = unique("kindfilter");
    const person = await createContributor(token, "person", `Person ${tag}`);
    const desk = await createContributor(token, "organization", `Desk ${tag}`);
    await createArticle(token, { bylines: [{ contributor: person.slug }, { contributor: desk.slug }] });
    await createArticle(token, { bylines: [{ contributor: person.slug }] });

    const orgs = await call("GET", `/contributors?kind=organization&q=${tag}`, { token });
    expect(orgs.status).toBe(200);
    expect(orgs.json.contributors.map((c: any) => [c.id, c.kind, c.article_count])).toEqual([[desk.id, "organization", 1]]);

    const people = await call("GET", `/contributors?kind=person&q=${tag}`, { token });
    expect(people.json.contributors.map((c: any) => [c.id, c.article_count])).toEqual([[person.id, 2]]);

    const both = await call("GET", `/contributors?q=${tag}`, { token });
    expect(both.json.contributors.map((c: any) => c.id)).toEqual([desk.id, person.id]); // ordered by name
  });

  it("an editor can PATCH a contributor", async () => {
    const { token } = await tokenFor("editor");
    const c = await createContributor(token, "person", "Old Name");
    const res = await call("PATCH", `/contributors/${c.id}`, { token, body: { name: "New Name", job_title: "Editor at large" } });
    expect(res.status).toBe(200);
    expect(res.json.contributor).toMatchObject({ id: c.id, slug: c.slug, name: "New Name", job_title: "Editor at large" });
  });

  it("deletes an unused contributor: 204, then 404", async () => {
    const { token } = await tokenFor("editor");
    const c = await createContributor(token, "person", "Short Lived");
    const del = await call("DELETE", `/contributors/${c.id}`, { token });
    expect(del.status).toBe(204);
    const after = await call("GET", `/contributors/${c.id}`, { token });
    expect(after.status).toBe(404);
    problem(after, "not_found");
  });

  it("an author may create a contributor", async () => {
    const { token } = await tokenFor("author");
    const res = await call("POST", "/contributors", { token, body: { kind: "person", name: "New Stringer", slug: unique("stringer") } });
    expect(res.status).toBe(201);
    expect(res.json.contributor.name).toBe("New Stringer");
  });
});

describe("contributors: errors", () => {
  it("refuses to delete a contributor holding a byline: 409 in_use, still there", async () => {
    const { token } = await tokenFor("editor");
    const c = await createContributor(token, "person", "Bylined Reporter");
    await createArticle(token, { bylines: [{ contributor: c.slug }] });
    const res = await call("DELETE", `/contributors/${c.id}`, { token });
    expect(res.status).toBe(409);
    expect(problem(res, "in_use").usage_count).toBe(1);
    expect((await call("GET", `/contributors/${c.id}`, { token })).status).toBe(200);
  });

  it("an author may not PATCH or DELETE a contributor (403), even their own creation", async () => {
    const { token } = await tokenFor("author");
    const c = await createContributor(token, "person", "Author Made");
    const patch = await call("PATCH", `/contributors/${c.id}`, { token, body: { name: "Changed" } });
    expect(patch.status).toBe(403);
    problem(patch, "forbidden");
    const del = await call("DELETE", `/contributors/${c.id}`, { token });
    expect(del.status).toBe(403);
    problem(del, "forbidden");
    const got = await call("GET", `/contributors/${c.id}`, { token });
    expect(got.json.contributor.name).toBe("Author Made");
  });

  it("an author may not link a contributor to a user account (403)", async () => {
    const author = await tokenFor("author");
    const res = await call("POST", "/contributors", { token: author.token, body: { kind: "person", name: "Linked", slug: unique("lnk"), user_id: author.user.id } });
    expect(res.status).toBe(403);
    problem(res, "forbidden");
  });

  it("a contributor role may not create contributors (403)", async () => {
    const { token } = await tokenFor("contributor");
    const res = await call("POST", "/contributors", { token, body: { kind: "person", name: "Nope", slug: unique("nope") } });
    expect(res.status).toBe(403);
  });

  it("a duplicate slug → 409 slug_taken naming slug", async () => {
    const { token } = await tokenFor("editor");
    const c = await createContributor(token, "person", "First");
    const res = await call("POST", "/contributors", { token, body: { kind: "organization", name: "Second", slug: c.slug } });
    expect(res.status).toBe(409);
    expect(problem(res, "slug_taken").errors).toEqual([{ path: "slug", message: "Already taken." }]);
    const other = await createContributor(token, "person", "Third");
    const patch = await call("PATCH", `/contributors/${other.id}`, { token, body: { slug: c.slug } });
    expect(patch.status).toBe(409);
    problem(patch, "slug_taken");
  });

  it("invalid fields → 400 naming each", async () => {
    const { token } = await tokenFor("editor");
    const res = await call("POST", "/contributors", {
      token,
      body: { kind: "robot", name: "", slug: "Bad Slug", links: [{ label: "ok", url: "https://ok.example" }, { label: "x", url: "javascript:alert(1)" }] },
    });
    expect(res.status).toBe(400);
    expect(paths(problem(res, "validation_failed")).sort()).toEqual(["kind", "links.1.url", "name", "slug"]);
  });

  it("unknown avatar_media_id and user_id → 400", async () => {
    const { token } = await tokenFor("editor");
    const avatar = await call("POST", "/contributors", { token, body: { kind: "person", name: "A", slug: unique("a"), avatar_media_id: "med_missing" } });
    expect(avatar.status).toBe(400);
    expect(paths(avatar.json)).toEqual(["avatar_media_id"]);
    const user = await call("POST", "/contributors", { token, body: { kind: "person", name: "B", slug: unique("b"), user_id: "usr_missing" } });
    expect(user.status).toBe(400);
    expect(paths(user.json)).toEqual(["user_id"]);
  });

  it("an unknown kind in the list filter → 400 naming kind", async () => {
    const { token } = await tokenFor("editor");
    const res = await call("GET", "/contributors?kind=robot", { token });
    expect(res.status).toBe(400);
    expect(paths(problem(res, "validation_failed"))).toEqual(["kind"]);
  });
});

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
