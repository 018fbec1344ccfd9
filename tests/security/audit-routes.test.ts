// Every editorial write route, walked from the app's own route table: each one, called so that it
// succeeds, leaves an audit entry carrying its request's id (we send `cf-ray`, which the log stores),
// unless it is in the short exemption list below with its reason. A route added without an entry
// (or without a row here) fails the first test. Then the proof the log is append-only: every entry
// written before the walk is still there, byte for byte, after every route has run; and the table's
// triggers refuse UPDATE and DELETE outright.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { webhookDeliveries } from "../../src/db/schema";
import { BASE, call, createUser, db, signIn, tokenFor } from "../helpers/api";
import { createArticle, createContributor, createSection, tinyPng, uploadPng } from "../helpers/newsroom";

const PREFIX = "/api/editorial/v1";

/** Routes that write no entry of their own, and why. Keep it short: each one is a hole in the log. */
const EXEMPT: Record<string, string> = {
  // One entry per import, not per chunk: the start and the finish record it (with its counts).
  "POST /imports/ghost/:id/posts": "a Ghost import's chunks are recorded by its start and finish entries",
  // A maintenance pass over derived data only (migration 0018's rebuild path of the search index).
  "POST /search-index/rebuild": "derives the search index, excerpts and stored HTML again from the bodies: no content, setting or access changes",
};

type Res = { status: number; text: string; json: any };
type Send = (method: string, path: string, opts?: { body?: unknown; headers?: Record<string, string>; token?: string; cookie?: string }) => Promise<Res>;
/** Each row prepares what it needs (those calls carry no ray), then makes THE call with `send` (which does). */
type Row = { expect?: string; run: (send: Send) => Promise<Res> };

let admin: string;
let author: string;
let section: string;
let byline: string;

const doc = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const article = async (token = admin) => (await createArticle(token, { section, bylines: [{ contributor: byline }] })).id;
const published = async () => {
  const id = await article();
  expect((await call("POST", `/articles/${id}/publish`, { token: admin })).status).toBe(200);
  return id;
};
const version = async (id: string) => (await call("GET", `/articles/${id}`, { token: admin })).json.article.version as number;
/** A published story with a working copy: its id and the copy's ETag. */
const withCopy = async () => {
  const id = await published();
  const res = await call("PUT", `/articles/${id}/working-copy`, { token: admin, headers: { "If-Match": `"${await version(id)}"` }, body: { dek: "pending" } });
  expect(res.status, res.text).toBeLessThan(300);
  return { id, etag: res.json.working_copy.etag as string };
};
const made = async (path: string, body: unknown, key: string) => {
  const res = await call("POST", path, { token: admin, body });
  expect(res.status, res.text).toBe(201);
  return res.json[key].id as string;
};
const uniq = () => crypto.randomUUID().slice(0, 8);
const plan = () => ({ options: { site_url: "https://old.example" }, users: [], tags: [], posts: [] });

