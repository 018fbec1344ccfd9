// Live-blog entries through the editorial API: CRUD with If-Match, the limits, and the record each
// write leaves. Every write is one batch, so each leaves exactly one change row (desk seq always,
// readers' public_seq only when readers see it), one audit entry and, when public, one
// article.updated event; a refused or lost write leaves none of them.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/auth/actor";
import { getArticleOrThrow, transition } from "../../src/editorial/articles/service";
import { liveChangesOf } from "../../src/live/changes";
import { createEntry, setPinned, updateEntry } from "../../src/live/domain";
import { publishDue } from "../../src/scheduled/publish-due";
import { call, db, tokenFor } from "../helpers/api";
import { actorOf, interleaved } from "../helpers/interleave";
import { createWebhook, receiverUrl, waitUntil, received } from "../helpers/webhooks";
import { createArticle, createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { changeRows, entriesPath, liveBlog as makeLiveBlog, TEST_URLS, updatedEvents } from "../helpers/live-blog";

let token: string;
let actor: Actor;
beforeAll(async () => {
  const t = await tokenFor("editor");
  token = t.token;
  actor = actorOf(t.user, "editor");
});

const urls = TEST_URLS;

/** A story made a live blog (published unless told otherwise): its id. */
const liveBlog = async (opts: { publish?: boolean } = {}) => (await makeLiveBlog(token, opts)).id;
const entries = entriesPath;
const file = (blog: string, body: Record<string, unknown> = {}) => call("POST", entries(blog), { token, body: { body: doc(paragraph("Polls close at eight.")), ...body } });
const ifMatch = (etag: string) => ({ "if-match": etag });

const changes = changeRows;
const count = async (sql: string, ...binds: unknown[]) => (await env.DB.prepare(sql).bind(...binds).first<{ n: number }>())!.n;
const outbox = updatedEvents;

describe("entry lifecycle", () => {
  it("files a draft, edits, publishes, pins, deletes: one change row each, with the right numbers", async () => {
    const blog = await liveBlog();
    const created = await file(blog, { title: "Polls", key_event: true });
    expect(created.status, created.text).toBe(201);
    expect(created.headers.get("etag")).toBe('"1"');
    const id = created.json.entry.id as string;
    expect(created.headers.get("location")).toBe(`/api/editorial/v1/articles/${blog}/entries/${id}`);
    expect(created.json.entry).toMatchObject({ status: "draft", title: "Polls", key_event: true, pinned: false, version: 1, published_at: null, text: "Polls close at eight." });

    const edited = await call("PATCH", `${entries(blog)}/${id}`, { token, headers: ifMatch('"1"'), body: { body: doc(paragraph("Polls close at nine.")) } });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.headers.get("etag")).toBe('"2"');
    const published = await call("POST", `${entries(blog)}/${id}/publish`, { token, headers: ifMatch('"2"') });
    expect(published.status, published.text).toBe(200);
    expect(published.json.entry).toMatchObject({ status: "published", version: 3 });
    const firstPublished = published.json.entry.published_at;

    // Pinning is metadata: the ETag stays, and an edit from it still goes through.
    const pinned = await call("PUT", `${entries(blog)}/${id}/pin`, { token, body: { pinned: true } });
    expect(pinned.status, pinned.text).toBe(200);
    expect(pinned.headers.get("etag")).toBe('"3"');
    expect((await call("PUT", `${entries(blog)}/${id}/pin`, { token, body: { pinned: true } })).status).toBe(200); // idempotent: writes nothing
    const afterPin = await call("PATCH", `${entries(blog)}/${id}`, { token, headers: ifMatch('"3"'), body: { title: "Polls closed" } });
    expect(afterPin.status, afterPin.text).toBe(200);
    expect(afterPin.json.entry).toMatchObject({ pinned: true, version: 4, published_at: firstPublished });
    expect((await call("PUT", `${entries(blog)}/${id}/pin`, { token, body: { pinned: false } })).status).toBe(200);
    const unpublished = await call("POST", `${entries(blog)}/${id}/unpublish`, { token, headers: ifMatch('"4"') });
    expect(unpublished.json.entry).toMatchObject({ status: "draft", version: 5, published_at: firstPublished });
    expect((await call("DELETE", `${entries(blog)}/${id}`, { token, headers: ifMatch('"5"') })).status).toBe(204);
    expect((await call("GET", `${entries(blog)}/${id}`, { token })).status).toBe(404);

    // The first row is PUT /live's blog.updated.
    const rows = await changes(blog);
    expect(rows.map((r) => [r.seq, r.public_seq, r.type, r.public_type])).toEqual([
      [1, 1, "blog.updated", "blog.updated"],
      [2, null, "entry.created", null],
      [3, null, "entry.updated", null],
      [4, 2, "entry.published", "entry.published"],
      [5, 3, "entry.pinned", "entry.pinned"],
      [6, 4, "entry.updated", "entry.updated"],
      [7, 5, "entry.unpinned", "entry.unpinned"],
      [8, 6, "entry.unpublished", "entry.deleted"],
      // A draft's deletion is the desk's business only.
      [9, null, "entry.deleted", null],
    ]);
    // Readers' payloads carry the public view; the desk's the editorial one; a deletion only the id.
    const pub = JSON.parse(rows[3]!.public_payload!);
    expect(pub.entry).toMatchObject({ id, title: "Polls", text: "Polls close at nine.", pinned: false, key_event: true });
    expect(pub.entry).not.toHaveProperty("status");
    expect(pub.entry).not.toHaveProperty("version");
    expect(JSON.parse(rows[7]!.public_payload!)).toEqual({ entry: { id } });
    expect(JSON.parse(rows[2]!.payload).entry).toMatchObject({ id, version: 2, status: "draft" });

    const history = await call("GET", `${entries(blog)}/${id}/revisions`, { token });
    expect(history.status, history.text).toBe(200);
    expect(history.json.revisions.map((r: { version: number; action: string }) => [r.version, r.action])).toEqual([
      [6, "delete"],
      [5, "unpublish"],
      [4, "edit"],
      [3, "publish"],
      [2, "edit"],
      [1, "create"],
    ]);
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE target_type = 'live_entry' AND target_id = ?", id)).toBe(8);
    // …and they are the blog's history (GET /audit?article=), beside the story's own entries.
    const history2 = await call("GET", `/audit?article=${blog}&limit=100`, { token: (await tokenFor("admin")).token });
    expect(history2.json.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(["article.live_settings", "live_entry.create", "live_entry.pin", "live_entry.delete"]));

    // Each public change is one article.updated naming live_entries and the readers' event id.
    const events = (await outbox(blog)).filter((e) => e.changed_fields[0] === "live_entries");
    expect(events.map((e) => [e.live.change, e.live.event_id])).toEqual([
      ["entry.published", 2],
      ["entry.pinned", 3],
      ["entry.updated", 4],
      ["entry.unpinned", 5],
      ["entry.unpublished", 6],
    ]);
  });

  it("publishes at once when asked, lists drafts and published for the desk, pages by cursor", async () => {
    const blog = await liveBlog();
    const a = await file(blog, { status: "published" });
    expect(a.json.entry.status).toBe("published");
    await file(blog);
    await file(blog);
    const page = await call("GET", `${entries(blog)}?limit=2`, { token });
    expect(page.status, page.text).toBe(200);
    expect(page.json.entries).toHaveLength(2);
    expect(page.json.last_event_id).toBe(4);
    const rest = await call("GET", `${entries(blog)}?limit=2&cursor=${page.json.next_cursor}`, { token });
    expect(rest.json.entries.map((e: { id: string }) => e.id)).toEqual([a.json.entry.id]);
    expect(rest.json.next_cursor).toBeNull();
    expect((await call("GET", `${entries(blog)}?status=published`, { token })).json.entries).toHaveLength(1);
    const rows = await changes(blog);
    expect(rows[1]).toMatchObject({ type: "entry.created", public_type: "entry.published", public_seq: 2 });
  });

  it("an unpublished blog's entries give readers no ids; the desk still numbers them", async () => {
    const blog = await liveBlog({ publish: false });
    await file(blog, { status: "published" });
    const rows = await changes(blog);
    expect(rows.map((r) => [r.seq, r.public_seq])).toEqual([
      [1, null],
      [2, null],
    ]);
    expect(await outbox(blog)).toEqual([]);
  });
});

