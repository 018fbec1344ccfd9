import { XMLValidator } from "fast-xml-parser";
import { parseAtomFeed } from "feedsmith";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ATOM_EMPTY_UPDATED, composeContentHtml, distinctUpdated, renderAtom } from "../../src/feeds";
import type { FeedItem } from "../../src/feeds";
import {
  ALL_ITEMS,
  AWKWARD_ITEM,
  EMPTY_SITE,
  LAST_PAGE_SITE,
  MINIMAL_ITEM,
  BARE_IMAGE_ITEM,
  REFERENCE_HEADLINE,
  REFERENCE_ITEM,
  SITE,
  TEN_NAMES,
  xmlErrors,
} from "../fixtures/feed-items";

const AWKWARD_TITLE = `Tom & Jerry <script>alert("x")</script> it's 🎉 — مرحبا بالعالم / שלום עולם`;
const AWKWARD_CONTENT = `<p>Before ]]> after, and ]]]]> twice</p>\n<p dir="rtl">مرحبابالعالم</p>\n<p>👩🏽‍💻 &amp; &lt;b&gt;</p>`;
const ILLEGAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/u;

const OUTPUTS = {
  "full page": renderAtom(SITE, ALL_ITEMS),
  "last page": renderAtom(LAST_PAGE_SITE, [REFERENCE_ITEM]),
  empty: renderAtom(EMPTY_SITE, []),
};

const entries = (xml: string) => parseAtomFeed(xml).entries ?? [];

afterEach(() => vi.useRealTimers());

describe("renderAtom: well-formed XML", () => {
  for (const [name, xml] of Object.entries(OUTPUTS)) {
    it(`${name}: passes a strict XML 1.0 parser and fast-xml-parser's validator`, () => {
      expect(xmlErrors(xml)).toEqual([]);
      expect(XMLValidator.validate(xml)).toBe(true);
      expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="en">');
      expect(ILLEGAL.test(xml)).toBe(false);
    });
  }
});

describe("renderAtom: feed, parsed back with feedsmith", () => {
  it("carries id, title, subtitle, updated, links and generator", () => {
    const feed = parseAtomFeed(OUTPUTS["full page"]);
    expect(feed.id).toBe("https://courier.example.org/feeds/all");
    expect(feed.title).toEqual({ value: "The Copydesk Courier", type: "text" });
    expect(feed.subtitle).toEqual({ value: "News from the Courier newsroom, with every byline & credit intact", type: "text" });
    // The newest entry's own value (the minimal item, 2024-12-24), not the caller's summary of it.
    expect(feed.updated).toBe(distinctUpdated(ALL_ITEMS).sort().at(-1));
    expect(feed.updated).toMatch(/^2024-12-24T12:00:00\.000\d{3}Z$/);
    expect(feed.links).toEqual([
      { rel: "alternate", type: "text/html", href: "https://courier.example.org/" },
      { rel: "self", type: "application/atom+xml", href: "https://courier.example.org/feeds/all" },
      { rel: "next", type: "application/atom+xml", href: "https://courier.example.org/feeds/all?before=2024-10-31T00%3A00%3A00Z&page=2" },
    ]);
    expect(feed.generator).toEqual({ text: "Copydesk" });
    expect(feed.icon).toBe("https://courier.example.org/icon-512.png");
  });

  it("has rel=next only when there is a next page", () => {
    expect(parseAtomFeed(OUTPUTS["last page"]).links?.map((l) => l.rel)).toEqual(["alternate", "self"]);
    expect(OUTPUTS["last page"]).not.toContain('rel="next"');
  });

  it("uses the epoch for updated on an empty feed, since Atom requires the element", () => {
    const feed = parseAtomFeed(OUTPUTS.empty);
    expect(ATOM_EMPTY_UPDATED).toBe("1970-01-01T00:00:00Z");
    expect(feed.updated).toBe("1970-01-01T00:00:00Z");
    expect(feed.entries).toBeUndefined();
  });

  it("is byte-identical across renders and does not read the clock", () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2031-01-01T00:00:00Z"));
    const first = renderAtom(SITE, ALL_ITEMS);
    const emptyFirst = renderAtom(EMPTY_SITE, []);
    vi.setSystemTime(new Date("1999-06-15T12:00:00Z"));
    expect(renderAtom(SITE, ALL_ITEMS)).toBe(first);
    expect(renderAtom(EMPTY_SITE, [])).toBe(emptyFirst);
    expect(first).toBe(OUTPUTS["full page"]);
    expect(first).toMatch(/\n {2}<updated>2024-12-24T12:00:00\.000\d{3}Z<\/updated>\n/);
  });
});

