import Ajv from "ajv";
import addFormats from "ajv-formats";
import { parseJsonFeed } from "feedsmith";
import jsonFeedSchema from "jsonfeed-schema/schema-v1.1.json";
import { afterEach, describe, expect, it, vi } from "vitest";
import { COPYDESK_EXTENSION_ABOUT, FEED_CONTENT_TYPES, composeContentHtml, renderJsonFeed } from "../../src/feeds";
import type { FeedItem } from "../../src/feeds";
import { ALL_ITEMS, AWKWARD_ITEM, BARE_IMAGE_ITEM, EMPTY_SITE, LAST_PAGE_SITE, MINIMAL_ITEM, REFERENCE_HEADLINE, REFERENCE_ITEM, SITE, TEN_NAMES } from "../fixtures/feed-items";

// The JSON Feed 1.1 schema from the jsonfeed-schema package (draft-07), checked with Ajv;
// ajv-formats supplies the "uri" and "date-time" checks the schema relies on.
// Ajv's default strict mode (strictRequired off: the schema's anyOf names required keys it defines one level up).
const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validateJsonFeed = ajv.compile(jsonFeedSchema);

const TEN_BYLINE =
  `Amal Haddad, Ben O'Brien, Chloé Dubois, Dana Levi, Emre Yılmaz, Fiona "Fi" Grant, ` +
  "Grzegorz Brzęczyszczykiewicz, Hana Kobayashi, Ivan Petrenko and Jo & Co desk";
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/u;

const OUTPUTS = {
  "full page": renderJsonFeed(SITE, ALL_ITEMS),
  "last page": renderJsonFeed(LAST_PAGE_SITE, [REFERENCE_ITEM]),
  empty: renderJsonFeed(EMPTY_SITE, []),
};

type Obj = Record<string, unknown>;

/** Every string value (and key) in a parsed JSON value, so "\u0001" escapes are caught too. */
function allStrings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(allStrings);
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [k, ...allStrings(v)]);
  return [];
}
const parse = (json: string) => JSON.parse(json) as Obj & { items: (Obj & { _copydesk: Obj })[] };

afterEach(() => vi.useRealTimers());

describe("renderJsonFeed: valid JSON Feed 1.1", () => {
  for (const [name, json] of Object.entries(OUTPUTS)) {
    it(`${name}: validates against the JSON Feed 1.1 schema and parses with feedsmith`, () => {
      const feed = JSON.parse(json) as unknown;
      const valid = validateJsonFeed(feed);
      expect(validateJsonFeed.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
      expect(parseJsonFeed(json).title).toBe("The Copydesk Courier");
      expect(json).toBe(JSON.stringify(feed, null, 2)); // two-space pretty print
      expect(json).not.toContain("undefined");
      expect(allStrings(feed).filter((s) => ILLEGAL.test(s))).toEqual([]);
    });
  }

  it("rejects a broken feed, so the schema check has teeth", () => {
    const broken = parse(OUTPUTS["full page"]);
    delete broken.items[0]!.content_html;
    broken.items[1]!.date_published = "yesterday";
    expect(validateJsonFeed(broken)).toBe(false);
    expect(validateJsonFeed.errors?.length).toBeGreaterThanOrEqual(2);
  });
});

describe("renderJsonFeed: top level", () => {
  it("has the standard fields in a fixed order, next_url and icon when present, no top-level authors", () => {
    const feed = parse(OUTPUTS["full page"]);
    expect(Object.keys(feed)).toEqual(["version", "title", "home_page_url", "feed_url", "description", "language", "next_url", "icon", "items"]);
    expect(feed.version).toBe("https://jsonfeed.org/version/1.1");
    expect(feed.home_page_url).toBe("https://courier.example.org/");
    expect(feed.feed_url).toBe("https://courier.example.org/feeds/all");
    expect(feed.next_url).toBe("https://courier.example.org/feeds/all?before=2024-10-31T00%3A00%3A00Z&page=2");
    expect(feed.icon).toBe("https://courier.example.org/icon-512.png");
    expect(feed.items).toHaveLength(4);
  });

  it("omits next_url on the last page and icon when there is none", () => {
    expect(Object.keys(parse(OUTPUTS["last page"]))).toEqual(["version", "title", "home_page_url", "feed_url", "description", "language", "items"]);
    expect(parse(OUTPUTS.empty).items).toEqual([]);
  });

  it("is byte-identical across renders and does not read the clock", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2031-01-01T00:00:00Z"));
    const first = renderJsonFeed(SITE, ALL_ITEMS);
    vi.setSystemTime(new Date("1999-06-15T12:00:00Z"));
    expect(renderJsonFeed(SITE, ALL_ITEMS)).toBe(first);
    expect(first).toBe(OUTPUTS["full page"]);
  });
});

