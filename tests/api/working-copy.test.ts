// The working copy's rules: preconditions, conflicts that name who saved, a publish that is one
// atomic step, rebasing after a merge, and who may do what (allowed_actions says the same).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, createUser, tokenFor } from "../helpers/api";
import { createContributor, createPublishableArticle, createSection, doc, paragraph, uploadPng } from "../helpers/newsroom";
import { createApiToken } from "../../src/auth/api-tokens";
import { db } from "../helpers/api";

let editor: { token: string; user: { id: string; name: string } };

async function liveStory(body: Record<string, unknown> = {}) {
  const a = await createPublishableArticle(editor.token, { body: doc(paragraph("One."), paragraph("Two."), paragraph("Three.")), ...body });
  const res = await call("POST", `/articles/${a.id}/publish`, { token: editor.token });
  expect(res.status).toBe(200);
  return res.json.article as Record<string, any> & { id: string; version: number };
}

const put = (id: string, etag: string | null, body: unknown, token = editor.token) =>
  call("PUT", `/articles/${id}/working-copy`, { token, body, headers: etag ? { "if-match": etag } : {} });
const publish = (id: string, etag: string | null, token = editor.token) =>
  call("POST", `/articles/${id}/working-copy/publish`, { token, headers: etag ? { "if-match": etag } : {} });

beforeAll(async () => {
  editor = await tokenFor("editor");
});

describe("starting and saving a working copy", () => {
  it("needs the live ETag to start one and the copy's ETag after that", async () => {
    const a = await liveStory();
    expect((await put(a.id, null, { dek: "x" })).status).toBe(428);
    const stale = await put(a.id, `"${a.version - 1}"`, { dek: "x" });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ code: "version_conflict", current_version: a.version, updated_by: { id: editor.user.id, name: editor.user.name } });
    expect(stale.json.changed_fields).toContain("status");
    const first = await put(a.id, `"${a.version}"`, { dek: "First dek" });
    expect(first.status).toBe(200);
    expect(first.json.working_copy).toMatchObject({ base_version: a.version, version: 1, etag: `"${a.version}.1"`, article: { dek: "First dek", version: a.version } });
    expect(first.headers.get("etag")).toBe(`"${a.version}.1"`);
    // Starting another from the live ETag now would overwrite the first: refused, naming who holds it.
    const again = await put(a.id, `"${a.version}"`, { dek: "Second dek" });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ current_etag: `"${a.version}.1"`, updated_by: { name: editor.user.name } });
    const second = await put(a.id, first.json.working_copy.etag, { summary: "Added summary" });
    expect(second.json.working_copy.article).toMatchObject({ dek: "First dek", summary: "Added summary" });
  });

  it("lets exactly one of two saves from the same ETag land", async () => {
    const a = await liveStory();
    const wc = await put(a.id, `"${a.version}"`, { dek: "Base" });
    const etag = wc.json.working_copy.etag;
    const results = await Promise.all([put(a.id, etag, { dek: "From A" }), put(a.id, etag, { dek: "From B" })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!.json.working_copy.article.dek;
    expect((await call("GET", `/articles/${a.id}/working-copy`, { token: editor.token })).json.working_copy.article.dek).toBe(winner);
  });

  it("is only for published stories: a draft saves in place", async () => {
    const d = await createPublishableArticle(editor.token);
    const res = await put(d.id, `"${d.version}"`, { dek: "x" });
    expect(res.status).toBe(409);
    expect(res.json.code).toBe("not_published");
    expect((await call("GET", `/articles/${d.id}/working-copy`, { token: editor.token })).status).toBe(404);
  });

  it("answers 400 naming the field, and 400 naming If-Match for an ETag it never issued", async () => {
    const a = await liveStory();
    const bad = await put(a.id, `"${a.version}"`, { headline: "" });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe("headline");
    for (const etag of ['"abc"', '"1.2.3"', '"99999999999"', '"1.99999999999"']) {
      const res = await put(a.id, etag, { dek: "x" });
      expect(res.status, etag).toBe(400);
      expect(res.json.errors[0].path).toBe("If-Match");
    }
    // An array is an object to JavaScript (and to valibot's object schema), not to this API.
    for (const [method, path, etag] of [["PUT", `/articles/${a.id}/working-copy`, `"${a.version}"`], ["PATCH", `/articles/${a.id}`, `"${a.version}"`]] as const) {
      const arr = await call(method, path, { token: editor.token, body: [], headers: { "if-match": etag } });
      expect(arr.status, method).toBe(400);
      expect(arr.json.errors[0].path).toBe("(root)");
    }
    expect((await call("GET", `/articles/${a.id}`, { token: editor.token })).json.article.working_copy).toBeNull();
  });
});