describe("If-Match", () => {
  it("is required, must be current (a future one too), and a stale one gets the current entry", async () => {
    const blog = await liveBlog();
    const id = (await file(blog)).json.entry.id as string;
    const path = `${entries(blog)}/${id}`;
    const before = (await changes(blog)).length;
    expect((await call("PATCH", path, { token, body: { title: "x" } })).status).toBe(428);
    expect((await call("POST", `${path}/publish`, { token })).status).toBe(428);
    const bad = await call("PATCH", path, { token, headers: ifMatch("W/1"), body: { title: "x" } });
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe("If-Match");
    for (const etag of ['"0"', '"2"']) {
      const stale = await call("PATCH", path, { token, headers: ifMatch(etag), body: { title: "x" } });
      expect(stale.status, etag).toBe(409);
      expect(stale.json).toMatchObject({ code: "version_conflict", current_etag: '"1"', current_version: 1 });
      expect(stale.json.entry).toMatchObject({ id, version: 1, etag: '"1"', title: null });
    }
    expect((await call("DELETE", path, { token, headers: ifMatch('"7"') })).status).toBe(409);
    // Refused writes write nothing.
    expect(await changes(blog)).toHaveLength(before);
    expect(await count("SELECT count(*) AS n FROM live_entry_revisions WHERE entry_id = ?", id)).toBe(1);
  });

  it("two saves from the same ETag: the one that lands second is refused whole", async () => {
    const blog = await liveBlog();
    const id = (await file(blog, { status: "published" })).json.entry.id as string;
    const rec = await getArticleOrThrow(db(), blog);
    const eventsBefore = (await outbox(blog)).length;
    // The other editor's save lands between this one's read and its batch.
    const racing = interleaved(db(), async () => {
      const theirs = await call("PATCH", `${entries(blog)}/${id}`, { token, headers: ifMatch('"1"'), body: { title: "Theirs" } });
      expect(theirs.status, theirs.text).toBe(200);
    });
    const mine = updateEntry({ db: racing, actor, urls }, rec, id, { title: "Mine" }, 1);
    await expect(mine).rejects.toMatchObject({ code: "version_conflict", extra: { current_etag: '"2"' } });
    expect(await count("SELECT count(*) AS n FROM live_entry_revisions WHERE entry_id = ? AND version = 2", id)).toBe(1);
    expect((await changes(blog)).filter((r) => r.entry_id === id).map((r) => r.type)).toEqual(["entry.created", "entry.updated"]);
    expect((await call("GET", `${entries(blog)}/${id}`, { token })).json.entry.title).toBe("Theirs");
    expect((await outbox(blog)).length).toBe(eventsBefore + 1);
  });
  it("a pin that meets a deletion landing first is refused whole: no change announced for a gone entry", async () => {
    const blog = await liveBlog();
    const id = (await file(blog, { status: "published" })).json.entry.id as string;
    const rec = await getArticleOrThrow(db(), blog);
    const racing = interleaved(db(), async () => expect((await call("DELETE", `${entries(blog)}/${id}`, { token })).status).toBe(204));
    await expect(setPinned({ db: racing, actor, urls }, rec, id, true)).rejects.toMatchObject({ code: "version_conflict" });
    expect((await changes(blog)).filter((r) => r.entry_id === id).map((r) => r.type)).toEqual(["entry.created", "entry.deleted"]);
  });
});

