import { describe, expect, it } from "vitest";
import { call, tokenFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";

describe("revisions", () => {
  it("keeps a snapshot per accepted version, with who and when", async () => {
    const { token, user } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { headline: "Version one" });
    await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1"' }, body: { headline: "Version two" } });
    await call("POST", `/articles/${a.id}/publish`, { token });
    const list = await call("GET", `/articles/${a.id}/revisions`, { token });
    expect(list.json.revisions.map((r: any) => [r.version, r.action])).toEqual([
      [3, "publish"],
      [2, "update"],
      [1, "create"],
    ]);
    expect(list.json.revisions.every((r: any) => r.created_by === user.id && !Number.isNaN(Date.parse(r.created_at)))).toBe(true);
    const one = await call("GET", `/articles/${a.id}/revisions/1`, { token });
    expect(one.json.revision.snapshot.content.headline).toBe("Version one");
    expect(one.json.revision.snapshot.state.status).toBe("draft");
    // The same version as an article view, ready to show or compare like the current one.
    expect(one.json.revision.article).toMatchObject({ headline: "Version one", id: a.id, section: { slug: a.section.slug } });
    expect(one.json.revision.article.bylines[0].contributor.slug).toBe(a.bylines[0].contributor.slug);
  });

  it("restores an old revision of a draft as a new version, recorded as restored from it", async () => {
    const { token, user } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { headline: "Good headline", tags: ["Keep Me"], body: doc(paragraph("The original text.")) });
    await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1"' }, body: { headline: "Bad headline", tags: [], body: doc(paragraph("Vandalised.")) } });
    const restored = await call("POST", `/articles/${a.id}/revisions/1/restore`, { token });
    expect(restored.status).toBe(200);
    expect(restored.json.article).toMatchObject({ headline: "Good headline", status: "draft", version: 3 });
    expect(restored.json.article.tags.map((t: any) => t.name)).toEqual(["Keep Me"]);
    expect(restored.json.article.body_html).toBe("<p>The original text.</p>");
    const list = await call("GET", `/articles/${a.id}/revisions`, { token });
    expect(list.json.revisions[0]).toMatchObject({ version: 3, action: "restore", restored_from: 1, author: { id: user.id, name: user.name } });
  });

  it("restores into a published story's working copy: readers see nothing until the live story is updated", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { headline: "Good headline", tags: ["Keep Me"], body: doc(paragraph("The original text.")) });
    await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1"' }, body: { headline: "Bad headline", tags: [], body: doc(paragraph("Vandalised.")) } });
    await call("POST", `/articles/${a.id}/publish`, { token });
    const restored = await call("POST", `/articles/${a.id}/revisions/1/restore`, { token });
    expect(restored.status).toBe(200);
    expect(restored.json.article).toMatchObject({ headline: "Bad headline", status: "published", version: 3 });
    expect(restored.json.working_copy).toMatchObject({ restored_from: 1, base_version: 3, article: { headline: "Good headline", body_html: "<p>The original text.</p>" } });
    expect(restored.headers.get("etag")).toBe(restored.json.working_copy.etag);
    const live = await call("POST", `/articles/${a.id}/working-copy/publish`, { token, headers: { "if-match": restored.json.working_copy.etag } });
    expect(live.json.article).toMatchObject({ headline: "Good headline", version: 4, working_copy: null });
    expect(live.json.article.tags.map((t: any) => t.name)).toEqual(["Keep Me"]);
    const list = await call("GET", `/articles/${a.id}/revisions`, { token });
    expect(list.json.revisions[0]).toMatchObject({ version: 4, action: "update_live", restored_from: 1 });
  });

  it("says which parts of a version were deleted since, instead of failing on a bare constraint", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { tags: ["Short-lived tag"] });
    const tagId = a.tags[0].id;
    await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1"' }, body: { tags: [] } });
    expect((await call("DELETE", `/tags/${tagId}`, { token })).status).toBe(204);
    const res = await call("POST", `/articles/${a.id}/revisions/1/restore`, { token });
    expect(res.status).toBe(409);
    expect(res.json.detail).toMatch(/1 of its tags/);
    expect((await call("GET", `/articles/${a.id}`, { token })).json.article.version).toBe(2);
  });

  it("answers 404 for a revision that does not exist and 400 for a non-number", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token);
    expect((await call("GET", `/articles/${a.id}/revisions/99`, { token })).status).toBe(404);
    const bad = await call("GET", `/articles/${a.id}/revisions/abc`, { token });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe("rev");
  });

  it("keeps the history of a deleted article", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token);
    await call("DELETE", `/articles/${a.id}`, { token });
    const { env } = await import("cloudflare:workers");
    const rows = await env.DB.prepare("SELECT version, action FROM revisions WHERE article_id = ? ORDER BY version").bind(a.id).all();
    expect(rows.results).toEqual([
      { version: 1, action: "create" },
      { version: 2, action: "delete" },
    ]);
  });
});
