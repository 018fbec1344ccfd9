// The pure side of amendments: the inline document's schema, the block at the foot of body_html and
// feed content (awkward text stays text, links keep the body's URL rules), and JSON-LD `correction`
// checked against schema.org's own definitions of `correction` and `CorrectionComment`.
import { parseFragment } from "parse5";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { AmendmentDocSchema, amendmentHtml, amendmentsBlockHtml, amendmentText, type ShownAmendment } from "../../src/amendments/doc";
import { composeContentHtml } from "../../src/feeds/content-html";
import type { FeedItem } from "../../src/feeds/model";
import { newsArticleJsonLd } from "../../src/seo/json-ld";
import { MINIMAL_ITEM, readAsHtml } from "../fixtures/feed-items";

const AWKWARD = `Tom & Jerry <script>alert("x")</script> it's 🎉 — "quoted" مرحبا بالعالم`;
const p = (...content: unknown[]) => ({ type: "paragraph", content });
const t = (text: string, marks?: unknown[]) => (marks ? { type: "text", text, marks } : { type: "text", text });
const docOf = (...paragraphs: unknown[]) => v.parse(AmendmentDocSchema, { type: "doc", content: paragraphs });

const correction: ShownAmendment = {
  id: "amd_1",
  kind: "correction",
  body: docOf(p(t("An earlier version misstated the "), t("date", [{ type: "bold" }]), t(" of the vote; see "), t("the minutes", [{ type: "link", attrs: { href: "https://council.example/minutes?a=1&b=2" } }]), t("."))),
  publishedAt: "2026-11-30T01:42:07.123Z",
};
const awkward: ShownAmendment = { id: "amd_2", kind: "editors_note", body: docOf(p(t(AWKWARD))), publishedAt: "2026-11-30T02:00:00.000Z" };

describe("the inline document", () => {
  it("takes paragraphs of text with bold, italic and links, and refuses everything else", () => {
    expect(v.safeParse(AmendmentDocSchema, { type: "doc", content: [p(t("ok", [{ type: "italic" }]))] }).success).toBe(true);
    const refused = [
      { type: "doc", content: [] },
      { type: "doc", content: [p(t("  "))] },
      { type: "doc", content: [{ type: "heading", attrs: { level: 2 }, content: [t("x")] }] },
      { type: "doc", content: [{ type: "image", attrs: { media_id: "m", alt: "" } }] },
      { type: "doc", content: [p(t("x", [{ type: "link", attrs: { href: "javascript:alert(1)" } }]))] },
      { type: "doc", content: [p(t("x", [{ type: "code" }]))] },
      { type: "doc", content: Array.from({ length: 11 }, () => p(t("x"))) },
      { type: "doc", content: [p(t("x".repeat(4_001)))] },
    ];
    for (const input of refused) expect(v.safeParse(AmendmentDocSchema, input).success, JSON.stringify(input).slice(0, 60)).toBe(false);
  });

  it("renders with the body's renderer and reads back as plain text", () => {
    expect(amendmentHtml(correction.body)).toBe(
      '<p>An earlier version misstated the <strong>date</strong> of the vote; see <a href="https://council.example/minutes?a=1&amp;b=2" rel="noopener noreferrer">the minutes</a>.</p>',
    );
    expect(amendmentText(correction.body)).toBe("An earlier version misstated the date of the vote; see the minutes.");
  });
});

