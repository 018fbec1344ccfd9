// The oEmbed answer and the URL reading, as pure functions: awkward text, size rules, and which
// addresses name a story. The answers are held to the spec's rules by tests/helpers/oembed-rules.ts,
// which is first shown to refuse broken answers (a checker that passes everything proves nothing).
import fc from "fast-check";
import { XMLParser } from "fast-xml-parser";
import { parse } from "parse5";
import { describe, expect, it } from "vitest";
import { candidateFromUrl, MAX_URL_LENGTH, sameArticleUrl } from "../../src/embed/article-url";
import { buildOEmbed, CARD_HEIGHT, DEFAULT_WIDTH, IFRAME_SANDBOX, oembedXml, type OEmbedInput } from "../../src/embed/oembed";
import type { FeedPerson } from "../../src/feeds/model";
import { siteUrls } from "../../src/lib/urls";
import { oembedViolations } from "../helpers/oembed-rules";

const person = (name: string, url: string | null = `https://news.example/authors/${encodeURIComponent(name)}`): FeedPerson => ({ name, kind: "person", role: null, url, avatarUrl: null });
const AWKWARD = `Q&A: "Tom & Jerry" <script>alert('x')</script> 🚀 ends`;
const IMAGE = { url: "https://api.example/media/med_1", mimeType: "image/jpeg", width: 1600, height: 1067, alt: "A <b>bold</b> alt", caption: null, credit: "Photo & Co" };

function input(over: Partial<OEmbedInput["item"]> = {}, rest: Partial<OEmbedInput> = {}): OEmbedInput {
  return {
    item: { headline: AWKWARD, bylines: [person("Ilona Marchuk"), person("Courier news desk", null)], image: IMAGE, ...over },
    cardUrl: "https://api.example/embed/v1/article/q-and-a",
    provider: { name: "The Courier & Sons", url: "https://news.example/" },
    ...rest,
  };
}

describe("the oEmbed rules checker", () => {
  it("refuses answers that break the rules, one message per broken rule", () => {
    const good = buildOEmbed(input());
    expect(oembedViolations(good)).toEqual([]);
    const broken: [Record<string, unknown>, RegExp, object?][] = [
      [{ ...good, type: "card" }, /type must be/],
      [{ ...good, version: "1" }, /version must be "1.0"/],
      [{ ...good, html: undefined }, /rich needs html/],
      [{ ...good, width: 0 }, /width as a positive integer/],
      [{ ...good, height: 12.5 }, /height as a positive integer/],
      [{ ...good, width: "560" }, /width as a positive integer/],
      [{ type: "photo", version: "1.0", width: 1, height: 1 }, /photo needs url/],
      [{ ...good, thumbnail_width: undefined }, /all three or none/],
      [{ ...good, width: 600 }, /width 600 exceeds maxwidth 560/, { maxwidth: 560 }],
      [{ ...good, height: 300 }, /height 300 exceeds maxheight 200/, { maxheight: 200 }],
      [good, /thumbnail_width 1600 exceeds maxwidth 1000/, { maxwidth: 1000 }],
    ];
    for (const [o, message, limits] of broken) expect(oembedViolations(o, limits).join("; ")).toMatch(message);
    // A link answer needs no size or html.
    expect(oembedViolations({ type: "link", version: "1.0" })).toEqual([]);
  });
});

