import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { toRfc3339 } from "../../src/lib/rfc3339";
import {
  NEWS_SITEMAP_LIMIT,
  SITEMAP_LIMIT,
  newsLanguage,
  renderNewsSitemap,
  renderSitemap,
  renderSitemapIndex,
  sitemapPages,
} from "../../src/seo/sitemap";
import { escapeSitemapXml, stripXmlIllegal } from "../../src/seo/xml-escape";

// htmlEntities: also decode numeric references (&#39;, &#xD;) when reading values back.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true,
  isArray: (name) => name === "url" || name === "sitemap",
});

/** Asserts the document is well-formed and returns it parsed. */
function parseXml(xml: string): Record<string, any> {
  expect(XMLValidator.validate(xml)).toBe(true);
  // Characters no XML 1.0 document may contain (the validator does not check these).
  expect(xml).not.toMatch(/[^\t\n\r\u{20}-\u{D7FF}\u{E000}-\u{FFFD}\u{10000}-\u{10FFFF}]/u);
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  return parser.parse(xml);
}

const NASTY_URL = `https://news.example/search?q=tom+%26+jerry&section=world&x='y'&z="w"`;
const RTL = "وزير الدفاع يفتتح مركز إصلاح — שר הביטחון פותח מרכז תיקונים";
// NUL, BEL, BS, VT, FF, ESC, US, U+FFFE, U+FFFF, a lone low and a lone high surrogate (low first: not a pair).
const CONTROLS = "\u0000\u0007\u0008\u000B\u000C\u001B\u001F\uFFFE\uFFFF\uDC00\uD800";

describe("escapeSitemapXml", () => {
  it("escapes markup characters and both quotes", () => {
    expect(escapeSitemapXml(`Tom & Jerry <b>"hi"</b> it's`)).toBe("Tom &amp; Jerry &lt;b&gt;&quot;hi&quot;&lt;/b&gt; it&#39;s");
  });

  it("strips XML-illegal characters, keeps tab, LF, emoji, RTL and astral characters", () => {
    expect(stripXmlIllegal(`a${CONTROLS}b`)).toBe("ab");
    expect(escapeSitemapXml(`a\tb\nc${CONTROLS}🎉 ${RTL} 𝒳`)).toBe(`a\tb\nc🎉 ${RTL} 𝒳`);
  });

  it("keeps CR as a character reference so parsers don't normalise it away", () => {
    expect(escapeSitemapXml("a\r\nb")).toBe("a&#xD;\nb");
  });
});

describe("toRfc3339", () => {
  it("normalises to UTC with whole seconds", () => {
    expect(toRfc3339("2024-11-02T00:34:00+02:00")).toBe("2024-11-01T22:34:00Z");
    expect(toRfc3339("2024-11-01T22:34:00.987Z")).toBe("2024-11-01T22:34:00Z");
    expect(toRfc3339("2024-11-01T19:04-03:30")).toBe("2024-11-01T22:34:00Z");
    expect(toRfc3339("2024-11-01")).toBe("2024-11-01T00:00:00Z");
    expect(toRfc3339("2024-02-29T23:59:59Z")).toBe("2024-02-29T23:59:59Z");
  });

  it("rejects impossible dates, zone-less times and free text", () => {
    for (const bad of ["2024-02-30", "2023-02-29T00:00:00Z", "2024-11-01T24:00:00Z", "2024-11-01T22:34:00", "Nov 1 2024", ""]) {
      expect(() => toRfc3339(bad), bad).toThrow(RangeError);
    }
  });
});

