// Share metadata (src/seo/share.ts) from awkward fixtures: what a front-end puts in <head> must be
// the story's own text, unescaped and uncut where it should be, cut where cards cut, and in the
// order Open Graph readers expect.
import { describe, expect, it } from "vitest";
import type { FeedItem, FeedPerson } from "../../src/feeds/model";
import { ARTICLE_EXAMPLE } from "../../src/public/examples";
import { clip, cleanText, DESCRIPTION_MAX, ogLocale, previewShareMetadata, shareMetadata, type MetaTag, type ShareInput } from "../../src/seo/share";

const ORIGIN = "https://api.news.example";
const URL_ = "https://news.example/world/repair-hub";
const person = (name: string, slug: string, kind: FeedPerson["kind"] = "person"): FeedPerson => ({ name, kind, role: null, url: `https://news.example/authors/${slug}`, avatarUrl: null });
const IMAGE = { url: `${ORIGIN}/media/med_1`, mimeType: "image/jpeg", width: 1600, height: 900, alt: "Technicians inspect a launcher", caption: null, credit: null };

function item(over: Partial<FeedItem> = {}): FeedItem {
  return {
    id: "urn:copydesk:article:art_ref",
    url: URL_,
    headline: "Minister vows 'no launcher left idle'",
    dek: "The hub will refurbish damaged launchers.",
    summary: "A repair hub near Lviv will return launchers, officials said.",
    description: "A repair hub near Lviv will return launchers, officials said.",
    bodyHtml: "<p>Body</p>",
    publishedAt: "2024-11-02T00:34:00.250+02:00",
    updatedAt: "2024-11-02T06:10:00.999Z",
    language: "en",
    readingTime: 2,
    bylines: [person("Ilona Marchuk", "ilona-marchuk"), person("Courier news desk", "courier-news-desk", "organization")],
    section: { name: "World", url: "https://news.example/world" },
    tags: [{ name: "Ukraine", slug: "ukraine" }, { name: "Air Defence", slug: "air-defence" }],
    image: IMAGE,
    audio: null,
    related: [],
    ...over,
  };
}
const NO_SEO = { title: null, description: null, canonicalUrl: null };
const input = (over: Partial<FeedItem> = {}, seo: Partial<ShareInput["seo"]> = {}, language = "en-GB"): ShareInput => ({
  item: item(over),
  seo: { ...NO_SEO, ...seo },
  site: { name: "The Courier", language },
});
const share = (...args: Parameters<typeof input>) => shareMetadata(input(...args), ORIGIN);
const keyOf = (m: MetaTag) => ("property" in m ? m.property : m.name);
const values = (meta: MetaTag[], key: string) => meta.filter((m) => keyOf(m) === key).map((m) => m.content);

