// Share metadata through the Worker: a published story's `share` says what its own fields say (SEO
// fields first), its `meta` list renders into a head that parses back to the same tags, and its
// oEmbed links ask /oembed about the story's page. A preview's says noindex and has no oEmbed.
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "parse5";
import { BASE, call, tokenFor, unique } from "../helpers/api";
import { createArticle, createContributor, createSection, doc, paragraph, uploadPng } from "../helpers/newsroom";
import { get } from "../helpers/public";

type Meta = { property: string; content: string } | { name: string; content: string };
const keyOf = (m: Meta) => ("property" in m ? m.property : m.name);

let token: string;
let article: any;
const internalTag = `#desk-${unique("n")}`;
const HEADLINE = `Q&A: "Tom's" <launcher> 🚀 ${unique("h")}`;

beforeAll(async () => {
  token = (await tokenFor("editor")).token;
  const section = await createSection(token, "World & <Region>");
  const reporter = await createContributor(token, "person", "Ilona \"Ila\" Marchuk");
  const desk = await createContributor(token, "organization", "Courier news desk");
  const image = await uploadPng(token, { alt: "library alt" });
  const created = await createArticle(token, {
    headline: HEADLINE,
    summary: "The summary, which the SEO description overrides.",
    seo_title: "Repair hub & <launchers>: the \"no idle\" pledge",
    seo_description: "A hub near Lviv will return launchers — officials say.",
    section: section.slug,
    tags: ["Ukraine", internalTag, "Air Defence"],
    bylines: [{ contributor: reporter.slug }, { contributor: desk.slug }],
    body: doc(paragraph("Opening & <escaped>.")),
    featured_image: { media_id: image.id, alt: "Technicians & a \"launcher\" <inside>" },
  });
  const published = await call("POST", `/articles/${created.id}/publish`, { token });
  expect(published.status, published.text).toBe(200);
  const res = await get(`/api/content/v1/articles/${published.json.article.slug}`);
  expect(res.status, res.text).toBe(200);
  article = res.json.article;
});

/** What a front-end would write into <head>: each value escaped once as an attribute. */
const attr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
const renderHead = (meta: Meta[]) =>
  `<!doctype html><html><head>${meta.map((m) => `<meta ${"property" in m ? "property" : "name"}="${attr(keyOf(m))}" content="${attr(m.content)}">`).join("")}</head><body></body></html>`;

/** The <meta> elements a browser would see in that head. */
function parsedMeta(html: string): Meta[] {
  const document = parse(html) as any;
  const head = document.childNodes.find((n: any) => n.nodeName === "html").childNodes.find((n: any) => n.nodeName === "head");
  return head.childNodes
    .filter((n: any) => n.nodeName === "meta")
    .map((n: any) => Object.fromEntries(n.attrs.map((a: { name: string; value: string }) => [a.name, a.value])) as Meta);
}

describe("article.share", () => {
  it("derives every field from the article's own", () => {
    const { share, json_ld } = article;
    expect([share.title, share.description, share.url]).toEqual([article.seo_title, article.seo_description, article.url]);
    const img = article.featured_image;
    expect(share.open_graph).toEqual({
      type: "article",
      title: article.seo_title,
      description: article.seo_description,
      url: article.url,
      site_name: json_ld.publisher.name,
      locale: "en_US",
      image: { url: img.url, width: img.width, height: img.height, alt: img.alt, type: img.mime_type },
      // Consistent with the structured data on the same page.
      published_time: json_ld.datePublished,
      modified_time: json_ld.dateModified,
      authors: article.bylines.map((b: any) => b.url),
      author_names: article.bylines.map((b: any) => b.name),
      section: article.section.name,
      tags: article.tags.map((t: any) => t.name),
    });
    expect(share.open_graph.tags).toEqual(["Ukraine", "Air Defence"]);
    expect(JSON.stringify(share)).not.toContain(internalTag.slice(1));
    // The test image is 3×2: too small for the large card, still the card's image.
    expect(share.twitter).toEqual({ card: "summary", title: article.seo_title, description: article.seo_description, image: { url: img.url, alt: img.alt } });
  });

  it("renders meta into a head that parses back to the same tags, in order, without duplicates", () => {
    const meta: Meta[] = article.share.meta;
    expect(parsedMeta(renderHead(meta))).toEqual(meta);
    const keys = meta.map(keyOf);
    const repeated = keys.filter((k, i) => keys.indexOf(k) !== i);
    expect(new Set(repeated)).toEqual(new Set(["article:author", "article:tag"]));
    expect(keys.filter((k) => k === "article:author")).toHaveLength(2);
    for (const k of ["og:image:type", "og:image:width", "og:image:height", "og:image:alt"]) expect(keys.indexOf(k)).toBeGreaterThan(keys.indexOf("og:image"));
    // Each value is the article's own text, escaped by nobody before the front-end.
    const value = (k: string) => meta.find((m) => keyOf(m) === k)?.content;
    expect(value("og:title")).toBe(article.seo_title);
    expect(value("og:image:alt")).toBe(article.featured_image.alt);
    expect(value("article:section")).toBe("World & <Region>");
    expect(value("og:image:width")).toBe(String(article.featured_image.width));
    expect(value("twitter:card")).toBe("summary");
  });

  it("points oEmbed discovery at /oembed with the story's page, which answers for it", async () => {
    for (const format of ["json", "xml"] as const) {
      const u = new URL(article.share.oembed[format]);
      expect(`${u.origin}${u.pathname}`).toBe(`${BASE}/oembed`);
      expect(Object.fromEntries(u.searchParams)).toEqual({ url: article.url, format });
      // Discovery is only worth something if the link it gives works.
      const res = await get(`${u.pathname}${u.search}`);
      expect(res.status, res.text).toBe(200);
    }
  });
});

describe("a preview's share", () => {
  it("says noindex first, has no oEmbed, and no published time for a draft", async () => {
    const draft = await createArticle(token, { headline: `Draft & <preview> ${unique("d")}`, seo_title: "Draft SEO title" });
    const made = await call("POST", `/articles/${draft.id}/preview-links`, { token, body: { expires_in: 3600 } });
    expect(made.status, made.text).toBe(201);
    const res = await get(new URL(made.json.url).pathname);
    expect(res.status, res.text).toBe(200);
    const { share } = res.json.article;
    expect(share.meta[0]).toEqual({ name: "robots", content: "noindex, nofollow" });
    expect(share).toMatchObject({ title: "Draft SEO title", oembed: null, open_graph: { published_time: null, image: null } });
    expect(share.meta.map(keyOf)).not.toContain("article:published_time");
    // The editor's own preview shows the same card.
    const own = await call("GET", `/articles/${draft.id}/preview`, { token });
    expect(own.status, own.text).toBe(200);
    expect(own.json.article.share).toEqual(share);
  });
});
