// What a preview link must never do: open after it expired or was revoked (and say which — a
// guesser learns nothing), outlive its story, show what readers would not get (an internal tag, a
// draft's card, an email, the newsroom's note), or be made by someone who may not share the story.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { newId, randomSecret, sha256Hex } from "../../src/lib/ids";
import { call, createUser, tokenFor, unique } from "../helpers/api";
import { createArticle, createContributor, createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";
import { createApiToken } from "../../src/auth/api-tokens";
import { db } from "../helpers/api";

let editor: { token: string; user: { id: string; email: string } };

beforeAll(async () => {
  editor = await tokenFor("editor");
});

const pathOf = (url: string) => new URL(url).pathname;
const share = (token: string, articleId: string, body: Record<string, unknown> = { expires_in: 3600 }) =>
  call("POST", `/articles/${articleId}/preview-links`, { token, body });
/** A problem without `instance` (the path it echoes holds the token). */
const problem = ({ instance: _i, ...rest }: Record<string, unknown>) => rest;

describe("a token that opens nothing", () => {
  it("is the same 404 whether unknown, revoked, expired or its story deleted", async () => {
    const a = await createArticle(editor.token);
    const revoked = (await share(editor.token, a.id)).json;
    await call("DELETE", `/articles/${a.id}/preview-links/${revoked.preview_link.id}`, { token: editor.token });
    // Expired: a link whose time ran out an hour ago, written as the API would have.
    const expiredToken = randomSecret();
    await env.DB.prepare("INSERT INTO preview_links (id, article_id, token_hash, note, created_by, created_at, expires_at) VALUES (?, ?, ?, '', ?, ?, ?)")
      .bind(newId("pvl"), a.id, await sha256Hex(expiredToken), editor.user.id, new Date(Date.now() - 7200_000).toISOString(), new Date(Date.now() - 3600_000).toISOString())
      .run();
    const doomed = await createArticle(editor.token);
    const ofDeleted = (await share(editor.token, doomed.id)).json;
    expect((await get(pathOf(ofDeleted.url))).status).toBe(200);
    expect((await call("DELETE", `/articles/${doomed.id}`, { token: editor.token })).status).toBe(204);

    const answers = await Promise.all(
      [pathOf(revoked.url), `/api/content/v1/preview/${expiredToken}`, `/api/content/v1/preview/${randomSecret()}`, pathOf(ofDeleted.url), "/api/content/v1/preview/x"].map((p) => get(p)),
    );
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(problem(res.json)).toEqual(problem(answers[0]!.json));
    }
    expect(answers[0]!.json.code).toBe("not_found");
    // Listed for the newsroom, the expired link says so.
    const list = await call("GET", `/articles/${a.id}/preview-links`, { token: editor.token });
    expect(list.json.preview_links.map((l: any) => l.state).sort()).toEqual(["expired", "revoked"]);
  });
});

describe("what a preview shows", () => {
  it("only what readers would get: no internal tag, no draft's card, no email, no note", async () => {
    const unpublished = await createArticle(editor.token, { headline: `Embargoed ${unique("e")}` });
    const internal = `#desk-${unique("t")}`;
    const note = `For the mayor's office ${unique("n")}`;
    const a = await createPublishableArticle(editor.token, {
      tags: ["Politics", internal],
      body: doc(paragraph("Text."), { type: "relatedCard", attrs: { article_id: unpublished.id } }),
      related: [{ article_id: unpublished.id }],
    });
    const made = await share(editor.token, a.id, { expires_in: 3600, note });
    const res = await get(pathOf(made.json.url));
    expect(res.status).toBe(200);
    expect(res.json.article.tags.map((t: any) => t.name)).toEqual(["Politics"]);
    expect(res.json.article.related).toEqual([]);
    for (const secret of [internal.slice(1), unpublished.headline, editor.user.email, note, editor.user.id, made.json.token.slice(0, 12)]) {
      expect(res.text, secret).not.toContain(secret);
    }
    expect(res.text).not.toContain("token_hash");
  });
});

describe("who may share", () => {
  it("a contributor shares their own draft, not another's; an author needs a byline", async () => {
    const contributor = await tokenFor("contributor");
    const own = await createArticle(contributor.token, { headline: `Mine ${unique("m")}` });
    const made = await share(contributor.token, own.id);
    expect(made.status, made.text).toBe(201);
    expect((await get(pathOf(made.json.url))).json.article.headline).toBe(own.headline);
    expect((await call("GET", `/articles/${own.id}/preview-links`, { token: contributor.token })).status).toBe(200);
    expect((await call("DELETE", `/articles/${own.id}/preview-links/${made.json.preview_link.id}`, { token: contributor.token })).status).toBe(204);

    const others = await createArticle(editor.token);
    const refused = await share(contributor.token, others.id);
    expect(refused.status).toBe(403);
    expect(refused.json.detail).toMatch(/created or hold a byline/);
    // Another's link cannot be listed or revoked either.
    const editorsLink = (await share(editor.token, others.id)).json;
    expect((await call("GET", `/articles/${others.id}/preview-links`, { token: contributor.token })).status).toBe(403);
    expect((await call("DELETE", `/articles/${others.id}/preview-links/${editorsLink.preview_link.id}`, { token: contributor.token })).status).toBe(403);
    expect((await get(pathOf(editorsLink.url))).status, "still open").toBe(200);
    // A link id under another story is not found there.
    expect((await call("DELETE", `/articles/${own.id}/preview-links/${editorsLink.preview_link.id}`, { token: contributor.token })).status).toBe(404);
    expect((await share(contributor.token, "art_none")).status).toBe(404);

    // An author holding a byline on an editor's story may share it.
    const author = await createUser("author");
    const authorToken = (await createApiToken(db(), { id: author.id, role: "author" }, "test", "author")).secret;
    const person = await createContributor(editor.token, "person", "Bylined Author", { user_id: author.id });
    const bylined = await createArticle(editor.token, { bylines: [{ contributor: person.slug }] });
    expect((await share(authorToken, bylined.id)).status).toBe(201);
    expect((await share(authorToken, others.id)).status).toBe(403);
  });
});
