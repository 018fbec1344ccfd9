// Every editorial route × every role, from one table. A route added to the app without a row here
// fails the first test: nobody can add an endpoint without deciding who may use it.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { sha256Hex } from "../../src/lib/ids";
import type { Role } from "../../src/db/schema";
import { BASE, call, createUser, signIn, tokenFor } from "../helpers/api";
import { createArticle, createContributor, createPublishableArticle, createSection, uploadPng } from "../helpers/newsroom";

const ALL: Role[] = ["admin", "editor", "author", "contributor"];
const EDITORS: Role[] = ["admin", "editor"];
const ADMIN: Role[] = ["admin"];

interface Ctx {
  editor: string;
  articleId: string;
  contributorId: string;
  tagId: string;
  sectionId: string;
  collectionId: string;
  mediaId: string;
  userId: string;
}
type Row = { allowed: Role[]; path: (c: Ctx) => string; body?: (c: Ctx) => unknown; fresh?: boolean };

// The articles here belong to another editor and carry no byline of the caller: ownership cannot help.
const ROUTES: Record<string, Row> = {
  "GET /session": { allowed: ALL, path: () => "/session" },
  "DELETE /session": { allowed: ALL, path: () => "/session" },
  "POST /session/password": { allowed: ALL, path: () => "/session/password", body: () => ({ current_password: "wrong", new_password: "another-long-password" }) },
  "GET /tokens": { allowed: ALL, path: () => "/tokens" },
  // Sent with a bearer token: only a signed-in session may mint tokens, whatever the role (tests/api/credentials.test.ts).
  "POST /tokens": { allowed: [], path: () => "/tokens", body: () => ({ name: "t" }) },
  "DELETE /tokens/:id": { allowed: ALL, path: () => "/tokens/tok_none" },
  "GET /articles": { allowed: ALL, path: () => "/articles" },
  "POST /articles": { allowed: ALL, path: () => "/articles", body: () => ({ headline: "New" }) },
  "GET /articles/:id": { allowed: ALL, path: (c) => `/articles/${c.articleId}` },
  "PATCH /articles/:id": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}`, body: () => ({ dek: "x", version: 1 }), fresh: true },
  "DELETE /articles/:id": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}`, fresh: true },
  "POST /articles/:id/publish": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/publish`, fresh: true },
  "POST /articles/:id/schedule": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/schedule`, body: () => ({ at: "2099-01-01T00:00:00Z" }), fresh: true },
  "POST /articles/:id/unpublish": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/unpublish`, fresh: true },
  "POST /articles/:id/archive": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/archive`, fresh: true },
  // Submitting is for authors and contributors; an editor's "submit" is refused as pointless (409), not forbidden.
  "POST /articles/:id/submit": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/submit`, fresh: true },
  "GET /articles/:id/version": { allowed: ALL, path: (c) => `/articles/${c.articleId}/version` },
  "GET /articles/:id/working-copy": { allowed: ALL, path: (c) => `/articles/${c.articleId}/working-copy` },
  "PUT /articles/:id/working-copy": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/working-copy`, body: () => ({ dek: "x" }), fresh: true },
  "DELETE /articles/:id/working-copy": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/working-copy`, fresh: true },
  "POST /articles/:id/working-copy/schedule": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/working-copy/schedule`, body: () => ({ at: null }), fresh: true },
  "POST /articles/:id/working-copy/publish": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/working-copy/publish`, fresh: true },
  "GET /articles/:id/revisions": { allowed: ALL, path: (c) => `/articles/${c.articleId}/revisions` },
  "GET /articles/:id/revisions/:rev": { allowed: ALL, path: (c) => `/articles/${c.articleId}/revisions/1` },
  "POST /articles/:id/revisions/:rev/restore": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/revisions/1/restore`, fresh: true },
  // Sharing a preview is for editors, or the story's own writers (not these: another's, no byline).
  "POST /articles/:id/preview-links": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/preview-links`, body: () => ({ expires_in: 300 }) },
  "GET /articles/:id/preview-links": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/preview-links` },
  "DELETE /articles/:id/preview-links/:link_id": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/preview-links/pvl_none` },
  "GET /articles/:id/preview": { allowed: ALL, path: (c) => `/articles/${c.articleId}/preview` },
  // Another editor's story: a writer may move only their own (and only as the stage rule allows).
  "POST /articles/:id/stage": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/stage`, body: () => ({ stage: "editing" }), fresh: true },
  "PUT /articles/:id/assignees": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/assignees`, body: () => ({ user_ids: [] }) },
  // Setting an embargo is an edit of someone else's story here; lifting one is the editor's own action (409: none running).
  "PUT /articles/:id/embargo": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/embargo`, body: () => ({ embargoed_until: "2099-01-01T00:00:00Z" }), fresh: true },
  "POST /articles/:id/lift-embargo": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/lift-embargo` },
  "PUT /articles/:id/due": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/due`, body: () => ({ due_at: null }) },
  "GET /stages": { allowed: ALL, path: () => "/stages" },
  "GET /assignees": { allowed: EDITORS, path: () => "/assignees" },
  // The default list as it is: an admin's PUT changes nothing the other rows rely on.
  "PUT /stages": {
    allowed: ADMIN,
    path: () => "/stages",
    body: () => ({ stages: [{ id: "draft", name: "Draft", enter_role: "contributor" }, { id: "editing", name: "Editing", enter_role: "contributor" }, { id: "ready", name: "Ready", enter_role: "editor" }] }),
  },
  // Notes: everyone who may read the story; a note's own rights (author's text, editors delete) in tests/api/notes.test.ts.
  "GET /articles/:id/notes": { allowed: ALL, path: (c) => `/articles/${c.articleId}/notes` },
  "POST /articles/:id/notes": { allowed: ALL, path: (c) => `/articles/${c.articleId}/notes`, body: () => ({ body: "n" }) },
  "PATCH /articles/:id/notes/:note_id": { allowed: ALL, path: (c) => `/articles/${c.articleId}/notes/note_none`, body: () => ({ body: "n" }) },
  "DELETE /articles/:id/notes/:note_id": { allowed: ALL, path: (c) => `/articles/${c.articleId}/notes/note_none` },
  "POST /articles/:id/notes/:note_id/resolve": { allowed: ALL, path: (c) => `/articles/${c.articleId}/notes/note_none/resolve` },
  "POST /articles/:id/notes/:note_id/reopen": { allowed: ALL, path: (c) => `/articles/${c.articleId}/notes/note_none/reopen` },
  // Amendments: writing follows the story's own rule (another editor's story: editors only); deleting is editors'.
  "GET /articles/:id/amendments": { allowed: ALL, path: (c) => `/articles/${c.articleId}/amendments` },
  "POST /articles/:id/amendments": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/amendments`, body: () => ({ kind: "correction", body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "c" }] }] } }) },
  "PATCH /articles/:id/amendments/:amendment_id": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/amendments/amd_none`, body: () => ({ kind: "update" }) },
  "POST /articles/:id/amendments/:amendment_id/supersede": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/amendments/amd_none/supersede`, body: () => ({ body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "c" }] }] } }) },
  "DELETE /articles/:id/amendments/:amendment_id": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/amendments/amd_none` },
  "GET /articles/:id/live/events": { allowed: ALL, path: (c) => `/articles/${c.articleId}/live/events` },
  // Live blogs: making one is the desk's; entries' role rights here (this story is not a live blog, so
  // an allowed role gets 409 not_live); ownership is tests/api/live-entries-roles.test.ts's.
  "PUT /articles/:id/live": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/live`, body: () => ({ kind: "live" }), fresh: true },
  "GET /articles/:id/entries": { allowed: ALL, path: (c) => `/articles/${c.articleId}/entries` },
  "POST /articles/:id/entries": { allowed: ALL, path: (c) => `/articles/${c.articleId}/entries`, body: () => ({ body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "e" }] }] } }) },
  "GET /articles/:id/entries/:entry_id": { allowed: ALL, path: (c) => `/articles/${c.articleId}/entries/lve_none` },
  "PATCH /articles/:id/entries/:entry_id": { allowed: ALL, path: (c) => `/articles/${c.articleId}/entries/lve_none`, body: () => ({ title: "t" }) },
  "DELETE /articles/:id/entries/:entry_id": { allowed: ALL, path: (c) => `/articles/${c.articleId}/entries/lve_none` },
  "POST /articles/:id/entries/:entry_id/publish": { allowed: ["admin", "editor", "author"], path: (c) => `/articles/${c.articleId}/entries/lve_none/publish` },
  "POST /articles/:id/entries/:entry_id/unpublish": { allowed: ["admin", "editor", "author"], path: (c) => `/articles/${c.articleId}/entries/lve_none/unpublish` },
  "PUT /articles/:id/entries/:entry_id/pin": { allowed: EDITORS, path: (c) => `/articles/${c.articleId}/entries/lve_none/pin`, body: () => ({ pinned: true }) },
  "GET /articles/:id/entries/:entry_id/revisions": { allowed: ALL, path: (c) => `/articles/${c.articleId}/entries/lve_none/revisions` },
  "GET /contributors": { allowed: ALL, path: () => "/contributors" },
  "POST /contributors": { allowed: ["admin", "editor", "author"], path: () => "/contributors", body: () => ({ kind: "person", name: `P ${crypto.randomUUID()}` }) },
  "GET /contributors/:id": { allowed: ALL, path: (c) => `/contributors/${c.contributorId}` },
  "PATCH /contributors/:id": { allowed: EDITORS, path: (c) => `/contributors/${c.contributorId}`, body: () => ({ bio: "b" }) },
  "DELETE /contributors/:id": { allowed: EDITORS, path: () => "/contributors/ctb_none" },
  "GET /tags": { allowed: ALL, path: () => "/tags" },
  "POST /tags": { allowed: EDITORS, path: () => "/tags", body: () => ({ name: `T ${crypto.randomUUID()}` }) },
  "GET /tags/:id": { allowed: ALL, path: (c) => `/tags/${c.tagId}` },
  "PATCH /tags/:id": { allowed: EDITORS, path: (c) => `/tags/${c.tagId}`, body: () => ({ description: "d" }) },
  "DELETE /tags/:id": { allowed: EDITORS, path: () => "/tags/tag_none" },
  "GET /sections": { allowed: ALL, path: () => "/sections" },
  "POST /sections": { allowed: EDITORS, path: () => "/sections", body: () => ({ name: `S ${crypto.randomUUID()}` }) },
  "GET /sections/:id": { allowed: ALL, path: (c) => `/sections/${c.sectionId}` },
  "PATCH /sections/:id": { allowed: EDITORS, path: (c) => `/sections/${c.sectionId}`, body: () => ({ description: "d" }) },
  "DELETE /sections/:id": { allowed: EDITORS, path: () => "/sections/sec_none" },
  "GET /collections": { allowed: ALL, path: () => "/collections" },
  "POST /collections": { allowed: EDITORS, path: () => "/collections", body: () => ({ name: `K ${crypto.randomUUID()}` }) },
  "GET /collections/:id": { allowed: ALL, path: (c) => `/collections/${c.collectionId}` },
  "PATCH /collections/:id": { allowed: EDITORS, path: (c) => `/collections/${c.collectionId}`, body: () => ({ description: "d" }) },
  "DELETE /collections/:id": { allowed: EDITORS, path: () => "/collections/col_none" },
  // Each write a path no other request uses: a second role's create must not collide with the first's.
  "GET /redirects": { allowed: EDITORS, path: () => "/redirects" },
  "POST /redirects": { allowed: EDITORS, path: () => "/redirects", body: () => ({ from_path: `/old/${crypto.randomUUID()}`, to_url: "/feed.xml" }) },
  "POST /redirects/bulk": { allowed: EDITORS, path: () => "/redirects/bulk", body: () => ({ redirects: [{ from_path: `/old/${crypto.randomUUID()}`, to_url: "/feed.xml" }] }) },
  "GET /redirects/:id": { allowed: EDITORS, path: () => "/redirects/rdr_none" },
  "PATCH /redirects/:id": { allowed: EDITORS, path: () => "/redirects/rdr_none", body: () => ({ status_code: 302 }) },
  "DELETE /redirects/:id": { allowed: EDITORS, path: () => "/redirects/rdr_none" },
  "GET /media": { allowed: ALL, path: () => "/media" },
  "POST /media": { allowed: ALL, path: () => "/media", body: () => "multipart" },
  "GET /media/:id": { allowed: ALL, path: (c) => `/media/${c.mediaId}` },
  "PATCH /media/:id": { allowed: EDITORS, path: (c) => `/media/${c.mediaId}`, body: () => ({ credit: "c" }) },
  "DELETE /media/:id": { allowed: EDITORS, path: () => "/media/med_none" },
  "GET /users": { allowed: ADMIN, path: () => "/users" },
  "POST /users": { allowed: ADMIN, path: () => "/users", body: () => ({ email: `${crypto.randomUUID()}@example.org`, name: "N", role: "author", password: "a-long-enough-password" }) },
  "PATCH /users/:id": { allowed: ADMIN, path: (c) => `/users/${c.userId}`, body: () => ({ name: "Renamed" }) },
  "DELETE /users/:id": { allowed: ADMIN, path: () => "/users/usr_none" },
  "GET /trash": { allowed: ADMIN, path: () => "/trash" },
  "POST /trash/:id/restore": { allowed: ADMIN, path: () => "/trash/art_none/restore" },
  "GET /export": { allowed: ADMIN, path: () => "/export" },
  "POST /exports": { allowed: ADMIN, path: () => "/exports" },
  "GET /exports": { allowed: ADMIN, path: () => "/exports" },
  "GET /exports/:id": { allowed: ADMIN, path: () => "/exports/exp_none" },
  "GET /exports/:id/file": { allowed: ADMIN, path: () => "/exports/exp_none/file" },
  "DELETE /exports/:id": { allowed: ADMIN, path: () => "/exports/exp_none" },
  "POST /import": { allowed: ADMIN, path: () => "/import", body: () => ({ format: "nope" }) },
  "POST /search-index/rebuild": { allowed: ADMIN, path: () => "/search-index/rebuild", body: () => ({ limit: 1 }) },
  "GET /settings": { allowed: ADMIN, path: () => "/settings" },
  "PATCH /settings": { allowed: ADMIN, path: () => "/settings", body: () => ({ description: "d" }) },
  "GET /content-api-keys": { allowed: ADMIN, path: () => "/content-api-keys" },
  "POST /content-api-keys": { allowed: ADMIN, path: () => "/content-api-keys", body: () => ({ name: "Front-end" }) },
  "DELETE /content-api-keys/:id": { allowed: ADMIN, path: () => "/content-api-keys/cak_none" },
  "POST /imports/ghost": { allowed: ADMIN, path: () => "/imports/ghost", body: () => ({ options: {} }) },
  "POST /imports/ghost/:id/posts": { allowed: ADMIN, path: () => "/imports/ghost/gim_none/posts", body: () => ({ posts: [] }) },
  "POST /imports/ghost/:id/finish": { allowed: ADMIN, path: () => "/imports/ghost/gim_none/finish" },
  "GET /imports/ghost/:id": { allowed: ADMIN, path: () => "/imports/ghost/gim_none" },
  "GET /imports/ghost/:id/report": { allowed: ADMIN, path: () => "/imports/ghost/gim_none/report" },
  "GET /audit": { allowed: ADMIN, path: () => "/audit" },
  "GET /audit/archives": { allowed: ADMIN, path: () => "/audit/archives" },
  "GET /audit/archives/:month": { allowed: ADMIN, path: () => "/audit/archives/2019-01" },
  "GET /webhooks": { allowed: ADMIN, path: () => "/webhooks" },
  // Created inactive: the table's own publishes must not send anything to it.
  "POST /webhooks": { allowed: ADMIN, path: () => "/webhooks", body: () => ({ url: "https://hooks.example/copydesk", events: ["article.published"], active: false }) },
  "GET /webhooks/:id": { allowed: ADMIN, path: () => "/webhooks/whk_none" },
  "PATCH /webhooks/:id": { allowed: ADMIN, path: () => "/webhooks/whk_none", body: () => ({ description: "d" }) },
  "DELETE /webhooks/:id": { allowed: ADMIN, path: () => "/webhooks/whk_none" },
  "POST /webhooks/:id/rotate-secret": { allowed: ADMIN, path: () => "/webhooks/whk_none/rotate-secret" },
  "POST /webhooks/:id/ping": { allowed: ADMIN, path: () => "/webhooks/whk_none/ping" },
  "GET /webhooks/:id/deliveries": { allowed: ADMIN, path: () => "/webhooks/whk_none/deliveries" },
  "POST /webhooks/:id/deliveries/:delivery_id/redeliver": { allowed: ADMIN, path: () => "/webhooks/whk_none/deliveries/whd_none/redeliver" },
};

const PREFIX = "/api/editorial/v1";
let ctx: Ctx;
const tokens = {} as Record<Role, string>;

async function freshArticle() {
  return (await createPublishableArticle(ctx.editor)).id;
}

async function send(key: string, row: Row, auth: { token?: string; cookie?: string; headers?: Record<string, string> }) {
  const [method] = key.split(" ");
  const c = row.fresh ? { ...ctx, articleId: await freshArticle() } : ctx;
  let body = row.body?.(c);
  if (body === "multipart") {
    const form = new FormData();
    form.set("file", new File([Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEklEQVR4nGP4z8DAwMDAwMDAAAAXAAH+tKDdAAAAAElFTkSuQmCC"), (ch) => ch.charCodeAt(0))], "x.png"));
    body = form;
  }
  return call(method!, row.path(c), { ...auth, body });
}

beforeAll(async () => {
  for (const role of ["admin", "editor", "author", "contributor"] as const) tokens[role] = (await tokenFor(role)).token;
  const editor = (await tokenFor("editor")).token;
  const section = await createSection(editor);
  const person = await createContributor(editor, "person", "Someone Else");
  const article = await createArticle(editor, { section: section.slug, bylines: [{ contributor: person.slug }], tags: ["Table Tag"] });
  const collection = await call("POST", "/collections", { token: editor, body: { name: "Table collection" } });
  const media = await uploadPng(editor);
  const user = await createUser("author");
  ctx = {
    editor,
    articleId: article.id,
    contributorId: person.id,
    tagId: article.tags[0].id,
    sectionId: section.id,
    collectionId: collection.json.collection.id,
    mediaId: media.id,
    userId: user.id,
  };
});

describe("the route × role table", () => {
  it("covers every editorial route the app serves, and nothing else", () => {
    const served = new Set(
      createApp()
        .routes.filter((r) => r.method !== "ALL" && r.path.startsWith(PREFIX))
        .map((r) => `${r.method} ${r.path.slice(PREFIX.length)}`),
    );
    served.delete("POST /session"); // signing in is the one anonymous route
    served.delete("GET /openapi.json"); // the reference document is public (tests/api/openapi.test.ts)
    expect([...served].sort()).toEqual(Object.keys(ROUTES).sort());
  });

  for (const [key, row] of Object.entries(ROUTES)) {
    it(`${key}: allowed for ${row.allowed.join(", ")}; 403 for the rest; 401 without credentials`, async () => {
      expect((await send(key, row, {})).status, "anonymous").toBe(401);
      for (const role of ALL) {
        const res = await send(key, row, { token: tokens[role] });
        if (row.allowed.includes(role)) expect([401, 403], `${role}: ${res.status} ${res.text}`).not.toContain(res.status);
        else expect(res.status, `${role}: ${res.text}`).toBe(403);
        expect(res.status, `${role} never 5xx`).toBeLessThan(500);
      }
    });
  }
});

describe("credentials that no longer count", () => {
  it("refuses a revoked token and an expired session on every route", async () => {
    const { token, user } = await tokenFor("admin");
    const list = await call("GET", "/tokens", { token });
    await call("DELETE", `/tokens/${list.json.tokens[0].id}`, { token });
    const secret = "expired-session-secret";
    await env.DB.prepare("INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")
      .bind(await sha256Hex(secret), user.id, "2020-01-01T00:00:00.000Z", "2020-01-15T00:00:00.000Z")
      .run();
    for (const [key, row] of Object.entries(ROUTES)) {
      expect((await send(key, row, { token })).status, `revoked token: ${key}`).toBe(401);
      expect((await send(key, row, { cookie: `copydesk_session=${secret}` })).status, `expired session: ${key}`).toBe(401);
    }
  }, 30_000); // two requests per route: over the 5 s default when the machine is busy

  it("refuses every cookie-authenticated write from another origin (CSRF)", async () => {
    const admin = await createUser("admin");
    const session = await signIn(admin.email, admin.password, { origin: BASE });
    for (const [key, row] of Object.entries(ROUTES)) {
      if (key.startsWith("GET ")) continue;
      const res = await send(key, row, { cookie: session.cookie, headers: { origin: "https://evil.example" } });
      expect(res.status, key).toBe(403);
    }
  }, 30_000); // one request per write route: over the 5 s default when the machine is busy
});
