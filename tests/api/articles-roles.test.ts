// Each role's rights over articles, checked through the API a forger would use.
import { describe, expect, it } from "vitest";
import { BASE, call, signIn, tokenFor } from "../helpers/api";
import { createArticle, createContributor, createPublishableArticle, createSection } from "../helpers/newsroom";

describe("roles", () => {
  it("a contributor writes drafts but gets 403 on publish and schedule", async () => {
    const { token } = await tokenFor("contributor");
    const editor = await tokenFor("editor");
    const section = await createSection(editor.token);
    const person = await createContributor(editor.token, "person", "Freelance Writer");
    const draft = await createArticle(token, { section: section.slug, bylines: [{ contributor: person.slug }] });
    expect(draft.status).toBe("draft");
    const edit = await call("PATCH", `/articles/${draft.id}`, { token, headers: { "if-match": '"1"' }, body: { headline: "Contributor edit" } });
    expect(edit.status).toBe(200);
    const publish = await call("POST", `/articles/${draft.id}/publish`, { token });
    expect(publish.status).toBe(403);
    expect(publish.json.code).toBe("forbidden");
    const schedule = await call("POST", `/articles/${draft.id}/schedule`, { token, body: { at: "2099-01-01T00:00:00Z" } });
    expect(schedule.status).toBe(403);
    const after = await call("GET", `/articles/${draft.id}`, { token });
    expect(after.json.article).toMatchObject({ status: "draft", version: 2 });
  });

  it("a contributor cannot edit someone else's article nor their own once it has left draft", async () => {
    const contributor = await tokenFor("contributor");
    const editor = await tokenFor("editor");
    const others = await createPublishableArticle(editor.token);
    const res = await call("PATCH", `/articles/${others.id}`, { token: contributor.token, headers: { "if-match": '"1"' }, body: { headline: "Hijack" } });
    expect(res.status).toBe(403);
    const own = await createArticle(contributor.token);
    const section = await createSection(editor.token);
    const person = await createContributor(editor.token, "person", "Someone");
    await call("PATCH", `/articles/${own.id}`, { token: editor.token, headers: { "if-match": '"1"' }, body: { section: section.slug, bylines: [{ contributor: person.slug }] } });
    expect((await call("POST", `/articles/${own.id}/publish`, { token: editor.token })).status).toBe(200);
    const late = await call("PATCH", `/articles/${own.id}`, { token: contributor.token, headers: { "if-match": '"3"' }, body: { headline: "Too late" } });
    expect(late.status).toBe(403);
  });

  it("an author publishes an article they hold a byline on, and not one they don't", async () => {
    const author = await tokenFor("author");
    const editor = await tokenFor("editor");
    const section = await createSection(editor.token);
    const me = await createContributor(editor.token, "person", "Author Person", { user_id: author.user.id });
    const colleague = await createContributor(editor.token, "person", "Colleague");
    const mine = await createArticle(author.token, { section: section.slug, bylines: [{ contributor: me.slug }] });
    expect((await call("POST", `/articles/${mine.id}/publish`, { token: author.token })).status).toBe(200);
    // Created by the author, but bylined to someone else: not theirs to publish.
    const notBylined = await createArticle(author.token, { section: section.slug, bylines: [{ contributor: colleague.slug }] });
    const refused = await call("POST", `/articles/${notBylined.id}/publish`, { token: author.token });
    expect(refused.status).toBe(403);
    const theirs = await createArticle(editor.token, { section: section.slug, bylines: [{ contributor: colleague.slug }] });
    expect((await call("POST", `/articles/${theirs.id}/publish`, { token: author.token })).status).toBe(403);
  });

  it("an editor and an admin publish anything", async () => {
    for (const role of ["editor", "admin"] as const) {
      const { token } = await tokenFor(role);
      const other = await tokenFor("contributor");
      const editor = await tokenFor("editor");
      const section = await createSection(editor.token);
      const person = await createContributor(editor.token, "person", "Anyone");
      const a = await createArticle(other.token, { section: section.slug, bylines: [{ contributor: person.slug }] });
      const res = await call("POST", `/articles/${a.id}/publish`, { token });
      expect(res.status).toBe(200);
      expect(res.json.article.status).toBe("published");
    }
  });

  it("only editors delete an article that has been published; authors may delete their own drafts", async () => {
    const author = await tokenFor("author");
    const editor = await tokenFor("editor");
    const draft = await createArticle(author.token);
    expect((await call("DELETE", `/articles/${draft.id}`, { token: author.token })).status).toBe(204);
    const live = await createPublishableArticle(editor.token);
    await call("POST", `/articles/${live.id}/publish`, { token: editor.token });
    expect((await call("DELETE", `/articles/${live.id}`, { token: author.token })).status).toBe(403);
    expect((await call("DELETE", `/articles/${live.id}`, { token: editor.token })).status).toBe(204);
    expect((await call("GET", `/articles/${live.id}`, { token: editor.token })).status).toBe(404);
  });

  it("a token scoped to contributor cannot publish even when its owner is an editor", async () => {
    const editor = await tokenFor("editor");
    // Tokens are minted from a signed-in session only.
    const { cookie } = await signIn(editor.user.email, editor.user.password, { origin: BASE });
    const created = await call("POST", "/tokens", { cookie, headers: { origin: BASE }, body: { name: "limited", role: "contributor" } });
    expect(created.status).toBe(201);
    const limited = created.json.token.secret as string;
    const a = await createPublishableArticle(editor.token);
    const res = await call("POST", `/articles/${a.id}/publish`, { token: limited });
    expect(res.status).toBe(403);
  });
});
