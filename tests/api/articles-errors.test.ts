import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { call, tokenFor } from "../helpers/api";
import { createArticle, createPublishableArticle, doc, paragraph } from "../helpers/newsroom";

const problem = (res: { status: number; headers: Headers; json: any }) => {
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  expect(res.json.status).toBe(res.status);
  return res.json;
};

describe("bad input gets a clear problem and changes nothing", () => {
  it("rejects malformed JSON with 400", async () => {
    const { token } = await tokenFor("editor");
    const res = await call("POST", "/articles", { token, body: '{"headline": "oops",', headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(problem(res).code).toBe("invalid_json");
  });

  it("names every invalid field", async () => {
    const { token } = await tokenFor("editor");
    const res = await call("POST", "/articles", { token, body: { headline: "", slug: "Not A Slug", comments_enabled: "yes" } });
    expect(res.status).toBe(400);
    const p = problem(res);
    expect(p.code).toBe("validation_failed");
    expect(p.errors.map((e: any) => e.path).sort()).toEqual(["comments_enabled", "headline", "slug"]);
  });

  it("names the body path of a javascript: link and of an unknown node", async () => {
    const { token } = await tokenFor("editor");
    const body = doc(
      { type: "paragraph", content: [{ type: "text", text: "click", marks: [{ type: "link", attrs: { href: "javascript:alert(1)" } }] }] },
      { type: "iframe", attrs: { src: "https://example.org" } },
    );
    const res = await call("POST", "/articles", { token, body: { headline: "Body check", body } });
    expect(res.status).toBe(400);
    const paths = problem(res).errors.map((e: any) => e.path);
    expect(paths).toContain("body.content.0.content.0.marks.0.attrs.href");
    expect(paths).toContain("body.content.1.type");
  });

  it("names unknown references: byline, section, related article, card, media", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token);
    const res = await call("POST", "/articles", {
      token,
      body: {
        headline: "References",
        section: "no-such-section",
        bylines: [{ contributor: a.bylines[0].contributor.slug }, { contributor: "nobody-here" }],
        related: [{ article_id: a.id }, { article_id: "art_missing" }],
        body: doc(paragraph("x"), { type: "relatedCard", attrs: { article_id: "art_gone" } }),
        featured_image: { media_id: "med_missing" },
      },
    });
    expect(res.status).toBe(400);
    expect(problem(res).errors.map((e: any) => e.path).sort()).toEqual(
      ["body.content.1.attrs.article_id", "bylines.1.contributor", "featured_image.media_id", "related.1.article_id", "section"].sort(),
    );
  });

  it("refuses a body over 1 MB with 413 and a non-JSON body with 415", async () => {
    const { token } = await tokenFor("editor");
    const big = await call("POST", "/articles", { token, body: { headline: "x", dek: "y".repeat(1_100_000) } });
    expect(big.status).toBe(413);
    expect(problem(big).code).toBe("payload_too_large");
    const form = await call("POST", "/articles", { token, body: "headline=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(form.status).toBe(415);
  });

  it("answers an unknown route with a 404 problem", async () => {
    const { token } = await tokenFor("editor");
    const res = await call("GET", "/no-such-thing", { token });
    expect(res.status).toBe(404);
    expect(problem(res).code).toBe("not_found");
    const missing = await call("GET", "/articles/art_nope", { token });
    expect(missing.status).toBe(404);
  });

  it("refuses a slug that is taken with 409", async () => {
    const { token } = await tokenFor("editor");
    const a = await createArticle(token, { slug: "taken-slug-example" });
    const res = await call("POST", "/articles", { token, body: { headline: "Other", slug: a.slug } });
    expect(res.status).toBe(409);
    expect(problem(res).code).toBe("slug_taken");
  });

  it("refuses to publish without a section and byline, and to schedule in the past", async () => {
    const { token } = await tokenFor("editor");
    const bare = await createArticle(token);
    const pub = await call("POST", `/articles/${bare.id}/publish`, { token });
    expect(pub.status).toBe(400);
    expect(problem(pub).errors.map((e: any) => e.path).sort()).toEqual(["bylines", "section"]);
    const ready = await createPublishableArticle(token);
    const past = await call("POST", `/articles/${ready.id}/schedule`, { token, body: { at: "2020-01-01T00:00:00Z" } });
    expect(past.status).toBe(400);
    expect(problem(past).errors[0].path).toBe("at");
    const noZone = await call("POST", `/articles/${ready.id}/schedule`, { token, body: { at: "2030-01-01T09:00" } });
    expect(noZone.status).toBe(400);
  });
});

describe("optimistic concurrency: no edit is ever lost", () => {
  it("requires If-Match (or version) on PATCH: 428", async () => {
    const { token } = await tokenFor("editor");
    const a = await createArticle(token);
    const res = await call("PATCH", `/articles/${a.id}`, { token, body: { headline: "No precondition" } });
    expect(res.status).toBe(428);
    expect(problem(res).code).toBe("precondition_required");
  });

  it("refuses a stale If-Match with 409, the current version and what changed, and keeps the winner's text", async () => {
    const { token } = await tokenFor("editor");
    const a = await createArticle(token, { headline: "Original", summary: "Original summary" });
    const first = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1"' }, body: { headline: "First editor's headline" } });
    expect(first.status).toBe(200);
    const stale = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1"' }, body: { summary: "Second editor's summary" } });
    expect(stale.status).toBe(409);
    const p = problem(stale);
    expect(p).toMatchObject({ code: "version_conflict", current_version: 2, your_version: 1, changed_fields: ["headline"] });
    const now = await call("GET", `/articles/${a.id}`, { token });
    expect(now.json.article).toMatchObject({ headline: "First editor's headline", summary: "Original summary", version: 2 });
    // The same through a body version, for clients that cannot set headers.
    const viaBody = await call("PATCH", `/articles/${a.id}`, { token, body: { version: 1, dek: "late" } });
    expect(viaBody.status).toBe(409);
  });

  it("lets exactly one of many concurrent saves from the same version win", async () => {
    const { token } = await tokenFor("editor");
    const a = await createArticle(token);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1"' }, body: { headline: `Racer ${i}` } })),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    const revs = await call("GET", `/articles/${a.id}/revisions`, { token });
    expect(revs.json.revisions.map((r: any) => r.version)).toEqual([2, 1]);
  });

  it("leaves nothing half-written when a statement inside the save's batch fails", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { headline: "Before the failure", tags: ["Kept Tag"] });
    // Inject a failure into the middle of the batch: the 5th tag row cannot be inserted.
    await env.DB.exec(`CREATE TRIGGER fail_fifth_tag BEFORE INSERT ON article_tags WHEN NEW.position = 4 BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    try {
      const res = await call("PATCH", `/articles/${a.id}`, {
        token,
        headers: { "if-match": `"${a.version}"` },
        body: { headline: "After the failure", tags: ["T One", "T Two", "T Three", "T Four", "T Five", "T Six"], bylines: [] },
      });
      expect(res.status).toBe(500);
    } finally {
      await env.DB.exec("DROP TRIGGER fail_fifth_tag");
    }
    const after = await call("GET", `/articles/${a.id}`, { token });
    expect(after.json.article).toMatchObject({ headline: "Before the failure", version: a.version });
    expect(after.json.article.tags.map((t: any) => t.name)).toEqual(["Kept Tag"]);
    expect(after.json.article.bylines).toEqual(a.bylines);
    const revs = await call("GET", `/articles/${a.id}/revisions`, { token });
    expect(revs.json.revisions).toHaveLength(1);
    const newTag = await env.DB.prepare("SELECT count(*) AS n FROM tags WHERE slug = 't-one'").first<{ n: number }>();
    expect(newTag?.n).toBe(0);
  });
});
