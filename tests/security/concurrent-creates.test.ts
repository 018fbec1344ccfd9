// N requests race to create the same unique thing. Each one may pass any "is it free?" check before
// the others insert, so only the database's unique index decides: exactly one wins with 201, every
// loser gets a 409 problem naming the field as the client sent it, and nobody ever sees a 5xx.
import { describe, expect, it } from "vitest";
import { call, createUser, tokenFor, unique } from "../helpers/api";
import { createContributor } from "../helpers/newsroom";

const N = 8;

type Res = Awaited<ReturnType<typeof call>>;

function expectOneWinner(results: Res[], code: string, path: string) {
  const statuses = results.map((r) => r.status);
  expect(statuses.filter((s) => s >= 500), `no 5xx in ${statuses}`).toEqual([]);
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  const losers = results.filter((r) => r.status !== 201);
  expect(losers).toHaveLength(N - 1);
  for (const r of losers) {
    expect(r.status, r.text).toBe(409);
    expect(r.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(r.json).toMatchObject({ status: 409, code, type: `urn:copydesk:problem:${code}` });
    expect(r.json.errors.map((e: { path: string }) => e.path)).toEqual([path]);
  }
}

const race = (make: () => Promise<Res>) => Promise.all(Array.from({ length: N }, make));

describe("concurrent creates with one unique key: one 201, the rest 409", () => {
  it("users by email", async () => {
    const { token } = await tokenFor("admin");
    const email = `${unique("race")}@example.org`;
    // Different case on purpose: the API folds it, so these are all the same address.
    const results = await race(() => call("POST", "/users", { token, body: { email: email.toUpperCase(), name: "Racer", role: "author", password: "a long enough password" } }));
    expectOneWinner(results, "conflict", "email");
    const list = await call("GET", "/users", { token });
    expect(list.json.users.filter((u: { email: string }) => u.email === email)).toHaveLength(1);
  });

  it("articles by explicit slug", async () => {
    const { token } = await tokenFor("editor");
    const slug = unique("race-article");
    const results = await race(() => call("POST", "/articles", { token, body: { headline: "Same slug", slug } }));
    expectOneWinner(results, "slug_taken", "slug");
  });

  it("tags by name (the slug is derived from it)", async () => {
    const { token } = await tokenFor("editor");
    const name = `Race ${unique("tag")}`;
    const results = await race(() => call("POST", "/tags", { token, body: { name } }));
    expectOneWinner(results, "slug_taken", "slug");
  });

  it("tags by explicit slug", async () => {
    const { token } = await tokenFor("editor");
    const slug = unique("race-tag");
    let i = 0;
    const results = await race(() => call("POST", "/tags", { token, body: { name: `Tag ${++i}`, slug } }));
    expectOneWinner(results, "slug_taken", "slug");
  });

  it("sections by slug", async () => {
    const { token } = await tokenFor("editor");
    const slug = unique("race-section");
    const results = await race(() => call("POST", "/sections", { token, body: { name: "Race desk", slug } }));
    expectOneWinner(results, "slug_taken", "slug");
  });

  it("contributors by slug", async () => {
    const { token } = await tokenFor("editor");
    const slug = unique("race-ctb");
    const results = await race(() => call("POST", "/contributors", { token, body: { kind: "person", name: "Racer", slug } }));
    expectOneWinner(results, "slug_taken", "slug");
  });

  it("contributors linked to the same user (one user, one contributor)", async () => {
    const { token } = await tokenFor("admin");
    const user = await createUser("author");
    const results = await race(() => call("POST", "/contributors", { token, body: { kind: "person", name: "Linked", slug: unique("linked"), user_id: user.id } }));
    expectOneWinner(results, "conflict", "user_id");
  });

  it("collections by slug", async () => {
    const { token } = await tokenFor("editor");
    const slug = unique("race-collection");
    const results = await race(() => call("POST", "/collections", { token, body: { name: "Race picks", slug } }));
    expectOneWinner(results, "slug_taken", "slug");
  });

  it("updates racing to the same slug: one 200, the rest 409", async () => {
    const { token } = await tokenFor("editor");
    const slug = unique("race-rename");
    const people = await Promise.all(Array.from({ length: N }, (_, i) => createContributor(token, "person", `Person ${i}`)));
    const results = await Promise.all(people.map((p) => call("PATCH", `/contributors/${p.id}`, { token, body: { slug } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(N - 1).fill(409)]);
  });
});