describe("renderAtom: entries, parsed back with feedsmith", () => {
  it("carries the reference article's id, title, link, dates and one author per byline", () => {
    const entry = entries(OUTPUTS["full page"])[0];
    expect(entry?.id).toBe("urn:copydesk:article:art_01JREF0000000000000000");
    expect(entry?.title).toEqual({ value: REFERENCE_HEADLINE, type: "text" });
    expect(entry?.published).toBe("2024-11-01T22:34:00.000Z");
    // The stored milliseconds, then a per-entry microsecond tie-break.
    expect(entry?.updated).toMatch(/^2024-11-02T08:15:30\.123\d{3}Z$/);
    expect(entry?.authors).toEqual([
      { name: "Ilona Marchuk", uri: "https://courier.example.org/contributors/ilona-marchuk" },
      { name: "Courier news desk" },
    ]);
    expect(entry?.links).toEqual([
      { rel: "alternate", type: "text/html", href: REFERENCE_ITEM.url },
      { rel: "enclosure", type: "audio/mpeg", href: "https://media.example.org/audio/repair-hub.mp3", title: "This audio is created with AI assistance" },
    ]);
  });

  it("lists the section first, then the six tags in order, with slug terms and name labels", () => {
    expect(entries(OUTPUTS["full page"])[0]?.categories).toEqual([
      { term: "world", label: "World" },
      { term: "news-feed", label: "News Feed" },
      { term: "taras-velychko", label: "Taras Velychko" },
      { term: "ukraine", label: "Ukraine" },
      { term: "air-defence", label: "Air Defence" },
      { term: "surface-to-air-missiles", label: "Surface-to-Air Missiles" },
      { term: "norway", label: "Norway" },
    ]);
  });

  it("carries summary as text, content as escaped HTML, and the image as media:content", () => {
    const entry = entries(OUTPUTS["full page"])[0];
    expect(entry?.summary).toEqual({ value: REFERENCE_ITEM.summary, type: "text" });
    expect(entry?.content).toEqual({ value: composeContentHtml(REFERENCE_ITEM), type: "html" });
    expect(entry?.content?.value).toContain('<figcaption>Illustrative purposes: technicians during a maintenance drill in Lviv on October 29, 2024 <span class="credit">');
    expect(entry?.media?.contents?.[0]).toEqual({
      url: "https://media.example.org/images/launcher-workshop.jpg",
      type: "image/jpeg",
      medium: "image",
      width: 1600,
      height: 900,
      title: { value: "Technicians inspect a truck-mounted launcher in a workshop", type: "plain" },
      credits: [{ value: "Marek Dzyuba/Eastgate Press via Northlight Images" }],
    });
  });

  it("writes ten <author> elements, in order, for ten bylines", () => {
    const entry = entries(OUTPUTS["full page"])[1];
    expect(entry?.authors?.map((a) => a.name)).toEqual(TEN_NAMES);
    expect(entry?.authors?.[0]).toEqual({ name: "Amal Haddad", uri: "https://courier.example.org/contributors/0?a=1&b=2" });
    expect(entry?.authors?.[1]).toEqual({ name: "Ben O'Brien" });
    const awkwardXml = OUTPUTS["full page"].split("<entry")[2] ?? "";
    expect(awkwardXml.match(/<author>/g)).toHaveLength(10);
  });

  it("survives &, <script>, quotes, emoji, RTL text, control characters and ]]>", () => {
    const entry = entries(OUTPUTS["full page"])[1];
    expect(entry?.title?.value).toBe(AWKWARD_TITLE);
    expect(entry?.content).toEqual({ value: AWKWARD_CONTENT, type: "html" });
    expect(entry?.published).toBe("2024-02-29T21:59:59.999Z");
    expect(entry?.updated).toMatch(/^2024-03-01T00:00:00\.000\d{3}Z$/);
    // No summary of its own: the excerpt stands in, as plain text with control characters gone.
    expect(entry?.summary).toEqual({ value: "Before ]]> after — <b> & it's 🎉…", type: "text" });
    expect(entry?.categories).toEqual([
      // A section name with no Latin letters keeps its name as the term.
      { term: "الشرق الأوسط", label: "الشرق الأوسط" },
      { term: "q-and-a-live-now", label: `Q&A "live" <now>` },
      { term: "hebrew", label: "עברית" },
      { term: "its-fine", label: "it's fine" },
    ]);
    expect(OUTPUTS["full page"]).toContain('<entry xml:lang="ar">');
    expect(OUTPUTS["full page"]).not.toContain("<script>");
  });

  it("credits an unbylined entry to the site, so every entry has an author", () => {
    const [, , minimal, bare] = entries(OUTPUTS["full page"]);
    expect(minimal?.authors).toEqual([{ name: "The Copydesk Courier" }]);
    expect(minimal?.categories).toBeUndefined();
    expect(minimal?.media).toBeUndefined();
    expect(minimal?.links).toEqual([{ rel: "alternate", type: "text/html", href: MINIMAL_ITEM.url }]);
    expect(bare?.media?.contents?.[0]?.title).toEqual({ value: "A bare image", type: "plain" });
    expect(bare?.media?.contents?.[0]?.credits).toBeUndefined();
  });

  it("keeps the id when headline and URL change", () => {
    const edited: FeedItem = { ...AWKWARD_ITEM, headline: "Calm headline", url: "https://courier.example.org/calm" };
    const [entry] = entries(renderAtom(SITE, [edited]));
    expect(entry?.id).toBe("urn:copydesk:article:art_01JAWK0000000000000000");
    expect(entry?.title?.value).toBe("Calm headline");
  });
});

