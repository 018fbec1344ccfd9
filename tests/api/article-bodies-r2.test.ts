// Cold articles' bodies archived to R2 by the cron (src/scheduled/archive-bodies.ts): the row keeps a
// marker (the body's reference nodes) and the object's key, and every reader answers as before: the
// public story (one statement still), its feeds, the content API, Ghost's, the editor's GET, a
// restore; a save makes the story hot again in its own batch, and a working copy keeps its images.
import { env } from "cloudflare:workers";
import { describe, expect, it, beforeAll } from "vitest";
import { bodyKeyOf, forgetHeldBodies } from "../../src/articles/body-store";
import { bumpContentVersion } from "../../src/cache/content-version";
import { createDb } from "../../src/db/client";
import { countingD1 } from "../../src/http/bench-hooks";
import { siteUrls } from "../../src/lib/urls";
import { loadPublishedBySlug } from "../../src/public/load-whole";
import { ARCHIVE_AFTER_MS, archiveBodies } from "../../src/scheduled/archive-bodies";
import { runCron } from "../../src/scheduled/cron";
import { EVENT_TYPES } from "../../src/outbox/events";
import { call, tokenFor, unique } from "../helpers/api";
import { createWebhook, receiverUrl } from "../helpers/webhooks";
import { createPublishableArticle, doc, paragraph, uploadPng } from "../helpers/newsroom";
import { feedPathsFor, get } from "../helpers/public";

const archiveDb = () => createDb(env.DB, env.MEDIA);
const later = () => new Date(Date.now() + ARCHIVE_AFTER_MS + 60_000);
/** Archives every cold body, as the cron would over the runs after the month has passed. */
async function archiveAll() {
  let moved = 0;
  for (let n; (n = await archiveBodies(archiveDb(), env.MEDIA, later())); ) moved += n;
  return moved;
}
const rowOf = (id: string) => env.DB.prepare("SELECT body, body_key FROM articles WHERE id = ?").bind(id).first<{ body: string; body_key: string | null }>();
/** The next public read is a miss: what it answers was read from D1 (and R2) now. */
const miss = () => bumpContentVersion(createDb(env.DB));

const image = (media_id: string) => ({ type: "image", attrs: { media_id, alt: "In the body", caption: "Body caption", credit: null } });
const card = (article_id: string) => ({ type: "relatedCard", attrs: { article_id } });

let token: string;
let ghostKey: string;
beforeAll(async () => {
  ({ token } = await tokenFor("editor"));
  ghostKey = (await call("POST", "/content-api-keys", { token: (await tokenFor("admin")).token, body: { name: "bodies" } })).json.content_api_key.key;
});

/** A published story whose body shows an image and a card to another published story. */
async function richStory(headline = unique("Cold story")) {
  const pic = await uploadPng(token, { alt: "pic" });
  const other = await createPublishableArticle(token, { headline: unique("Carded") });
  await call("POST", `/articles/${other.id}/publish`, { token });
  const a = await createPublishableArticle(token, { headline, body: doc(paragraph("Before the image."), image(pic.id), { type: "blockquote", content: [card(other.id)] }, paragraph("After.")) });
  const pub = await call("POST", `/articles/${a.id}/publish`, { token });
  expect(pub.status, pub.text).toBe(200);
  return { ...(pub.json.article as { id: string; slug: string; version: number }), pic, other };
}

describe("the archiver", () => {
  it("moves a cold body to bodies/<sha-256 of its text>, leaving its reference nodes and the key; young stories stay", async () => {
    const a = await richStory();
    const before = (await rowOf(a.id))!;
    expect(before.body_key).toBeNull();
    expect(await archiveBodies(archiveDb(), env.MEDIA, new Date())).toBe(0);
    expect(await archiveAll()).toBeGreaterThanOrEqual(1);
    const after = (await rowOf(a.id))!;
    expect(after.body_key).toBe(await bodyKeyOf(before.body));
    expect(await (await env.MEDIA.get(after.body_key!))!.text()).toBe(before.body);
    expect(JSON.parse(after.body)).toEqual({ r2: true, content: [{ type: "image", attrs: { media_id: a.pic.id } }, { type: "relatedCard", attrs: { article_id: a.other.id } }] });
  });

  it("runs in the minute cron, and leaves a live blog still covering and a story with a pending copy inline", async () => {
    const plain = await createPublishableArticle(token, { headline: unique("By the cron") });
    const live = await createPublishableArticle(token, { headline: unique("Still live"), kind: "live" });
    const pending = await createPublishableArticle(token, { headline: unique("Pending copy") });
    await call("POST", `/articles/${pending.id}/publish`, { token });
    const wc = await call("PUT", `/articles/${pending.id}/working-copy`, { token, headers: { "if-match": '"2"' }, body: { dek: "Not yet" } });
    expect(wc.status, wc.text).toBe(200);
    await runCron(env, later());
    expect((await rowOf(plain.id))!.body_key).not.toBeNull();
    expect((await rowOf(live.id))!.body_key).toBeNull();
    expect((await rowOf(pending.id))!.body_key).toBeNull();
  });
});