describe("renderSitemap", () => {
  it("renders a sitemaps.org 0.9 urlset byte for byte", () => {
    const xml = renderSitemap([
      { url: "https://news.example/world/repair-hub", lastmod: "2024-11-02T00:34:00.123+02:00" },
      { url: "https://news.example/world/welders", lastmod: "2024-10-30T08:00:00Z" },
    ]);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
        "<url><loc>https://news.example/world/repair-hub</loc><lastmod>2024-11-01T22:34:00Z</lastmod></url>\n" +
        "<url><loc>https://news.example/world/welders</loc><lastmod>2024-10-30T08:00:00Z</lastmod></url>\n" +
        "</urlset>\n",
    );
    const doc = parseXml(xml);
    expect(doc.urlset["@xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    expect(doc.urlset.url).toEqual([
      { loc: "https://news.example/world/repair-hub", lastmod: "2024-11-01T22:34:00Z" },
      { loc: "https://news.example/world/welders", lastmod: "2024-10-30T08:00:00Z" },
    ]);
  });

  it("escapes &, quotes and <, and strips control characters from URLs", () => {
    const xml = renderSitemap([
      { url: NASTY_URL, lastmod: "2024-11-01T22:34:00Z" },
      { url: `https://news.example/a<b>${CONTROLS}c`, lastmod: "2024-11-01T22:34:00Z" },
      { url: "https://news.example/ידיעות/🎉", lastmod: "2024-11-01T22:34:00Z" },
    ]);
    expect(xml).toContain("q=tom+%26+jerry&amp;section=world&amp;x=&#39;y&#39;&amp;z=&quot;w&quot;");
    const doc = parseXml(xml);
    expect(doc.urlset.url.map((u: { loc: string }) => u.loc)).toEqual([
      NASTY_URL,
      "https://news.example/a<b>c",
      "https://news.example/ידיעות/🎉",
    ]);
  });

  it("renders an empty urlset", () => {
    expect(renderSitemap([])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n</urlset>\n',
    );
  });

  it("accepts exactly 50,000 entries and throws at 50,001", () => {
    expect(SITEMAP_LIMIT).toBe(50_000);
    const entries = Array.from({ length: SITEMAP_LIMIT }, (_, i) => ({
      url: `https://news.example/a/${i}`,
      lastmod: "2024-11-01T22:34:00Z",
    }));
    const xml = renderSitemap(entries);
    expect(xml.match(/<url>/g)).toHaveLength(50_000);
    expect(xml).toContain("<loc>https://news.example/a/49999</loc>");
    expect(XMLValidator.validate(xml)).toBe(true);
    entries.push({ url: "https://news.example/a/50000", lastmod: "2024-11-01T22:34:00Z" });
    expect(() => renderSitemap(entries)).toThrow(RangeError);
    expect(() => renderSitemap(entries)).toThrow(/at most 50000 URLs, got 50001/);
  });

  it("throws on an unparseable lastmod instead of writing it", () => {
    expect(() => renderSitemap([{ url: "https://news.example/a", lastmod: "yesterday" }])).toThrow(RangeError);
  });
});

describe("sitemapPages", () => {
  it("counts files of 50,000, never fewer than one", () => {
    expect(sitemapPages(0)).toBe(1);
    expect(sitemapPages(1)).toBe(1);
    expect(sitemapPages(50_000)).toBe(1);
    expect(sitemapPages(50_001)).toBe(2);
    expect(sitemapPages(100_000)).toBe(2);
    expect(sitemapPages(100_001)).toBe(3);
    expect(sitemapPages(1_234_567)).toBe(25);
  });

  it("rejects non-counts", () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => sitemapPages(bad)).toThrow(RangeError);
  });
});

describe("renderSitemapIndex", () => {
  it("renders a sitemapindex, omitting a null lastmod", () => {
    const xml = renderSitemapIndex([
      { url: "https://news.example/sitemaps/articles-1.xml", lastmod: "2024-11-02T00:34:00+02:00" },
      { url: "https://news.example/sitemaps/articles-2.xml?v=1&lang=en", lastmod: null },
    ]);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' +
        "<sitemap><loc>https://news.example/sitemaps/articles-1.xml</loc><lastmod>2024-11-01T22:34:00Z</lastmod></sitemap>\n" +
        "<sitemap><loc>https://news.example/sitemaps/articles-2.xml?v=1&amp;lang=en</loc></sitemap>\n" +
        "</sitemapindex>\n",
    );
    const doc = parseXml(xml);
    expect(doc.sitemapindex["@xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    expect(doc.sitemapindex.sitemap).toEqual([
      { loc: "https://news.example/sitemaps/articles-1.xml", lastmod: "2024-11-01T22:34:00Z" },
      { loc: "https://news.example/sitemaps/articles-2.xml?v=1&lang=en" },
    ]);
  });

  it("throws above 50,000 sitemaps", () => {
    const refs = Array.from({ length: 50_001 }, (_, i) => ({ url: `https://news.example/s/${i}.xml`, lastmod: null }));
    expect(() => renderSitemapIndex(refs)).toThrow(/at most 50000 sitemaps, got 50001/);
    expect(renderSitemapIndex(refs.slice(0, 50_000)).match(/<sitemap>/g)).toHaveLength(50_000);
  });
});

describe("newsLanguage", () => {
  it("maps BCP 47 tags to Google News codes", () => {
    expect(newsLanguage("en")).toBe("en");
    expect(newsLanguage("en-GB")).toBe("en");
    expect(newsLanguage("UK-ua")).toBe("uk");
    expect(newsLanguage("fil")).toBe("fil");
    expect(newsLanguage("zh-cn")).toBe("zh-cn");
    expect(newsLanguage("zh-Hans")).toBe("zh-cn");
    expect(newsLanguage("zh-Hans-HK")).toBe("zh-cn");
    expect(newsLanguage("zh-SG")).toBe("zh-cn");
    expect(newsLanguage("zh-TW")).toBe("zh-tw");
    expect(newsLanguage("zh_Hant")).toBe("zh-tw");
    expect(newsLanguage("zh-HK")).toBe("zh-tw");
    expect(newsLanguage("zh")).toBe("zh");
    expect(newsLanguage("")).toBeNull();
    expect(newsLanguage("english")).toBeNull();
  });
});

