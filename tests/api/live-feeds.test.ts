// A live blog's own feeds (issue 16): one item per published entry, checked with the same readers
// and schemas as the main feeds (feedsmith for RSS and Atom, XML well-formedness, the JSON Feed 1.1
// schema with Ajv), ids that survive an edit, paging, hostile entries inert, and the WebSub topics
// an entry change pings. Entries are written straight to D1 (tests/helpers/live-seed.ts).
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { parseAtomFeed, parseRssFeed } from "feedsmith";
import jsonFeedSchema from "jsonfeed-schema/schema-v1.1.json";
import { beforeAll, describe, expect, it } from "vitest";
import type { EventData } from "../../src/outbox/events";
import { feedTopics } from "../../src/websub/topics";
import { db, tokenFor } from "../helpers/api";
import { createContributor } from "../helpers/newsroom";
import { get } from "../helpers/public";
import { publishedLiveBlog, seedEdit, seedEntry, type Blog } from "../helpers/live-seed";
import { readAsHtml, xmlErrors } from "../fixtures/feed-items";

const HOSTILE = `Tom & Jerry <script>alert("x")</script> it's 🎉 — "quoted" ]]> مرحبا بالعالم`;
const minute = (n: number) => new Date(Date.UTC(2026, 10, 30, 21, 0) + n * 60_000);
const feed = (slug: string, ext: string, query = "") => `/articles/${slug}/feed.${ext}${query}`;

let token: string;
let blog: Blog;
let ids: string[];
let hostileId: string;

beforeAll(async () => {
  token = (await tokenFor("editor")).token;
  blog = await publishedLiveBlog(token, `Count night ${crypto.randomUUID().slice(0, 6)}`);
  const desk = await createContributor(token, "organization", `Results desk <b>&</b>`);
  ids = [];
  for (let i = 0; i < 4; i++) ids.push(await seedEntry(blog, { title: i === 1 ? "Turnout figures" : null, text: `Count update ${i}: ward ${i} declared.`, at: minute(i), keyEvent: i === 2, bylines: i === 0 ? [desk.id] : [] }));
  await seedEntry(blog, { text: "Draft: rumour from the count", status: "draft", at: minute(10) });
  await seedEntry(blog, { text: "Deleted: wrong ward", at: minute(11), deleted: true });
  hostileId = await seedEntry(blog, {
    title: HOSTILE,
    body: {
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: HOSTILE }, { type: "text", text: " link", marks: [{ type: "link", attrs: { href: "https://example.org/?a=1&b=<2>" } }] }] },
      ],
    } as never,
    at: minute(12),
  });
});

