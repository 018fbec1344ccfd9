// JSON-LD of a live blog (issue 16): schema.org LiveBlogPosting with its coverage window and its
// newest entries as BlogPostings. Only schema.org's own properties (no invented fields: Google no
// longer documents a live-blog feature), dates RFC 3339 and in order, hostile text inert once
// serialised with jsonLdScript.
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import type { FeedItem, FeedPerson } from "../../src/feeds/model";
import { JsonLdView } from "../../src/public/json-ld-view";
import { jsonLdScript, liveBlogPostingJsonLd, MAX_LIVE_BLOG_UPDATES, newsArticleJsonLd, type LiveBlogUpdateInput } from "../../src/seo/json-ld";
import { MINIMAL_ITEM } from "../fixtures/feed-items";

const BLOG_URL = "https://news.example/world/election-night";
const PUBLISHER = { name: "The Courier", url: "https://news.example/", logo: null };
const REPORTER: FeedPerson = { name: "Ilona Marchuk", kind: "person", role: null, url: "https://news.example/authors/ilona-marchuk", avatarUrl: null };
const DESK: FeedPerson = { name: "Results desk", kind: "organization", role: null, url: null, avatarUrl: null };
const HOSTILE = `Polls close</script><script>alert("x")</script> & "more" 🎉 مرحبا`;

const item: FeedItem = { ...MINIMAL_ITEM, url: BLOG_URL, headline: "Election night, live", publishedAt: "2026-11-30T18:00:05.123Z", updatedAt: "2026-11-30T18:30:00.000Z" };

const update = (n: number, over: Partial<LiveBlogUpdateInput> = {}): LiveBlogUpdateInput => ({
  url: `${BLOG_URL}#entry-lve_${n}`,
  headline: `Update ${n}`,
  text: `Text of update ${n}.`,
  publishedAt: new Date(Date.UTC(2026, 10, 30, 19, n)).toISOString(),
  updatedAt: new Date(Date.UTC(2026, 10, 30, 19, n)).toISOString(),
  bylines: [],
  ...over,
});

const live = (updates: LiveBlogUpdateInput[], coverage: { start?: string | null; end?: string | null } = {}) =>
  liveBlogPostingJsonLd({ item, publisher: PUBLISHER, coverageStartAt: coverage.start ?? null, coverageEndAt: coverage.end ?? null, updates });

// schema.org: properties of LiveBlogPosting and its supertypes (BlogPosting → SocialMediaPosting →
// Article → CreativeWork → Thing) that the builder may write, and of BlogPosting for each update.
const LIVE_BLOG_PROPERTIES = new Set([
  "@context", "@type", "headline", "alternativeHeadline", "description", "mainEntityOfPage", "url", "datePublished", "dateModified", "author", "image",
  "articleSection", "keywords", "inLanguage", "timeRequired", "publisher", "isAccessibleForFree", "audio", "correction",
  "coverageStartTime", "coverageEndTime", "liveBlogUpdate",
]);
const BLOG_POSTING_PROPERTIES = new Set(["@type", "headline", "articleBody", "datePublished", "dateModified", "url", "author"]);

