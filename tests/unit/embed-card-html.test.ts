// The card page and the demo page as pure renderers, read back with parse5 (the parser browsers
// implement): awkward text stays text, RTL stories turn the page, nothing can run, and the CSP hash
// is the hash of the <style> actually in the page.
import { parse } from "parse5";
import { describe, expect, it } from "vitest";
import { CARD_CSS, cardCsp, humanDate, renderCard, styleHashSource, textDirection, type CardInput } from "../../src/embed/card-html";
import { DEMO_CSS, demoCsp, renderDemo } from "../../src/embed/demo-html";
import { iframeHtml } from "../../src/embed/oembed";
import type { FeedPerson } from "../../src/feeds/model";

const AWKWARD = `Q&A: "Tom & Jerry" <script>alert('x')</script> 🚀 <b>bold</b>`;
const person = (name: string): FeedPerson => ({ name, kind: "person", role: null, url: null, avatarUrl: null });
const IMAGE = { url: "https://api.example/media/med_1", mimeType: "image/jpeg", width: 1600, height: 1067, alt: `Alt "quoted" & <tagged>`, caption: null, credit: "Marek Dzyuba/Eastgate & Co" };

function card(over: Partial<CardInput["item"]> = {}, site = "The Courier & <Sons>"): CardInput {
  return {
    item: {
      url: "https://news.example/world/q-and-a?x=1&y=2",
      headline: AWKWARD,
      bylines: [person("Ilona Marchuk"), person("Courier news desk")],
      section: { name: "World & Nation", url: "https://news.example/world" },
      image: IMAGE,
      publishedAt: "2024-11-01T22:34:00.000Z",
      language: "en",
      ...over,
    },
    siteName: site,
    timeZone: "Europe/Kyiv",
    oembed: { json: "https://api.example/oembed?url=a&format=json", xml: "https://api.example/oembed?url=a&format=xml" },
  };
}

// --- a tiny DOM reader over parse5's tree ---
type Node = { nodeName: string; tagName?: string; attrs?: { name: string; value: string }[]; childNodes?: Node[]; value?: string; content?: Node };
const all = (n: Node): Node[] => [n, ...(n.childNodes ?? []).flatMap(all), ...(n.content ? all(n.content) : [])];
const attrsOf = (n: Node) => Object.fromEntries((n.attrs ?? []).map((a) => [a.name, a.value]));
const textOf = (n: Node): string => (n.nodeName === "#text" ? n.value! : (n.childNodes ?? []).map(textOf).join(""));
const tags = (doc: Node, name: string) => all(doc).filter((n) => n.tagName === name);
const byClass = (doc: Node, cls: string) => all(doc).find((n) => (attrsOf(n).class ?? "").split(" ").includes(cls));

describe("renderCard", () => {
  it("shows the headline as a link to the story, section, whole byline, date, image, credit and site, all as text", () => {
    const html = renderCard(card());
    const doc = parse(html) as unknown as Node;
    const [root] = tags(doc, "html");
    expect(attrsOf(root!)).toEqual({ lang: "en", dir: "ltr" });
    const link = tags(doc, "h1")[0]!.childNodes![0]!;
    expect(link.tagName).toBe("a");
    expect(attrsOf(link)).toEqual({ href: "https://news.example/world/q-and-a?x=1&y=2", target: "_blank", rel: "noopener" });
    expect(textOf(link)).toBe(AWKWARD);
    expect(textOf(byClass(doc, "section")!)).toBe("World & Nation");
    expect(textOf(byClass(doc, "byline")!)).toBe("Ilona Marchuk and Courier news desk");
    // Kyiv is UTC+2 in November: 22:34 UTC is 00:34 on the 2nd there.
    const time = tags(doc, "time")[0]!;
    expect(attrsOf(time).datetime).toBe("2024-11-01T22:34:00.000Z");
    expect(textOf(time)).toMatch(/^November 2, 2024 at 12:34\sAM$/);
    expect(attrsOf(tags(doc, "img")[0]!)).toEqual({ src: IMAGE.url, alt: IMAGE.alt, width: "1600", height: "1067", decoding: "async" });
    expect(textOf(tags(doc, "figcaption")[0]!)).toBe(IMAGE.credit);
    expect(textOf(byClass(doc, "site")!)).toBe("The Courier & <Sons>");
    // Nothing the story says became markup: one of each element we wrote, and no script anywhere.
    expect(tags(doc, "script")).toEqual([]);
    expect(tags(doc, "b")).toEqual([]);
    expect(all(doc).some((n) => (n.attrs ?? []).some((a) => a.name.startsWith("on") || a.name === "style"))).toBe(false);
  });

  it("has the head a framed, unindexed card needs: noindex, canonical, both oEmbed discovery links, one style", () => {
    const doc = parse(renderCard(card())) as unknown as Node;
    const metas = tags(doc, "meta").map(attrsOf);
    expect(metas).toContainEqual({ name: "robots", content: "noindex" });
    const links = tags(doc, "link").map(attrsOf);
    expect(links).toContainEqual({ rel: "canonical", href: "https://news.example/world/q-and-a?x=1&y=2" });
    expect(links).toContainEqual({ rel: "alternate", type: "application/json+oembed", href: "https://api.example/oembed?url=a&format=json", title: AWKWARD });
    expect(links).toContainEqual({ rel: "alternate", type: "text/xml+oembed", href: "https://api.example/oembed?url=a&format=xml", title: AWKWARD });
    const styles = tags(doc, "style");
    expect(styles).toHaveLength(1);
    expect(textOf(styles[0]!)).toBe(CARD_CSS);
    // A canonical URL set in the story's SEO fields wins, as it does for share.url.
    const elsewhere = parse(renderCard({ ...card(), canonical: "https://partner.example/original?a=1&b=2" })) as unknown as Node;
    expect(tags(elsewhere, "link").map(attrsOf)).toContainEqual({ rel: "canonical", href: "https://partner.example/original?a=1&b=2" });
  });

  it("turns right to left for RTL languages, by language or by script", () => {
    const doc = parse(renderCard(card({ language: "ar", headline: "عنوان الخبر" }))) as unknown as Node;
    expect(attrsOf(tags(doc, "html")[0]!)).toEqual({ lang: "ar", dir: "rtl" });
    const cases: [string, "rtl" | "ltr"][] = [["he", "rtl"], ["fa-IR", "rtl"], ["ur", "rtl"], ["ku-Arab", "rtl"], ["az-Arab-IR", "rtl"], ["uk", "ltr"], ["en-GB", "ltr"], ["ug-Latn", "ltr"], ["", "ltr"], ["<x>", "ltr"]];
    for (const [lang, dir] of cases) expect(textDirection(lang), lang).toBe(dir);
    // A malformed tag is never written out as the lang attribute.
    expect(attrsOf(tags(parse(renderCard(card({ language: `x"><script>` }))) as unknown as Node, "html")[0]!).lang).toBe("und");
  });

  it("keeps ten bylines in order, and does without image, credit, section or byline", () => {
    const ten = Array.from({ length: 10 }, (_, i) => person(`Reporter ${i + 1}`));
    const doc = parse(renderCard(card({ bylines: ten }))) as unknown as Node;
    expect(textOf(byClass(doc, "byline")!)).toBe(`${ten.slice(0, 9).map((p) => p.name).join(", ")} and Reporter 10`);
    const bare = parse(renderCard(card({ bylines: [], image: null, section: null }))) as unknown as Node;
    expect(tags(bare, "img")).toEqual([]);
    expect(tags(bare, "figure")).toEqual([]);
    expect(byClass(bare, "byline")).toBeUndefined();
    expect(byClass(bare, "section")).toBeUndefined();
    const noCredit = parse(renderCard(card({ image: { ...IMAGE, credit: "  ", width: null, height: null } }))) as unknown as Node;
    expect(tags(noCredit, "figcaption")).toEqual([]);
    expect(attrsOf(tags(noCredit, "img")[0]!)).not.toHaveProperty("width");
  });

  it("formats dates in the story's language, and survives a bad zone or date", () => {
    expect(humanDate("2024-11-01T22:34:00.000Z", "uk", "Europe/Kyiv")).toMatch(/2 листопада 2024/);
    // An unknown zone falls back to UTC: still 1 November there (Kyiv had reached the 2nd).
    expect(humanDate("2024-11-01T22:34:00.000Z", "en", "Not/AZone").replace(/\s/gu, " ")).toBe("November 1, 2024 at 10:34 PM");
    expect(humanDate("not a date", "en", "UTC")).toBe("");
  });
});

