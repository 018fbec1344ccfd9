// What readers get of amendments: the article's amendments[] and the block at the end of body_html
// and feed content, JSON-LD correction, the next read after an amendment (never a stale cached copy),
// and the newsroom-wide corrections list and its three feeds (valid, newest first, paged), with
// awkward text kept inert everywhere.
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { parseAtomFeed, parseRssFeed } from "feedsmith";
import jsonFeedSchema from "jsonfeed-schema/schema-v1.1.json";
import { beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { outboxEvents } from "../../src/db/schema";
import type { EventData } from "../../src/outbox/events";
import { feedTopics } from "../../src/websub/topics";
import { call, db, tokenFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";
import { readAsHtml, xmlErrors } from "../fixtures/feed-items";

const AWKWARD = `Tom & Jerry <script>alert("x")</script> it's 🎉 — "quoted" مرحبا بالعالم`;
let token: string;

beforeAll(async () => {
  token = (await tokenFor("editor")).token;
});

async function liveStory(headline: string) {
  const a = await createPublishableArticle(token, { headline, body: doc(paragraph("The vote was held on Tuesday.")) });
  const res = await call("POST", `/articles/${a.id}/publish`, { token });
  expect(res.status, res.text).toBe(200);
  return res.json.article as { id: string; slug: string; url: string };
}

async function amend(id: string, kind: string, text: string) {
  const body = doc({ type: "paragraph", content: [{ type: "text", text }, { type: "text", text: " Source", marks: [{ type: "link", attrs: { href: "https://council.example/minutes?a=1&b=2" } }] }] });
  const res = await call("POST", `/articles/${id}/amendments`, { token, body: { kind, body } });
  expect(res.status, res.text).toBe(201);
  return res.json.amendment as { id: string; public_at: string };
}

describe("a story's amendments, as readers get them", () => {
  it("appear in the next read (cache and all): amendments[], the block in body_html and feeds, JSON-LD correction", async () => {
    const story = await liveStory("Council approves the budget");
    const path = `/api/content/v1/articles/${story.slug}`;
    const before = await get(path);
    expect(before.json.article.amendments).toEqual([]);
    expect((await get(path)).headers.get("x-copydesk-cache")).toBe("hit");

    const c = await amend(story.id, "correction", "An earlier version gave the wrong day.");
    const u = await amend(story.id, "update", AWKWARD);
    const after = await get(path);
    expect(after.headers.get("x-copydesk-cache")).toBe("miss");
    const a = after.json.article;
    expect(a.amendments.map((x: any) => [x.id, x.kind, x.label, x.published_at])).toEqual([
      [c.id, "correction", "Correction", c.public_at],
      [u.id, "update", "Update", u.public_at],
    ]);
    expect(a.amendments[1].text).toBe(`${AWKWARD} Source`);
    expect(a.body_html.startsWith("<p>The vote was held on Tuesday.</p>\n<aside class=\"copydesk-amendments\"")).toBe(true);
    const shown = readAsHtml(a.body_html);
    expect(shown.elements).not.toContain("script");
    expect(shown.text).toContain(AWKWARD);
    expect(a.json_ld.correction).toEqual([{ "@type": "CorrectionComment", text: "An earlier version gave the wrong day. Source", datePublished: c.public_at.replace(/\.\d{3}Z$/, "Z") }]);
    expect(a.json_ld.dateModified >= a.json_ld.correction[0].datePublished).toBe(true);
    // The response itself carries no raw "<": the awkward text is a \u escape inside JSON strings.
    expect(after.text).not.toContain("<script>");

    const item = (await get("/feed.json?limit=100")).json.items.find((i: any) => i.id === `urn:copydesk:article:${story.id}`);
    expect(item.content_html).toContain(`id="amendment-${c.id}"`);
    expect(item.date_modified).toBe(u.public_at);
    const rss = (await get("/feed.xml?limit=100")).text;
    expect(xmlErrors(rss)).toEqual([]);
    const rssItem = parseRssFeed(rss).items?.find((i) => i.guid?.value === `urn:copydesk:article:${story.id}`);
    expect(readAsHtml(rssItem?.content?.encoded ?? "").text).toContain(AWKWARD);
  });

  it("a deleted or superseded entry leaves the story; its replacement takes its place", async () => {
    const story = await liveStory("Bridge closure extended");
    const first = await amend(story.id, "clarification", "The closure applies to cars only.");
    const gone = await amend(story.id, "editors_note", "Withdrawn note.");
    const next = await call("POST", `/articles/${story.id}/amendments/${first.id}/supersede`, { token, body: { body: doc(paragraph("The closure applies to cars and lorries.")) } });
    await call("DELETE", `/articles/${story.id}/amendments/${gone.id}`, { token });
    const a = (await get(`/api/content/v1/articles/${story.slug}`)).json.article;
    expect(a.amendments.map((x: any) => [x.id, x.supersedes])).toEqual([[next.json.amendment.id, first.id]]);
    expect(a.body_html).not.toContain("cars only");
    expect(a.body_html).not.toContain("Withdrawn");
    const list = (await get("/api/content/v1/corrections?limit=100")).json.corrections.map((e: any) => e.amendment.id);
    expect(list).toContain(next.json.amendment.id);
    expect(list).not.toContain(first.id);
    expect(list).not.toContain(gone.id);
  });
});

describe("every reader's idea of the last change", () => {
  it("an amendment moves the content API's updated_at and the Ghost API's, whose html ends with the block too", async () => {
    const admin = (await tokenFor("admin")).token;
    const key = (await call("POST", "/content-api-keys", { token: admin, body: { name: "corrections" } })).json.content_api_key.key as string;
    const live = await liveStory(`Ghost readers get corrections too ${crypto.randomUUID()}`);
    const ghost = () => get(`/ghost/api/content/posts/slug/${live.slug}/?key=${key}&formats=html`);
    const before = (await get(`/api/content/v1/articles/${live.slug}`)).json.article;
    const ghostBefore = (await ghost()).json.posts[0];
    expect(ghostBefore.html).not.toContain("copydesk-amendments");

    const entry = await amend(live.id, "correction", "The vote was held on Wednesday.");
    const after = (await get(`/api/content/v1/articles/${live.slug}`)).json.article;
    // What a sync keyed on updated_at needs: it moved, to the amendment's time.
    expect(after.updated_at > before.updated_at).toBe(true);
    expect(after.updated_at).toBe(entry.public_at);
    expect(after.last_major_update_at).toBe(entry.public_at);
    const post = (await ghost()).json.posts[0];
    expect(post.html).toBe(after.body_html);
    expect(post.html).toContain("The vote was held on Wednesday.");
    expect(Date.parse(post.updated_at)).toBe(Date.parse(entry.public_at));
    // And a Ghost client filtering by it finds the story.
    const since = (await get(`/ghost/api/content/posts/?key=${key}&filter=${encodeURIComponent(`updated_at:>'${ghostBefore.updated_at}'`)}&limit=all`)).json.posts;
    expect(since.map((p: { slug: string }) => p.slug)).toContain(live.slug);
  });
});

describe("deleting an entry removes exactly that entry", () => {
  // The rule: a deleted replacement replaces nothing, so the entry it had replaced is shown again —
  // in the story's amendments[], its JSON-LD and the corrections list alike (one SQL fragment).
  it("deleting a replacement shows the replaced entry again, everywhere; it can then be superseded anew", async () => {
    const story = await liveStory(`Replacement withdrawn ${crypto.randomUUID().slice(0, 6)}`);
    const first = await amend(story.id, "correction", "The fee is ten pounds.");
    const next = (await call("POST", `/articles/${story.id}/amendments/${first.id}/supersede`, { token, body: { body: doc(paragraph("The fee is twelve pounds.")) } })).json.amendment;
    // A replaced entry cannot be deleted: that would bring back the one before it beside the current one.
    expect((await call("DELETE", `/articles/${story.id}/amendments/${first.id}`, { token })).status).toBe(409);

    expect((await call("DELETE", `/articles/${story.id}/amendments/${next.id}`, { token })).status).toBe(204);
    const a = (await get(`/api/content/v1/articles/${story.slug}`)).json.article;
    expect(a.amendments.map((x: any) => x.id)).toEqual([first.id]);
    expect(a.json_ld.correction.map((x: any) => x.text)).toEqual(["The fee is ten pounds. Source"]);
    const listed = (await get("/api/content/v1/corrections?limit=100")).json.corrections.map((e: any) => e.amendment.id);
    expect(listed).toContain(first.id);
    expect(listed).not.toContain(next.id);
    const rows = (await call("GET", `/articles/${story.id}/amendments`, { token })).json.amendments;
    expect(rows.map((x: any) => [x.id, x.state, x.superseded_by])).toEqual([[first.id, "public", null], [next.id, "deleted", null]]);

    // The deleted one stays refused; the restored one may be superseded again.
    expect((await call("POST", `/articles/${story.id}/amendments/${next.id}/supersede`, { token, body: { body: doc(paragraph("No.")) } })).status).toBe(409);
    const again = await call("POST", `/articles/${story.id}/amendments/${first.id}/supersede`, { token, body: { body: doc(paragraph("The fee is eleven pounds.")) } });
    expect(again.status, again.text).toBe(201);
    const b = (await get(`/api/content/v1/articles/${story.slug}`)).json.article;
    expect(b.amendments.map((x: any) => [x.id, x.supersedes])).toEqual([[again.json.amendment.id, first.id]]);
    expect(b.json_ld.correction.map((x: any) => x.text)).toEqual(["The fee is eleven pounds."]);
  });
});

describe("the corrections list and feeds", () => {
  it("leave out a story held by an embargo, whose entries were public before; it returns when released", async () => {
    // Status is the list's only gate: unpublished, embargoed and published again, the story is held
    // (`scheduled`) and its entries (public_at set) must not be listed until the lift.
    const story = await liveStory(`Held again ${crypto.randomUUID().slice(0, 6)}`);
    const entry = await amend(story.id, "correction", "Public before the embargo.");
    const ids = async () => (await get("/api/content/v1/corrections?limit=100")).json.corrections.map((e: any) => e.amendment.id);
    expect(await ids()).toContain(entry.id);
    expect((await call("POST", `/articles/${story.id}/unpublish`, { token })).status).toBe(200);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    expect((await call("PUT", `/articles/${story.id}/embargo`, { token, body: { embargoed_until: until } })).status).toBe(200);
    const held = await call("POST", `/articles/${story.id}/publish`, { token });
    expect(held.json.article.status).toBe("scheduled");
    expect(await ids()).not.toContain(entry.id);
    expect((await call("POST", `/articles/${story.id}/lift-embargo`, { token })).status).toBe(200);
    expect(await ids()).toContain(entry.id);
  });


  it("list public entries newest first, with a card of the story, paged; unpublished stories' entries are left out", async () => {
    const story = await liveStory(`Corrections page ${crypto.randomUUID().slice(0, 6)}`);
    const made = [];
    for (const n of [1, 2, 3]) made.push(await amend(story.id, "correction", `Correction number ${n}.`));
    const draft = await createPublishableArticle(token, { headline: "Never published" });
    await call("POST", `/articles/${draft.id}/amendments`, { token, body: { kind: "correction", body: doc(paragraph("Pending on a draft.")) } });

    const first = await get("/api/content/v1/corrections?limit=2");
    expect(first.status).toBe(200);
    expect(first.json.corrections.map((e: any) => e.amendment.id)).toEqual([made[2]!.id, made[1]!.id]);
    expect(first.json.corrections[0].article).toEqual({ id: story.id, slug: story.slug, headline: expect.stringContaining("Corrections page"), url: story.url });
    const second = await get(`/api/content/v1/corrections?limit=2&cursor=${first.json.next_cursor}`);
    expect(second.json.corrections[0].amendment.id).toBe(made[0]!.id);
    const all = (await get("/api/content/v1/corrections?limit=100")).json.corrections;
    const times = all.map((e: any) => e.amendment.published_at);
    expect([...times].sort().reverse()).toEqual(times);
    expect(JSON.stringify(all)).not.toContain("Pending on a draft");
    expect((await get("/api/content/v1/corrections?cursor=not-a-cursor")).status).toBe(400);
  });

  it("answer as valid RSS, Atom and JSON Feed, one item per entry, newest first, awkward text inert", async () => {
    const headline = `Feeds of corrections ${crypto.randomUUID().slice(0, 6)}`;
    const story = await liveStory(headline);
    await amend(story.id, "correction", "Older correction.");
    const newest = await amend(story.id, "clarification", AWKWARD);

    const rss = await get("/corrections/feed.xml?limit=2");
    expect(rss.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    expect(xmlErrors(rss.text)).toEqual([]);
    const rssItems = parseRssFeed(rss.text).items ?? [];
    expect(rssItems[0]?.guid?.value).toBe(`urn:copydesk:amendment:${newest.id}`);
    expect(rssItems[0]?.link).toBe(`${story.url}#amendment-${newest.id}`);
    expect(readAsHtml(rssItems[0]?.title ?? "").text).toBe(`Clarification: ${headline}`);
    expect(readAsHtml(rssItems[0]?.content?.encoded ?? "").text).toContain(AWKWARD);
    expect(readAsHtml(rssItems[0]?.content?.encoded ?? "").elements).not.toContain("script");
    expect(rss.text).toContain('rel="next"');

    const atom = await get("/corrections/feed.atom?limit=2");
    expect(xmlErrors(atom.text)).toEqual([]);
    const feed = parseAtomFeed(atom.text);
    expect(feed.entries?.map((e) => e.id)).toEqual([`urn:copydesk:amendment:${newest.id}`, expect.stringMatching(/^urn:copydesk:amendment:/)]);
    expect(feed.updated).toBe(feed.entries?.[0]?.updated);
    expect(feed.entries?.[0]?.summary?.value).toBe(`${AWKWARD} Source`);
    // Every entry is by the newsroom, not by "<title>: Corrections" (the feed's title).
    const newsroom = String(feed.title?.value).replace(/: Corrections$/, "");
    expect(newsroom).not.toBe(feed.title?.value);
    expect(feed.entries?.map((e) => e.authors?.map((a) => a.name))).toEqual([[newsroom], [newsroom]]);

    const json = await get("/corrections/feed.json?limit=2");
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    const valid = ajv.compile(jsonFeedSchema);
    expect(valid(json.json), ajv.errorsText(valid.errors)).toBe(true);
    expect(json.json.items[0]).toMatchObject({ id: `urn:copydesk:amendment:${newest.id}`, date_published: newest.public_at, summary: `${AWKWARD} Source` });
    // The extension says what the entry is and which story it amends; nothing a story has (bylines,
    // section, tags, reading time) is made up for it.
    expect(json.json.items[0]._copydesk).toEqual({ about: expect.any(String), kind: "clarification", article: { id: story.id, url: story.url } });
    expect(json.json.items[0].authors).toBeUndefined();
    expect(json.json.next_url).toContain("cursor=");
    const page2 = await get(new URL(json.json.next_url).pathname + new URL(json.json.next_url).search);
    expect(page2.json.items[0].id).not.toBe(json.json.items[0].id);
  });
});

describe("WebSub", () => {
  it("an amendment's event names the corrections feeds beside the story's own; an ordinary edit does not", async () => {
    const story = await liveStory(`Hub pinged ${crypto.randomUUID().slice(0, 6)}`);
    const made = await amend(story.id, "correction", "A name was misspelt.");
    const events = await db().select().from(outboxEvents).where(eq(outboxEvents.subjectId, story.id)).all();
    const event = events.find((e) => (e.data as EventData & { changed_fields?: string[] }).changed_fields?.includes("amendments"));
    expect(event, made.id).toBeDefined();
    const origin = "https://api.courier.example";
    const corrections = ["xml", "atom", "json"].map((ext) => `${origin}/corrections/feed.${ext}`);
    const urls = await feedTopics(db(), origin, { type: event!.type as "article.updated", data: event!.data as EventData });
    expect(urls).toEqual(expect.arrayContaining([...corrections, `${origin}/feed.xml`]));
    const data = event!.data as Extract<EventData, { kind: "article" }>;
    const plain = await feedTopics(db(), origin, { type: "article.updated", data: { ...data, changed_fields: ["headline"] } });
    expect(plain.filter((u) => u.includes("/corrections/"))).toEqual([]);
  });
});