describe("updating the live story", () => {
  it("publishes the copy in one step, empties it, and never issues its ETag again", async () => {
    const a = await liveStory();
    const wc = await put(a.id, `"${a.version}"`, { headline: "New headline" });
    expect((await publish(a.id, null)).status).toBe(428);
    const done = await publish(a.id, wc.json.working_copy.etag);
    expect(done.status).toBe(200);
    expect(done.json.article).toMatchObject({ headline: "New headline", version: a.version + 1, working_copy: null, status: "published" });
    expect((await publish(a.id, wc.json.working_copy.etag)).status).toBe(404);
    const next = await put(a.id, `"${a.version + 1}"`, { dek: "Later" });
    expect(next.json.working_copy.etag).not.toBe(wc.json.working_copy.etag);
    expect(next.json.working_copy.version).toBeGreaterThan(wc.json.working_copy.version);
  });

  it("refuses when the live story changed meanwhile, says what changed, and publishes both after a rebase", async () => {
    const a = await liveStory();
    const wc = await put(a.id, `"${a.version}"`, { dek: "Dek from the working copy" });
    const direct = await call("PATCH", `/articles/${a.id}`, { token: editor.token, headers: { "if-match": `"${a.version}"` }, body: { summary: "Summary changed live" } });
    expect(direct.status).toBe(200);
    const refused = await publish(a.id, wc.json.working_copy.etag);
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ code: "version_conflict", current_version: a.version + 1, your_version: a.version, changed_fields: ["summary"] });
    // The editor merged (kept the live summary): the copy now starts from the new live version.
    const rebased = await put(a.id, wc.json.working_copy.etag, { summary: "Summary changed live", base_version: a.version + 1 });
    expect(rebased.json.working_copy.base_version).toBe(a.version + 1);
    const done = await publish(a.id, rebased.json.working_copy.etag);
    expect(done.json.article).toMatchObject({ dek: "Dek from the working copy", summary: "Summary changed live" });
    // A rebase onto anything but the current live version is refused.
    const wc2 = await put(a.id, `"${done.json.article.version}"`, { dek: "Again" });
    expect((await put(a.id, wc2.json.working_copy.etag, { base_version: 1 })).status).toBe(409);
  });

  it("is all or nothing: a publish the database refuses leaves the live story, the copy and the history as they were", async () => {
    const a = await liveStory();
    const other = await liveStory();
    const wc = await put(a.id, `"${a.version}"`, { headline: "Should not go live", slug: other.slug });
    expect(wc.status).toBe(200);
    const revisionsBefore = (await call("GET", `/articles/${a.id}/revisions`, { token: editor.token })).json.revisions.length;
    const refused = await publish(a.id, wc.json.working_copy.etag);
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe("slug_taken");
    const after = (await call("GET", `/articles/${a.id}`, { token: editor.token })).json.article;
    expect(after).toMatchObject({ headline: a.headline, version: a.version, working_copy: { etag: wc.json.working_copy.etag } });
    expect((await call("GET", `/articles/${a.id}/revisions`, { token: editor.token })).json.revisions.length).toBe(revisionsBefore);
  });

  it("can be discarded with its ETag, and the poll endpoint follows every save", async () => {
    const a = await liveStory();
    const wc = await put(a.id, `"${a.version}"`, { dek: "To be dropped" });
    const polled = await call("GET", `/articles/${a.id}/version`, { token: editor.token });
    expect(polled.json).toMatchObject({ version: a.version, status: "published", updated_by: { id: editor.user.id }, working_copy: { etag: wc.json.working_copy.etag, updated_by: { name: editor.user.name } } });
    expect((await call("DELETE", `/articles/${a.id}/working-copy`, { token: editor.token })).status).toBe(428);
    expect((await call("DELETE", `/articles/${a.id}/working-copy`, { token: editor.token, headers: { "if-match": '"1.999"' } })).status).toBe(409);
    expect((await call("DELETE", `/articles/${a.id}/working-copy`, { token: editor.token, headers: { "if-match": wc.json.working_copy.etag } })).status).toBe(204);
    expect((await call("GET", `/articles/${a.id}/version`, { token: editor.token })).json.working_copy).toBeNull();
    expect((await call("GET", `/articles/${a.id}`, { token: editor.token })).json.article.dek).toBe(a.dek);
  });
});