describe("liveBlogPostingJsonLd", () => {
  it("is the story's NewsArticle as a LiveBlogPosting, with schema.org properties only", () => {
    const ld = live([update(1, { bylines: [REPORTER] })], { start: "2026-11-30T17:45:00.000Z", end: "2026-12-01T02:00:00.000Z" });
    const news = newsArticleJsonLd({ item, publisher: PUBLISHER });
    expect(ld["@type"]).toBe("LiveBlogPosting");
    const { "@type": _a, dateModified: _m, coverageStartTime, coverageEndTime, liveBlogUpdate, ...shared } = ld;
    const { "@type": _b, dateModified: _n, ...newsShared } = news;
    expect(shared).toEqual(newsShared);
    expect(coverageStartTime).toBe("2026-11-30T17:45:00Z");
    expect(coverageEndTime).toBe("2026-12-01T02:00:00Z");
    expect(liveBlogUpdate).toEqual([
      {
        "@type": "BlogPosting",
        headline: "Update 1",
        articleBody: "Text of update 1.",
        datePublished: "2026-11-30T19:01:00Z",
        dateModified: "2026-11-30T19:01:00Z",
        url: `${BLOG_URL}#entry-lve_1`,
        author: [{ "@type": "Person", name: "Ilona Marchuk", url: REPORTER.url }],
      },
    ]);
    for (const key of Object.keys(ld)) expect(LIVE_BLOG_PROPERTIES.has(key), key).toBe(true);
    for (const key of Object.keys(liveBlogUpdate![0]!)) expect(BLOG_POSTING_PROPERTIES.has(key), key).toBe(true);
    expect(v.safeParse(JsonLdView, ld).success).toBe(true);
  });

  it("starts the coverage at the first publication when the desk set none, and leaves the end out while it runs", () => {
    const ld = live([]);
    expect(ld.coverageStartTime).toBe("2026-11-30T18:00:05Z");
    expect(ld.coverageStartTime).toBe(ld.datePublished);
    expect("coverageEndTime" in ld).toBe(false);
    // No entries yet: no empty list either.
    expect("liveBlogUpdate" in ld).toBe(false);
    expect(v.safeParse(JsonLdView, ld).success).toBe(true);
  });

  it("lists the newest 20 entries, newest first, whatever order they come in", () => {
    const many = Array.from({ length: 25 }, (_, n) => update(n));
    const shuffled = [...many.slice(10), ...many.slice(0, 10).reverse()];
    const ld = live(shuffled);
    expect(ld.liveBlogUpdate).toHaveLength(MAX_LIVE_BLOG_UPDATES);
    expect(ld.liveBlogUpdate!.map((u) => u.headline)).toEqual(Array.from({ length: 20 }, (_, i) => `Update ${24 - i}`));
  });

  it("names people and desks as authors, and omits author with no bylines", () => {
    const ld = live([update(1, { bylines: [REPORTER, DESK] }), update(2)]);
    expect(ld.liveBlogUpdate![0]!.author).toBeUndefined();
    expect("author" in ld.liveBlogUpdate![0]!).toBe(false);
    expect(ld.liveBlogUpdate![1]!.author).toEqual([
      { "@type": "Person", name: "Ilona Marchuk", url: REPORTER.url },
      { "@type": "Organization", name: "Results desk" },
    ]);
  });

  it("never dates a modification before its publication, and the blog's dateModified is at least its newest update's", () => {
    const edited = update(3, { updatedAt: "2026-11-30T23:59:59.999Z" });
    // A stored time before the entry's publication (drafted, then published) reads as the publication.
    const early = update(4, { updatedAt: "2026-11-30T10:00:00.000Z" });
    const ld = live([edited, early]);
    const [first, second] = ld.liveBlogUpdate!;
    expect(first!.dateModified).toBe(first!.datePublished);
    expect(second!.dateModified).toBe("2026-11-30T23:59:59Z");
    expect(ld.dateModified).toBe("2026-11-30T23:59:59Z");
    expect(ld.dateModified >= ld.datePublished).toBe(true);
    for (const u of ld.liveBlogUpdate!) expect(u.dateModified >= u.datePublished).toBe(true);
  });

  it("keeps a </script> headline and text inert once serialised, and round-trips them", () => {
    const ld = live([update(1, { headline: HOSTILE, text: `${HOSTILE}\u2028next line` })]);
    const script = jsonLdScript(ld);
    expect(script).not.toMatch(/<\/script/i);
    expect(script).not.toMatch(/[<>\u2028]/u);
    expect(JSON.parse(script)).toEqual(ld);
    expect(JSON.parse(script).liveBlogUpdate[0].headline).toBe(HOSTILE);
  });
});
