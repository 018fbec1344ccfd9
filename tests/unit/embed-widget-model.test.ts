// The feed widget's view model (src/embed/widget/model.ts): what a partner page shows from our JSON
// Feed. Fed the real renderer's output (so a renamed `_copydesk` field breaks this test, not a
// partner's page), other publishers' plain JSON Feeds, and hostile or broken documents.
import { describe, expect, it } from "vitest";
import { dirOf, feedView, limitOf, refreshOf } from "../../src/embed/widget/model";
import { renderJsonFeed } from "../../src/feeds";
import { AWKWARD_HEADLINE, ALL_ITEMS, BARE_IMAGE_ITEM, REFERENCE_HEADLINE, REFERENCE_ITEM, SITE, TEN_NAMES } from "../fixtures/feed-items";

const ours = feedView(JSON.parse(renderJsonFeed(SITE, ALL_ITEMS)), 50);
const [reference, awkward, minimal, bareImage] = ours.items;

describe("our own JSON Feed", () => {
  it("gives every story, in the feed's order, under the feed's title", () => {
    expect(ours.title).toBe("The Copydesk Courier");
    expect(ours.items.map((i) => i.url)).toEqual(ALL_ITEMS.map((i) => i.url));
  });

  it("shows the reference story whole: dek, both bylines in order (a person, then a desk), time, image with credit", () => {
    expect(reference).toEqual({
      headline: REFERENCE_HEADLINE,
      url: REFERENCE_ITEM.url,
      dek: REFERENCE_ITEM.dek,
      byline: "Ilona Marchuk and Courier news desk",
      published: "2024-11-01T22:34:00.000Z",
      image: {
        url: "https://media.example.org/images/launcher-workshop.jpg",
        width: 1600,
        height: 900,
        alt: "Technicians inspect a truck-mounted launcher in a workshop",
        credit: "Marek Dzyuba/Eastgate Press via Northlight Images",
      },
      language: "en",
      dir: "auto",
    });
  });

  it("keeps hostile text as text: markup, entities, quotes and emoji come through literally, never decoded or stripped", () => {
    // The element sets textContent, so "<script>" is shown, not run; the model must not "clean" it
    // into something else either (a reader would then see a different headline than the feed's).
    expect(awkward!.headline).toBe(AWKWARD_HEADLINE);
    expect(awkward!.headline).toContain(`<script>alert("x")</script>`);
    expect(awkward!.dek).toBe(`Dek with <i>tags</i> & "quotes" — שלום 🎉`);
    expect(awkward!.url).toBe("https://courier.example.org/%D8%A7%D9%84%D8%B4%D8%B1%D9%82/tom-and-jerry?utm=a&b=c");
  });

  it("gives ten bylines as the newsroom's one line, in order, the desk last", () => {
    expect(awkward!.byline).toBe(`${TEN_NAMES.slice(0, -1).join(", ")} and ${TEN_NAMES.at(-1)}`);
    expect(awkward!.byline.indexOf("Amal Haddad")).toBe(0);
    expect(awkward!.byline.endsWith("and Jo & Co desk")).toBe(true);
  });

  it("marks an Arabic story right-to-left and keeps its language; the time is UTC whatever offset was stored", () => {
    expect(awkward).toMatchObject({ language: "ar", dir: "rtl", image: null, published: "2024-02-29T21:59:59.999Z" });
  });

  it("leaves out what a story lacks: no dek, no byline, no image; an image without size or credit keeps its alt", () => {
    expect(minimal).toMatchObject({ dek: null, byline: "", image: null });
    expect(bareImage!.image).toEqual({ url: BARE_IMAGE_ITEM.image!.url, width: null, height: null, alt: "A bare image", credit: null });
  });
});

describe("another publisher's JSON Feed (no _copydesk)", () => {
  const plain = {
    version: "https://jsonfeed.org/version/1.1",
    title: "חדשות",
    language: "he-IL",
    items: [
      {
        id: "1",
        url: "https://other.example/a",
        title: "כותרת ראשית",
        image: "https://other.example/a.jpg",
        authors: [{ name: "Dana Levi" }, { name: "" }, { name: "Ben O'Brien" }, { name: "Desk" }],
        date_published: "2026-01-02T03:04:05+01:00",
      },
      { id: "2", url: "https://other.example/b", title: "English inside a Hebrew feed", language: "en", authors: [{ name: "Solo" }] },
    ],
  };

  it("joins the standard authors, takes the plain image (no alt or credit to give) and inherits the feed's language", () => {
    const [first, second] = feedView(plain, 5).items;
    expect(first).toEqual({
      headline: "כותרת ראשית",
      url: "https://other.example/a",
      dek: null,
      byline: "Dana Levi, Ben O'Brien and Desk",
      published: "2026-01-02T02:04:05.000Z",
      image: { url: "https://other.example/a.jpg", width: null, height: null, alt: "", credit: null },
      language: "he-IL",
      dir: "rtl",
    });
    expect(second).toMatchObject({ byline: "Solo", language: "en", dir: "auto", image: null, published: null });
  });
});

