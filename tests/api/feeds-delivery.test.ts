// Feeds as readers get them: the reference article in every feed it belongs to, gone on the next
// request after unpublishing, 304 when nothing changed, and scheduled articles via the cron handler.
import { env } from "cloudflare:workers";
import { createScheduledController } from "cloudflare:test";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { parseAtomFeed, parseRssFeed } from "feedsmith";
import jsonFeedSchema from "jsonfeed-schema/schema-v1.1.json";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { encodeCursor } from "../../src/lib/cursor";
import { call, tokenFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { feedPathsFor, get } from "../helpers/public";
import { buildReferenceArticle, REFERENCE_HEADLINE, REFERENCE_PUBLISHED_AT } from "../helpers/reference-article";

const escapedHeadline = REFERENCE_HEADLINE.replace(/'/g, "&#39;");
const inFeed = (path: string, text: string) => (path.endsWith(".json") ? JSON.parse(text).items.some((i: any) => i.title === REFERENCE_HEADLINE) : text.includes(REFERENCE_HEADLINE) || text.includes(escapedHeadline) || text.includes(REFERENCE_HEADLINE.replace(/'/g, "&apos;")));

describe("feeds: the reference article", () => {
  it("appears whole in every feed it belongs to, and leaves all of them on unpublish", async () => {
    const { token } = await tokenFor("editor");
    const ref = await buildReferenceArticle(token);
    const id = ref.created.json.article.id;
    const published = await call("POST", `/articles/${id}/publish`, { token, body: { published_at: REFERENCE_PUBLISHED_AT } });
    const paths = feedPathsFor(published.json.article);
    expect(paths).toHaveLength(3 * (1 + 1 + 6 + 2));
    for (const path of paths) {
      const res = await get(`${path}?limit=100`);
      expect(res.status, path).toBe(200);
      expect(inFeed(path, res.text), path).toBe(true);
    }

    const json = (await get("/feed.json?limit=100")).json;
    const item = json.items.find((i: any) => i.title === REFERENCE_HEADLINE);
    expect(item.id).toBe(`urn:copydesk:article:${id}`);
    expect(item.authors.map((a: any) => a.name)).toEqual(["Ilona Marchuk", "Courier news desk"]);
    expect(item.tags).toEqual(["World", "News Feed", "Taras Velychko", "Ukraine", "Air Defence", "Surface-to-Air Missiles", "Norway"]);
    expect(item.date_published).toBe("2024-11-01T22:34:00.000Z");
    expect(item._copydesk.image).toMatchObject({ alt: ref.input.featured_image.alt, caption: ref.input.featured_image.caption, credit: ref.input.featured_image.credit });
    expect(item._copydesk.related.map((r: any) => r.headline)).toEqual(["European arms makers struggle to hire welders", "Counting the dark hours of a winter of outages"]);
    expect(item._copydesk.reading_time).toBe(2);
    expect(item.content_html).toContain("<figcaption>");

    const rss = (await get("/feed.xml?limit=100")).text;
    expect(rss).toContain("<dc:creator>Ilona Marchuk and Courier news desk</dc:creator>");
    expect(rss).toContain(`<guid isPermaLink="false">urn:copydesk:article:${id}</guid>`);
    expect(rss).toContain("<pubDate>Fri, 01 Nov 2024 22:34:00 GMT</pubDate>");
    const atom = (await get("/feed.atom?limit=100")).text;
    const entry = atom.split("<entry>").find((e) => e.includes(`<id>urn:copydesk:article:${id}</id>`))!;
    expect([...entry.matchAll(/<author>\s*<name>([^<]+)<\/name>/g)].map((m) => m[1])).toEqual(["Ilona Marchuk", "Courier news desk"]);

    // The live feeds, not only fixtures, pass an independent parser and the JSON Feed 1.1 schema.
    const ajv = new Ajv({ allErrors: true });
    addFormats(ajv);
    const validJsonFeed = ajv.compile(jsonFeedSchema);
    for (const path of paths) {
      const text = (await get(`${path}?limit=100`)).text;
      if (path.endsWith(".json")) expect(validJsonFeed(JSON.parse(text)), `${path}: ${ajv.errorsText(validJsonFeed.errors)}`).toBe(true);
      const parsed: any = path.endsWith(".xml") ? parseRssFeed(text) : path.endsWith(".atom") ? parseAtomFeed(text) : null;
      if (!parsed) continue;
      const items: any[] = parsed.items ?? parsed.entries;
      const found = items.find((i) => (i.title?.value ?? i.title) === REFERENCE_HEADLINE);
      expect(found, path).toBeDefined();
      if (path.endsWith(".xml")) expect(found.dc.creators).toEqual(["Ilona Marchuk and Courier news desk"]);
      else expect(found.authors.map((a: any) => a.name)).toEqual(["Ilona Marchuk", "Courier news desk"]);
    }

    await call("POST", `/articles/${id}/unpublish`, { token });
    for (const path of paths) {
      const res = await get(`${path}?limit=100`);
      // A scope left with no published story answers 404, as the content API does (issue 9, item 14).
      if (path.startsWith("/feed.")) expect(res.status).toBe(200);
      if (res.status === 200) expect(inFeed(path, res.text), `${path} after unpublish`).toBe(false);
      else expect(res.status, path).toBe(404);
    }
    expect((await get(`/api/content/v1/articles/${published.json.article.slug}`)).status).toBe(404);
    // About a hundred feed renders: seconds on a loaded two-core machine, well over the default 5 s.
  }, 30_000);
});

describe("feeds: HTTP caching", () => {
  it("serves an unchanged feed byte-identically, from the cache, and answers 304", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { headline: "Cache me" });
    // Prepared up front: creating its section and byline changes public lists, so flushes the cache.
    const draft = await createPublishableArticle(token, { headline: "Draft being typed" });
    await call("POST", `/articles/${a.id}/publish`, { token });
    const first = await get("/feed.xml");
    const second = await get("/feed.xml");
    expect(second.text).toBe(first.text);
    expect(second.headers.get("x-copydesk-cache")).toBe("hit");
    expect(first.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    expect(first.headers.get("cache-control")).toMatch(/max-age=\d+.*s-maxage=\d+.*stale-while-revalidate=\d+/);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const conditional = await get("/feed.xml", { "if-none-match": etag });
    expect(conditional.status).toBe(304);
    expect(conditional.text).toBe("");
    const sinceModified = await get("/feed.xml", { "if-modified-since": first.headers.get("last-modified")! });
    expect(sinceModified.status).toBe(304);

    // Any public change replaces the version: the next request misses and the ETag moves on.
    const b = await createPublishableArticle(token, { headline: "A newer story" });
    await call("POST", `/articles/${b.id}/publish`, { token });
    const after = await get("/feed.xml", { "if-none-match": etag });
    expect(after.status).toBe(200);
    expect(after.headers.get("x-copydesk-cache")).toBe("miss");
    expect(after.text).toContain("A newer story");
    // Editing a draft does not flush the public cache.
    expect((await get("/feed.xml")).headers.get("x-copydesk-cache")).toBe("hit");
    await call("PATCH", `/articles/${draft.id}`, { token, headers: { "if-match": '"1"' }, body: { dek: "autosave" } });
    expect((await get("/feed.xml")).headers.get("x-copydesk-cache")).toBe("hit");
  });

  it("pages feeds with next links and no gaps or repeats", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token);
    const section = a.section.slug;
    const ids = [a.id];
    await call("POST", `/articles/${a.id}/publish`, { token, body: { published_at: "2026-05-01T10:00:00Z" } });
    for (let i = 0; i < 4; i++) {
      const b = await createPublishableArticle(token, { section });
      await call("POST", `/articles/${b.id}/publish`, { token, body: { published_at: `2026-05-0${i + 2}T10:00:00Z` } });
      ids.unshift(b.id);
    }
    const seen: string[] = [];
    let next: string | null = `/sections/${section}/feed.json?limit=2`;
    while (next) {
      const page: any = (await get(next.replace("http://copydesk.test", ""))).json;
      seen.push(...page.items.map((i: any) => i.id.replace("urn:copydesk:article:", "")));
      next = page.next_url ?? null;
    }
    expect(seen).toEqual(ids);
    const rss = (await get(`/sections/${section}/feed.xml?limit=2`)).text;
    expect(rss).toMatch(/<atom:link href="[^"]+cursor=[^"]+" rel="next"/);
    expect((await get("/sections/no-such-section/feed.xml")).status).toBe(404);
  });
});

describe("feeds: scheduled publishing through the cron handler", () => {
  it("shows a scheduled article only after its time, once, recorded in the history", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { headline: "Embargoed until the morning" });
    const at = new Date(Date.now() + 10 * 60_000).toISOString();
    await call("POST", `/articles/${a.id}/schedule`, { token, body: { at } });
    const fire = async (when: number) => {
      await worker.scheduled(createScheduledController({ scheduledTime: when, cron: "* * * * *" }), env);
    };
    await fire(Date.now());
    expect((await get("/feed.json?limit=100")).text).not.toContain("Embargoed until the morning");
    await Promise.all([fire(Date.now() + 11 * 60_000), fire(Date.now() + 11 * 60_000)]);
    const feed = await get("/feed.json?limit=100");
    const item = feed.json.items.find((i: any) => i.title === "Embargoed until the morning");
    expect(item.date_published).toBe(new Date(at).toISOString());
    const revs = await call("GET", `/articles/${a.id}/revisions`, { token });
    expect(revs.json.revisions.filter((r: any) => r.action === "scheduled_publish")).toHaveLength(1);
  });
});