describe("buildOEmbed", () => {
  it("answers a rich card with the whole byline, the first byline's page and an escaped frame", () => {
    const o = buildOEmbed(input());
    expect(o).toMatchObject({
      type: "rich", version: "1.0", title: AWKWARD, author_name: "Ilona Marchuk and Courier news desk", author_url: "https://news.example/authors/Ilona%20Marchuk",
      provider_name: "The Courier & Sons", provider_url: "https://news.example/", width: DEFAULT_WIDTH, height: CARD_HEIGHT,
      thumbnail_url: IMAGE.url, thumbnail_width: 1600, thumbnail_height: 1067,
    });
    expect(o.cache_age).toBeGreaterThan(0);
    // The html is one iframe; the headline in its title is an attribute value, never markup.
    const frag = parse(`<!doctype html><body>${o.html}`);
    const body = (frag.childNodes[1] as any).childNodes[1];
    const frames = body.childNodes.filter((n: any) => n.nodeName === "iframe");
    expect(body.childNodes).toHaveLength(1);
    const attrs = Object.fromEntries(frames[0].attrs.map((a: any) => [a.name, a.value]));
    expect(attrs).toMatchObject({ src: "https://api.example/embed/v1/article/q-and-a", width: "560", height: "200", title: AWKWARD, loading: "lazy", sandbox: IFRAME_SANDBOX, frameborder: "0" });
    expect(attrs.sandbox).not.toMatch(/allow-scripts|allow-same-origin/);
    expect(attrs).not.toHaveProperty("style");
    expect(o.html).not.toContain("<script");
  });

  it("lists ten bylines in order, and leaves out an author with no byline or no page", () => {
    const ten = Array.from({ length: 10 }, (_, i) => person(`Reporter ${i + 1}`));
    expect(buildOEmbed(input({ bylines: ten })).author_name).toBe(`${ten.slice(0, 9).map((p) => p.name).join(", ")} and Reporter 10`);
    const none = buildOEmbed(input({ bylines: [] }));
    expect(none).not.toHaveProperty("author_name");
    expect(none).not.toHaveProperty("author_url");
    expect(buildOEmbed(input({ bylines: [person("Desk", null)] }))).not.toHaveProperty("author_url");
  });

  it("honours maxwidth and maxheight, and offers the thumbnail only at its real size where it fits", () => {
    const cases: { limits: { maxwidth?: number; maxheight?: number }; size: [number, number]; thumb: boolean }[] = [
      { limits: {}, size: [560, 200], thumb: true },
      { limits: { maxwidth: 320 }, size: [320, 200], thumb: false },
      { limits: { maxheight: 90 }, size: [560, 90], thumb: false },
      { limits: { maxwidth: 5000, maxheight: 5000 }, size: [560, 200], thumb: true },
      { limits: { maxwidth: 1600, maxheight: 1067 }, size: [560, 200], thumb: true },
      { limits: { maxwidth: 1599 }, size: [560, 200], thumb: false },
      { limits: { maxwidth: 1, maxheight: 1 }, size: [1, 1], thumb: false },
    ];
    for (const { limits, size, thumb } of cases) {
      const o = buildOEmbed(input({}, limits));
      expect([o.width, o.height], JSON.stringify(limits)).toEqual(size);
      expect(o.html).toContain(`width="${size[0]}" height="${size[1]}"`);
      expect("thumbnail_url" in o, JSON.stringify(limits)).toBe(thumb);
      expect(oembedViolations(o, limits)).toEqual([]);
    }
  });

  it("has no thumbnail without an image or without its size", () => {
    for (const image of [null, { ...IMAGE, width: null }, { ...IMAGE, height: null }]) {
      const o = buildOEmbed(input({ image }));
      expect(Object.keys(o).filter((k) => k.startsWith("thumbnail_"))).toEqual([]);
      expect(oembedViolations(o)).toEqual([]);
    }
  });

  it("serialises to the spec's XML with the same values, every one escaped", () => {
    const o = buildOEmbed(input({ headline: `${AWKWARD} \u0001 ]]> שלום` }));
    const xml = oembedXml(o);
    expect(xml.startsWith(`<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n<oembed>`)).toBe(true);
    const back = new XMLParser({ parseTagValue: false, processEntities: true, htmlEntities: true }).parse(xml).oembed;
    // XML cannot carry U+0001: dropped, as every XML document we write drops it.
    const expected = Object.fromEntries(Object.entries(o).map(([k, val]) => [k, String(val).replace("\u0001", "")]));
    expect(back).toEqual(expected);
    expect(xml).not.toMatch(/<script|<iframe/);
  });
});