const WALK: Record<string, Row> = {
  "POST /session": {
    expect: "session.sign_in",
    run: async (send) => {
      const u = await createUser("author");
      return send("POST", "/session", { body: { email: u.email, password: u.password }, token: "" });
    },
  },
  "DELETE /session": {
    expect: "session.sign_out",
    run: async (send) => {
      const u = await createUser("author");
      const { cookie } = await signIn(u.email, u.password);
      return send("DELETE", "/session", { cookie, token: "", headers: { origin: BASE } });
    },
  },
  "POST /session/password": {
    expect: "user.password_change",
    run: async (send) => {
      const u = await createUser("author");
      const { cookie } = await signIn(u.email, u.password);
      return send("POST", "/session/password", { cookie, token: "", headers: { origin: BASE }, body: { current_password: u.password, new_password: "a-brand-new-password" } });
    },
  },
  "POST /tokens": {
    expect: "token.create",
    run: async (send) => {
      const u = await createUser("admin");
      const { cookie } = await signIn(u.email, u.password);
      return send("POST", "/tokens", { cookie, token: "", headers: { origin: BASE }, body: { name: "walk" } });
    },
  },
  "DELETE /tokens/:id": {
    expect: "token.revoke",
    run: async (send) => {
      const { token } = await tokenFor("editor");
      const id = (await call("GET", "/tokens", { token })).json.tokens[0].id;
      return send("DELETE", `/tokens/${id}`, { token });
    },
  },
  "POST /articles": { expect: "article.create", run: (send) => send("POST", "/articles", { body: { headline: "Walked" } }) },
  "PATCH /articles/:id": {
    expect: "article.update",
    run: async (send) => {
      const id = await article();
      return send("PATCH", `/articles/${id}`, { body: { dek: "changed", version: await version(id) } });
    },
  },
  "DELETE /articles/:id": { expect: "article.delete", run: async (send) => send("DELETE", `/articles/${await article()}`) },
  "POST /articles/:id/publish": { expect: "article.publish", run: async (send) => send("POST", `/articles/${await article()}/publish`) },
  "POST /articles/:id/schedule": { expect: "article.schedule", run: async (send) => send("POST", `/articles/${await article()}/schedule`, { body: { at: "2099-01-01T00:00:00Z" } }) },
  "POST /articles/:id/unpublish": { expect: "article.unpublish", run: async (send) => send("POST", `/articles/${await published()}/unpublish`) },
  "POST /articles/:id/archive": { expect: "article.archive", run: async (send) => send("POST", `/articles/${await article()}/archive`) },
  // Submitting is the writer's hand-over: an author's own draft.
  "POST /articles/:id/submit": { expect: "article.submit", run: async (send) => send("POST", `/articles/${await article(author)}/submit`, { token: author }) },
  "PUT /articles/:id/working-copy": {
    expect: "article.working_copy_save",
    run: async (send) => {
      const id = await published();
      return send("PUT", `/articles/${id}/working-copy`, { headers: { "If-Match": `"${await version(id)}"` }, body: { dek: "pending" } });
    },
  },
  "DELETE /articles/:id/working-copy": {
    expect: "article.working_copy_discard",
    run: async (send) => {
      const { id, etag } = await withCopy();
      return send("DELETE", `/articles/${id}/working-copy`, { headers: { "If-Match": etag } });
    },
  },
  "POST /articles/:id/working-copy/schedule": {
    expect: "article.schedule",
    run: async (send) => {
      const { id, etag } = await withCopy();
      return send("POST", `/articles/${id}/working-copy/schedule`, { headers: { "If-Match": etag }, body: { at: "2099-01-01T00:00:00Z" } });
    },
  },
  "POST /articles/:id/working-copy/publish": {
    expect: "article.update_live",
    run: async (send) => {
      const { id, etag } = await withCopy();
      return send("POST", `/articles/${id}/working-copy/publish`, { headers: { "If-Match": etag } });
    },
  },
  "POST /articles/:id/revisions/:rev/restore": {
    expect: "article.restore",
    run: async (send) => {
      const id = await article();
      await call("PATCH", `/articles/${id}`, { token: admin, body: { dek: "second", version: 1 } });
      return send("POST", `/articles/${id}/revisions/1/restore`);
    },
  },
  "POST /articles/:id/preview-links": { expect: "preview_link.create", run: async (send) => send("POST", `/articles/${await article()}/preview-links`, { body: { expires_in: 300 } }) },
  "DELETE /articles/:id/preview-links/:link_id": {
    expect: "preview_link.revoke",
    run: async (send) => {
      const id = await article();
      const link = (await call("POST", `/articles/${id}/preview-links`, { token: admin, body: { expires_in: 300 } })).json.preview_link.id;
      return send("DELETE", `/articles/${id}/preview-links/${link}`);
    },
  },
  "POST /contributors": { expect: "taxonomy.create", run: (send) => send("POST", "/contributors", { body: { kind: "person", name: `P ${uniq()}` } }) },
  "PATCH /contributors/:id": { expect: "taxonomy.update", run: async (send) => send("PATCH", `/contributors/${(await createContributor(admin, "person", `P ${uniq()}`)).id}`, { body: { bio: "b" } }) },
  "DELETE /contributors/:id": { expect: "taxonomy.delete", run: async (send) => send("DELETE", `/contributors/${(await createContributor(admin, "person", `P ${uniq()}`)).id}`) },
  "POST /tags": { expect: "taxonomy.create", run: (send) => send("POST", "/tags", { body: { name: `T ${uniq()}` } }) },
  "PATCH /tags/:id": { expect: "taxonomy.update", run: async (send) => send("PATCH", `/tags/${await made("/tags", { name: `T ${uniq()}` }, "tag")}`, { body: { description: "d" } }) },
  "DELETE /tags/:id": { expect: "taxonomy.delete", run: async (send) => send("DELETE", `/tags/${await made("/tags", { name: `T ${uniq()}` }, "tag")}`) },
  "POST /sections": { expect: "taxonomy.create", run: (send) => send("POST", "/sections", { body: { name: `S ${uniq()}` } }) },
  "PATCH /sections/:id": { expect: "taxonomy.update", run: async (send) => send("PATCH", `/sections/${await made("/sections", { name: `S ${uniq()}` }, "section")}`, { body: { description: "d" } }) },
  "DELETE /sections/:id": { expect: "taxonomy.delete", run: async (send) => send("DELETE", `/sections/${await made("/sections", { name: `S ${uniq()}` }, "section")}`) },
  "POST /collections": { expect: "taxonomy.create", run: (send) => send("POST", "/collections", { body: { name: `K ${uniq()}` } }) },
  "PATCH /collections/:id": { expect: "taxonomy.update", run: async (send) => send("PATCH", `/collections/${await made("/collections", { name: `K ${uniq()}` }, "collection")}`, { body: { description: "d" } }) },
  "DELETE /collections/:id": { expect: "taxonomy.delete", run: async (send) => send("DELETE", `/collections/${await made("/collections", { name: `K ${uniq()}` }, "collection")}`) },
  "POST /redirects": { expect: "redirect.create", run: (send) => send("POST", "/redirects", { body: { from_path: `/old/${uniq()}`, to_url: "/feed.xml" } }) },
  "POST /redirects/bulk": { expect: "redirect.create", run: (send) => send("POST", "/redirects/bulk", { body: { redirects: [{ from_path: `/old/${uniq()}`, to_url: "/feed.xml" }] } }) },
  "PATCH /redirects/:id": { expect: "redirect.update", run: async (send) => send("PATCH", `/redirects/${await made("/redirects", { from_path: `/old/${uniq()}`, to_url: "/feed.xml" }, "redirect")}`, { body: { status_code: 302 } }) },
  "DELETE /redirects/:id": { expect: "redirect.delete", run: async (send) => send("DELETE", `/redirects/${await made("/redirects", { from_path: `/old/${uniq()}`, to_url: "/feed.xml" }, "redirect")}`) },
  "POST /media": {
    expect: "media.upload",
    run: async (send) => {
      const form = new FormData();
      form.set("file", new File([tinyPng()], "walk.png", { type: "image/png" }));
      return send("POST", "/media", { body: form });
    },
  },
  "PATCH /media/:id": { expect: "media.update", run: async (send) => send("PATCH", `/media/${(await uploadPng(admin)).id}`, { body: { credit: "c" } }) },
  "DELETE /media/:id": { expect: "media.delete", run: async (send) => send("DELETE", `/media/${(await uploadPng(admin)).id}`) },
  "POST /users": { expect: "user.create", run: (send) => send("POST", "/users", { body: { email: `${uniq()}@example.org`, name: "N", role: "author", password: "a-long-enough-password" } }) },
  "PATCH /users/:id": { expect: "user.role_change", run: async (send) => send("PATCH", `/users/${(await createUser("author")).id}`, { body: { role: "editor" } }) },
  "DELETE /users/:id": { expect: "user.delete", run: async (send) => send("DELETE", `/users/${(await createUser("author")).id}`) },
  "POST /trash/:id/restore": {
    expect: "article.undelete",
    run: async (send) => {
      const id = await article();
      await call("DELETE", `/articles/${id}`, { token: admin });
      return send("POST", `/trash/${id}/restore`);
    },
  },
  "PATCH /settings": { expect: "settings.update", run: (send) => send("PATCH", "/settings", { body: { description: "Walked" } }) },
  "POST /content-api-keys": { expect: "content_key.create", run: (send) => send("POST", "/content-api-keys", { body: { name: "Front-end" } }) },
  "DELETE /content-api-keys/:id": { expect: "content_key.revoke", run: async (send) => send("DELETE", `/content-api-keys/${await made("/content-api-keys", { name: "k" }, "content_api_key")}`) },
  "POST /imports/ghost": { expect: "newsroom.import", run: (send) => send("POST", "/imports/ghost", { body: plan() }) },
  "POST /imports/ghost/:id/finish": {
    expect: "newsroom.import",
    run: async (send) => send("POST", `/imports/ghost/${(await call("POST", "/imports/ghost", { token: admin, body: plan() })).json.import.id}/finish`),
  },
  "POST /webhooks": { expect: "webhook.create", run: (send) => send("POST", "/webhooks", { body: { url: "https://hooks.example/copydesk", events: ["article.published"], active: false } }) },
  "PATCH /webhooks/:id": { expect: "webhook.update", run: async (send) => send("PATCH", `/webhooks/${await hook(false)}`, { body: { description: "d" } }) },
  "DELETE /webhooks/:id": { expect: "webhook.delete", run: async (send) => send("DELETE", `/webhooks/${await hook(false)}`) },
  "POST /webhooks/:id/rotate-secret": { expect: "webhook.rotate_secret", run: async (send) => send("POST", `/webhooks/${await hook(false)}/rotate-secret`) },
  "POST /webhooks/:id/ping": { expect: "webhook.ping", run: async (send) => send("POST", `/webhooks/${await hook(true)}/ping`) },
  "POST /webhooks/:id/deliveries/:delivery_id/redeliver": {
    expect: "webhook.redeliver",
    run: async (send) => {
      const id = await hook(true);
      const eventId = (await call("POST", `/webhooks/${id}/ping`, { token: admin })).json.event_id;
      const delivery = `whd_${uniq()}`;
      await db().insert(webhookDeliveries).values({ id: delivery, webhookId: id, eventId, eventType: "ping", attempt: 1, attemptedAt: new Date().toISOString(), outcome: "failed" });
      return send("POST", `/webhooks/${id}/deliveries/${delivery}/redeliver`);
    },
  },
  "POST /exports": { expect: "newsroom.export", run: (send) => send("POST", "/exports") },
  "DELETE /exports/:id": {
    expect: "newsroom.export_delete",
    run: async (send) => {
      // One export at a time: the walk's own POST /exports may still be running; delete that one then.
      const id = (await call("GET", "/exports", { token: admin })).json.exports[0]?.id ?? (await call("POST", "/exports", { token: admin })).json.export.id;
      return send("DELETE", `/exports/${id}`);
    },
  },
  // The newsroom import (a file) needs an empty newsroom: run first, in beforeAll (see there).
  "POST /import": { expect: "newsroom.import", run: async () => importResult },
  // Issue 15's other routes (their own parts record them; any entry under the request counts here).
  "POST /articles/:id/stage": { run: async (send) => send("POST", `/articles/${await article()}/stage`, { body: { stage: "editing" } }) },
  "PUT /articles/:id/assignees": { run: async (send) => send("PUT", `/articles/${await article()}/assignees`, { body: { user_ids: [(await createUser("author")).id] } }) },
  "PUT /articles/:id/due": { run: async (send) => send("PUT", `/articles/${await article()}/due`, { body: { due_at: "2099-01-01T00:00:00Z" } }) },
  "PUT /articles/:id/embargo": { run: async (send) => send("PUT", `/articles/${await article()}/embargo`, { body: { embargoed_until: "2099-01-01T00:00:00Z" } }) },
  "POST /articles/:id/lift-embargo": {
    run: async (send) => {
      const id = await article();
      await call("PUT", `/articles/${id}/embargo`, { token: admin, body: { embargoed_until: "2099-01-01T00:00:00Z" } });
      return send("POST", `/articles/${id}/lift-embargo`);
    },
  },
  "PUT /stages": {
    run: (send) =>
      // A rename: the list as it is would change nothing, and a save that changes nothing records nothing.
      send("PUT", "/stages", { body: { stages: [{ id: "draft", name: "Draft", enter_role: "contributor" }, { id: "editing", name: "Editing", enter_role: "contributor" }, { id: "ready", name: "Ready to publish", enter_role: "editor" }] } }),
  },
  "POST /articles/:id/notes": { run: async (send) => send("POST", `/articles/${await article()}/notes`, { body: { body: "n" } }) },
  "PATCH /articles/:id/notes/:note_id": { run: async (send) => withNote((id, note) => send("PATCH", `/articles/${id}/notes/${note}`, { body: { body: "m" } })) },
  "DELETE /articles/:id/notes/:note_id": { run: async (send) => withNote((id, note) => send("DELETE", `/articles/${id}/notes/${note}`)) },
  "POST /articles/:id/notes/:note_id/resolve": { run: async (send) => withNote((id, note) => send("POST", `/articles/${id}/notes/${note}/resolve`)) },
  "POST /articles/:id/notes/:note_id/reopen": {
    run: async (send) =>
      withNote(async (id, note) => {
        await call("POST", `/articles/${id}/notes/${note}/resolve`, { token: admin });
        return send("POST", `/articles/${id}/notes/${note}/reopen`);
      }),
  },
  "POST /articles/:id/amendments": { run: async (send) => send("POST", `/articles/${await published()}/amendments`, { body: { kind: "correction", body: doc("c") } }) },
  "PATCH /articles/:id/amendments/:amendment_id": { run: async (send) => withAmendment(false, (id, a) => send("PATCH", `/articles/${id}/amendments/${a}`, { body: { kind: "update" } })) },
  "POST /articles/:id/amendments/:amendment_id/supersede": { run: async (send) => withAmendment(true, (id, a) => send("POST", `/articles/${id}/amendments/${a}/supersede`, { body: { body: doc("d") } })) },
  "DELETE /articles/:id/amendments/:amendment_id": { run: async (send) => withAmendment(true, (id, a) => send("DELETE", `/articles/${id}/amendments/${a}`)) },
  "PUT /articles/:id/live": { expect: "article.live_settings", run: async (send) => send("PUT", `/articles/${await article()}/live`, { body: { kind: "live" } }) },
  "POST /articles/:id/entries": { expect: "live_entry.create", run: async (send) => send("POST", `/articles/${await liveBlog()}/entries`, { body: { body: doc("e") } }) },
  "PATCH /articles/:id/entries/:entry_id": { expect: "live_entry.update", run: async (send) => withEntry((path) => send("PATCH", path, { headers: { "If-Match": '"1"' }, body: { title: "t" } })) },
  "POST /articles/:id/entries/:entry_id/publish": { expect: "live_entry.publish", run: async (send) => withEntry((path) => send("POST", `${path}/publish`, { headers: { "If-Match": '"1"' } })) },
  "POST /articles/:id/entries/:entry_id/unpublish": {
    expect: "live_entry.unpublish",
    run: async (send) => withEntry((path) => send("POST", `${path}/unpublish`, { headers: { "If-Match": '"1"' } }), "published"),
  },
  "PUT /articles/:id/entries/:entry_id/pin": { expect: "live_entry.pin", run: async (send) => withEntry((path) => send("PUT", `${path}/pin`, { body: { pinned: true } })) },
  "DELETE /articles/:id/entries/:entry_id": { expect: "live_entry.delete", run: async (send) => withEntry((path) => send("DELETE", path)) },
};

