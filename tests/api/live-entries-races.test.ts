// Entry writes meeting another write between their read and their batch (tests/helpers/interleave.ts):
// what readers' streams, caches and webhooks get must follow the rows as the batch commits, never
// the earlier read. Also: a live blog through the trash, and a since= read across a republication.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/auth/actor";
import { getArticleOrThrow } from "../../src/editorial/articles/service";
import { createEntry, setPinned, updateEntry } from "../../src/live/domain";
import { call, db, tokenFor } from "../helpers/api";
import { actorOf, interleaved } from "../helpers/interleave";
import { doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";
import { changeRows, entriesPath, liveBlog as makeLiveBlog, TEST_URLS, updatedEvents } from "../helpers/live-blog";
import { SITE_LAG_MS } from "../../src/cache/content-version";

let token: string;
let actor: Actor;
beforeAll(async () => {
  const t = await tokenFor("editor");
  token = t.token;
  actor = actorOf(t.user, "editor");
});

const urls = TEST_URLS;

const liveBlog = (opts: { publish?: boolean } = {}) => makeLiveBlog(token, opts);
const entries = entriesPath;
const file = async (blog: string, body: Record<string, unknown> = {}) => {
  const res = await call("POST", entries(blog), { token, body: { body: doc(paragraph("Polls close at eight.")), ...body } });
  expect(res.status, res.text).toBe(201);
  return res.json.entry.id as string;
};

const changes = changeRows;
const outbox = updatedEvents;
const contentVersion = async () => (await env.DB.prepare("SELECT value FROM site_state WHERE key = 'content'").first<{ value: string }>())!.value;

describe("a pin meeting another write to the entry", () => {
  it("a pin racing an unpublish is refused: readers never get a draft's text after its deletion", async () => {
    const { id: blog } = await liveBlog();
    const id = await file(blog, { status: "published" });
    const rec = await getArticleOrThrow(db(), blog);
    const racing = interleaved(db(), async () => expect((await call("POST", `${entries(blog)}/${id}/unpublish`, { token, headers: { "if-match": '"1"' } })).status).toBe(200));
    await expect(setPinned({ db: racing, actor, urls }, rec, id, true)).rejects.toMatchObject({ code: "version_conflict" });
    const log = (await changes(blog)).filter((r) => r.entry_id === id);
    expect(log.map((r) => [r.type, r.public_type])).toEqual([
      ["entry.created", "entry.published"],
      ["entry.unpublished", "entry.deleted"],
    ]);
    expect((await call("GET", `${entries(blog)}/${id}`, { token })).json.entry).toMatchObject({ status: "draft", pinned: false });
  });

  it("a pin racing an edit is refused: its event would carry the text before the edit", async () => {
    const { id: blog } = await liveBlog();
    const id = await file(blog, { status: "published", title: "Before" });
    const rec = await getArticleOrThrow(db(), blog);
    const racing = interleaved(db(), async () => expect((await call("PATCH", `${entries(blog)}/${id}`, { token, headers: { "if-match": '"1"' }, body: { title: "After" } })).status).toBe(200));
    await expect(setPinned({ db: racing, actor, urls }, rec, id, true)).rejects.toMatchObject({ code: "version_conflict" });
    const log = (await changes(blog)).filter((r) => r.entry_id === id);
    expect(log.map((r) => r.type)).toEqual(["entry.created", "entry.updated"]);
    // Pinning again from a fresh read works, and says the edited text.
    const pin = await call("PUT", `${entries(blog)}/${id}/pin`, { token, body: { pinned: true } });
    expect(pin.status, pin.text).toBe(200);
    const last = (await changes(blog)).at(-1)!;
    expect([last.type, JSON.parse(last.public_payload!).entry.title]).toEqual(["entry.pinned", "After"]);
  });

  it("an edit racing a pin is refused: its payloads would say pinned: false while the entry is pinned", async () => {
    const { id: blog } = await liveBlog();
    const id = await file(blog, { status: "published" });
    const rec = await getArticleOrThrow(db(), blog);
    const racing = interleaved(db(), async () => expect((await call("PUT", `${entries(blog)}/${id}/pin`, { token, body: { pinned: true } })).status).toBe(200));
    await expect(updateEntry({ db: racing, actor, urls }, rec, id, { title: "Mine" }, 1)).rejects.toMatchObject({ code: "version_conflict" });
    const log = (await changes(blog)).filter((r) => r.entry_id === id);
    expect(log.map((r) => r.type)).toEqual(["entry.created", "entry.pinned"]);
    for (const r of log.slice(1)) expect([JSON.parse(r.payload).entry.pinned, JSON.parse(r.public_payload!).entry.pinned]).toEqual([true, true]);
  });

  it("two pins at once cannot pin more than three entries", async () => {
    const { id: blog } = await liveBlog();
    for (let i = 0; i < 2; i++) await file(blog, { status: "published", pinned: true });
    const [a, b] = [await file(blog, { status: "published" }), await file(blog, { status: "published" })];
    const rec = await getArticleOrThrow(db(), blog);
    // Both read two pinned entries; the other lands first.
    const racing = interleaved(db(), async () => expect((await call("PUT", `${entries(blog)}/${b}/pin`, { token, body: { pinned: true } })).status).toBe(200));
    await expect(setPinned({ db: racing, actor, urls }, rec, a, true)).rejects.toMatchObject({ code: "conflict" });
    const pinned = await env.DB.prepare("SELECT count(*) AS n FROM live_entries WHERE article_id = ? AND pinned = 1").bind(blog).first<{ n: number }>();
    expect(pinned!.n).toBe(3);
  });
});

describe("an entry filed while the blog becomes an ordinary story", () => {
  it("is refused (409 not_live): no entry on a story that is not a live blog", async () => {
    const { id: blog } = await liveBlog();
    const rec = await getArticleOrThrow(db(), blog);
    const racing = interleaved(db(), async () => expect((await call("PUT", `/articles/${blog}/live`, { token, body: { kind: "article" } })).status).toBe(200));
    await expect(createEntry({ db: racing, actor, urls }, rec, { body: doc(paragraph("Late.")) })).rejects.toMatchObject({ code: "not_live" });
    expect((await env.DB.prepare("SELECT count(*) AS n FROM live_entries WHERE article_id = ?").bind(blog).first<{ n: number }>())!.n).toBe(0);
  });
});

describe("the blog's publication as the entry's batch commits", () => {
  it("an entry published while an editor publishes the blog moves the blog's caches, schedules the site's and sends its article.updated", async () => {
    const { id: blog } = await liveBlog({ publish: false });
    const rec = await getArticleOrThrow(db(), blog); // read as a draft
    let afterPublish = "";
    const racing = interleaved(db(), async () => {
      expect((await call("POST", `/articles/${blog}/publish`, { token })).status).toBe(200);
      afterPublish = await contentVersion();
    });
    const entry = await createEntry({ db: racing, actor, urls }, rec, { body: doc(paragraph("Seen.")), status: "published" });
    const row = (await changes(blog)).find((r) => r.entry_id === entry.id)!;
    expect(row.public_seq).not.toBeNull();
    // The blog's own pages move with its head (public_seq, src/cache/blog-token.ts). The site's move
    // within SITE_LAG_MS: the blog's publish replaced the version a moment ago, so the entry leaves
    // the bump pending, due at most that long after the publish's (earlier if an earlier test's was).
    const state = (await env.DB.prepare("SELECT value, updated_at, due_at FROM site_state WHERE key = 'content'").first<{ value: string; updated_at: string; due_at: string | null }>())!;
    expect(state.value).toBe(afterPublish);
    expect(state.due_at).not.toBeNull();
    expect(Date.parse(state.due_at!)).toBeLessThanOrEqual(Date.parse(state.updated_at) + SITE_LAG_MS);
    const events = (await outbox(blog)).filter((d) => d.live?.entry_id === entry.id);
    expect(events.map((d) => [d.status, d.live.event_id])).toEqual([["published", row.public_seq]]);
    const story = await env.DB.prepare("SELECT last_major_update_at AS t FROM articles WHERE id = ?").bind(blog).first<{ t: string }>();
    // The entry's time, or just after the version the racing publish stamped later than it (so the
    // site's refresh still sees the bump as pending: live-cache-pending-race.test.ts).
    const justAfterVersion = new Date(Date.parse(state.updated_at) + 1).toISOString();
    expect(story!.t).toBe(entry.createdAt > state.updated_at ? entry.createdAt : justAfterVersion);
    expect(story!.t > state.updated_at).toBe(true);
  });

  it("an entry published while an editor unpublishes the blog sends no article.updated and keeps the cache", async () => {
    const { id: blog } = await liveBlog();
    const rec = await getArticleOrThrow(db(), blog); // read as published
    let afterUnpublish = "";
    const racing = interleaved(db(), async () => {
      expect((await call("POST", `/articles/${blog}/unpublish`, { token })).status).toBe(200);
      afterUnpublish = await contentVersion();
    });
    const entry = await createEntry({ db: racing, actor, urls }, rec, { body: doc(paragraph("Unseen.")), status: "published" });
    expect((await changes(blog)).find((r) => r.entry_id === entry.id)!.public_seq).toBeNull();
    expect((await outbox(blog)).filter((d) => d.live?.entry_id === entry.id)).toEqual([]);
    expect(await contentVersion()).toBe(afterUnpublish);
  });
});

describe("a live blog through the trash", () => {
  it("comes back a live blog with its coverage window and its entries", async () => {
    const admin = (await tokenFor("admin")).token;
    const { id: blog } = await liveBlog();
    expect((await call("PUT", `/articles/${blog}/live`, { token, body: { kind: "live", coverage_start_at: "2026-11-30T06:00:00Z", coverage_end_at: "2026-11-30T22:00:00Z" } })).status).toBe(200);
    const id = await file(blog, { status: "published" });
    expect((await call("DELETE", `/articles/${blog}`, { token })).status).toBe(204);
    expect((await call("POST", `/trash/${blog}/restore`, { token: admin })).status).toBe(201);
    const back = (await call("GET", `/articles/${blog}`, { token })).json.article;
    expect(back).toMatchObject({ kind: "live", status: "draft", live: { coverage_start_at: "2026-11-30T06:00:00.000Z", coverage_end_at: "2026-11-30T22:00:00.000Z", entry_count: 1 } });
    const list = await call("GET", entries(blog), { token });
    expect(list.status, list.text).toBe(200);
    expect(list.json.entries.map((e: { id: string }) => e.id)).toEqual([id]);
  });
});

describe("since= across a republication", () => {
  it("answers the reset with the blog beside its last_event_id, as the content document declares", async () => {
    const blog = await liveBlog();
    await file(blog.id, { status: "published" });
    expect((await call("POST", `/articles/${blog.id}/unpublish`, { token })).status).toBe(200);
    expect((await call("POST", `/articles/${blog.id}/publish`, { token })).status).toBe(200);
    const read = await get(`/api/content/v1/articles/${blog.slug}/entries?since=1`);
    expect(read.status, read.text).toBe(200);
    const reset = read.json.events.find((e: { event: string }) => e.event === "reset");
    expect(reset.data).toMatchObject({ last_event_id: reset.id, blog: { coverage_start_at: null } });
  });
});