describe("a live blog's feeds", () => {
  it("are valid RSS, Atom and JSON Feed 1.1: one item per published entry, newest first, hostile text inert", async () => {
    const shown = [hostileId, ...[...ids].reverse()];

    const rss = await get(feed(blog.slug, "xml"));
    expect(rss.status, rss.text).toBe(200);
    expect(rss.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    expect(xmlErrors(rss.text)).toEqual([]);
    const channel = parseRssFeed(rss.text);
    expect(channel.link).toBe(blog.url);
    expect(channel.title).toContain(blog.headline);
    const items = channel.items ?? [];
    expect(items.map((i) => i.guid?.value)).toEqual(shown.map((id) => `urn:copydesk:live-entry:${id}`));
    expect(items.map((i) => i.link)).toEqual(shown.map((id) => `${blog.url}#entry-${id}`));
    expect(readAsHtml(items[0]?.title ?? "").text).toBe(HOSTILE);
    const content = readAsHtml(items[0]?.content?.encoded ?? "");
    expect(content.elements).not.toContain("script");
    expect(content.text).toContain(HOSTILE);
    // An untitled entry is named by its text; a titled one by its title.
    expect(items.find((i) => i.guid?.value?.endsWith(ids[1]!))?.title).toBe("Turnout figures");
    expect(items.find((i) => i.guid?.value?.endsWith(ids[3]!))?.title).toBe("Count update 3: ward 3 declared.");
    expect(rss.text).not.toContain("rumour from the count");
    expect(rss.text).not.toContain("wrong ward");

    const atom = await get(feed(blog.slug, "atom"));
    expect(xmlErrors(atom.text)).toEqual([]);
    const a = parseAtomFeed(atom.text);
    expect(a.entries?.map((e) => e.id)).toEqual(shown.map((id) => `urn:copydesk:live-entry:${id}`));
    // Entries without bylines are the newsroom's; a desk's byline is its name, as text.
    const newsroom = String(a.title?.value).replace(`: ${blog.headline}`, "");
    expect(a.entries?.at(-1)?.authors?.map((x) => x.name)).toEqual(["Results desk <b>&</b>"]);
    expect(a.entries?.[0]?.authors?.map((x) => x.name)).toEqual([newsroom]);
    const updated = a.entries?.map((e) => e.updated);
    expect(new Set(updated).size).toBe(updated?.length);

    const json = await get(feed(blog.slug, "json"));
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    const valid = ajv.compile(jsonFeedSchema);
    expect(valid(json.json), ajv.errorsText(valid.errors)).toBe(true);
    expect(json.json.home_page_url).toBe(blog.url);
    expect(json.json.items.map((i: any) => i.id)).toEqual(shown.map((id) => `urn:copydesk:live-entry:${id}`));
    expect(json.json.items[0].title).toBe(HOSTILE);
    expect(readAsHtml(json.json.items[0].content_html).elements).not.toContain("script");
    // The extension says which blog and what the desk marked; nothing a story has is made up.
    const keyEvent = json.json.items.find((i: any) => i.id.endsWith(ids[2]!));
    expect(keyEvent._copydesk).toEqual({ about: expect.any(String), live_blog: { id: blog.id, url: blog.url }, key_event: true, pinned: false });
    expect(keyEvent.tags).toBeUndefined();
    expect(keyEvent.authors).toBeUndefined();
  });

  it("keep an entry's id across an edit, move its modified time, and stay byte-identical when nothing changed", async () => {
    const path = feed(blog.slug, "json");
    const before = await get(path);
    expect((await get(path)).text).toBe(before.text);
    await seedEdit(blog, ids[0]!, { title: "Ward 0 recount", text: "Ward 0 is being recounted.", at: minute(20) });
    const after = await get(path);
    const item = after.json.items.find((i: any) => i.id === `urn:copydesk:live-entry:${ids[0]}`);
    const old = before.json.items.find((i: any) => i.id === `urn:copydesk:live-entry:${ids[0]}`);
    expect(item.title).toBe("Ward 0 recount");
    expect(item.url).toBe(old.url);
    expect(item.date_published).toBe(old.date_published);
    expect(item.date_modified > old.date_modified).toBe(true);
    // Its place is its first publication: an edit does not float it to the top.
    expect(after.json.items.map((i: any) => i.id)).toEqual(before.json.items.map((i: any) => i.id));
  });

  it("page with rel=next and next_url, without gap or overlap", async () => {
    const seen: string[] = [];
    let path: string | null = feed(blog.slug, "json", "?limit=2");
    while (path) {
      const page = await get(path);
      expect(page.status).toBe(200);
      seen.push(...page.json.items.map((i: any) => i.id));
      path = page.json.next_url ? new URL(page.json.next_url).pathname + new URL(page.json.next_url).search : null;
    }
    expect(seen).toEqual([hostileId, ...[...ids].reverse()].map((id) => `urn:copydesk:live-entry:${id}`));
    const rss = await get(feed(blog.slug, "xml", "?limit=2"));
    expect(rss.text).toContain('rel="next"');
  });

  it("move the site feed's entry for the blog: its updated time is the newest entry change", async () => {
    const site = await get("/feed.json?limit=100");
    const item = site.json.items.find((i: any) => i.id === `urn:copydesk:article:${blog.id}`);
    expect(item.date_modified).toBe(minute(20).toISOString());
  });
});

describe("WebSub topics of an entry change", () => {
  it("name the blog's three feeds beside the site's and its scopes'", async () => {
    const origin = "https://api.courier.example";
    const data: Extract<EventData, { kind: "article" }> = {
      kind: "article",
      article_id: blog.id,
      version: 1,
      previous_status: "published",
      status: "published",
      changed_fields: ["live_entries"],
      scopes: { section_ids: [], tag_ids: [], contributor_ids: [] },
      ref: { id: blog.id, slug: blog.slug, headline: blog.headline, section_slug: null },
      live: { entry_id: ids[0]!, change: "entry.updated", event_id: 7 },
    };
    const urls = await feedTopics(db(), origin, { type: "article.updated", data });
    const own = ["xml", "atom", "json"].map((ext) => `${origin}/articles/${blog.slug}/feed.${ext}`);
    expect(urls).toEqual(expect.arrayContaining([...own, `${origin}/feed.xml`, `${origin}/feed.atom`, `${origin}/feed.json`]));
    // An ordinary story has no feed of its own.
    const { live: _live, ...story } = data;
    const plain = await feedTopics(db(), origin, { type: "article.updated", data: { ...story, article_id: "art_not_live", ref: { ...data.ref, id: "art_not_live", slug: "not-live" } } });
    expect(plain.filter((u) => u.includes("/articles/"))).toEqual([]);
  });
});