/** A live blog (a draft story made one). */
async function liveBlog() {
  const id = await article();
  expect((await call("PUT", `/articles/${id}/live`, { token: admin, body: { kind: "live" } })).status).toBe(200);
  return id;
}
/** An entry of a live blog, as its path. */
async function withEntry(go: (path: string) => Promise<Res>, status: "draft" | "published" = "draft") {
  const id = await liveBlog();
  return go(`/articles/${id}/entries/${await made(`/articles/${id}/entries`, { body: doc("e"), status }, "entry")}`);
}

async function hook(active: boolean) {
  return made("/webhooks", { url: "https://hooks.example/copydesk", events: ["article.published"], active }, "webhook");
}
async function withNote(go: (id: string, note: string) => Promise<Res>) {
  const id = await article();
  return go(id, await made(`/articles/${id}/notes`, { body: "n" }, "note"));
}
/** An amendment on a draft (still editable) or a live story (public, append-only). */
async function withAmendment(live: boolean, go: (id: string, amendment: string) => Promise<Res>) {
  const id = live ? await published() : await article();
  return go(id, await made(`/articles/${id}/amendments`, { kind: "correction", body: doc("c") }, "amendment"));
}

let importResult: Res;
let importRay: string;
const rays: Record<string, string> = {};
let before: Map<string, string>;

