import { describe, expect, it } from "vitest";
import type { FeedItem, FeedPerson } from "../../src/feeds/model";
import { isoDurationMinutes, jsonLdScript, jsonLdScriptTag, newsArticleJsonLd } from "../../src/seo/json-ld";

const HEADLINE = `Minister vows 'no launcher left idle' as a Norway-backed repair hub opens`;
const REPORTER: FeedPerson = {
  name: "Ilona Marchuk",
  kind: "person",
  role: null,
  url: "https://news.example/contributors/ilona-marchuk",
  avatarUrl: "https://news.example/media/ilona.jpg",
};
const DESK: FeedPerson = { name: "Courier news desk", kind: "organization", role: null, url: null, avatarUrl: null };
const PUBLISHER = { name: "The Courier", url: "https://news.example/", logo: { url: "https://news.example/logo.png", width: 600, height: 60 } };

function feedItem(over: Partial<FeedItem> = {}): FeedItem {
  return {
    id: "urn:copydesk:article:art_ref",
    url: "https://news.example/world/repair-hub",
    headline: HEADLINE,
    dek: null,
    summary: "A repair hub near Lviv will return up to a dozen launchers a month, officials said.",
    description: "A repair hub near Lviv will return up to a dozen launchers a month, officials said.",
    bodyHtml: "<p>Body</p>",
    publishedAt: "2024-11-02T00:34:00+02:00",
    updatedAt: "2024-11-02T09:15:30.250Z",
    language: "en",
    readingTime: 2,
    bylines: [REPORTER, DESK],
    section: { name: "World", url: "https://news.example/world" },
    tags: ["News Feed", "Taras Velychko", "Ukraine", "Air Defence", "Surface-to-Air Missiles", "Norway"].map((name) => ({
      name,
      slug: name.toLowerCase().replace(/\W+/g, "-"),
    })),
    image: {
      url: "https://news.example/media/launcher.jpg",
      mimeType: "image/jpeg",
      width: 1600,
      height: 900,
      alt: "Technicians inspect a truck-mounted launcher in a workshop",
      caption: "Illustrative purposes: technicians during a maintenance drill in Lviv on October 29, 2024",
      credit: "Marek Dzyuba/Eastgate Press via Northlight Images",
    },
    audio: { url: "https://news.example/media/repair-hub.mp3", disclosure: "This audio is created with AI assistance" },
    related: [],
    ...over,
  };
}

