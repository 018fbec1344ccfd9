// Contributors (people and desks who can hold a byline), through the API.
import { describe, expect, it } from "vitest";
import { call, tokenFor, unique } from "../helpers/api";
import { createArticle, createContributor } from "../helpers/newsroom";

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