describe("sitemaps", () => {
  it("lists published articles and recent news, not drafts", async () => {
    const { token } = await tokenFor("editor");
    const live = await createPublishableArticle(token, { headline: "Live for the sitemap" });
    const published = await call("POST", `/articles/${live.id}/publish`, { token });
    await createPublishableArticle(token, { headline: "Hidden draft for the sitemap" });
    const map = await get("/sitemap.xml");
    expect(map.headers.get("content-type")).toMatch(/xml/);
    expect(map.text).toContain(`<loc>${published.json.article.url}</loc>`);
    expect(map.text).not.toContain("hidden-draft-for-the-sitemap");
    const news = await get("/sitemap-news.xml");
    expect(news.text).toContain("<news:title>Live for the sitemap</news:title>");
  });
});

describe("feeds: scopes with nothing published (issue 9, item 14)", () => {
  it("answer 404 problem for a tag, section or contributor used only on drafts, in every format, never naming it", async () => {
    const { token } = await tokenFor("editor");
    const draft = await createPublishableArticle(token, { tags: ["Secret draft tag"] });
    const scopes = [`/tags/${draft.tags[0].slug}`, `/sections/${draft.section.slug}`, `/contributors/${draft.bylines[0].contributor.slug}`];
    for (const scope of scopes) {
      for (const ext of ["xml", "atom", "json"]) {
        const res = await get(`${scope}/feed.${ext}`);
        expect(res.status, `${scope}/feed.${ext}`).toBe(404);
        expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
        expect(res.json.code).toBe("not_found");
        expect(res.text).not.toContain("Secret draft tag");
      }
    }
    // Once something is published there, the same scopes answer 200, and a page past the end is an
    // empty 200 (the scope exists), not a 404.
    await call("POST", `/articles/${draft.id}/publish`, { token });
    for (const scope of scopes) {
      const first = await get(`${scope}/feed.json?limit=1`);
      expect(first.status, scope).toBe(200);
      expect(first.json.title).toContain(scope.startsWith("/tags") ? "Secret draft tag" : "");
    }
    const pastTheEnd = encodeCursor("0001-01-01T00:00:00.000Z", "art_0");
    for (const scope of scopes) {
      const empty = await get(`${scope}/feed.json?cursor=${pastTheEnd}`);
      expect(empty.status, scope).toBe(200);
      expect(empty.json.items).toEqual([]);
    }
    await call("POST", `/articles/${draft.id}/unpublish`, { token });
    for (const scope of scopes) expect((await get(`${scope}/feed.atom`)).status, `${scope} after unpublish`).toBe(404);
  });
});