describe("limits and refusals", () => {
  it("names the field: title, body size, blocks, bylines, pinned", async () => {
    const blog = await liveBlog();
    const title = await file(blog, { title: "t".repeat(201) });
    expect([title.status, title.json.errors[0].path]).toEqual([400, "title"]);
    const big = await file(blog, { body: doc(...Array.from({ length: 30 }, () => paragraph("x".repeat(700)))) });
    expect([big.status, big.json.errors[0].path]).toEqual([400, "body"]);
    const blocks = await file(blog, { body: doc(...Array.from({ length: 51 }, () => paragraph("x"))) });
    expect([blocks.status, blocks.json.errors[0].path]).toEqual([400, "body.content"]);
    const empty = await file(blog, { body: doc(paragraph(" ")) });
    expect(empty.status).toBe(400);
    const hostile = await file(blog, { body: doc({ type: "script", content: [] }) });
    expect(hostile.status).toBe(400);
    const bylines = await file(blog, { bylines: Array.from({ length: 11 }, (_, i) => ({ contributor: `c-${i}` })) });
    expect([bylines.status, bylines.json.errors[0].path]).toEqual([400, "bylines"]);
    const unknown = await file(blog, { bylines: [{ contributor: "nobody-here" }] });
    expect([unknown.status, unknown.json.errors[0].path]).toEqual([400, "bylines.0.contributor"]);
    for (let i = 0; i < 3; i++) expect((await file(blog, { pinned: true, status: "published" })).status).toBe(201);
    const fourth = await file(blog, { pinned: true });
    expect([fourth.status, fourth.json.errors[0].path]).toEqual([409, "pinned"]);
    const id = (await file(blog)).json.entry.id;
    const pin = await call("PUT", `${entries(blog)}/${id}/pin`, { token, body: { pinned: true } });
    expect([pin.status, pin.json.code]).toEqual([409, "conflict"]);
    // Only the three pinned entries and the last one were written.
    expect(await count("SELECT count(*) AS n FROM live_entries WHERE article_id = ?", blog)).toBe(4);
    expect((await changes(blog)).length).toBe(1 + 4);
  });

  it("an ordinary story has no entries: 409 not_live", async () => {
    const story = await createArticle(token);
    for (const [method, path] of [["GET", entries(story.id)], ["POST", entries(story.id)]] as const) {
      const res = await call(method, path, { token, body: method === "POST" ? { body: doc(paragraph("x")) } : undefined });
      expect([res.status, res.json.code]).toEqual([409, "not_live"]);
    }
    expect((await call("GET", `${entries("art_nope")}`, { token })).status).toBe(404);
  });
});