describe("shareMetadata", () => {
  it("derives Open Graph, the X card and the meta list from the story", () => {
    const s = share();
    expect(s.open_graph).toEqual({
      type: "article",
      title: "Minister vows 'no launcher left idle'",
      description: "A repair hub near Lviv will return launchers, officials said.",
      url: URL_,
      site_name: "The Courier",
      locale: "en_GB",
      image: { url: IMAGE.url, width: 1600, height: 900, alt: IMAGE.alt, type: "image/jpeg" },
      // As JSON-LD: UTC, whole seconds.
      published_time: "2024-11-01T22:34:00Z",
      modified_time: "2024-11-02T06:10:00Z",
      authors: ["https://news.example/authors/ilona-marchuk", "https://news.example/authors/courier-news-desk"],
      author_names: ["Ilona Marchuk", "Courier news desk"],
      section: "World",
      tags: ["Ukraine", "Air Defence"],
    });
    expect(s.twitter).toEqual({ card: "summary_large_image", title: s.title, description: s.description, image: { url: IMAGE.url, alt: IMAGE.alt } });
    expect(s.meta.map(keyOf)).toEqual([
      "og:type", "og:title", "og:description", "og:url", "og:site_name", "og:locale",
      "og:image", "og:image:type", "og:image:width", "og:image:height", "og:image:alt",
      "article:published_time", "article:modified_time", "article:author", "article:author", "article:section", "article:tag", "article:tag",
      "twitter:card", "twitter:title", "twitter:description", "twitter:image", "twitter:image:alt",
    ]);
    // Open Graph is read by property, X by name.
    expect(s.meta.filter((m) => keyOf(m).startsWith("twitter:")).every((m) => "name" in m && !("property" in m))).toBe(true);
    expect(s.meta.filter((m) => !keyOf(m).startsWith("twitter:")).every((m) => "property" in m)).toBe(true);
    expect(s.oembed).toEqual({
      json: `${ORIGIN}/oembed?url=${encodeURIComponent(URL_)}&format=json`,
      xml: `${ORIGIN}/oembed?url=${encodeURIComponent(URL_)}&format=xml`,
    });
  });

  it("lets the SEO fields override title, description and url; oEmbed still names the story's own page", () => {
    const s = share({}, { title: "SEO title", description: "SEO description.", canonicalUrl: "https://partner.example/original" });
    expect([s.title, s.description, s.url]).toEqual(["SEO title", "SEO description.", "https://partner.example/original"]);
    expect([s.open_graph.title, s.twitter.title, s.open_graph.url]).toEqual(["SEO title", "SEO title", "https://partner.example/original"]);
    expect(values(s.meta, "og:url")).toEqual(["https://partner.example/original"]);
    expect(s.oembed.json).toContain(encodeURIComponent(URL_));
  });

  it("falls back: blank SEO description → summary → dek → the feeds' description", () => {
    expect(share({}, { description: "  \n " }).description).toBe("A repair hub near Lviv will return launchers, officials said.");
    expect(share({ summary: null }).description).toBe("The hub will refurbish damaged launchers.");
    expect(share({ summary: " ", dek: null, description: "Opening words of the body…" }).description).toBe("Opening words of the body…");
    expect(share({}, { title: "   " }).title).toBe("Minister vows 'no launcher left idle'");
  });

  it("cuts a long description between words at 200 characters, never a title", () => {
    const long = "word ".repeat(100).trim();
    const s = share({ headline: long }, { description: long });
    expect(Array.from(s.description).length).toBeLessThanOrEqual(DESCRIPTION_MAX);
    expect(s.description).toMatch(/ word…$/);
    expect(s.title).toBe(long);
    // No space to cut at (and emoji of several code points): whole graphemes only.
    const family = "👩‍👩‍👧‍👦";
    const cut = clip(family.repeat(250), DESCRIPTION_MAX);
    expect(cut).toBe(`${family.repeat(DESCRIPTION_MAX - 1)}…`);
    expect(clip("short", 5)).toBe("short");
    // A space too early to cut at (less than half the budget kept): cut inside the word instead.
    expect(clip(`Hi ${"x".repeat(300)}`, DESCRIPTION_MAX)).toBe(`Hi ${"x".repeat(DESCRIPTION_MAX - 4)}…`);
    // At the limit (checked by length first, by graphemes past it): max whole, max + 1 cut, and max
    // graphemes of several units each kept whole.
    expect(clip("abcde", 5)).toBe("abcde");
    expect(clip("abcdef", 5)).toBe("abcd…");
    expect(clip(family.repeat(5), 5)).toBe(family.repeat(5));
  });

  it("keeps text as data: &, <, quotes, emoji and RTL unescaped; controls and line breaks removed", () => {
    const headline = `Q&A: "Tom's" <b>launcher</b> 🚀 — מערכת הגנה אווירית`;
    const s = share({ headline, summary: "Line one\r\nline\ttwo\u0000\u0007\u009f end", tags: [{ name: "Défense & <Air>", slug: "x" }] });
    expect(s.title).toBe(headline);
    expect(values(s.meta, "og:title")).toEqual([headline]);
    expect(s.description).toBe("Line one line two end");
    expect(s.open_graph.tags).toEqual(["Défense & <Air>"]);
    expect(JSON.stringify(s)).not.toMatch(/&amp;|&lt;|&quot;|&#/);
    expect(cleanText("broken \uD83D surrogate")).toBe("broken \uFFFD surrogate");
    // Bidi marks are text, not controls: RTL headlines keep them.
    expect(cleanText("\u200Fשלום")).toBe("\u200Fשלום");
  });

  it("names ten bylines, desks included, in order: one article:author each", () => {
    const bylines = Array.from({ length: 10 }, (_, i) => person(`Reporter ${i} & Co`, `r-${i}`, i % 3 === 2 ? "organization" : "person"));
    const s = share({ bylines });
    expect(s.open_graph.author_names).toEqual(bylines.map((b) => b.name));
    expect(values(s.meta, "article:author")).toEqual(bylines.map((b) => b.url));
    expect(share({ bylines: [] }).meta.some((m) => keyOf(m) === "article:author")).toBe(false);
  });

  it("without an image: no og:image tags and the summary card", () => {
    const s = share({ image: null });
    expect(s.open_graph.image).toBeNull();
    expect(s.twitter).toMatchObject({ card: "summary", image: null });
    expect(s.meta.some((m) => keyOf(m).startsWith("og:image") || keyOf(m).startsWith("twitter:image"))).toBe(false);
  });

  it("an image of unknown size, too small, AVIF, or without alt: the summary card and only what is known", () => {
    const unsized = share({ image: { ...IMAGE, width: null, height: null } });
    expect(unsized.open_graph.image).toMatchObject({ width: null, height: null });
    expect(unsized.meta.map(keyOf)).not.toContain("og:image:width");
    expect(unsized.twitter).toMatchObject({ card: "summary", image: { url: IMAGE.url } });
    expect(share({ image: { ...IMAGE, width: 299, height: 900 } }).twitter.card).toBe("summary");
    expect(share({ image: { ...IMAGE, width: 300, height: 157 } }).twitter.card).toBe("summary_large_image");
    // X shows no AVIF: Open Graph keeps the image (with its type), the card does without.
    const avif = share({ image: { ...IMAGE, mimeType: "image/avif" } });
    expect([avif.open_graph.image?.type, avif.twitter.card, avif.twitter.image]).toEqual(["image/avif", "summary", null]);
    // A decorative image (empty alt) has no alt to announce.
    const decorative = share({ image: { ...IMAGE, alt: " " } });
    expect([decorative.open_graph.image?.alt, decorative.twitter.image?.alt]).toEqual([null, null]);
    expect(decorative.meta.map(keyOf)).not.toContain("og:image:alt");
    expect(Array.from(share({ image: { ...IMAGE, alt: "a ".repeat(300) } }).twitter.image!.alt!).length).toBeLessThanOrEqual(420);
  });

  it("never modified before published; no section, no tags: no tags for them", () => {
    const s = share({ updatedAt: "2024-01-01T00:00:00Z", section: null, tags: [] });
    expect(s.open_graph.modified_time).toBe(s.open_graph.published_time);
    expect(s.open_graph.section).toBeNull();
    expect(s.meta.map(keyOf).filter((k) => k === "article:section" || k === "article:tag")).toEqual([]);
  });
});

describe("the content document's example", () => {
  it("is what the builder makes of the reference article", () => {
    const ex = ARTICLE_EXAMPLE;
    const img = ex.featured_image;
    const fromExample = item({
      url: ex.url,
      headline: ex.headline,
      dek: ex.dek,
      summary: ex.summary,
      description: ex.summary,
      publishedAt: ex.published_at,
      updatedAt: ex.updated_at,
      bylines: ex.bylines.map((b) => ({ name: b.name, kind: b.kind as FeedPerson["kind"], role: null, url: b.url, avatarUrl: null })),
      section: { name: ex.section.name, url: null },
      tags: ex.tags,
      image: { url: img.url, mimeType: img.mime_type, width: img.width, height: img.height, alt: img.alt, caption: img.caption, credit: img.credit },
    });
    const built = shareMetadata({ item: fromExample, seo: NO_SEO, site: { name: ex.json_ld.publisher.name, language: "en" } }, "https://api.news.example");
    expect(built).toEqual(ex.share);
  });
});

describe("ogLocale", () => {
  it("uses the story's region, else the site's for the same language, else the likely one", () => {
    expect(ogLocale("pt-BR", "en")).toBe("pt_BR");
    expect(ogLocale("en", "en-GB")).toBe("en_GB");
    expect(ogLocale("en", "uk")).toBe("en_US");
    expect(ogLocale("uk", "en-GB")).toBe("uk_UA");
    expect(ogLocale("ar", "en")).toBe("ar_EG");
    expect(ogLocale("zh-Hant", "en")).toBe("zh_TW");
    // No territory to name: no og:locale (its default, en_US, would be wrong).
    expect(ogLocale("es-419", "en")).toBeNull();
    expect(ogLocale("und", "en")).toBeNull();
    expect(ogLocale("not a tag!", "en")).toBeNull();
  });

  it("answers the same when asked again (kept per isolate), each pair its own", () => {
    for (let i = 0; i < 2; i++) {
      expect(ogLocale("en", "en-GB")).toBe("en_GB");
      expect(ogLocale("en", "en-AU")).toBe("en_AU");
      expect(ogLocale("en-GB", "en")).toBe("en_GB");
    }
  });
});

describe("previewShareMetadata", () => {
  it("says noindex first, has no oEmbed, and no published time for a story never published", () => {
    const s = previewShareMetadata(input(), null);
    expect(s.meta[0]).toEqual({ name: "robots", content: "noindex, nofollow" });
    expect(s.oembed).toBeNull();
    expect(s.open_graph.published_time).toBeNull();
    expect(s.meta.map(keyOf)).not.toContain("article:published_time");
    expect(s.open_graph.modified_time).toBe("2024-11-02T06:10:00Z");
  });
});
