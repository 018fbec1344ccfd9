// The one allow-list every public surface of a live entry goes through (src/live/public-view.ts):
// the entries endpoint, the article's live block, feeds, JSON-LD and the stored readers' payloads.
// Awkward text must stay text, a missing image must leave nothing behind, and nothing of the
// newsroom (user ids, status, version, who edited) may reach the view.
import { parseFragment } from "parse5";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import type { BylineJson } from "../../src/articles/children-json";
import { BodyDocSchema } from "../../src/body";
import { siteUrls } from "../../src/lib/urls";
import { entryHeadline, LiveEntryPublicView, NO_REFS, toLiveEntryPublic, type LiveEntryContext } from "../../src/live/public-view";
import type { LiveEntryRecord } from "../../src/live/record";
import { jsonLdScript } from "../../src/seo/json-ld";

const AWKWARD = `Tom & Jerry <b>bold</b> it's "quoted" 🎉 — مرحبا بالعالم`;
const SCRIPT_TITLE = `Breaking</script><script>alert(1)</script>`;
const urls = siteUrls({ PUBLIC_SITE_URL: "https://news.example", ARTICLE_URL_PATTERN: "/{section}/{slug}" }, "https://api.news.example/x");
const BLOG_URL = urls.article("world", "election-night", "art_live");
const ctx: LiveEntryContext = { urls, blogUrl: BLOG_URL, blogHeadline: "Election night, live", refs: NO_REFS };

const p = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });
const doc = (...content: unknown[]) => v.parse(BodyDocSchema, { type: "doc", content });

const byline = (i: number): BylineJson => ({
  role: i === 0 ? `Reporting & "analysis" <live>` : null,
  id: `ctr_${i}`,
  slug: `reporter-${i}`,
  name: i === 1 ? "سارة الأحمد" : `Reporter ${i} 🎙️`,
  kind: i === 9 ? "organization" : "person",
  job_title: i === 0 ? "Correspondent" : null,
  avatar_media_id: i === 0 ? "med_avatar" : null,
  user_id: `usr_secret_${i}`,
});

function entry(over: Partial<LiveEntryRecord> = {}): LiveEntryRecord {
  return {
    id: "lve_1",
    articleId: "art_live",
    status: "published",
    title: null,
    body: doc(p(AWKWARD)),
    bodyText: "",
    pinned: false,
    keyEvent: true,
    publishedAt: "2026-11-30T20:00:00.000Z",
    version: 3,
    createdAt: "2026-11-30T19:59:00.000Z",
    createdBy: "usr_creator",
    updatedAt: "2026-11-30T20:05:00.000Z",
    updatedBy: "usr_editor",
    deletedAt: null,
    deletedBy: null,
    bylines: Array.from({ length: 10 }, (_, i) => byline(i)),
    ...over,
  };
}