const entriesOf = async (ray: string) =>
  (await env.DB.prepare("SELECT * FROM audit_log WHERE request_id = ? ORDER BY at, id").bind(ray).all<Record<string, unknown>>()).results;
const allRows = async () => new Map((await env.DB.prepare("SELECT * FROM audit_log").all<Record<string, unknown>>()).results.map((r) => [String(r.id), JSON.stringify(r)]));

beforeAll(async () => {
  // The file's storage starts empty: the one moment a newsroom import is accepted.
  const first = await tokenFor("admin");
  admin = first.token;
  importRay = `ray-${crypto.randomUUID()}`;
  const res = await call("POST", "/import", { token: admin, headers: { "cf-ray": importRay }, body: { format: "copydesk-export", version: 2, exported_at: new Date().toISOString(), tables: {} } });
  importResult = { status: res.status, text: res.text, json: res.json };
  author = (await tokenFor("author")).token;
  section = (await createSection(admin, "Walk")).slug;
  byline = (await createContributor(admin, "person", "Walk Reporter")).slug;
  before = await allRows();
  expect(before.size).toBeGreaterThan(0);
});

describe("every editorial write route records an audit entry", () => {
  it("walks the app's route table: every non-GET route is in the walk or exempt with a reason, nothing else", () => {
    const served = createApp()
      .routes.filter((r) => r.method !== "ALL" && r.method !== "GET" && r.path.startsWith(PREFIX))
      .map((r) => `${r.method} ${r.path.slice(PREFIX.length)}`);
    expect([...new Set(served)].sort()).toEqual([...Object.keys(WALK), ...Object.keys(EXEMPT)].sort());
  });

  for (const [key, row] of Object.entries(WALK)) {
    it(`${key} → ${row.expect ?? "an entry"}`, async () => {
      const ray = key === "POST /import" ? importRay : `ray-${crypto.randomUUID()}`;
      rays[key] = ray;
      const send: Send = (method, path, opts = {}) =>
        call(method, path, { token: opts.token === "" ? undefined : (opts.token ?? admin), cookie: opts.cookie, body: opts.body, headers: { ...opts.headers, "cf-ray": ray } });
      const res = await row.run(send);
      expect(res.status, `${key}: ${res.text}`).toBeLessThan(300);
      const entries = await entriesOf(ray);
      expect(entries.length, `${key} wrote no audit entry`).toBeGreaterThan(0);
      if (row.expect) expect(entries.map((e) => e.action), key).toContain(row.expect);
      // Summaries are short and never carry secrets: no password, hash, token or email in any of them.
      for (const e of entries) expect(String(e.summary), key).not.toMatch(/password"|hash|secret"|cdk_|@example\.org/i);
    }, 20_000);
  }
});