describe("races and leftovers", () => {
  it("never lets a save from the copy's ETag bring back a copy that was discarded or published at the same moment", async () => {
    for (const endWith of ["DELETE", "publish"] as const) {
      const a = await liveStory();
      const wc = await put(a.id, `"${a.version}"`, { dek: `Pending before ${endWith}` });
      const etag = wc.json.working_copy.etag;
      const ending = endWith === "DELETE" ? call("DELETE", `/articles/${a.id}/working-copy`, { token: editor.token, headers: { "if-match": etag } }) : publish(a.id, etag);
      const [saved, ended] = await Promise.all([put(a.id, etag, { summary: "Racing save" }), ending]);
      expect([saved.status, ended.status].filter((s) => s < 300), endWith).toHaveLength(1);
      const after = (await call("GET", `/articles/${a.id}`, { token: editor.token })).json.article;
      if (ended.status < 300) expect(after.working_copy, endWith).toBeNull();
      else expect(after.working_copy.etag).toBe(saved.json.working_copy.etag);
    }
  });

  it("counts an image only the working copy shows as used, so it cannot be deleted before it goes live", async () => {
    const a = await liveStory();
    const image = await uploadPng(editor.token, { alt: "Only in the copy" });
    const withImage = doc(paragraph("One."), { type: "image", attrs: { media_id: image.id, alt: "Only in the copy", caption: null, credit: null } });
    const wc = await put(a.id, `"${a.version}"`, { body: withImage });
    expect(wc.status, wc.text).toBe(200);
    expect((await call("GET", `/media/${image.id}`, { token: editor.token })).json.media.usage_count).toBe(1);
    expect((await call("DELETE", `/media/${image.id}`, { token: editor.token })).status).toBe(409);
    // Discarded, the copy no longer holds it: the image is free again.
    expect((await call("DELETE", `/articles/${a.id}/working-copy`, { token: editor.token, headers: { "if-match": wc.json.working_copy.etag } })).status).toBe(204);
    expect((await call("DELETE", `/media/${image.id}`, { token: editor.token })).status).toBe(204);
  });

  it("keeps a copy aside when the story is unpublished: the draft restores in place, and the copy cannot be published onto it", async () => {
    const a = await liveStory({ headline: "Live headline" });
    const wc = await put(a.id, `"${a.version}"`, { dek: "Pending dek" });
    const down = await call("POST", `/articles/${a.id}/unpublish`, { token: editor.token });
    expect(down.json.article).toMatchObject({ status: "draft", working_copy: { etag: wc.json.working_copy.etag } });
    expect((await publish(a.id, wc.json.working_copy.etag)).json.code).toBe("not_published");
    expect((await put(a.id, wc.json.working_copy.etag, { dek: "x" })).json.code).toBe("not_published");
    const edited = await call("PATCH", `/articles/${a.id}`, { token: editor.token, headers: { "if-match": `"${down.json.article.version}"` }, body: { headline: "Draft headline" } });
    const restored = await call("POST", `/articles/${a.id}/revisions/1/restore`, { token: editor.token, headers: { "if-match": `"${edited.json.article.version}"` } });
    expect(restored.status, restored.text).toBe(200);
    expect(restored.json.working_copy).toBeUndefined();
    expect(restored.json.article).toMatchObject({ status: "draft", headline: "Live headline", version: edited.json.article.version + 1 });
    // The copy can still be discarded.
    expect((await call("DELETE", `/articles/${a.id}/working-copy`, { token: editor.token, headers: { "if-match": wc.json.working_copy.etag } })).status).toBe(204);
  });
});

