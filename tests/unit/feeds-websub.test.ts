// WebSub discovery in the documents (W3C WebSub §4): with hubs, every format names each hub and
// itself; without, the output is byte-for-byte what it was. A feed with hubs must still pass the
// same readers and schema the main renderer tests use (feedsmith, fast-xml-parser, saxes, the
// JSON Feed 1.1 schema), since a discovery link that broke a reader would cost more than it gives.
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { XMLValidator } from "fast-xml-parser";
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from "feedsmith";
import jsonFeedSchema from "jsonfeed-schema/schema-v1.1.json";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { renderAtom, renderJsonFeed, renderRss, type FeedSite } from "../../src/feeds";
import { JsonFeedView } from "../../src/feeds/json-feed-schema";
import { ALL_ITEMS, EMPTY_SITE, SITE, xmlErrors } from "../fixtures/feed-items";

const HUBS = ["https://pubsubhubbub.appspot.com/", "https://hub.example.net/publish?site=courier&x=1"];
const WITH_HUBS: FeedSite = { ...SITE, hubs: HUBS };
const EMPTY_WITH_HUBS: FeedSite = { ...EMPTY_SITE, hubs: HUBS };

const ajv = new Ajv({ allErrors: true });
addFormats(ajv);
const validateJsonFeed = ajv.compile(jsonFeedSchema);

describe("feeds with WebSub hubs", () => {
  it("RSS: an atom:link rel=hub per hub, in order, beside rel=self; still well-formed and parsed", () => {
    for (const site of [WITH_HUBS, EMPTY_WITH_HUBS]) {
      const xml = renderRss(site, site === WITH_HUBS ? ALL_ITEMS : []);
      expect(xmlErrors(xml)).toEqual([]);
      expect(XMLValidator.validate(xml)).toBe(true);
      const links = parseRssFeed(xml).atom?.links ?? [];
      expect(links.filter((l) => l.rel === "hub").map((l) => l.href)).toEqual(HUBS);
      expect(links.filter((l) => l.rel === "self").map((l) => l.href)).toEqual([SITE.feedUrl]);
    }
    // The query string's "&" is escaped in the document, and read back whole above.
    expect(renderRss(WITH_HUBS, [])).toContain('href="https://hub.example.net/publish?site=courier&amp;x=1" rel="hub"');
  });

  it("Atom: a link rel=hub per hub, in order, beside rel=self; still well-formed and parsed", () => {
    for (const site of [WITH_HUBS, EMPTY_WITH_HUBS]) {
      const xml = renderAtom(site, site === WITH_HUBS ? ALL_ITEMS : []);
      expect(xmlErrors(xml)).toEqual([]);
      expect(XMLValidator.validate(xml)).toBe(true);
      const feed = parseAtomFeed(xml);
      expect(feed.links?.filter((l) => l.rel === "hub").map((l) => l.href)).toEqual(HUBS);
      expect(feed.links?.filter((l) => l.rel === "self").map((l) => l.href)).toEqual([SITE.feedUrl]);
      expect(feed.id).toBe(SITE.feedUrl);
    }
  });

  it("JSON Feed: hubs [{type: WebSub, url}] and feed_url; valid JSON Feed 1.1 and our own view schema", () => {
    for (const site of [WITH_HUBS, EMPTY_WITH_HUBS]) {
      const json = renderJsonFeed(site, site === WITH_HUBS ? ALL_ITEMS : []);
      const feed = JSON.parse(json);
      expect(validateJsonFeed(feed), ajv.errorsText(validateJsonFeed.errors)).toBe(true);
      // The content document describes /feed.json with this schema (responses are checked against it).
      // Strict, as the test helpers read the document (additionalProperties: false): `hubs` is declared.
      expect(v.safeParse(v.strictObject(JsonFeedView.pipe[0].entries), feed).issues).toBeUndefined();
      expect(feed.hubs).toEqual(HUBS.map((url) => ({ type: "WebSub", url })));
      expect(feed.feed_url).toBe(SITE.feedUrl);
      expect(parseJsonFeed(json).hubs).toEqual(HUBS.map((url) => ({ type: "WebSub", url })));
    }
  });

  it("the JSON Feed schema check has teeth: a hub without a url is refused", () => {
    const feed = JSON.parse(renderJsonFeed(WITH_HUBS, []));
    delete feed.hubs[0].url;
    expect(validateJsonFeed(feed)).toBe(false);
  });

  it("no hubs (absent or empty): the very same bytes as before, and no hub anywhere", () => {
    for (const render of [renderRss, renderAtom, renderJsonFeed]) {
      const plain = render(SITE, ALL_ITEMS);
      expect(render({ ...SITE, hubs: [] }, ALL_ITEMS)).toBe(plain);
      expect(plain).not.toMatch(/"hub"|"hubs"|WebSub/);
    }
  });
});