describe("no route can alter or delete an entry", () => {
  it("every entry written before the walk is still there, byte for byte", async () => {
    const after = await allRows();
    const changed = [...before].filter(([id, row]) => after.get(id) !== row).map(([id]) => id);
    expect(changed).toEqual([]);
    expect(after.size).toBeGreaterThan(before.size);
  });

  it("the table itself refuses UPDATE, DELETE and REPLACE (triggers), whoever asks", async () => {
    const [id] = [...before.keys()];
    await expect(env.DB.prepare("UPDATE audit_log SET actor_label = 'someone else' WHERE id = ?").bind(id).run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("DELETE FROM audit_log WHERE id = ?").bind(id).run()).rejects.toThrow(/append-only/);
    await expect(env.DB.prepare("DELETE FROM audit_log").run()).rejects.toThrow(/append-only/);
    // REPLACE deletes the old row without firing DELETE triggers: a third trigger skips it instead.
    await env.DB.prepare("INSERT OR REPLACE INTO audit_log (id, at, actor_label, action, target_type) VALUES (?, '2000-01-01T00:00:00.000Z', 'forger', 'user.delete', 'user')").bind(id).run();
    await env.DB.prepare("REPLACE INTO audit_log (id, at, actor_label, action, target_type) VALUES (?, '2000-01-01T00:00:00.000Z', 'forger', 'user.delete', 'user')").bind(id).run();
    expect((await allRows()).get(id!)).toBe(before.get(id!));
  });
});
