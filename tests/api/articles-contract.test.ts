// The article routes' contract: what the document promises about them (If-Match, the Article
// component, examples that are real) and the order of refusals clients rely on. Every response in
// the other article suites is also checked against the document by tests/helpers/contract.ts.
import { describe, expect, it } from "vitest";
import * as v from "valibot";
import { parseBody } from "../../src/body/schema";
import { ARTICLE_EXAMPLE, ARTICLE_INPUT_EXAMPLE } from "../../src/editorial/articles/examples";
import { CreateArticleSchema } from "../../src/editorial/articles/input-schema";
import { ArticleView } from "../../src/editorial/articles/schemas";
import { call, tokenFor } from "../helpers/api";
import { createArticle, createPublishableArticle } from "../helpers/newsroom";

describe("the reference's examples", () => {
  // A stale example teaches clients the wrong shape: both must pass the very schemas the routes use.
  it("are what the create route accepts and what the Article schema describes", () => {
    expect(v.safeParse(CreateArticleSchema, ARTICLE_INPUT_EXAMPLE).issues).toBeUndefined();
    expect(parseBody(ARTICLE_INPUT_EXAMPLE.body)).toMatchObject({ ok: true });
    expect(v.safeParse(ArticleView, ARTICLE_EXAMPLE).issues).toBeUndefined();
  });

  it("appear in the document, on the create body and the Article component", async () => {
    const doc = (await call("GET", "/openapi.json")).json;
    const create = doc.paths["/articles"].post.requestBody.content["application/json"].schema;
    expect(create.examples[0].headline).toBe(ARTICLE_INPUT_EXAMPLE.headline);
    expect(doc.components.schemas.Article.examples[0].id).toBe(ARTICLE_EXAMPLE.id);
    // The article's body is the BodyDoc component, on the way in and out.
    expect(create.properties.body.$ref).toBe("#/components/schemas/BodyDoc");
    expect(doc.components.schemas.Article.properties.body.$ref).toBe("#/components/schemas/BodyDoc");
  });
});

describe("bodies", () => {
  // Clients publish with no body at all (the route reads it as {}): the document must not demand one.
  it("are required where the route needs one, and optional on publish and schedule", async () => {
    const paths = (await call("GET", "/openapi.json")).json.paths;
    expect(paths["/articles/{id}"].patch.requestBody.required).toBe(true);
    expect(paths["/articles"].post.requestBody.required).toBe(true);
    expect(paths["/articles/{id}/publish"].post.requestBody.required).toBe(false);
    expect(paths["/articles/{id}/schedule"].post.requestBody.required).toBe(false);
  });
});

describe("If-Match", () => {
  it("is declared under the name clients send, wherever a change is guarded", async () => {
    const doc = (await call("GET", "/openapi.json")).json;
    const guarded = [
      ["patch", "/articles/{id}"],
      ["delete", "/articles/{id}"],
      ["post", "/articles/{id}/publish"],
      ["put", "/articles/{id}/working-copy"],
      ["post", "/articles/{id}/working-copy/publish"],
      ["post", "/articles/{id}/revisions/{rev}/restore"],
    ] as const;
    for (const [method, path] of guarded) {
      const names = doc.paths[path][method].parameters.filter((p: any) => p.in === "header").map((p: any) => p.name);
      expect(names, `${method} ${path}`).toEqual(["If-Match"]);
    }
    expect(Object.keys(doc.paths["/articles/{id}"].patch.responses)).toEqual(expect.arrayContaining(["409", "428"]));
  });

  it("refuses what this API never issued, naming If-Match, and a working copy's ETag on the article", async () => {
    const { token } = await tokenFor("editor");
    const a = await createArticle(token);
    const bad = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": "W/abc" }, body: { dek: "x" } });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ code: "validation_failed", errors: [{ path: "If-Match", message: "Not a version ETag." }] });
    const copyTag = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1.1"' }, body: { dek: "x" } });
    expect(copyTag.status).toBe(400);
    expect(copyTag.json.errors).toEqual([{ path: "If-Match", message: "A working copy's ETag." }]);
    // Weak and unquoted forms of the real ETag are the same precondition.
    const weak = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": 'W/"1"' }, body: { dek: "weak" } });
    expect(weak.status).toBe(200);
    expect(weak.headers.get("etag")).toBe('"2"');
  });
});

describe("the order of refusals", () => {
  it("403 for a role without the right, whatever the body; an unknown id is a 404 for a role with it", async () => {
    const contributor = await tokenFor("contributor");
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token);
    const forbidden = await call("POST", `/articles/${a.id}/schedule`, { token: contributor.token, body: { at: "not a time" } });
    expect(forbidden.status).toBe(403);
    const missing = await call("POST", "/articles/art_none/schedule", { token, body: { at: "2099-01-01T00:00:00Z" } });
    expect(missing.status).toBe(404);
    // A lifecycle call without any body reads as {}: publish needs nothing more.
    const published = await call("POST", `/articles/${a.id}/publish`, { token });
    expect(published.status).toBe(200);
    expect(published.json.article.status).toBe("published");
  });
});