describe("a cold story reads as a hot one", () => {
  it("the public story (one statement, cards and images resolved), the content API, Ghost's, its feeds, the editor's GET", async () => {
    const a = await richStory();
    const urls = siteUrls(env, "https://copydesk.test/api/content/v1/articles/x");
    const paths = [`/api/content/v1/articles/${a.slug}`, `/ghost/api/content/posts/slug/${a.slug}/?key=${ghostKey}&formats=html`, ...feedPathsFor((await call("GET", `/articles/${a.id}`, { token })).json.article)];
    await miss();
    const hot = await Promise.all(paths.map((p) => get(p)));
    const hotLoaded = (await loadPublishedBySlug(createDb(env.DB), a.slug, urls))!.article;
    const hotEditor = (await call("GET", `/articles/${a.id}`, { token })).json.article;
    expect(hotLoaded.bodyHtml).toContain("Carded");
    expect(hotLoaded.bodyHtml).toContain(`/media/${a.pic.id}`);

    await archiveAll();
    expect((await rowOf(a.id))!.body_key).not.toBeNull();
    forgetHeldBodies();
    await miss();
    const cold = await Promise.all(paths.map((p) => get(p)));
    for (const [i, p] of paths.entries()) expect(cold[i]!.text, p).toBe(hot[i]!.text);
    expect(hot[0]!.json.article.body.content).toHaveLength(4);

    const counter = { statements: 0 };
    const coldLoaded = (await loadPublishedBySlug(createDb(countingD1(env.DB, counter), env.MEDIA), a.slug, urls))!.article;
    expect(counter.statements).toBe(1);
    expect(coldLoaded.bodyHtml).toBe(hotLoaded.bodyHtml);
    expect(coldLoaded.row.body).toEqual(hotLoaded.row.body);
    expect((await call("GET", `/articles/${a.id}`, { token })).json.article).toEqual(hotEditor);
  });

  it("a restore of an older revision, and an edit that makes it hot again in its own batch", async () => {
    const a = await createPublishableArticle(token, { headline: unique("Restored"), body: doc(paragraph("The first text.")) });
    await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"1"' }, body: { body: doc(paragraph("The second text.")) } });
    await archiveAll();
    expect((await rowOf(a.id))!.body_key).not.toBeNull();
    const restored = await call("POST", `/articles/${a.id}/revisions/1/restore`, { token });
    expect(restored.status, restored.text).toBe(200);
    expect(restored.json.article).toMatchObject({ version: 3, body_html: "<p>The first text.</p>" });
    expect(await rowOf(a.id).then((r) => ({ body: JSON.parse(r!.body), key: r!.body_key }))).toEqual({ body: doc(paragraph("The first text.")), key: null });

    await archiveAll();
    const edited = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": '"3"' }, body: { headline: "Only the headline" } });
    expect(edited.status, edited.text).toBe(200);
    expect(edited.json.article.body_html).toBe("<p>The first text.</p>");
    expect(await rowOf(a.id).then((r) => ({ body: JSON.parse(r!.body), key: r!.body_key }))).toEqual({ body: doc(paragraph("The first text.")), key: null });
    expect((await call("GET", `/articles/${a.id}`, { token })).json.article).toEqual(edited.json.article);
  });

  it("a working copy made and discarded on a cold story leaves the body's images in use (no image it shows can be deleted)", async () => {
    const a = await richStory();
    await archiveAll();
    expect((await rowOf(a.id))!.body_key).not.toBeNull();
    const wc = await call("PUT", `/articles/${a.id}/working-copy`, { token, headers: { "if-match": `"${a.version}"` }, body: { dek: "A pending dek", body: doc(paragraph("No image here.")) } });
    expect(wc.status, wc.text).toBe(200);
    // The discard records the media in use from the live row alone: from a cold one, its marker's image nodes.
    const gone = await call("DELETE", `/articles/${a.id}/working-copy`, { token, headers: { "if-match": wc.headers.get("etag")! } });
    expect(gone.status, gone.text).toBe(204);
    expect((await rowOf(a.id))!.body_key).not.toBeNull();
    const used = await env.DB.prepare("SELECT media_id FROM article_media WHERE article_id = ?").bind(a.id).all<{ media_id: string }>();
    expect(used.results.map((r) => r.media_id)).toContain(a.pic.id);
    expect((await call("DELETE", `/media/${a.pic.id}`, { token: (await tokenFor("admin")).token })).status).toBe(409);
  });

  it("a page whose cold story has no stored rendering of this format renders its tree, fetched from R2", async () => {
    const a = await richStory(unique("Unrendered"));
    await archiveAll();
    // As a row saved before migration 0015 (or in an older format): the page statement reads the tree, here the marker.
    await env.DB.prepare("UPDATE articles SET body_html = NULL WHERE id = ?").bind(a.id).run();
    forgetHeldBodies();
    await miss();
    const feed = await get("/feed.json");
    expect(feed.status, feed.text).toBe(200);
    const item = feed.json.items.find((x: any) => x.url.includes(a.slug));
    expect(item?.content_html).toContain("Before the image.");
    expect(item?.content_html).toContain("Carded");
  });

  it("a cold story deleted and restored from the trash comes back whole, and inline", async () => {
    const admin = (await tokenFor("admin")).token;
    const a = await createPublishableArticle(token, { headline: unique("Binned cold"), body: doc(paragraph("Kept through the bin.")) });
    await archiveAll();
    expect((await rowOf(a.id))!.body_key).not.toBeNull();
    expect((await call("DELETE", `/articles/${a.id}`, { token: admin })).status).toBe(204);
    expect((await call("POST", `/trash/${a.id}/restore`, { token: admin })).status).toBe(201);
    expect((await call("GET", `/articles/${a.id}`, { token })).json.article).toMatchObject({ body: doc(paragraph("Kept through the bin.")), body_html: "<p>Kept through the bin.</p>" });
    expect((await rowOf(a.id))!.body_key).toBeNull();
  });

  it("a webhook's payload for a change that leaves the body cold (a correction) carries the body", async () => {
    await createWebhook((await tokenFor("admin")).token, { url: receiverUrl("hooks", "cold-bodies").url, events: EVENT_TYPES.filter((t) => t !== "ping") });
    const a = await richStory();
    await archiveAll();
    const added = await call("POST", `/articles/${a.id}/amendments`, { token, body: { kind: "correction", body: doc(paragraph("An earlier version misstated the date.")) } });
    expect(added.status, added.text).toBe(201);
    expect((await rowOf(a.id))!.body_key).not.toBeNull();
    forgetHeldBodies();
    // The write's own relay runs after its answer (waitUntil): wait for it, as a receiver would.
    const relayed = () => env.DB.prepare("SELECT count(*) AS n FROM outbox_events WHERE subject_id = ? AND type = 'article.updated' AND payload IS NOT NULL").bind(a.id).first<{ n: number }>();
    for (let i = 0; i < 50 && !(await relayed())!.n; i++) await new Promise((r) => setTimeout(r, 50));
    const { results } = await env.DB.prepare("SELECT type, payload FROM outbox_events WHERE subject_id = ? ORDER BY created_at, rowid").bind(a.id).all<{ type: string; payload: string | null }>();
    const updated = results.filter((r) => r.type === "article.updated").at(-1);
    expect(JSON.stringify(JSON.parse(updated!.payload!).data.article)).toContain("Before the image.");
  });

  it("an object missing from R2 is a logged 500 problem naming its key, on the editor's GET and a public miss", async () => {
    const a = await richStory();
    await archiveAll();
    const key = (await rowOf(a.id))!.body_key!;
    // Its body is its own (the headline is unique, the card points at its own new story): safe to remove.
    await env.MEDIA.delete(key);
    forgetHeldBodies();
    const res = await call("GET", `/articles/${a.id}`, { token });
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(res.json).toMatchObject({ code: "internal" });
    expect(res.json.detail).toContain(key);
    await miss();
    const pub = await get(`/api/content/v1/articles/${a.slug}`);
    expect(pub.status).toBe(500);
    expect(pub.json).toMatchObject({ code: "internal" });
  });
});
