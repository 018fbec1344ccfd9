import { XMLValidator } from "fast-xml-parser";
import { parseRssFeed } from "feedsmith";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderRss } from "../../src/feeds";
import type { FeedItem } from "../../src/feeds";
import {
  ALL_ITEMS,
  AWKWARD_ITEM,
  BARE_IMAGE_ITEM,
  EMPTY_SITE,
  LAST_PAGE_SITE,
  MINIMAL_ITEM,
  REFERENCE_HEADLINE,
  REFERENCE_ITEM,
  SITE,
  readAsHtml,
  xmlErrors,
} from "../fixtures/feed-items";

const TEN_BYLINE =
  `Amal Haddad, Ben O'Brien, Chloé Dubois, Dana Levi, Emre Yılmaz, Fiona "Fi" Grant, ` +
  "Grzegorz Brzęczyszczykiewicz, Hana Kobayashi, Ivan Petrenko and Jo & Co desk";
const AWKWARD_TITLE = `Tom & Jerry <script>alert("x")</script> it's 🎉 — مرحبا بالعالم / שלום עולם`;
const AWKWARD_CONTENT = `<p>Before ]]> after, and ]]]]> twice</p>\n<p dir="rtl">مرحبابالعالم</p>\n<p>👩🏽‍💻 &amp; &lt;b&gt;</p>`;
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/u;

const OUTPUTS = {
  "full page": renderRss(SITE, ALL_ITEMS),
  "last page": renderRss(LAST_PAGE_SITE, [REFERENCE_ITEM]),
  empty: renderRss(EMPTY_SITE, []),
};

function items(xml: string) {
  const feed = parseRssFeed(xml);
  return { feed, items: feed.items ?? [] };
}

afterEach(() => vi.useRealTimers());

describe("renderRss: well-formed XML", () => {
  for (const [name, xml] of Object.entries(OUTPUTS)) {
    it(`${name}: passes a strict XML 1.0 parser and fast-xml-parser's validator`, () => {
      expect(xmlErrors(xml)).toEqual([]);
      expect(XMLValidator.validate(xml)).toBe(true);
      expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"')).toBe(true);
      expect(ILLEGAL.test(xml)).toBe(false);
    });
  }
});

describe("renderRss: channel, parsed back with feedsmith", () => {
  it("carries title, links, description, language, lastBuildDate and generator", () => {
    const { feed } = items(OUTPUTS["full page"]);
    expect(feed.title).toBe("The Copydesk Courier");
    expect(feed.link).toBe("https://courier.example.org/");
    // Escaped for HTML and then XML: a reader decoding it as HTML gets the text back exactly.
    expect(readAsHtml(feed.description ?? "")).toEqual({ elements: [], text: "News from the Courier newsroom, with every byline & credit intact" });
    expect(feed.language).toBe("en");
    expect(feed.lastBuildDate).toBe("Sat, 02 Nov 2024 08:15:30 GMT");
    expect(feed.generator).toBe("Copydesk");
    expect(feed.atom?.links).toEqual([
      { href: "https://courier.example.org/feeds/all", rel: "self", type: "application/rss+xml" },
      { href: "https://courier.example.org/feeds/all?before=2024-10-31T00%3A00%3A00Z&page=2", rel: "next", type: "application/rss+xml" },
    ]);
    expect(feed.image?.url).toBe("https://courier.example.org/icon-512.png");
  });

  it("has rel=next only when there is a next page", () => {
    const { feed } = items(OUTPUTS["last page"]);
    expect(feed.atom?.links?.map((l) => l.rel)).toEqual(["self"]);
    expect(OUTPUTS["last page"]).not.toContain('rel="next"');
    expect(OUTPUTS["full page"].match(/rel="next"/g)).toHaveLength(1);
  });

  it("omits lastBuildDate for an empty feed (site.updated null) and still parses", () => {
    const { feed, items: parsed } = items(OUTPUTS.empty);
    expect(OUTPUTS.empty).not.toContain("lastBuildDate");
    expect(feed.lastBuildDate).toBeUndefined();
    expect(feed.title).toBe("The Copydesk Courier");
    expect(parsed).toEqual([]);
  });

  it("is byte-identical across renders and does not read the clock", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2031-01-01T00:00:00Z"));
    const first = renderRss(SITE, ALL_ITEMS);
    vi.setSystemTime(new Date("1999-06-15T12:00:00Z"));
    const second = renderRss(SITE, ALL_ITEMS);
    expect(second).toBe(first);
    expect(first).toBe(OUTPUTS["full page"]);
    expect(first).toContain("<lastBuildDate>Sat, 02 Nov 2024 08:15:30 GMT</lastBuildDate>");
  });
});