describe("broken and hostile documents", () => {
  it("turns anything that is not a feed into an empty view", () => {
    for (const doc of [null, undefined, "feed", 42, [], { items: "none" }, { items: null }, { title: 7, items: {} }]) {
      expect(feedView(doc, 5)).toEqual({ title: "", items: [] });
    }
  });

  it("skips malformed items, and items whose link is not http(s), without dropping the good ones", () => {
    const good = { url: "https://news.example/ok", title: "Fine" };
    const items = [
      null,
      "a string",
      [good],
      { url: "https://news.example/no-title" },
      { url: "https://news.example/blank", title: "   " },
      { url: "https://news.example/number", title: 12 },
      { title: "No link" },
      { url: "javascript:alert(1)", title: "Script link" },
      { url: "JavaScript:alert(1)", title: "Script link, capitals" },
      { url: "data:text/html,<script>alert(1)</script>", title: "Data link" },
      { url: "/relative/path", title: "Relative link" },
      { url: "not a url", title: "Junk" },
      good,
    ];
    expect(feedView({ items }, 50).items.map((i) => i.headline)).toEqual(["Fine"]);
  });

  it("drops a bad image (not http(s), no url) but keeps the story; nonsense sizes and dates become null", () => {
    const item = (image: unknown, extra: object = {}) => ({ url: "https://news.example/x", title: "X", _copydesk: { image, byline: 3, dek: { html: "<b>" } }, ...extra });
    const view = feedView(
      {
        items: [
          item({ url: "javascript:alert(1)", alt: "x" }),
          item({ alt: "no url" }),
          item("https://news.example/string-instead-of-object.jpg"),
          item({ url: "https://news.example/i.jpg", width: -1, height: "900", alt: 5, credit: "" }, { date_published: "yesterday", language: "not a tag!" }),
        ],
      },
      50,
    );
    expect(view.items.map((i) => i.image)).toEqual([null, null, null, { url: "https://news.example/i.jpg", width: null, height: null, alt: "", credit: null }]);
    // A non-string byline or dek is ignored, not stringified into "3" or "[object Object]".
    expect(view.items[3]).toMatchObject({ byline: "", dek: null, published: null, language: null, dir: "auto" });
  });
});

describe("attributes", () => {
  it("limit: 1 to 50, default 5, and only well-formed items count towards it", () => {
    const cases: [string | null, number][] = [[null, 5], ["", 5], ["abc", 5], ["0", 1], ["-3", 1], ["1", 1], ["7.9", 7], ["50", 50], ["51", 50], ["1e3", 50], [" 12 ", 12]];
    expect(cases.map(([raw]) => limitOf(raw))).toEqual(cases.map(([, n]) => n));
    const items = Array.from({ length: 60 }, (_, i) => (i % 2 ? { url: `https://news.example/${i}`, title: `Story ${i}` } : { title: "broken" }));
    expect(feedView({ items }, limitOf("3")).items.map((i) => i.headline)).toEqual(["Story 1", "Story 3", "Story 5"]);
    expect(feedView({ items }, limitOf("500")).items).toHaveLength(30);
  });

  it("refresh: seconds, default 60, at least 10 and at most a day; 0 or less never polls", () => {
    const cases: [string | null, number][] = [[null, 60], ["", 60], ["soon", 60], ["0", 0], ["-1", 0], ["1", 10], ["2", 10], ["10", 10], ["30", 30], ["1e9", 86_400]];
    expect(cases.map(([raw]) => refreshOf(raw))).toEqual(cases.map(([, n]) => n));
  });

  it("dir: right-to-left by primary language subtag only, so a language that merely starts with 'ar' stays auto", () => {
    for (const tag of ["ar", "ar-EG", "he", "HE-il", "fa", "fa-IR", "ur", "ps", "sd", "ug", "yi", "dv", "ckb", "ku-Arab"]) expect(dirOf(tag), tag).toBe("rtl");
    // arn is Mapudungun, hr Croatian, ku plain Kurdish (Latin script), en-Arab is not a script change we follow.
    for (const tag of ["en", "arn", "hr", "ku", "fr-CA", "ug-Latn", "", null]) expect(dirOf(tag), String(tag)).toBe("auto");
    // The card's rule exactly (src/lib/text-direction.ts): a script subtag decides, so the widget
    // and the card never disagree about a story.
    for (const tag of ["pnb", "ji", "mzn", "az-Arab", "pa-Arab", "ms-Arab"]) expect(dirOf(tag), tag).toBe("rtl");
  });
});
