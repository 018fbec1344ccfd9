// The feed items an isolate keeps (src/public/feed-item-cache.ts): a page rendered partly or wholly
// from kept items is byte-identical to one rendered cold, costs fewer statements, and nothing a
// reader can see changed (names, cards, images, amendments, settings) is ever served from a kept item.
// Requests are misses as the bench makes them (BENCH=1 and the bypass header), so every one renders
// and says how many D1 statements it ran.
import { env } from "cloudflare:workers";
import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../src/app";
import { FEED_ITEM_LIMIT, feedItems, forgetFeedItems, heldFeedItems, keepItem, type FeedEntry } from "../../src/public/feed-item-cache";
import { siteUrls } from "../../src/lib/urls";
import { loadFeedPage } from "../../src/public/feed-page";
import { loadPublishedPage } from "../../src/public/load";
import { toFeedItem } from "../../src/public/feed-item";
import { BASE, call, db, tokenFor } from "../helpers/api";
import { createArticle, createContributor, createSection, doc, paragraph, uploadPng } from "../helpers/newsroom";

vi.setConfig({ testTimeout: 60_000 });

async function miss(path: string) {
  const ctx = createExecutionContext();
  const req = new Request(`${BASE}${path}`, { headers: { "x-copydesk-bypass-cache": "1" } });
  const res = await createApp().fetch(req, { ...env, BENCH: "1" } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, text: await res.text(), lastModified: res.headers.get("last-modified"), statements: Number(res.headers.get("x-d1-statements")) };
}

const image = (media_id: string) => ({ type: "image", attrs: { media_id, alt: "" } });
const card = (article_id: string) => ({ type: "relatedCard", attrs: { article_id } });

let token: string;
let story: { id: string; version: number };
let target: { id: string; version: number };
let section: { id: string; slug: string };
let person: { id: string; slug: string };
let tag: { id: string; slug: string };
let picture: { id: string };

async function publish(body: Record<string, unknown>) {
  const a = await createArticle(token, { section: section.slug, bylines: [{ contributor: person.slug }], ...body });
  const res = await call("POST", `/articles/${a.id}/publish`, { token });
  if (res.status !== 200) throw new Error(`publish: ${res.status} ${res.text}`);
  return res.json.article as { id: string; version: number; tags: { id: string; slug: string }[] };
}

beforeAll(async () => {
  ({ token } = await tokenFor("editor"));
  section = await createSection(token, "Desk before");
  person = await createContributor(token, "person", "Reporter before");
  picture = await uploadPng(token, { alt: "Alt before" });
  target = await publish({ headline: "Target before", summary: "Target summary" });
  const made = await publish({
    headline: "The story",
    summary: null,
    tags: ["Cached tag"],
    related: [{ article_id: target.id }],
    featured_image: { media_id: picture.id },
    body: doc(paragraph("Opening words."), image(picture.id), card(target.id)),
  });
  story = made;
  tag = made.tags[0]!;
  // Newer than the story, so a page that keeps the newest two leaves the story (cards, image) to read.
  for (let i = 0; i < 4; i++) await publish({ headline: `Filler ${i}`, summary: null, tags: ["Cached tag"] });
});

afterEach(() => forgetFeedItems());

describe("kept feed items", () => {
  it("give the bytes a cold render gives, in every format, from a page partly or wholly kept", async () => {
    const paths = ["/feed.xml?limit=6", "/feed.atom?limit=6", "/feed.json?limit=6", `/tags/${tag.slug}/feed.xml`, `/contributors/${person.slug}/feed.json`];
    for (const path of paths) {
      forgetFeedItems();
      const first = await miss(path);
      // Nothing kept: the ids (with the version and settings), then every story whole with its references.
      expect(first.statements, path).toBe(2);

      forgetFeedItems();
      await miss("/feed.xml?limit=2");
      const partly = await miss(path);
      // The ids, then the stories not kept: two, however many are missing.
      expect(partly.statements, path).toBe(2);
      const wholly = await miss(path);
      // Every story kept: the ids alone, and nothing rendered.
      expect(wholly.statements, path).toBe(1);
      for (const answer of [first, partly, wholly]) expect(answer.status, path).toBe(200);
      for (const answer of [partly, wholly]) {
        expect(answer.text, path).toBe(first.text);
        expect(answer.lastModified, path).toBe(first.lastModified);
      }
    }
  });

  it("are the items the page loader every other list uses gives, kept or not", async () => {
    const urls = siteUrls(env, `${BASE}/feed.xml`);
    for (const filters of [{ limit: 6 }, { limit: 3, tag: tag.slug }, { limit: 20, contributor: person.slug }]) {
      const reference = (await loadPublishedPage(db(), filters, urls)).articles.map((a) => toFeedItem(a, urls));
      expect(reference.length).toBeGreaterThan(2);
      forgetFeedItems();
      await loadFeedPage(db(), { limit: 2 }, urls);
      for (let i = 0; i < 2; i++) expect((await loadFeedPage(db(), filters, urls)).entries.map((e) => e.item)).toEqual(reference);
    }
  });

  const changes: [string, () => Promise<{ status: number; text: string }>, string][] = [
    ["renaming its tag", () => call("PATCH", `/tags/${tag.id}`, { token, body: { name: "Tag after" } }), "Tag after"],
    ["renaming its section", () => call("PATCH", `/sections/${section.id}`, { token, body: { name: "Desk after" } }), "Desk after"],
    ["renaming its contributor", () => call("PATCH", `/contributors/${person.id}`, { token, body: { name: "Reporter after" } }), "Reporter after"],
    ["editing the story its card and related link show", async () => {
      const res = await call("PATCH", `/articles/${target.id}`, { token, headers: { "if-match": `"${target.version}"` }, body: { headline: "Target after" } });
      target = res.json.article;
      return res;
    }, "Target after"],
    ["adding a correction", () => call("POST", `/articles/${story.id}/amendments`, { token, body: { kind: "correction", body: doc(paragraph("Correction after.")) } }), "Correction after."],
    ["changing the site language", async () => call("PATCH", "/settings", { token: (await tokenFor("admin")).token, body: { language: "de" } }), "<dc:language>en</dc:language>"],
    ["editing the story itself", async () => {
      const res = await call("PATCH", `/articles/${story.id}`, { token, headers: { "if-match": `"${story.version}"` }, body: { headline: "The story after" } });
      story = res.json.article;
      return res;
    }, "The story after"],
  ];
  for (const [change, act, shown] of changes) {
    it(`show ${change} on the next miss, though the story's item was kept`, async () => {
      for (const path of ["/feed.xml", `/tags/${tag.slug}/feed.xml`]) expect((await miss(path)).text).not.toContain(shown);
      expect(heldFeedItems()).toBeGreaterThan(0);
      const res = await act();
      expect(res.status, res.text).toBeLessThan(300);
      for (const path of ["/feed.xml", `/tags/${tag.slug}/feed.xml`, "/feed.xml?limit=6"]) expect((await miss(path)).text, path).toContain(shown);
    });
  }

  it(`hold at most ${FEED_ITEM_LIMIT} items, the least recently used going first`, () => {
    const kept = feedItems("bounded", siteUrls(env, `${BASE}/feed.xml`));
    const entry = {} as FeedEntry;
    for (let i = 0; i <= FEED_ITEM_LIMIT; i++) keepItem(kept, `k${i}`, entry);
    expect(kept.entries.size).toBe(FEED_ITEM_LIMIT);
    expect(kept.entries.has("k0")).toBe(false);
    expect(kept.entries.has(`k${FEED_ITEM_LIMIT}`)).toBe(true);
  });
});