describe("renderRss: items, parsed back with feedsmith", () => {
  it("carries the reference article's title, link, guid, date, byline and categories in order", () => {
    const item = items(OUTPUTS["full page"]).items[0];
    expect(item?.title).toBe(REFERENCE_HEADLINE);
    expect(item?.link).toBe(REFERENCE_ITEM.url);
    expect(item?.guid).toEqual({ value: "urn:copydesk:article:art_01JREF0000000000000000", isPermaLink: false });
    expect(item?.pubDate).toBe("Fri, 01 Nov 2024 22:34:00 GMT");
    expect(Date.parse(item?.pubDate ?? "")).toBe(Date.parse("2024-11-01T22:34:00Z"));
    expect(item?.dc?.creators).toEqual(["Ilona Marchuk and Courier news desk"]);
    expect(item?.categories?.map((c) => c.name)).toEqual([
      "World",
      "News Feed",
      "Taras Velychko",
      "Ukraine",
      "Air Defence",
      "Surface-to-Air Missiles",
      "Norway",
    ]);
    expect(item?.description).toBe("A repair hub near Lviv will return up to a dozen launchers a month, officials said.");
  });

  it("carries the composed HTML in content:encoded", () => {
    const encoded = items(OUTPUTS["full page"]).items[0]?.content?.encoded ?? "";
    expect(encoded.startsWith('<figure><img src="https://media.example.org/images/launcher-workshop.jpg"')).toBe(true);
    expect(encoded).toContain('<span class="credit">Marek Dzyuba/Eastgate Press via Northlight Images</span>');
    expect(encoded).toContain("the minister told reporters.</p>");
    expect(encoded).toContain("(By Petra Voskuijlen and Courier data desk)</li>");
    expect(encoded.endsWith("</ul>")).toBe(true);
  });

  it("carries the image with alt, caption and credit as media:content, and audio as an enclosure", () => {
    const item = items(OUTPUTS["full page"]).items[0];
    expect(item?.media?.contents).toEqual([
      {
        url: "https://media.example.org/images/launcher-workshop.jpg",
        type: "image/jpeg",
        medium: "image",
        width: 1600,
        height: 900,
        title: { value: "Technicians inspect a truck-mounted launcher in a workshop", type: "plain" },
        credits: [{ value: "Marek Dzyuba/Eastgate Press via Northlight Images" }],
      },
    ]);
    expect(item?.enclosures).toEqual([{ url: "https://media.example.org/audio/repair-hub.mp3", type: "audio/mpeg", length: 0 }]);
  });

  it("survives &, <script>, quotes, emoji, RTL text and control characters", () => {
    const item = items(OUTPUTS["full page"]).items[1];
    // Read as readers do (RSS titles are decoded as HTML by many): plain text, no element.
    expect(readAsHtml(item?.title ?? "")).toEqual({ elements: [], text: AWKWARD_TITLE });
    expect(readAsHtml(item?.description ?? "")).toEqual({ elements: [], text: "Before ]]> after — <b> & it's 🎉…" });
    expect(item?.link).toBe("https://courier.example.org/%D8%A7%D9%84%D8%B4%D8%B1%D9%82/tom-and-jerry?utm=a&b=c");
    expect(item?.categories?.map((c) => c.name)).toEqual(["الشرق الأوسط", `Q&A "live" <now>`, "עברית", "it's fine"]);
    expect(item?.content?.encoded).toBe(AWKWARD_CONTENT);
    expect(OUTPUTS["full page"]).not.toContain("<script>");
  });

  it("splits ]]> in the body across CDATA sections", () => {
    expect(OUTPUTS["full page"]).toContain(
      "<content:encoded><![CDATA[<p>Before ]]]]><![CDATA[> after, and ]]]]]]><![CDATA[> twice</p>",
    );
  });

  it("writes ONE dc:creator with all ten bylines in order", () => {
    const item = items(OUTPUTS["full page"]).items[1];
    expect(item?.dc?.creators).toEqual([TEN_BYLINE]);
    expect(OUTPUTS["full page"].match(/<dc:creator>/g)).toHaveLength(2); // reference + awkward; others have none
  });

  it("always has a description (the excerpt for a null summary); omits dc:creator, category, media and enclosure when absent", () => {
    const [, awkward, minimal, bare] = items(OUTPUTS["full page"]).items;
    expect(awkward?.description).toBeDefined();
    expect(minimal).toEqual({
      title: "Office closed for the holiday",
      link: "https://courier.example.org/notices/closed-for-holiday",
      guid: { value: "urn:copydesk:article:art_01JMIN0000000000000000", isPermaLink: false },
      pubDate: "Tue, 24 Dec 2024 12:00:00 GMT",
      description: "We reopen on Monday.",
      content: { encoded: "<p>We reopen on Monday.</p>" },
    });
    expect(bare?.media?.contents).toEqual([
      { url: "https://media.example.org/images/bare.png", type: "image/png", medium: "image", title: { value: "A bare image", type: "plain" } },
    ]);
    expect(bare?.guid?.value).toBe(BARE_IMAGE_ITEM.id);
  });

  it("keeps the guid when headline and URL change, and keeps item order", () => {
    const edited: FeedItem = { ...REFERENCE_ITEM, headline: "New headline", url: "https://courier.example.org/world/new-slug" };
    const parsed = items(renderRss(SITE, [MINIMAL_ITEM, edited])).items;
    expect(parsed.map((i) => i.guid?.value)).toEqual([MINIMAL_ITEM.id, REFERENCE_ITEM.id]);
    expect(parsed[1]?.title).toBe("New headline");
    expect(AWKWARD_ITEM.id).toBe(items(OUTPUTS["full page"]).items[1]?.guid?.value);
  });
});