describe("which story a url names", () => {
  const env = { PUBLIC_SITE_URL: "https://news.example", ARTICLE_URL_PATTERN: "/{section}/{slug}" };
  const worker = "https://api.example";

  it("reads the story's page (with or without a section), and our own card", () => {
    const read = (url: string, e: typeof env = env) => candidateFromUrl(url, e, worker);
    expect(read("https://news.example/world/repair-hub")).toEqual({ slug: "repair-hub" });
    expect(read("https://news.example/repair-hub")).toEqual({ slug: "repair-hub" });
    expect(read("https://api.example/embed/v1/article/repair-hub")).toEqual({ slug: "repair-hub" });
    // Tolerated: trailing slash, query, fragment, upper-case host, http for https, escapes, default port.
    for (const url of ["https://news.example/world/repair-hub/", "https://NEWS.example/world/repair-hub?utm_source=x#top", "http://news.example/world/repair-hub", "https://news.example:443/world/%72epair-hub"]) {
      expect(read(url), url).toEqual({ slug: "repair-hub" });
    }
    // Patterns with an id, a prefix path on the site, literal text around the placeholders.
    expect(read("https://news.example/news/2024/art_1-repair", { PUBLIC_SITE_URL: "https://news.example/news/", ARTICLE_URL_PATTERN: "/2024/{id}-{slug}" })).toEqual({ id: "art_1" });
    // Hyphenated slugs beside an id or a section in one segment: the id (never hyphenated) and the
    // section take the least, the slug the rest.
    const id = "art_0123456789abcdef";
    expect(read(`https://news.example/${id}-repair-hub-opens`, { ...env, ARTICLE_URL_PATTERN: "/{id}-{slug}" })).toEqual({ id });
    expect(read(`https://news.example/world/${id}-repair-hub`, { ...env, ARTICLE_URL_PATTERN: "/{section}/{id}-{slug}" })).toEqual({ id });
    expect(read(`https://news.example/repair-hub-opens-${id}`, { ...env, ARTICLE_URL_PATTERN: "/{slug}-{id}" })).toEqual({ id });
    expect(read("https://news.example/world-repair-hub-opens", { ...env, ARTICLE_URL_PATTERN: "/{section}-{slug}" })).toEqual({ slug: "repair-hub-opens" });
    expect(read("https://news.example/s/art_9.html", { PUBLIC_SITE_URL: "https://news.example", ARTICLE_URL_PATTERN: "/s/{id}.html" })).toEqual({ id: "art_9" });
    expect(read("https://news.example/sxhtml/art_9", { PUBLIC_SITE_URL: "https://news.example", ARTICLE_URL_PATTERN: "/s.html/{id}" })).toBeNull();
  });

  it("never reads garbage, other hosts or other paths as a story", () => {
    const garbage = [
      "", "not a url", "javascript:alert(1)", "ftp://news.example/world/x", "https://evil.example/world/repair-hub", "https://news.example.evil/world/x",
      "https://news.example/", "https://news.example/a/b/c", "https://news.example:8443/world/x", "https://api.example/embed/v1/article/", "https://api.example/embed/v1/article/a/b",
      "https://news.example/world/%E0%A4%A", `https://news.example/world/${"a".repeat(MAX_URL_LENGTH)}`, "https://user:pw@evil.example/world/x",
    ];
    for (const url of garbage) expect(candidateFromUrl(url, env, worker), url).toBeNull();
  });

  it("confirms a url against the addresses the story really has", () => {
    const page = "https://news.example/world/repair-hub";
    const card = "https://api.example/embed/v1/article/repair-hub";
    for (const ok of [page, `${page}/`, `${page}?x=1`, "http://news.example/world/repair-hub", card]) expect(sameArticleUrl(ok, page, card), ok).toBe(true);
    // A slug that exists under another section, or a page the pattern would read loosely, is not it.
    for (const no of ["https://news.example/sport/repair-hub", "https://news.example/repair-hub", "https://api.example/embed/v1/article/other"]) expect(sameArticleUrl(no, page, card), no).toBe(false);
  });

  it("reads back every story URL siteUrls builds, for any pattern's placeholders, and never throws on garbage", () => {
    const slug = fc.stringMatching(/^[a-z0-9]+(?:-[a-z0-9]+){0,4}$/);
    const patterns = ["/{section}/{slug}", "/{slug}", "/news/{section}/{id}/{slug}.html", "/{section}/{id}", "/a/{slug}/", "/{id}-{slug}", "/{section}/{slug}-{id}"];
    fc.assert(
      // Ids as newId makes them: a prefix, "_", then letters and digits (never "-").
      fc.property(fc.constantFrom(...patterns), fc.option(slug), slug, fc.stringMatching(/^[a-z]{3}_[0-9a-z]{16}$/), fc.constantFrom("https://news.example", "https://news.example/sub/"), (pattern, section, s, id, site) => {
        const e = { PUBLIC_SITE_URL: site, ARTICLE_URL_PATTERN: pattern };
        const url = siteUrls(e, worker).article(section, s, id);
        const got = candidateFromUrl(url, e, worker);
        expect(got, url).toEqual(pattern.includes("{id}") ? { id } : { slug: s });
        expect(sameArticleUrl(url, url, `${worker}/embed/v1/article/${s}`)).toBe(true);
      }),
      { numRuns: 300 },
    );
    const garbage = fc.oneof(fc.string({ unit: "binary", maxLength: 300 }), fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string({ maxLength: 50 }).map((x) => `https://news.example/${x}`));
    fc.assert(
      fc.property(garbage, (raw) => {
        const got = candidateFromUrl(raw, env, worker);
        expect(got === null || typeof ("slug" in got ? got.slug : got.id) === "string").toBe(true);
        expect(typeof sameArticleUrl(raw, "https://news.example/world/x", `${worker}/embed/v1/article/x`)).toBe("boolean");
      }),
      { numRuns: 500 },
    );
  });
});
