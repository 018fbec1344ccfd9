// Cold articles' revisions packed into one R2 object each (src/scheduled/pack-revisions.ts): D1 keeps
// the newest revision, deletion markers and a pointer; the list, detail, restore, a conflict's
// changed_fields, a pinned preview, a webhook payload and the export read the packed ones as before;
// a save after packing keeps versions unique and ordered; the collector removes packs nothing names.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { packKey, PACK_PREFIX } from "../../src/articles/revision-packs";
import { createDb } from "../../src/db/client";
import { archiveSnapshots, ARCHIVE_AFTER_MS } from "../../src/scheduled/archive-snapshots";
import { collectHistory, HISTORY_GC_GRACE_MS, runColdHistory } from "../../src/scheduled/cold-history";
import { PACK_AFTER_MS, packRevisions, parsePlace, walkQuery, type WalkPlace } from "../../src/scheduled/pack-revisions";
import { countingD1 } from "../../src/http/bench-hooks";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { purgeExpired } from "../../src/scheduled/purge";
import { actorFor, BASE, call, tokenFor, unique } from "../helpers/api";
import { createWebhook, receiverUrl } from "../helpers/webhooks";
import { transition } from "../../src/editorial/articles/service";
import { EVENT_TYPES } from "../../src/outbox/events";
import { relayOutbox } from "../../src/outbox/relay";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { freshNewsroom } from "../helpers/newsroom-dump";
import { get } from "../helpers/public";

const historyDb = () => createDb(env.DB, env.MEDIA);
const walk = () => new SQLiteSyncDialect().sqlToQuery(walkQuery({ at: "2020-01-01T00:00:00.000Z", rowid: 7 }, new Date().toISOString(), 50));
const walkSql = () => walk().sql;
const walkParams = () => walk().params;
const DAY = 86_400_000;
/** Packs everything cold at `at` (default: a month and a day from now), walking from the start as the cron would over its runs. */
async function packAll(at = new Date(Date.now() + PACK_AFTER_MS + DAY)) {
  let place: WalkPlace = parsePlace(null);
  let packed = 0;
  for (let i = 0; i < 200; i++) {
    const r = await packRevisions(historyDb(), env.MEDIA, at, place);
    packed += r.articles;
    // A run that packed nothing and stayed in place: done (one packed in slices keeps its place).
    if (!r.articles && r.place.at === place.at && r.place.rowid === place.rowid) break;
    place = r.place;
  }
  return packed;
}
async function archiveSnapshotsAll() {
  for (let n; (n = await archiveSnapshots(historyDb(), env.MEDIA, new Date(Date.now() + ARCHIVE_AFTER_MS + 60_000))); );
}
const versionsInD1 = async (id: string) =>
  (await env.DB.prepare("SELECT version FROM revisions WHERE article_id = ? ORDER BY version").bind(id).all<{ version: number }>()).results.map((r) => r.version);
const pointer = (id: string) => env.DB.prepare("SELECT pack_sha, revisions, through_version FROM revision_packs WHERE article_id = ?").bind(id).first<{ pack_sha: string; revisions: number; through_version: number }>();