describe("newsArticleJsonLd", () => {
  it("maps the reference article, two bylines in order (Person then Organization)", () => {
    const ld = newsArticleJsonLd({
      item: feedItem(),
      publisher: PUBLISHER,
      dek: "The hub will refurbish damaged launchers with Norwegian help.",
    });
    expect(ld).toStrictEqual({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      headline: HEADLINE,
      alternativeHeadline: "The hub will refurbish damaged launchers with Norwegian help.",
      description: "A repair hub near Lviv will return up to a dozen launchers a month, officials said.",
      mainEntityOfPage: "https://news.example/world/repair-hub",
      url: "https://news.example/world/repair-hub",
      datePublished: "2024-11-01T22:34:00Z",
      dateModified: "2024-11-02T09:15:30Z",
      author: [
        { "@type": "Person", name: "Ilona Marchuk", url: "https://news.example/contributors/ilona-marchuk" },
        { "@type": "Organization", name: "Courier news desk" },
      ],
      image: [
        {
          "@type": "ImageObject",
          url: "https://news.example/media/launcher.jpg",
          width: 1600,
          height: 900,
          caption: "Illustrative purposes: technicians during a maintenance drill in Lviv on October 29, 2024",
          creditText: "Marek Dzyuba/Eastgate Press via Northlight Images",
          description: "Technicians inspect a truck-mounted launcher in a workshop",
        },
      ],
      articleSection: "World",
      keywords: ["News Feed", "Taras Velychko", "Ukraine", "Air Defence", "Surface-to-Air Missiles", "Norway"],
      inLanguage: "en",
      timeRequired: "PT2M",
      publisher: {
        "@type": "Organization",
        name: "The Courier",
        url: "https://news.example/",
        logo: { "@type": "ImageObject", url: "https://news.example/logo.png", width: 600, height: 60 },
      },
      isAccessibleForFree: true,
      audio: {
        "@type": "AudioObject",
        contentUrl: "https://news.example/media/repair-hub.mp3",
        description: "This audio is created with AI assistance",
      },
    });
    // And it survives serialisation unchanged.
    expect(JSON.parse(jsonLdScript(ld))).toStrictEqual(ld);
  });

  it("lists all ten bylines in order with the right types", () => {
    const bylines: FeedPerson[] = Array.from({ length: 10 }, (_, i) => ({
      name: `Reporter ${i + 1}`,
      kind: i % 3 === 2 ? "organization" : "person",
      role: i === 0 ? "Lead reporter" : null,
      url: i % 2 === 0 ? `https://news.example/c/${i + 1}` : null,
      avatarUrl: null,
    }));
    const ld = newsArticleJsonLd({ item: feedItem({ bylines }), publisher: PUBLISHER });
    expect(ld.author).toHaveLength(10);
    expect(ld.author).toStrictEqual(
      bylines.map((b, i) =>
        i % 2 === 0
          ? { "@type": i % 3 === 2 ? "Organization" : "Person", name: `Reporter ${i + 1}`, url: `https://news.example/c/${i + 1}` }
          : { "@type": i % 3 === 2 ? "Organization" : "Person", name: `Reporter ${i + 1}` },
      ),
    );
    expect(ld.author?.map((a) => a["@type"])).toEqual([
      "Person", "Person", "Organization", "Person", "Person", "Organization", "Person", "Person", "Organization", "Person",
    ]);
  });

  it("omits image, audio, section, keywords, author and logo when absent (never null)", () => {
    const ld = newsArticleJsonLd({
      item: feedItem({ image: null, audio: null, section: null, tags: [], bylines: [] }),
      publisher: { name: "The Courier", url: "https://news.example/", logo: null },
    });
    for (const key of ["image", "audio", "articleSection", "keywords", "author", "alternativeHeadline"]) {
      expect(ld, key).not.toHaveProperty(key);
    }
    expect(ld.publisher).toStrictEqual({ "@type": "Organization", name: "The Courier", url: "https://news.example/" });
    expect(Object.values(ld)).not.toContain(null);
    expect(ld.headline).toBe(HEADLINE);
    expect(ld.isAccessibleForFree).toBe(true);
  });

  it("omits empty image fields and an audio disclosure that is null", () => {
    const ld = newsArticleJsonLd({
      item: feedItem({
        image: { url: "https://news.example/m.png", mimeType: "image/png", width: null, height: null, alt: " ", caption: null, credit: "" },
        audio: { url: "https://news.example/a.mp3", disclosure: null },
      }),
      publisher: PUBLISHER,
    });
    expect(ld.image).toStrictEqual([{ "@type": "ImageObject", url: "https://news.example/m.png" }]);
    expect(ld.audio).toStrictEqual({ "@type": "AudioObject", contentUrl: "https://news.example/a.mp3" });
  });

  it("gives publisher.logo as an ImageObject with its pixel size, omitting unknown or nonsense dimensions", () => {
    const logo = (l: { url: string; width: number | null; height: number | null }) => newsArticleJsonLd({ item: feedItem(), publisher: { ...PUBLISHER, logo: l } }).publisher.logo;
    expect(logo({ url: "https://news.example/logo.png", width: 600, height: 60 })).toStrictEqual({ "@type": "ImageObject", url: "https://news.example/logo.png", width: 600, height: 60 });
    expect(logo({ url: "https://news.example/logo.png", width: null, height: 0 })).toStrictEqual({ "@type": "ImageObject", url: "https://news.example/logo.png" });
    // A logo without a URL is no logo (checkers reject an ImageObject without one).
    expect(logo({ url: " ", width: 600, height: 60 })).toBeUndefined();
  });

  it("uses the dek as description when there is no summary, and omits description when neither exists", () => {
    const withDek = newsArticleJsonLd({ item: feedItem({ summary: null }), publisher: PUBLISHER, dek: "The dek." });
    expect(withDek.description).toBe("The dek.");
    expect(withDek.alternativeHeadline).toBe("The dek.");
    const bare = newsArticleJsonLd({ item: feedItem({ summary: "  " }), publisher: PUBLISHER, dek: null });
    expect(bare).not.toHaveProperty("description");
    expect(bare).not.toHaveProperty("alternativeHeadline");
  });

  it("keeps a headline longer than 110 characters in full", () => {
    const long = "A".repeat(60) + " " + "B".repeat(60) + " 🎉";
    expect(newsArticleJsonLd({ item: feedItem({ headline: long }), publisher: PUBLISHER }).headline).toBe(long);
  });

  it("never dates the modification before publication", () => {
    const ld = newsArticleJsonLd({
      item: feedItem({ publishedAt: "2024-11-01T22:34:00Z", updatedAt: "2024-10-30T10:00:00Z" }),
      publisher: PUBLISHER,
    });
    expect(ld.datePublished).toBe("2024-11-01T22:34:00Z");
    expect(ld.dateModified).toBe("2024-11-01T22:34:00Z");
  });

  it("rejects an unparseable date instead of emitting it", () => {
    expect(() => newsArticleJsonLd({ item: feedItem({ publishedAt: "soon" }), publisher: PUBLISHER })).toThrow(RangeError);
  });

  it("writes reading time as an ISO 8601 duration", () => {
    expect(newsArticleJsonLd({ item: feedItem({ readingTime: 14 }), publisher: PUBLISHER }).timeRequired).toBe("PT14M");
    expect(isoDurationMinutes(2)).toBe("PT2M");
    expect(isoDurationMinutes(0)).toBe("PT1M");
    expect(isoDurationMinutes(2.2)).toBe("PT3M");
    expect(isoDurationMinutes(Number.NaN)).toBeUndefined();
    expect(newsArticleJsonLd({ item: feedItem({ readingTime: Number.NaN }), publisher: PUBLISHER })).not.toHaveProperty("timeRequired");
  });
});

