// Revision snapshots archived to R2 by the cron (src/scheduled/archive-snapshots.ts): the rows end up
// pointing at content-addressed objects holding the very text they held, and everything that reads a
// revision reads it the same: the detail, a restore, a conflict's changed fields (an article's and a
// working copy's), a pinned preview, the trash, a webhook's payload for a version edited since.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/auth/actor";
import { ARCHIVED_TEXT, snapshotKeyOf } from "../../src/articles/snapshot-store";
import { createDb } from "../../src/db/client";
import { transition } from "../../src/editorial/articles/service";
import { EVENT_TYPES } from "../../src/outbox/events";
import { relayOutbox } from "../../src/outbox/relay";
import { ARCHIVE_AFTER_MS, archiveSnapshots } from "../../src/scheduled/archive-snapshots";
import { runCron } from "../../src/scheduled/cron";
import { BASE, call, tokenFor, unique, actorFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";
import { createWebhook, receiverUrl } from "../helpers/webhooks";

const archiveDb = () => createDb(env.DB, env.MEDIA);
/** Archives every inline revision, as the cron would over the runs after the hour has passed. */
async function archiveAll() {
  const later = new Date(Date.now() + ARCHIVE_AFTER_MS + 60_000);
  let moved = 0;
  for (let n; (n = await archiveSnapshots(archiveDb(), env.MEDIA, later)); ) moved += n;
  return moved;
}
const rowOf = (articleId: string, version: number) =>
  env.DB.prepare("SELECT snapshot, snapshot_key FROM revisions WHERE article_id = ? AND version = ?").bind(articleId, version).first<{ snapshot: string; snapshot_key: string | null }>();

let token: string;
let actor: Actor;
beforeAll(async () => {
  ({ token, actor } = await actorFor("editor"));
});

describe("the archiver", () => {
  it("moves each old snapshot to snapshots/<sha-256 of its text> and points the row at it, leaving a marker", async () => {
    const a = await createPublishableArticle(token, { headline: "Archived one" });
    const before = (await rowOf(a.id, 1))!;
    expect(before.snapshot_key).toBeNull();
    // Younger than the hour: left inline.
    expect(await archiveSnapshots(archiveDb(), env.MEDIA, new Date())).toBe(0);
    expect(await archiveAll()).toBeGreaterThanOrEqual(1);
    const after = (await rowOf(a.id, 1))!;
    expect(after).toEqual({ snapshot: ARCHIVED_TEXT, snapshot_key: await snapshotKeyOf(before.snapshot) });
    expect(await (await env.MEDIA.get(after.snapshot_key!))!.text()).toBe(before.snapshot);
  });

  it("runs in the minute cron", async () => {
    const a = await createPublishableArticle(token, { headline: "Archived by the cron" });
    await runCron(env, new Date(Date.now() + ARCHIVE_AFTER_MS + 60_000));
    expect((await rowOf(a.id, 1))!.snapshot).toBe(ARCHIVED_TEXT);
  });

  it("leaves deletion markers inline (the trash list reads every one) and an article restored from the trash comes back whole", async () => {
    const a = await createPublishableArticle(token, { headline: "Binned then back", body: doc(paragraph("Kept through the bin.")) });
    await archiveAll();
    const del = await call("DELETE", `/articles/${a.id}`, { token: (await tokenFor("admin")).token });
    expect(del.status).toBe(204);
    await archiveAll();
    const marker = await env.DB.prepare("SELECT snapshot_key FROM revisions WHERE article_id = ? AND action = 'delete'").bind(a.id).first<{ snapshot_key: string | null }>();
    expect(marker!.snapshot_key).toBeNull();
    const admin = (await tokenFor("admin")).token;
    const trash = await call("GET", "/trash", { token: admin });
    expect(trash.json.articles.find((e: any) => e.article_id === a.id)?.headline).toBe("Binned then back");
    expect((await call("POST", `/trash/${a.id}/restore`, { token: admin })).status).toBe(201);
    const back = await call("GET", `/articles/${a.id}`, { token });
    expect(back.json.article).toMatchObject({ headline: "Binned then back", body_html: "<p>Kept through the bin.</p>" });
    // Its archived history still reads.
    expect((await call("GET", `/articles/${a.id}/revisions/1`, { token })).json.revision.snapshot.content.headline).toBe("Binned then back");
  });
});

describe("archived revisions read as before", () => {
  it("the detail, and a restore of an old version", async () => {
    const a = await createPublishableArticle(token, { headline: "Good headline", body: doc(paragraph("The original text.")) });
    await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1"' }, body: { headline: "Bad headline", body: doc(paragraph("Vandalised.")) } });
    await archiveAll();
    expect((await rowOf(a.id, 1))!.snapshot_key).not.toBeNull();
    const one = await call("GET", `/articles/${a.id}/revisions/1`, { token });
    expect(one.status).toBe(200);
    expect(one.json.revision.snapshot.content.headline).toBe("Good headline");
    expect(one.json.revision.article).toMatchObject({ headline: "Good headline", body_html: "<p>The original text.</p>" });
    const restored = await call("POST", `/articles/${a.id}/revisions/1/restore`, { token });
    expect(restored.status).toBe(200);
    expect(restored.json.article).toMatchObject({ headline: "Good headline", version: 3 });
  });

  it("a stale edit's conflict names what changed since the version it was based on", async () => {
    const a = await createPublishableArticle(token, { headline: "First" });
    await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1"' }, body: { headline: "Second" } });
    await archiveAll();
    const stale = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1"' }, body: { dek: "Late" } });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ code: "version_conflict", your_version: 1, changed_fields: ["headline"] });
  });

  it("a working copy based on a live version since moved on: the conflict names the changes", async () => {
    const a = await createPublishableArticle(token, { headline: "Live one" });
    await call("POST", `/articles/${a.id}/publish`, { token });
    await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"2"' }, body: { headline: "Live two" } });
    await archiveAll();
    const wc = await call("PUT", `/articles/${a.id}/working-copy`, { token, headers: { "if-match": '"2"' }, body: { dek: "From an old tab" } });
    expect(wc.status).toBe(409);
    expect(wc.json).toMatchObject({ code: "version_conflict", your_version: 2, changed_fields: ["headline"] });
  });

  it("a preview pinned to an archived revision shows that version", async () => {
    const headline = `Pinned ${unique("p")}`;
    const a = await createPublishableArticle(token, { headline, body: doc(paragraph("A first draft.")) });
    await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1"' }, body: { headline: "Moved on" } });
    await archiveAll();
    const made = await call("POST", `/articles/${a.id}/preview-links`, { token, body: { expires_in: 3600, revision: 1 } });
    expect(made.status, made.text).toBe(201);
    const res = await get(new URL(made.json.url).pathname);
    expect(res.json.article).toMatchObject({ headline });
    expect(res.json.article.body_html).toContain("A first draft.");
  });

  it("a webhook's payload for a version edited since reads that archived version", async () => {
    await createWebhook((await tokenFor("admin")).token, { url: receiverUrl("hooks", "archived").url, events: EVENT_TYPES.filter((t) => t !== "ping") });
    const a = await createPublishableArticle(token, { headline: "Said at publish" });
    await transition(createDb(env.DB), actor, a.id, "publish", { expected: null });
    await transition(createDb(env.DB), actor, a.id, "unpublish", { expected: null });
    await archiveAll();
    expect((await rowOf(a.id, 2))!.snapshot_key).not.toBeNull();
    await relayOutbox(env, { origin: BASE });
    const { results } = await env.DB.prepare("SELECT type, payload FROM outbox_events WHERE subject_id = ? ORDER BY created_at, rowid").bind(a.id).all<{ type: string; payload: string | null }>();
    const published = results.find((r) => r.type === "article.published");
    expect(published?.payload).toBeTruthy();
    // The version the event wrote (published), not the article as it is now (a draft again).
    expect(JSON.parse(published!.payload!).data.article).toMatchObject({ headline: "Said at publish" });
    expect(JSON.parse(published!.payload!).data.article.published_at).toBeTruthy();
  });

  it("an object missing from R2 is a problem naming its key, not a bare 500", async () => {
    const a = await createPublishableArticle(token, { headline: "Lost object" });
    await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1"' }, body: { headline: "Still here" } });
    await archiveAll();
    const key = (await rowOf(a.id, 1))!.snapshot_key!;
    // The content is shared with no other revision (its headline is unique here): safe to remove.
    await env.MEDIA.delete(key);
    const res = await call("GET", `/articles/${a.id}/revisions/1`, { token });
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.json).toMatchObject({ code: "internal" });
    expect(res.json.detail).toContain(key);
    // A stale edit based on it is still the conflict it is, without the detail the lost version held.
    const stale = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1"' }, body: { dek: "Late" } });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({ code: "version_conflict", your_version: 1, changed_fields: null });
    // The article itself, and its other versions, are untouched.
    expect((await call("GET", `/articles/${a.id}`, { token })).status).toBe(200);
  });
});
