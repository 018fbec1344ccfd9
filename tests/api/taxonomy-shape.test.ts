// Tags, sections and collections are built from one route shape (src/editorial/crud.ts) and share
// their domain helpers (src/editorial/crud-domain.ts). These cases pin what that shape promises for
// each of them alike, so a change to the shared code cannot quietly change one resource's answers.
// What differs between them (autocomplete, position, ordered stories) is tested in taxonomy.test.ts.
import { describe, expect, it } from "vitest";
import { call, tokenFor, unique } from "../helpers/api";

const RESOURCES = [
  { path: "/tags", noun: "tag", list: "tags" },
  { path: "/sections", noun: "section", list: "sections" },
  { path: "/collections", noun: "collection", list: "collections" },
] as const;

const problem = (res: { status: number; headers: Headers; json: any }, status: number, code: string) => {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(res.json).toMatchObject({ status, code });
  return res.json;
};

describe.each(RESOURCES)("$path: the shared CRUD shape", ({ path, noun, list }) => {
  it("POST derives the slug from the name and answers 201 with the one under its noun", async () => {
    const { token } = await tokenFor("editor");
    const stem = unique("shape");
    const res = await call("POST", path, { token, body: { name: `Shape ${stem}`, description: "  About it.  " } });
    expect(res.status).toBe(201);
    expect(res.json[noun]).toMatchObject({ slug: `shape-${stem}`, name: `Shape ${stem}`, description: "About it." });
    const got = await call("GET", `${path}/${res.json[noun].id}`, { token });
    expect(got.status).toBe(200);
    expect(got.json[noun]).toEqual(res.json[noun]);
    const listed = await call("GET", path, { token });
    expect(listed.json[list].map((x: any) => x.id)).toContain(res.json[noun].id);
  });

  it("POST without a name → 400 naming name", async () => {
    const { token } = await tokenFor("editor");
    const res = await call("POST", path, { token, body: { slug: unique("nameless") } });
    expect(problem(res, 400, "validation_failed").errors.map((e: any) => e.path)).toEqual(["name"]);
  });

  it("PATCH changes only what is sent; an empty description clears it", async () => {
    const { token } = await tokenFor("editor");
    const made = (await call("POST", path, { token, body: { name: "Keep me", slug: unique("keep"), description: "Before." } })).json[noun];
    const cleared = await call("PATCH", `${path}/${made.id}`, { token, body: { description: "" } });
    expect(cleared.status).toBe(200);
    expect(cleared.json[noun]).toMatchObject({ id: made.id, name: "Keep me", slug: made.slug, description: null });
    const same = await call("PATCH", `${path}/${made.id}`, { token, body: {} });
    expect(same.json[noun]).toMatchObject({ name: "Keep me", slug: made.slug, description: null });
  });

  it("PATCH to a slug another one holds → 409 slug_taken naming slug, and nothing changes", async () => {
    const { token } = await tokenFor("editor");
    const first = (await call("POST", path, { token, body: { name: "First", slug: unique("first") } })).json[noun];
    const second = (await call("POST", path, { token, body: { name: "Second", slug: unique("second") } })).json[noun];
    const res = await call("PATCH", `${path}/${second.id}`, { token, body: { name: "Renamed", slug: first.slug } });
    expect(problem(res, 409, "slug_taken").errors).toEqual([{ path: "slug", message: "Already taken." }]);
    // Name and slug go in one statement: the refused slug takes the rename down with it.
    expect((await call("GET", `${path}/${second.id}`, { token })).json[noun]).toMatchObject({ name: "Second", slug: second.slug });
  });

  it("an unknown id → 404 not_found on GET, PATCH and DELETE", async () => {
    const { token } = await tokenFor("editor");
    const missing = `${path}/${unique("missing")}`;
    problem(await call("GET", missing, { token }), 404, "not_found");
    problem(await call("PATCH", missing, { token, body: { name: "Ghost" } }), 404, "not_found");
    problem(await call("DELETE", missing, { token }), 404, "not_found");
  });

  it("the body is checked before the id is looked up: a bad PATCH to an unknown id is a 400", async () => {
    const { token } = await tokenFor("editor");
    const res = await call("PATCH", `${path}/${unique("missing")}`, { token, body: { slug: "Not A Slug" } });
    expect(problem(res, 400, "validation_failed").errors.map((e: any) => e.path)).toEqual(["slug"]);
  });

  it("the right is checked before the body: an author's invalid POST and PATCH are 403, not 400", async () => {
    const editor = await tokenFor("editor");
    const author = await tokenFor("author");
    const made = (await call("POST", path, { token: editor.token, body: { name: "Guarded", slug: unique("guarded") } })).json[noun];
    problem(await call("POST", path, { token: author.token, body: { name: "" } }), 403, "forbidden");
    problem(await call("PATCH", `${path}/${made.id}`, { token: author.token, body: { slug: "Not A Slug" } }), 403, "forbidden");
    problem(await call("DELETE", `${path}/${made.id}`, { token: author.token }), 403, "forbidden");
    expect((await call("GET", `${path}/${made.id}`, { token: author.token })).status).toBe(200);
  });

  it("DELETE answers 204 with no body, then the id is gone", async () => {
    const { token } = await tokenFor("editor");
    const made = (await call("POST", path, { token, body: { name: "Brief", slug: unique("brief") } })).json[noun];
    const del = await call("DELETE", `${path}/${made.id}`, { token });
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    problem(await call("GET", `${path}/${made.id}`, { token }), 404, "not_found");
  });
});