describe("feeds: what the W3C validator checks on live feeds", () => {
  it("never repeats an Atom <updated>, even for stories changed in the same millisecond", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { headline: "Same instant A" });
    const b = await createPublishableArticle(token, { section: a.section.slug, headline: "Same instant B" });
    await call("POST", `/articles/${a.id}/publish`, { token });
    await call("POST", `/articles/${b.id}/publish`, { token });
    // An import writes many rows with one timestamp; here two rows are given the same one directly,
    // and the content version replaced as any public write does.
    await env.DB.batch([
      env.DB.prepare("UPDATE articles SET updated_at = '2030-01-01T00:00:00.000Z' WHERE id IN (?, ?)").bind(a.id, b.id),
      env.DB.prepare("UPDATE site_state SET value = lower(hex(randomblob(8))) WHERE key = 'content'"),
    ]);
    const feed = parseAtomFeed((await get(`/sections/${a.section.slug}/feed.atom`)).text);
    const updated = (feed.entries ?? []).map((e) => e.updated);
    expect(updated).toHaveLength(2);
    expect(new Set(updated).size).toBe(2);
    for (const u of updated) expect(u).toMatch(/^2030-01-01T00:00:00\.000\d{3}Z$/);
    expect(feed.updated).toBe([...updated].sort().at(-1));
  });

  it("always carries a description: the body's opening for a story without a summary", async () => {
    const { token } = await tokenFor("editor");
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`).join(" ");
    const a = await createPublishableArticle(token, { headline: "No summary here", summary: null, body: doc(paragraph(words)) });
    await call("POST", `/articles/${a.id}/publish`, { token });
    const scope = `/sections/${a.section.slug}`;
    const rss = parseRssFeed((await get(`${scope}/feed.xml`)).text).items?.[0];
    const atom = parseAtomFeed((await get(`${scope}/feed.atom`)).text).entries?.[0];
    const json = (await get(`${scope}/feed.json`)).json.items[0];
    for (const text of [rss?.description, atom?.summary?.value, json.summary]) {
      expect(text).toMatch(/^word0 word1 .* word\d+…$/);
      expect(Array.from(text ?? "").length).toBeLessThanOrEqual(300);
    }
  });
});
