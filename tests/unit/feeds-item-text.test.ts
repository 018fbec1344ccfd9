// The feeds' items rendered one at a time (src/feeds: rssItemText, atomEntryText, jsonFeedItemText),
// as the isolate keeps them (src/public/feed-item-cache.ts): a document built from kept texts is the
// document rendered whole, byte for byte, and JSON Feed's is still exactly what the pretty-printer
// gives for its value (what renderJsonFeed printed when it stringified the document whole).
import { describe, expect, it } from "vitest";
import { atomEntryText, distinctUpdated, jsonFeedItemText, renderAtom, renderJsonFeed, renderRss, rssItemText } from "../../src/feeds";
import { ALL_ITEMS, AWKWARD_ITEM, EMPTY_SITE, LAST_PAGE_SITE, REFERENCE_ITEM, SITE } from "../fixtures/feed-items";

const cases = [
  { site: SITE, items: ALL_ITEMS },
  { site: LAST_PAGE_SITE, items: [REFERENCE_ITEM] },
  { site: { ...SITE, language: "uk", hubs: ["https://hub.example/"] }, items: [AWKWARD_ITEM, REFERENCE_ITEM] },
  { site: EMPTY_SITE, items: [] },
];

describe("a feed from its items' kept texts", () => {
  it("is the JSON Feed the pretty-printer gives for its value", () => {
    for (const { site, items } of cases) {
      const text = renderJsonFeed(site, items);
      expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2));
      expect(JSON.parse(text).items).toHaveLength(items.length);
      const texts = items.map(jsonFeedItemText);
      expect(renderJsonFeed(site, items, (_item, k) => texts[k]!)).toBe(text);
    }
  });

  it("is the RSS and the Atom rendered whole", () => {
    for (const { site, items } of cases) {
      const rss = items.map((item) => rssItemText(site, item));
      expect(renderRss(site, items, (_s, _item, k) => rss[k]!)).toBe(renderRss(site, items));
      const updated = distinctUpdated(items);
      const atom = items.map((item, k) => atomEntryText(site, item, updated[k]!));
      expect(renderAtom(site, items, (_s, _item, _u, k) => atom[k]!)).toBe(renderAtom(site, items));
    }
  });
});