describe("renderJsonFeed: items", () => {
  it("carries the reference article: standard fields in order, authors, tags, dates, image, audio", () => {
    const item = parse(OUTPUTS["full page"]).items[0]!;
    expect(Object.keys(item)).toEqual([
      "id", "url", "title", "summary", "content_html", "date_published", "date_modified",
      "authors", "tags", "language", "image", "attachments", "_copydesk",
    ]);
    expect(item.id).toBe("urn:copydesk:article:art_01JREF0000000000000000");
    expect(item.url).toBe(REFERENCE_ITEM.url);
    expect(item.title).toBe(REFERENCE_HEADLINE);
    expect(item.summary).toBe(REFERENCE_ITEM.summary);
    expect(item.content_html).toBe(composeContentHtml(REFERENCE_ITEM));
    // RFC 3339 with the stored milliseconds: stories of the same second stay apart.
    expect(item.date_published).toBe("2024-11-01T22:34:00.000Z");
    expect(item.date_modified).toBe("2024-11-02T08:15:30.123Z");
    expect(item.authors).toEqual([
      { name: "Ilona Marchuk", url: "https://courier.example.org/contributors/ilona-marchuk", avatar: "https://media.example.org/avatars/ilona.jpg" },
      { name: "Courier news desk" },
    ]);
    expect(item.tags).toEqual(["World", "News Feed", "Taras Velychko", "Ukraine", "Air Defence", "Surface-to-Air Missiles", "Norway"]);
    expect(item.language).toBe("en");
    expect(item.image).toBe("https://media.example.org/images/launcher-workshop.jpg");
    expect(item.attachments).toEqual([
      { url: "https://media.example.org/audio/repair-hub.mp3", mime_type: "audio/mpeg", title: "This audio is created with AI assistance" },
    ]);
  });

  it("documents everything else in the _copydesk extension", () => {
    const ext = parse(OUTPUTS["full page"]).items[0]!._copydesk;
    expect(ext).toEqual({
      about: COPYDESK_EXTENSION_ABOUT,
      dek: REFERENCE_ITEM.dek,
      byline: "Ilona Marchuk and Courier news desk",
      bylines: [
        { name: "Ilona Marchuk", kind: "person", role: "Staff reporter", url: "https://courier.example.org/contributors/ilona-marchuk" },
        { name: "Courier news desk", kind: "organization", role: null, url: null },
      ],
      section: { name: "World", url: "https://courier.example.org/world" },
      tags: REFERENCE_ITEM.tags,
      reading_time: 2,
      image: {
        url: "https://media.example.org/images/launcher-workshop.jpg",
        width: 1600,
        height: 900,
        alt: "Technicians inspect a truck-mounted launcher in a workshop",
        caption: "Illustrative purposes: technicians during a maintenance drill in Lviv on October 29, 2024",
        credit: "Marek Dzyuba/Eastgate Press via Northlight Images",
      },
      audio: { url: "https://media.example.org/audio/repair-hub.mp3", disclosure: "This audio is created with AI assistance" },
      related: [
        {
          kind: "article",
          id: "art_01JRELA000000000000000",
          url: "https://courier.example.org/world/european-arms-makers-struggle-to-hire-welders",
          headline: "European arms makers struggle to hire welders",
          summary: "A shortage of welders, not money, now slows production.",
          byline: "Devin Okafor-Lind",
          bylines: ["Devin Okafor-Lind"],
          image_url: null,
        },
        {
          kind: "article",
          id: "art_01JRELB000000000000000",
          url: "https://courier.example.org/world/counting-the-dark-hours",
          headline: "Counting the dark hours of a winter of outages",
          summary: "Evenings, not nights, take the biggest hit.",
          byline: "Petra Voskuijlen and Courier data desk",
          bylines: ["Petra Voskuijlen", "Courier data desk"],
          image_url: "https://media.example.org/images/outages.jpg",
        },
        {
          kind: "external",
          url: "https://defence.example.net/reports/launcher-maintenance",
          title: "How launcher maintenance works",
          summary: "An explainer from a defence journal.",
          source: "Defence Review",
        },
      ],
    });
    expect(COPYDESK_EXTENSION_ABOUT).toMatch(/^https:\/\//);
  });

  it("has ten authors for ten bylines, and survives awkward text with control characters stripped", () => {
    const item = parse(OUTPUTS["full page"]).items[1]!;
    expect(item.authors).toHaveLength(10);
    expect((item.authors as { name: string }[]).map((a) => a.name)).toEqual(TEN_NAMES);
    expect(item._copydesk.byline).toBe(TEN_BYLINE);
    expect(item.title).toBe(`Tom & Jerry <script>alert("x")</script> it's 🎉 — مرحبا بالعالم / שלום עולם`);
    expect(item.content_html).toBe(`<p>Before ]]> after, and ]]]]> twice</p>\n<p dir="rtl">مرحبابالعالم</p>\n<p>👩🏽‍💻 &amp; &lt;b&gt;</p>`);
    expect(item.tags).toEqual(["الشرق الأوسط", `Q&A "live" <now>`, "עברית", "it's fine"]);
    expect(item._copydesk.tags).toEqual([
      { name: `Q&A "live" <now>`, slug: "q-and-a-live-now" },
      { name: "עברית", slug: "hebrew" },
      { name: "it's fine", slug: "its-fine" },
    ]);
    expect(item.language).toBe("ar");
    expect(item.date_published).toBe("2024-02-29T21:59:59.999Z");
    // No summary of its own: the excerpt, plain text (JSON Feed's summary is never HTML).
    expect(item.summary).toBe("Before ]]> after — <b> & it's 🎉…");
    expect("image" in item).toBe(false);
    expect("attachments" in item).toBe(false);
    expect(item._copydesk.image).toBeNull();
    expect(item._copydesk.audio).toBeNull();
    expect(item._copydesk.related).toEqual([]);
  });

  it("omits authors, tags, image and attachments on a bare item (never the summary), but keeps the extension complete", () => {
    const [, , minimal, bare] = parse(OUTPUTS["full page"]).items;
    expect(Object.keys(minimal!)).toEqual(["id", "url", "title", "summary", "content_html", "date_published", "date_modified", "language", "_copydesk"]);
    expect(minimal!.summary).toBe("We reopen on Monday.");
    expect(minimal!._copydesk).toEqual({
      about: COPYDESK_EXTENSION_ABOUT,
      dek: null,
      byline: "",
      bylines: [],
      section: null,
      tags: [],
      reading_time: 1,
      image: null,
      audio: null,
      related: [],
    });
    expect(bare!.image).toBe(BARE_IMAGE_ITEM.image!.url);
    expect(bare!._copydesk.image).toEqual({ url: "https://media.example.org/images/bare.png", width: null, height: null, alt: "A bare image", caption: null, credit: null });
  });

  it("omits the attachment title when the audio has no disclosure", () => {
    const item: FeedItem = { ...MINIMAL_ITEM, audio: { url: "https://media.example.org/a.mp3", disclosure: null } };
    const json = renderJsonFeed(SITE, [item]);
    expect(validateJsonFeed(JSON.parse(json))).toBe(true);
    expect(parse(json).items[0]!.attachments).toEqual([{ url: "https://media.example.org/a.mp3", mime_type: "audio/mpeg" }]);
  });

  it("keeps the id when headline and URL change", () => {
    const edited: FeedItem = { ...AWKWARD_ITEM, headline: "Calm", url: "https://courier.example.org/calm" };
    expect(parse(renderJsonFeed(SITE, [edited])).items[0]!.id).toBe(AWKWARD_ITEM.id);
  });
});

describe("FEED_CONTENT_TYPES", () => {
  it("names the registered media type for each format, with an explicit charset", () => {
    expect(FEED_CONTENT_TYPES).toEqual({
      rss: "application/rss+xml; charset=utf-8",
      atom: "application/atom+xml; charset=utf-8",
      json: "application/feed+json; charset=utf-8",
    });
  });
});