describe("renderRss: plain text reaches readers as text (RSS Best Practices Profile)", () => {
  const HOSTILE = `<img src=x onerror=alert(1)> Tom &amp; Jerry </description>`;
  const hostile: FeedItem = { ...MINIMAL_ITEM, headline: HOSTILE, summary: HOSTILE, description: HOSTILE };
  const xml = renderRss({ ...SITE, title: HOSTILE, description: HOSTILE }, [hostile]);

  it("escapes title and description for HTML, then for XML, with the Profile's hexadecimal &#x26;", () => {
    expect(xml).toContain("<title>&#x26;lt;img src=x onerror=alert(1)&#x26;gt; Tom &#x26;amp;amp; Jerry &#x26;lt;/description&#x26;gt;</title>");
    expect(xmlErrors(xml)).toEqual([]);
  });

  it("decodes, XML then HTML as feed readers do, to the original characters and no element", () => {
    const { feed, items: [item] } = items(xml);
    for (const value of [feed.title, feed.description, item?.title, item?.description]) {
      expect(readAsHtml(value ?? "")).toEqual({ elements: [], text: HOSTILE });
    }
  });

  it("says when an item's language differs from the channel's (dc:language), and only then", () => {
    expect(OUTPUTS["full page"].match(/<dc:language>/g)).toHaveLength(1);
    expect(OUTPUTS["full page"]).toContain("<dc:language>ar</dc:language>");
    expect(renderRss({ ...SITE, language: "uk" }, [MINIMAL_ITEM])).toContain("<language>uk</language>");
  });
});

describe("renderRss: nothing after the description takes its place in readers", () => {
  it("writes no media:description (feedparser files one that follows the content as the entry summary)", () => {
    expect(OUTPUTS["full page"]).not.toContain("<media:description");
    // The caption is still there, in the figure of the content.
    expect(items(OUTPUTS["full page"]).items[0]?.content?.encoded).toContain(`<figcaption>${REFERENCE_ITEM.image!.caption}`);
  });
});