describe("PUT /live and kind", () => {
  it("sets the coverage window, refuses an end before the start, and keeps a blog with entries live", async () => {
    const blog = await liveBlog();
    const set = await call("PUT", `/articles/${blog}/live`, { token, body: { kind: "live", coverage_start_at: "2026-11-30T06:00:00Z" } });
    expect(set.json.live).toMatchObject({ kind: "live", coverage_start_at: "2026-11-30T06:00:00.000Z", coverage_end_at: null, entry_count: 0, last_event_id: 2 });
    const backwards = await call("PUT", `/articles/${blog}/live`, { token, body: { kind: "live", coverage_end_at: "2026-11-30T05:00:00Z" } });
    expect([backwards.status, backwards.json.errors[0].path]).toEqual([400, "coverage_end_at"]);
    const same = await call("PUT", `/articles/${blog}/live`, { token, body: { kind: "live" } });
    expect(same.json.live.last_event_id).toBe(2); // nothing changed, nothing written
    await file(blog);
    const back = await call("PUT", `/articles/${blog}/live`, { token, body: { kind: "article" } });
    expect([back.status, back.json.code]).toEqual([409, "in_use"]);
    const view = await call("GET", `/articles/${blog}`, { token });
    expect(view.json.article).toMatchObject({ kind: "live", live: { entry_count: 1, last_event_id: 3, coverage_start_at: "2026-11-30T06:00:00.000Z" } });
    const rows = await changes(blog);
    expect(JSON.parse(rows[1]!.public_payload!)).toMatchObject({ blog: { coverage_start_at: "2026-11-30T06:00:00.000Z", coverage_end_at: null } });
  });

  it("POST /articles kind live makes a blog (editors), and the list filters by kind", async () => {
    const made = await createArticle(token, { kind: "live" });
    expect(made).toMatchObject({ kind: "live", live: { entry_count: 0, last_event_id: 0 } });
    const author = await tokenFor("author");
    const refused = await call("POST", "/articles", { token: author.token, body: { headline: "Mine", kind: "live" } });
    expect(refused.status).toBe(403);
    const list = await call("GET", "/articles?kind=live&limit=100", { token });
    expect(list.status, list.text).toBe(200);
    expect(list.json.articles.every((a: { kind: string }) => a.kind === "live")).toBe(true);
    expect(list.json.articles.map((a: { id: string }) => a.id)).toContain(made.id);
  });
});