/** A story with three draft versions (created, two edits), and a fourth, published, unless `draft`. */
async function storyWithHistory(token: string, { draft = false } = {}) {
  const a = await createPublishableArticle(token, { headline: unique("Packed"), body: doc(paragraph("First text.")) });
  expect((await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1"' }, body: { dek: "Second" } })).status).toBe(200);
  expect((await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"2"' }, body: { body: doc(paragraph("Third text.")) } })).status).toBe(200);
  if (!draft) expect((await call("POST", `/articles/${a.id}/publish`, { token, headers: { "if-match": '"3"' } })).status).toBe(200);
  return a;
}

describe("packing a cold article", () => {
  it("leaves the newest revision and a pointer in D1, and every read answers as before", async () => {
    const { token } = await tokenFor("editor");
    const a = await storyWithHistory(token);
    // Half of the snapshots already in R2 (the snapshot archiver's), half inline: both are packed.
    await archiveSnapshotsAll();
    await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"4"' }, body: { dek: "Fifth" } });
    const list = (await call("GET", `/articles/${a.id}/revisions`, { token })).json;
    const details = await Promise.all([1, 2, 3, 4].map(async (v) => (await call("GET", `/articles/${a.id}/revisions/${v}`, { token })).json));
    const conflict = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"2"' }, body: { dek: "Stale" } });

    // Younger than a month: nothing moves.
    expect(await packAll(new Date())).toBe(0);
    expect(await packAll()).toBeGreaterThanOrEqual(1);
    expect(await versionsInD1(a.id)).toEqual([5]);
    const p = (await pointer(a.id))!;
    expect(p).toMatchObject({ revisions: 4, through_version: 4 });
    expect(await env.MEDIA.head(packKey(a.id, p.pack_sha))).not.toBeNull();

    expect((await call("GET", `/articles/${a.id}/revisions`, { token })).json).toEqual(list);
    for (const [i, v] of [1, 2, 3, 4].entries()) expect((await call("GET", `/articles/${a.id}/revisions/${v}`, { token })).json).toEqual(details[i]);
    const again = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"2"' }, body: { dek: "Stale" } });
    expect(again.status).toBe(409);
    expect(again.json.changed_fields).toEqual(conflict.json.changed_fields);
    expect(again.json.changed_fields).toContain("dek");
    expect((await call("GET", `/articles/${a.id}/revisions/9`, { token })).status).toBe(404);
    // A preview pinned to a packed version shows it.
    const made = await call("POST", `/articles/${a.id}/preview-links`, { token, body: { expires_in: 3600, revision: 2 } });
    expect(made.status, made.text).toBe(201);
    const shown = await get(new URL(made.json.url).pathname);
    expect(shown.json.article).toMatchObject({ dek: "Second" });
    expect(shown.json.article.body_html).toContain("First text.");
  });

  it("restores a packed version, and a save after packing keeps versions unique and ordered", async () => {
    const { token } = await tokenFor("editor");
    const a = await storyWithHistory(token, { draft: true });
    await packAll();
    expect(await versionsInD1(a.id)).toEqual([3]);
    // A draft takes the restored content as a new version, above every packed one.
    const restored = await call("POST", `/articles/${a.id}/revisions/1/restore`, { token, headers: { "if-match": '"3"' } });
    expect(restored.status, restored.text).toBe(200);
    expect(restored.json.article).toMatchObject({ version: 4, body_html: "<p>First text.</p>", dek: null });
    await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"4"' }, body: { dek: "Five" } });
    // Two saves from v5: the second, stale, is a conflict (its v6 would collide).
    const first = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"5"' }, body: { dek: "Six" } });
    const second = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"5"' }, body: { dek: "Also six" } });
    expect([first.status, second.status]).toEqual([200, 409]);
    // Packed again once cold: the new pack holds the old one's rows and the new ones, and the list is whole.
    const oldPack = (await pointer(a.id))!.pack_sha;
    await packAll(new Date(Date.now() + 2 * (PACK_AFTER_MS + DAY)));
    expect(await versionsInD1(a.id)).toEqual([6]);
    expect(await pointer(a.id)).toMatchObject({ revisions: 5, through_version: 5 });
    expect((await call("GET", `/articles/${a.id}/revisions/5`, { token })).json.revision.snapshot.content.dek).toBe("Five");
    expect((await call("GET", `/articles/${a.id}/revisions`, { token })).json.revisions.map((r: any) => r.version)).toEqual([6, 5, 4, 3, 2, 1]);
    // The old pack is an orphan now: collected once past the grace period, the new one kept.
    const later = new Date(Date.now() + HISTORY_GC_GRACE_MS + 60_000);
    for (let cursor: string | null = null, i = 0; i < 50; i++) {
      cursor = (await collectHistory(historyDb(), env.MEDIA, later, cursor)).cursor;
      if (!cursor) break;
    }
    expect(await env.MEDIA.head(packKey(a.id, oldPack))).toBeNull();
    expect(await env.MEDIA.head(packKey(a.id, (await pointer(a.id))!.pack_sha))).not.toBeNull();
  });

  it("leaves a story with a pending working copy, or a recent revision, whole in D1", async () => {
    const { token } = await tokenFor("editor");
    const pending = await storyWithHistory(token);
    expect((await call("PUT", `/articles/${pending.id}/working-copy`, { token, headers: { "if-match": '"4"' }, body: { dek: "Pending change" } })).status).toBe(200);
    const recent = await storyWithHistory(token);
    // Its revisions younger than a month, at the time packing looks.
    await packAll(new Date(Date.now() + PACK_AFTER_MS - DAY));
    expect(await versionsInD1(recent.id)).toEqual([1, 2, 3, 4]);
    await packAll();
    expect(await versionsInD1(recent.id)).toEqual([4]);
    expect(await versionsInD1(pending.id)).toEqual([1, 2, 3, 4]);
  });
});

describe("a pack missing from R2 (damage no client caused)", () => {
  it("is a 500 problem naming it where the content is needed, and no detail where it only adds some", async () => {
    const { token } = await tokenFor("editor");
    const a = await storyWithHistory(token, { draft: true });
    await packAll();
    const key = packKey(a.id, (await pointer(a.id))!.pack_sha);
    const saved = await (await env.MEDIA.get(key))!.arrayBuffer();
    await env.MEDIA.delete(key);
    for (const path of [`/articles/${a.id}/revisions`, `/articles/${a.id}/revisions/1`, `/articles/${a.id}/preview?revision=1`]) {
      const res = await call("GET", path, { token });
      expect(res.status, path).toBe(500);
      expect(res.json.detail).toContain(key);
    }
    const link = await call("POST", `/articles/${a.id}/preview-links`, { token, body: { expires_in: 3600, revision: 2 } });
    expect(link.status).toBe(500);
    const stale = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1"' }, body: { dek: "Stale" } });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ code: "version_conflict", changed_fields: null });
    // The story itself still reads, and the newest version (in D1) too.
    expect((await call("GET", `/articles/${a.id}`, { token })).status).toBe(200);
    expect((await call("GET", `/articles/${a.id}/revisions/3`, { token })).status).toBe(200);
    // Put back: the export below must find every pack.
    await env.MEDIA.put(key, saved);
  });
});

describe("a working copy started from a packed live version", () => {
  it("gets the conflict naming what changed since", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { headline: unique("Live one") });
    await call("POST", `/articles/${a.id}/publish`, { token });
    await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"2"' }, body: { headline: unique("Live two") } });
    await packAll();
    expect(await versionsInD1(a.id)).toEqual([3]);
    const wc = await call("PUT", `/articles/${a.id}/working-copy`, { token, headers: { "if-match": '"2"' }, body: { dek: "From an old tab" } });
    expect(wc.status).toBe(409);
    expect(wc.json).toMatchObject({ code: "version_conflict", your_version: 2, changed_fields: ["headline"] });
  });
});

describe("the trash, the purge and the lease", () => {
  it("a packed story deleted and purged loses its pointer, and its pack is collected", async () => {
    const { token } = await tokenFor("editor");
    const admin = (await tokenFor("admin")).token;
    const a = await storyWithHistory(token);
    await packAll();
    const sha = (await pointer(a.id))!.pack_sha;
    expect((await call("DELETE", `/articles/${a.id}`, { token: admin, headers: { "if-match": '"4"' } })).status).toBe(204);
    // In the trash: restorable, its packed history still readable after.
    expect((await call("POST", `/trash/${a.id}/restore`, { token: admin })).status).toBe(201);
    expect((await call("GET", `/articles/${a.id}/revisions/2`, { token })).json.revision.snapshot.content.dek).toBe("Second");
    const version = (await call("GET", `/articles/${a.id}`, { token })).json.article.version;
    expect((await call("DELETE", `/articles/${a.id}`, { token: admin, headers: { "if-match": `"${version}"` } })).status).toBe(204);
    const afterTrash = new Date(Date.now() + 31 * DAY);
    for (let i = 0; i < 5; i++) await purgeExpired(historyDb(), afterTrash);
    expect(await pointer(a.id)).toBeNull();
    expect(await versionsInD1(a.id)).toEqual([]);
    const later = new Date(Date.now() + HISTORY_GC_GRACE_MS + 60_000);
    for (let cursor: string | null = null, i = 0; i < 50; i++) {
      cursor = (await collectHistory(historyDb(), env.MEDIA, later, cursor)).cursor;
      if (!cursor) break;
    }
    expect(await env.MEDIA.head(packKey(a.id, sha))).toBeNull();
  });

  it("a run while another holds the lease does nothing", async () => {
    const { token } = await tokenFor("editor");
    const a = await storyWithHistory(token);
    const at = new Date(Date.now() + PACK_AFTER_MS + DAY);
    await env.DB.prepare("INSERT INTO site_state (key, value, updated_at) VALUES ('history_lease', ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .bind(new Date(at.getTime() + 60_000).toISOString(), at.toISOString())
      .run();
    expect((await runColdHistory(historyDb(), env.MEDIA, at)).ran).toBe(false);
    expect(await versionsInD1(a.id)).toEqual([1, 2, 3, 4]);
    await env.DB.prepare("UPDATE site_state SET value = '' WHERE key = 'history_lease'").run();
    // Free again: the cron's step packs it (its walk starts where no run has stopped yet).
    for (let i = 0; i < 100 && (await versionsInD1(a.id)).length > 1; i++) await runColdHistory(historyDb(), env.MEDIA, at);
    expect(await versionsInD1(a.id)).toEqual([4]);
  });
});

describe("the cost of a run", () => {
  it("the walk reads revisions_created_idx in order (no sort), and a run stays within 9 statements (4 idle, 5 with articles waiting on a working copy)", async () => {
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${walkSql()}`).bind(...walkParams()).all<{ detail: string }>();
    const lines = results.map((r) => r.detail);
    expect(lines.some((l) => l.includes("USING COVERING INDEX revisions_created_idx") || l.includes("USING INDEX revisions_created_idx"))).toBe(true);
    expect(lines.filter((l) => l.includes("TEMP B-TREE") || l.startsWith("SCAN "))).toEqual([]);

    const { token } = await tokenFor("editor");
    for (let i = 0; i < 3; i++) await storyWithHistory(token);
    const at = new Date(Date.now() + PACK_AFTER_MS + DAY);
    const busy = { statements: 0 };
    const r = await runColdHistory(createDb(countingD1(env.DB, busy), env.MEDIA), env.MEDIA, at);
    expect(r.ran).toBe(true);
    expect(busy.statements).toBeLessThanOrEqual(9);
    // Caught up (nothing cold, no audit entry past the retention, nothing old to collect): four.
    for (let i = 0; i < 100 && (await runColdHistory(historyDb(), env.MEDIA, at)).packedArticles; i++);
    // One more while some article waits on a working copy (the revisit list's check): an earlier
    // test here leaves one.
    const waiting = await env.DB.prepare("SELECT value FROM site_state WHERE key = 'history_pack_revisit'").first<{ value: string }>();
    const idle = { statements: 0 };
    expect((await runColdHistory(createDb(countingD1(env.DB, idle), env.MEDIA), env.MEDIA, new Date())).ran).toBe(true);
    expect(idle.statements).toBe(JSON.parse(waiting?.value || "[]").length ? 5 : 4);
  });
});

describe("export and import", () => {
  it("exports every revision, packed or not, and the file imports them all back into D1", async () => {
    const admin = await tokenFor("admin");
    const { token } = await tokenFor("editor");
    const a = await storyWithHistory(token);
    const before = await (await call("GET", "/export", { token: admin.token })).json;
    await packAll();
    expect(await versionsInD1(a.id)).toEqual([4]);
    const file = await (await call("GET", "/export", { token: admin.token })).json;
    const byId = (rows: any[]) => [...rows].sort((x, y) => (x.id < y.id ? -1 : 1));
    expect(byId(file.tables.revisions)).toEqual(byId(before.tables.revisions));
    expect(file.tables.revisions.filter((r: any) => r.article_id === a.id)).toHaveLength(4);

    const fresh = await freshNewsroom(admin.user.email);
    // Not an exported table: a wiped newsroom has none (freshNewsroom knows only the exported ones).
    await env.DB.prepare("DELETE FROM revision_packs").run();
    // A walk that has passed these rows' times already (as the exporting newsroom's had).
    const at = new Date(Date.now() + PACK_AFTER_MS + DAY);
    await env.DB.prepare("INSERT INTO site_state (key, value, updated_at) VALUES ('history_pack_place', ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .bind(`${at.toISOString()}|999999999`, at.toISOString())
      .run();
    const res = await call("POST", "/import", { token: fresh.token, body: file });
    expect(res.status, res.text).toBe(201);
    expect(await versionsInD1(a.id)).toEqual([1, 2, 3, 4]);
    expect((await call("GET", `/articles/${a.id}/revisions/2`, { token: fresh.token })).json.revision.snapshot.content.dek).toBe("Second");
    // The imported rows keep their (older) times, behind where the cron's walk stood: the import
    // restarted it, so the cron's own runs pack them again.
    for (let i = 0; i < 100 && (await versionsInD1(a.id)).length > 1; i++) await runColdHistory(historyDb(), env.MEDIA, at);
    expect(await versionsInD1(a.id)).toEqual([4]);
    expect((await env.MEDIA.list({ prefix: PACK_PREFIX })).objects.length).toBeGreaterThan(0);
  });
});

// Last: its webhook would otherwise receive every later test's events (and outlive the file).
describe("a webhook's payload", () => {
  it("for a version packed before the relay ran reads it from the pack", async () => {
    const { token, actor } = await actorFor("editor");
    await createWebhook((await tokenFor("admin")).token, { url: receiverUrl("hooks", "packed").url, events: EVENT_TYPES.filter((t) => t !== "ping") });
    const a = await createPublishableArticle(token, { headline: unique("Said at publish") });
    // Not through the API: its own relay would send the events before packing.
    await transition(createDb(env.DB), actor, a.id, "publish", { expected: null });
    await transition(createDb(env.DB), actor, a.id, "unpublish", { expected: null });
    await packAll();
    expect(await versionsInD1(a.id)).toEqual([3]);
    await relayOutbox(env, { origin: BASE });
    const { results } = await env.DB.prepare("SELECT type, payload FROM outbox_events WHERE subject_id = ? ORDER BY created_at, rowid").bind(a.id).all<{ type: string; payload: string | null }>();
    const published = results.find((r) => r.type === "article.published");
    // The version the event wrote (published, from the pack), not the article as it is now (a draft again).
    expect(JSON.parse(published!.payload!).data.article).toMatchObject({ headline: a.headline });
    expect(JSON.parse(published!.payload!).data.article.published_at).toBeTruthy();
  });
});