describe("who may do what", () => {
  async function roleToken(role: "author" | "contributor", contributorSlug?: string) {
    const user = await createUser(role);
    if (contributorSlug) await env.DB.prepare("UPDATE contributors SET user_id = ? WHERE slug = ?").bind(user.id, contributorSlug).run();
    return { user, token: (await createApiToken(db(), { id: user.id, role }, "t", role)).secret };
  }

  it("lets a bylined author update the live story, and no one without the right", async () => {
    const section = await createSection(editor.token);
    const person = await createContributor(editor.token, "person", "Bylined Author");
    const a = await liveStory({ section: section.slug, bylines: [{ contributor: person.slug }] });
    const bylined = await roleToken("author", person.slug);
    const stranger = await roleToken("author");
    const contributor = await roleToken("contributor");
    const view = (token: string) => call("GET", `/articles/${a.id}`, { token }).then((r) => r.json.article.allowed_actions);
    expect(await view(editor.token)).toEqual(expect.arrayContaining(["update", "unpublish", "archive", "delete", "restore"]));
    expect(await view(bylined.token)).toEqual(["update", "unpublish", "restore"]);
    expect(await view(stranger.token)).toEqual([]);
    expect(await view(contributor.token)).toEqual([]);
    for (const t of [stranger.token, contributor.token]) expect((await put(a.id, `"${a.version}"`, { dek: "x" }, t)).status).toBe(403);
    const mine = await put(a.id, `"${a.version}"`, { dek: "By the bylined author" }, bylined.token);
    expect(mine.status).toBe(200);
    for (const t of [stranger.token, contributor.token]) expect((await publish(a.id, mine.json.working_copy.etag, t)).status).toBe(403);
    expect((await publish(a.id, mine.json.working_copy.etag, bylined.token)).json.article.dek).toBe("By the bylined author");
  });

  it("lets a contributor submit their draft for editing, once, and tells an editor so", async () => {
    const contributor = await roleToken("contributor");
    const created = await call("POST", "/articles", { token: contributor.token, body: { headline: "A contributor's story" } });
    expect(created.json.article.allowed_actions).toEqual(["update", "delete", "restore", "submit"]);
    const submitted = await call("POST", `/articles/${created.json.article.id}/submit`, { token: contributor.token });
    expect(submitted.status).toBe(200);
    expect(submitted.json.article.submitted_for_editing).toMatchObject({ by: { id: contributor.user.id } });
    const twice = await call("POST", `/articles/${created.json.article.id}/submit`, { token: contributor.token });
    expect(twice.json.article.version).toBe(submitted.json.article.version);
    const seen = await call("GET", `/articles/${created.json.article.id}`, { token: editor.token });
    expect(seen.json.article.submitted_for_editing).not.toBeNull();
    expect(seen.json.article.allowed_actions).not.toContain("submit");
    expect((await call("POST", `/articles/${created.json.article.id}/submit`, { token: editor.token })).status).toBe(409);
  });
});