describe("toLiveEntryPublic", () => {
  it("answers exactly the view: awkward text stays text, ten bylines in order, no newsroom fields", () => {
    const out = toLiveEntryPublic(entry(), ctx);
    // The schema is strict about types and formats (absolute urls, RFC 3339 times).
    expect(v.parse(LiveEntryPublicView, out)).toEqual(out);
    expect(Object.keys(out).sort()).toEqual(
      ["body", "body_html", "bylines", "headline", "id", "key_event", "pinned", "published_at", "text", "title", "updated_at", "url"].sort(),
    );
    expect(out.url).toBe("https://news.example/world/election-night#entry-lve_1");
    expect(out.text).toBe(AWKWARD);
    expect(out.headline).toBe(AWKWARD);
    // Parsed as a browser would: one paragraph whose text is the awkward string, no <b> element.
    const frag = parseFragment(out.body_html);
    expect(frag.childNodes.map((n) => n.nodeName)).toEqual(["p"]);
    expect(out.body_html).not.toContain("<b>");
    expect(out.body_html).toContain("Tom &amp; Jerry &lt;b&gt;");
    expect(out.bylines.map((b) => b.name)).toEqual(entry().bylines.map((b) => b.name));
    expect(out.bylines[0]).toEqual({
      slug: "reporter-0",
      name: "Reporter 0 🎙️",
      kind: "person",
      role: `Reporting & "analysis" <live>`,
      job_title: "Correspondent",
      avatar: "https://api.news.example/media/med_avatar",
      url: "https://news.example/authors/reporter-0",
    });
    expect(out.bylines[9]!.kind).toBe("organization");
    const json = JSON.stringify(out);
    for (const secret of ["usr_", "ctr_", "art_live\"", "status", "version", "created_by", "updated_by"]) expect(json).not.toContain(secret);
  });

  it("keeps a </script> title inert once serialised, and round-trips it", () => {
    const out = toLiveEntryPublic(entry({ title: SCRIPT_TITLE }), ctx);
    expect(out.title).toBe(SCRIPT_TITLE);
    expect(out.headline).toBe(SCRIPT_TITLE);
    const script = jsonLdScript(out);
    expect(script).not.toMatch(/<\/script/i);
    expect(script).not.toContain("<");
    expect(JSON.parse(script)).toEqual(out);
  });

  it("drops an image whose media is gone and a card of an unpublished story, leaving no trace", () => {
    const body = doc(
      p("Before"),
      { type: "image", attrs: { media_id: "med_missing", alt: "A missing picture", caption: "Gone" } },
      { type: "relatedCard", attrs: { article_id: "art_draft" } },
      p("After"),
    );
    const out = toLiveEntryPublic(entry({ body }), ctx);
    expect(out.body_html).toBe("<p>Before</p>\n<p>After</p>");
    expect(out.body_html).not.toContain("med_missing");
    expect(out.text).toBe("Before\n\nAfter");
  });

  it("renders an image and a card it has", () => {
    const body = doc({ type: "image", attrs: { media_id: "med_1", alt: `A "quoted" alt & more` } });
    const refs = { cards: new Map(), mediaById: new Map([["med_1", { id: "med_1", width: 800, height: 600 }]]) };
    const out = toLiveEntryPublic(entry({ body }), { ...ctx, refs });
    expect(out.body_html).toContain(`src="https://api.news.example/media/med_1"`);
    expect(out.body_html).toContain(`alt="A &quot;quoted&quot; alt &amp; more"`);
  });

  it("never dates an update before the entry went out", () => {
    // Drafted and last saved before it was published: readers' updated time is the publication.
    const out = toLiveEntryPublic(entry({ updatedAt: "2026-11-30T19:00:00.000Z" }), ctx);
    expect(out.updated_at).toBe(out.published_at);
    expect(toLiveEntryPublic(entry(), ctx).updated_at).toBe("2026-11-30T20:05:00.000Z");
  });

  it("names bylineless entries with no bylines, never someone else's", () => {
    expect(toLiveEntryPublic(entry({ bylines: [] }), ctx).bylines).toEqual([]);
  });
});

describe("entryHeadline", () => {
  it("is the title, trimmed", () => {
    expect(entryHeadline({ title: "  Polls close  ", body: doc(p("x")) }, "Blog")).toBe("Polls close");
  });

  it("is an excerpt of at most 110 characters, whole words, without a title", () => {
    const long = "Turnout in the northern districts reached sixty-two percent by nine o'clock, the highest figure recorded since the count began.";
    const h = entryHeadline({ title: "   ", body: doc(p(long)) }, "Blog");
    expect(Array.from(h).length).toBeLessThanOrEqual(110);
    expect(h.endsWith("…")).toBe(true);
    expect(long.startsWith(h.slice(0, -1))).toBe(true);
  });

  it("counts characters, not UTF-16 units, for RTL and emoji text", () => {
    const rtl = "مرحبا 🎉 ".repeat(30);
    const h = entryHeadline({ title: null, body: doc(p(rtl)) }, "Blog");
    expect(Array.from(h).length).toBeLessThanOrEqual(110);
    expect(h).not.toMatch(/[\uD800-\uDBFF]$/u);
  });

  it("falls back to the blog's headline for an entry that is only an image", () => {
    const body = doc({ type: "image", attrs: { media_id: "med_1", alt: "" } });
    expect(entryHeadline({ title: null, body }, "Election night, live")).toBe("Election night, live");
  });
});