describe("the blog entering and leaving readers' view", () => {
  it("unpublish tells readers blog.unpublished; publishing again and a timed release tell them reset; so does the trash", async () => {
    const blog = await liveBlog();
    await file(blog, { status: "published" });
    // The row is noted on the request's db handle for the Durable Object, as entry writes are.
    const handle = db();
    await transition(handle, actor, blog, "unpublish", { expected: null });
    expect(liveChangesOf(handle).map((r) => [r.type, r.publicType, r.publicSeq])).toEqual([["blog.unpublished", "blog.unpublished", 3]]);
    // Filed while nobody outside can see the blog: no readers' id. Entry writes note their rows too.
    await createEntry({ db: handle, actor, urls }, await getArticleOrThrow(db(), blog), { body: doc(paragraph("Unseen.")), status: "published" });
    expect(liveChangesOf(handle).map((r) => [r.seq, r.type, r.publicSeq])).toEqual([
      [3, "blog.unpublished", 3],
      [4, "entry.created", null],
    ]);
    expect((await call("POST", `/articles/${blog}/publish`, { token })).status).toBe(200);
    const at = new Date(Date.now() + 3_600_000).toISOString();
    expect((await call("POST", `/articles/${blog}/schedule`, { token, body: { at } })).status).toBe(200);
    expect(await publishDue(db(), new Date(Date.parse(at) + 1000))).toContain(blog);
    expect((await call("DELETE", `/articles/${blog}`, { token })).status).toBe(204);
    expect((await changes(blog)).map((r) => [r.seq, r.public_seq, r.type, r.public_type])).toEqual([
      [1, 1, "blog.updated", "blog.updated"],
      [2, 2, "entry.created", "entry.published"],
      [3, 3, "blog.unpublished", "blog.unpublished"],
      [4, null, "entry.created", null],
      [5, 4, "blog.published", "reset"],
      [6, 5, "blog.unpublished", "blog.unpublished"],
      [7, 6, "blog.published", "reset"],
      [8, 7, "blog.unpublished", "blog.unpublished"],
    ]);
  });

  it("an ordinary story's publication writes no change row", async () => {
    const story = await createPublishableArticle(token);
    expect((await call("POST", `/articles/${story.id}/publish`, { token })).status).toBe(200);
    expect(await changes(story.id)).toEqual([]);
  });
});

describe("webhooks", () => {
  it("an entry readers see is delivered as article.updated with data.live_entry (which entry, which change, its readers' id)", async () => {
    const admin = (await tokenFor("admin")).token;
    const { name, url } = receiverUrl("hooks", "live");
    await createWebhook(admin, { url, events: ["article.updated"] });
    const blog = await liveBlog();
    const id = (await file(blog, { status: "published" })).json.entry.id as string;
    const log = await waitUntil(() => received(name), (hits) => hits.some((h) => JSON.parse(h.body).data.live_entry?.entry_id === id));
    const hit = log.map((h) => JSON.parse(h.body)).find((b) => b.data.live_entry?.entry_id === id);
    expect(hit.type).toBe("article.updated");
    expect(hit.data).toMatchObject({ changed_fields: ["live_entries"], live_entry: { entry_id: id, change: "entry.created", event_id: 2 }, article: { id: blog } });
  });
});