describe("jsonLdScript", () => {
  const XSS = "</script><script>alert(1)</script>";

  it("keeps a </script> headline inert and round-trips it", () => {
    const ld = newsArticleJsonLd({ item: feedItem({ headline: XSS }), publisher: PUBLISHER });
    const out = jsonLdScript(ld);
    expect(out.toLowerCase()).not.toContain("</script");
    expect(out).not.toContain("<");
    expect(out).not.toContain(">");
    expect(out).toContain('"headline":"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"');
    const back = JSON.parse(out) as { headline: string };
    expect(back.headline).toBe(XSS);
    expect(JSON.parse(out)).toStrictEqual(ld);
  });

  it("escapes <, >, &, U+2028 and U+2029 exactly, and nothing else", () => {
    const value = { s: "a<b>c&d\u2028e\u2029f <!-- x --> \"q\" 'q' 🎉 שלום" };
    const out = jsonLdScript(value);
    expect(out).toBe(
      '{"s":"a\\u003cb\\u003ec\\u0026d\\u2028e\\u2029f \\u003c!-- x --\\u003e \\"q\\" \'q\' 🎉 שלום"}',
    );
    expect(out).not.toMatch(/[\u2028\u2029<>&]/);
    expect(JSON.parse(out)).toStrictEqual(value);
  });

  it("round-trips emoji, RTL text and lone surrogates", () => {
    const value = { headline: "وزير الدفاع يفتتح مركز إصلاح 🎉 \uD800 end", keywords: ["עברית", "𝒳"] };
    expect(JSON.parse(jsonLdScript(value))).toStrictEqual(value);
    expect(jsonLdScript(value)).toContain("\\ud800");
  });

  it("wraps in a single script element whose only </script> is its own end tag", () => {
    const tag = jsonLdScriptTag({ headline: XSS });
    expect(tag.startsWith('<script type="application/ld+json">{"headline":"\\u003c/script')).toBe(true);
    expect(tag.match(/<\/script/gi)).toHaveLength(1);
    expect(tag.endsWith("</script>")).toBe(true);
  });

  it("throws for values JSON cannot represent", () => {
    expect(() => jsonLdScript(undefined)).toThrow(TypeError);
  });
});