describe("the block at the foot of a story", () => {
  const html = amendmentsBlockHtml([correction, awkward]);

  it("is one aside, an entry per amendment: its kind as heading, its time, its text", () => {
    const aside = parseFragment(html).childNodes as any[];
    expect(aside).toHaveLength(1);
    expect(aside[0].tagName).toBe("aside");
    expect(aside[0].attrs).toContainEqual({ name: "class", value: "copydesk-amendments" });
    // The fixed English labels say so (lang="en"), for a story in any language.
    expect(html).toContain('<section class="copydesk-amendment copydesk-amendment-correction" id="amendment-amd_1"><h2 lang="en">Correction</h2>');
    expect(html).toContain('<p class="copydesk-amendment-time" lang="en"><time datetime="2026-11-30T01:42:07.123Z">30 November 2026, 01:42 UTC</time></p>');
    expect(html).toContain('<h2 lang="en">Editor’s note</h2>');
    expect(amendmentsBlockHtml([])).toBe("");
  });

  it("gives each entry's text its own direction: an Arabic entry runs right to left inside the English labels", () => {
    const arabic: ShownAmendment = { id: "amd_3", kind: "correction", body: docOf(p(t("ذكرت نسخة سابقة تاريخ التصويت خطأً."))), publishedAt: "2026-11-30T03:00:00.000Z" };
    const block = amendmentsBlockHtml([arabic]);
    const section = (parseFragment(block).childNodes[0] as any).childNodes[0];
    const [heading, time, text] = section.childNodes;
    expect([heading.tagName, heading.attrs]).toEqual(["h2", [{ name: "lang", value: "en" }]]);
    expect(time.attrs).toContainEqual({ name: "lang", value: "en" });
    // The text carries no lang="en" from the labels, and dir="auto" (the browser finds RTL from its first strong character).
    expect(text.attrs).toEqual([{ name: "class", value: "copydesk-amendment-text" }, { name: "dir", value: "auto" }]);
    expect(block).toContain('<div class="copydesk-amendment-text" dir="auto"><p>ذكرت نسخة سابقة تاريخ التصويت خطأً.</p></div>');
  });

  it("keeps awkward text inert: no element from it, the characters shown as written", () => {
    const read = readAsHtml(html);
    expect(read.elements).not.toContain("script");
    expect(read.elements.filter((e) => e === "a")).toHaveLength(1);
    expect(read.text).toContain(AWKWARD);
  });

  it("closes a feed item's content, after the related stories", () => {
    const item: FeedItem = {
      ...MINIMAL_ITEM,
      bodyHtml: "<p>Body</p>",
      related: [{ kind: "external", url: "https://elsewhere.example/x", title: "Elsewhere", summary: null, source: null }],
      amendments: [correction],
    };
    const content = composeContentHtml(item);
    expect(content.indexOf('<ul class="related">')).toBeLessThan(content.indexOf('<aside class="copydesk-amendments"'));
    expect(content.endsWith("</aside>")).toBe(true);
    expect(composeContentHtml({ ...item, amendments: [] })).not.toContain("copydesk-amendments");
  });
});

// schema.org, as published (https://schema.org/correction, https://schema.org/CorrectionComment,
// https://schema.org/text, https://schema.org/datePublished): the property, where it may appear and
// what it expects; the properties a CorrectionComment (a Comment, so a CreativeWork) may carry.
const SCHEMA_ORG = {
  correction: { domainIncludes: ["CreativeWork"], rangeIncludes: ["CorrectionComment", "Text", "URL"] },
  CorrectionComment: { subClassOf: "Comment", properties: { text: ["Text"], datePublished: ["Date", "DateTime"] } },
  // NewsArticle ⊂ Article ⊂ CreativeWork: `correction` is allowed on it.
  NewsArticle: { ancestors: ["Article", "CreativeWork", "Thing"] },
} as const;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

describe("JSON-LD correction", () => {
  const item: FeedItem = { ...MINIMAL_ITEM, amendments: [correction, awkward, { ...correction, id: "amd_3", kind: "clarification" }] };
  const ld = newsArticleJsonLd({ item, publisher: { name: "The Courier", url: "https://news.example/" } }) as unknown as Record<string, unknown>;

  it("is allowed where we put it and holds only what schema.org defines", () => {
    expect(SCHEMA_ORG.NewsArticle.ancestors).toContain(SCHEMA_ORG.correction.domainIncludes[0]);
    const list = ld.correction as Record<string, unknown>[];
    expect(Array.isArray(list)).toBe(true);
    for (const entry of list) {
      expect(SCHEMA_ORG.correction.rangeIncludes).toContain(entry["@type"]);
      expect(entry["@type"]).toBe("CorrectionComment");
      const allowed = ["@type", ...Object.keys(SCHEMA_ORG.CorrectionComment.properties)];
      expect(Object.keys(entry).filter((k) => !allowed.includes(k))).toEqual([]);
      expect(typeof entry.text).toBe("string");
      expect(entry.datePublished).toMatch(DATE_TIME);
    }
  });

  it("lists corrections only (a clarification or editor's note admits no error), as plain text, to the second", () => {
    expect(ld.correction).toEqual([
      { "@type": "CorrectionComment", text: "An earlier version misstated the date of the vote; see the minutes.", datePublished: "2026-11-30T01:42:07Z" },
    ]);
  });

  it("is left out when the story has no correction", () => {
    const none = newsArticleJsonLd({ item: { ...MINIMAL_ITEM, amendments: [awkward] }, publisher: { name: "C", url: "https://news.example/" } });
    expect("correction" in none).toBe(false);
  });
});