describe("the CSP of the pages", () => {
  it("allows the card's own style by the hash of its exact text, images, and framing by anyone; nothing else", async () => {
    const hash = await styleHashSource(CARD_CSS);
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(CARD_CSS));
    expect(hash).toBe(`'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}'`);
    expect(await styleHashSource(CARD_CSS)).toBe(hash);
    const csp = cardCsp("https://api.example", hash);
    expect(csp).toBe(`default-src 'none'; img-src https://api.example https:; style-src ${hash}; base-uri 'none'; form-action 'none'; frame-ancestors *`);
    expect(csp).not.toMatch(/script-src|unsafe/);
    expect(demoCsp(await styleHashSource(DEMO_CSS))).toMatch(/script-src 'self';.*frame-src 'self';.*frame-ancestors 'none'$/);
  });
});

describe("renderDemo", () => {
  it("shows the widget, the card's iframe live, and each snippet as text", () => {
    const frame = iframeHtml("https://api.example/embed/v1/article/q", AWKWARD, 560, 200);
    const html = renderDemo({ siteName: "The Courier & <Sons>", origin: "https://api.example", card: { html: frame, articleUrl: "https://news.example/world/q", oembed: { json: "https://api.example/oembed?url=x&format=json", xml: "https://api.example/oembed?url=x&format=xml" } } });
    const doc = parse(html) as unknown as Node;
    // The only script is the widget's, from our origin; the only frame is the card.
    expect(tags(doc, "script").map(attrsOf)).toEqual([{ src: "/embed/v1/feed.js", defer: "" }]);
    expect(attrsOf(tags(doc, "copydesk-feed")[0]!)).toEqual({ src: "/feed.json", limit: "5", images: "" });
    expect(tags(doc, "iframe").map((f) => attrsOf(f).src)).toEqual(["https://api.example/embed/v1/article/q"]);
    const snippets = tags(doc, "code").map(textOf);
    expect(snippets).toContain(`<script src="https://api.example/embed/v1/feed.js" defer></script>\n<copydesk-feed src="https://api.example/feed.json" limit="5" images></copydesk-feed>`);
    expect(snippets).toContain(frame);
    expect(textOf(tags(doc, "h1")[0]!)).toBe("Embedding The Courier & <Sons>");
    expect(textOf(tags(doc, "style")[0]!)).toBe(DEMO_CSS);
  });

  it("still renders for an empty newsroom, with the widget and no card", () => {
    const doc = parse(renderDemo({ siteName: "Empty", origin: "https://api.example", card: null })) as unknown as Node;
    expect(tags(doc, "iframe")).toEqual([]);
    expect(tags(doc, "copydesk-feed")).toHaveLength(1);
    expect(textOf(doc)).toContain("Nothing is published yet");
  });
});