describe("renderAtom: <updated> never repeats within a document", () => {
  // Stories published or imported in the same second (here: the same millisecond) made the W3C
  // validator warn "Two entries with the same value for atom:updated".
  const sameInstant = (n: number) =>
    Array.from({ length: n }, (_, k): FeedItem => ({ ...MINIMAL_ITEM, id: `urn:copydesk:article:art_same_${k}`, updatedAt: "2024-12-24T12:00:00.500Z" }));

  it("gives 200 entries of one millisecond 200 distinct RFC 3339 values within that millisecond", () => {
    const xml = renderAtom(SITE, sameInstant(200));
    const values = entries(xml).map((e) => e.updated);
    expect(values).toHaveLength(200);
    expect(new Set(values).size).toBe(200);
    for (const v of values) expect(v).toMatch(/^2024-12-24T12:00:00\.50\d{4}Z$/);
    expect(xmlErrors(xml)).toEqual([]);
  });

  it("keeps an entry's value whatever its neighbours (a hash of its id), so re-rendered pages agree", () => {
    const [one] = distinctUpdated([REFERENCE_ITEM]);
    expect(distinctUpdated([MINIMAL_ITEM, REFERENCE_ITEM, BARE_IMAGE_ITEM])[1]).toBe(one);
  });

  it("steps a colliding entry on by a microsecond, within its own millisecond", () => {
    // Same id twice is the worst case: the hash cannot separate them, the renderer pass must.
    const twins = [MINIMAL_ITEM, MINIMAL_ITEM, MINIMAL_ITEM];
    const values = distinctUpdated(twins);
    expect(new Set(values).size).toBe(3);
    const micros = values.map((v) => Number(v.slice(20, 26)));
    expect(micros[1]! - micros[0]!).toBe(1);
    expect(micros[2]! - micros[0]!).toBe(2);
    for (const v of values) expect(v.slice(0, 23)).toBe("2024-12-24T12:00:00.000");
  });

  it("stays within the last millisecond of year 9999 (nothing to carry into)", () => {
    const last = Array.from({ length: 100 }, (): FeedItem => ({ ...MINIMAL_ITEM, updatedAt: "9999-12-31T23:59:59.999Z" }));
    const values = distinctUpdated(last);
    expect(new Set(values).size).toBe(100);
    for (const v of values) expect(v).toMatch(/^9999-12-31T23:59:59\.999\d{3}Z$/);
  });

  it("keeps the order of changes: a later millisecond always sorts after an earlier one", () => {
    const a: FeedItem = { ...MINIMAL_ITEM, id: "urn:copydesk:article:a", updatedAt: "2024-12-24T12:00:00.001Z" };
    const b: FeedItem = { ...MINIMAL_ITEM, id: "urn:copydesk:article:b", updatedAt: "2024-12-24T12:00:00.002Z" };
    const [ua, ub] = distinctUpdated([a, b]);
    expect(ua! < ub!).toBe(true);
  });
});

describe("renderAtom: the feed's <updated>", () => {
  it("is the newest entry's value even when the site's newest change has the same millisecond", () => {
    // Same width as the entries' values, so a string comparison cannot prefer "….000Z" over "….000818Z".
    const site = { ...SITE, updated: MINIMAL_ITEM.updatedAt };
    const feed = parseAtomFeed(renderAtom(site, [MINIMAL_ITEM]));
    expect(feed.updated).toBe(entries(renderAtom(site, [MINIMAL_ITEM]))[0]?.updated);
  });
});