describe("renderNewsSitemap", () => {
  const site = { name: "The Courier & Gazette", language: "en-GB" };

  it("renders Google News entries byte for byte", () => {
    const xml = renderNewsSitemap(site, [
      {
        url: "https://news.example/world/repair-hub",
        headline: `Minister vows 'no launcher left idle' as a "Norway-backed" hub opens`,
        publishedAt: "2024-11-02T00:34:00+02:00",
      },
    ]);
    expect(xml).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' +
        "<url><loc>https://news.example/world/repair-hub</loc><news:news>" +
        "<news:publication><news:name>The Courier &amp; Gazette</news:name><news:language>en</news:language></news:publication>" +
        "<news:publication_date>2024-11-01T22:34:00Z</news:publication_date>" +
        "<news:title>Minister vows &#39;no launcher left idle&#39; as a &quot;Norway-backed&quot; hub opens</news:title>" +
        "</news:news></url>\n" +
        "</urlset>\n",
    );
  });

  it("parses back to the original values, with escaping, emoji, RTL and control characters stripped", () => {
    const items = [
      { url: NASTY_URL, headline: `Tom & Jerry <script>alert("x")</script> 🎉`, publishedAt: "2024-11-01T22:34:00Z" },
      { url: "https://news.example/ar/1", headline: `${RTL}${CONTROLS}!`, publishedAt: "2024-11-01T20:00:00.5Z", language: "ar" },
      { url: "https://news.example/zh/1", headline: "修复中心开放", publishedAt: "2024-11-01T08:00:00+08:00", language: "zh-Hans-CN" },
      { url: "https://news.example/x/1", headline: "Fallback", publishedAt: "2024-11-01T00:00:00Z", language: "??" },
    ];
    const doc = parseXml(renderNewsSitemap(site, items));
    expect(doc.urlset["@xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    expect(doc.urlset["@xmlns:news"]).toBe("http://www.google.com/schemas/sitemap-news/0.9");
    const rows = doc.urlset.url.map((u: any) => ({
      loc: u.loc,
      name: u["news:news"]["news:publication"]["news:name"],
      language: u["news:news"]["news:publication"]["news:language"],
      date: u["news:news"]["news:publication_date"],
      title: u["news:news"]["news:title"],
    }));
    expect(rows).toEqual([
      { loc: NASTY_URL, name: "The Courier & Gazette", language: "en", date: "2024-11-01T22:34:00Z", title: `Tom & Jerry <script>alert("x")</script> 🎉` },
      { loc: "https://news.example/ar/1", name: "The Courier & Gazette", language: "ar", date: "2024-11-01T20:00:00Z", title: `${RTL}!` },
      { loc: "https://news.example/zh/1", name: "The Courier & Gazette", language: "zh-cn", date: "2024-11-01T00:00:00Z", title: "修复中心开放" },
      { loc: "https://news.example/x/1", name: "The Courier & Gazette", language: "en", date: "2024-11-01T00:00:00Z", title: "Fallback" },
    ]);
  });

  it("keeps the first 1,000 items and drops the rest", () => {
    expect(NEWS_SITEMAP_LIMIT).toBe(1_000);
    const items = Array.from({ length: 1_005 }, (_, i) => ({
      url: `https://news.example/n/${i}`,
      headline: `Story ${i}`,
      publishedAt: "2024-11-01T22:34:00Z",
    }));
    const doc = parseXml(renderNewsSitemap(site, items));
    const locs: string[] = doc.urlset.url.map((u: { loc: string }) => u.loc);
    expect(locs).toHaveLength(1_000);
    expect(locs[0]).toBe("https://news.example/n/0");
    expect(locs[999]).toBe("https://news.example/n/999");
    expect(locs).not.toContain("https://news.example/n/1000");
    expect(items).toHaveLength(1_005); // input untouched
  });

  it("renders an empty news sitemap and rejects a site language with no ISO 639 code", () => {
    const doc = parseXml(renderNewsSitemap(site, []));
    expect(doc.urlset["@xmlns:news"]).toBe("http://www.google.com/schemas/sitemap-news/0.9");
    expect(doc.urlset.url).toBeUndefined();
    expect(() => renderNewsSitemap({ name: "X", language: "" }, [])).toThrow(RangeError);
  });
});
