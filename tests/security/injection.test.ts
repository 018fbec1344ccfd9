// Hostile text in every field a reader sees comes out inert in every output: content API HTML,
// all three feeds, the sitemap and the JSON-LD.
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { jsonLdScript } from "../../src/seo/json-ld";
import { call, tokenFor } from "../helpers/api";
import { createContributor, createSection, doc, uploadPng } from "../helpers/newsroom";
import { get } from "../helpers/public";

const XSS = `"><script>alert(1)</script><img src=x onerror=alert(2)>]]></title></channel>'&`;
// Live markup, as opposed to the same characters shown as escaped text or inside a quoted
// attribute value (our renderers always double-quote attributes and escape quotes within).
const LIVE_MARKUP = /<script|<img src=x|<[^>]*\sonerror=/i;
const isLive = (html: string) => LIVE_MARKUP.test(html.replace(/"[^"]*"/g, '""'));

describe("injection and XSS", () => {
  it("keeps hostile headlines, captions, credits, bios, tags, links and bodies inert everywhere", async () => {
    const { token } = await tokenFor("editor");
    const section = await createSection(token, `World ${XSS}`);
    const person = await createContributor(token, "person", `Reporter ${XSS}`, { bio: XSS });
    const image = await uploadPng(token);
    const create = await call("POST", "/articles", {
      token,
      body: {
        headline: `Headline ${XSS}`,
        summary: `Summary ${XSS}`,
        section: section.slug,
        tags: [`Tag ${XSS}`],
        bylines: [{ contributor: person.slug, role: XSS.slice(0, 60) }],
        featured_image: { media_id: image.id, alt: `Alt ${XSS}`, caption: `Caption ${XSS}`, credit: `Credit ${XSS}` },
        related: [{ url: "https://example.org/x", title: `Title ${XSS}`, summary: XSS, source: XSS }],
        body: doc(
          { type: "paragraph", content: [{ type: "text", text: XSS, marks: [{ type: "link", attrs: { href: "https://example.org/?q=\"><script>" } }] }] },
          { type: "embed", attrs: { url: "https://example.org/embed?x=<script>", caption: XSS } },
        ),
      },
    });
    expect(create.status, create.text).toBe(201);
    const a = create.json.article;
    await call("POST", `/articles/${a.id}/publish`, { token });

    const api = (await get(`/api/content/v1/articles/${a.slug}`)).json.article;
    expect(api.headline).toBe(`Headline ${XSS}`); // data stays data in JSON
    for (const html of [api.body_html]) {
      expect(isLive(html)).toBe(false);
    }
    expect(jsonLdScript(api.json_ld)).not.toMatch(/<\/script|<script/i);

    for (const path of ["/feed.xml", "/feed.atom", `/sections/${section.slug}/feed.xml`]) {
      const xml = (await get(path)).text;
      expect(XMLValidator.validate(xml), path).toBe(true);
      // The only raw "<script" may be inside CDATA-wrapped or entity-escaped HTML, never as markup.
      const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
      expect(JSON.stringify(parsed)).not.toMatch(/"script":/);
      const html = path.endsWith(".atom") ? String(parsed.feed.entry.content["#text"] ?? parsed.feed.entry.content) : String(parsed.rss.channel.item["content:encoded"]);
      expect(isLive(html), path).toBe(false);
      expect(html).toContain("&lt;script&gt;");
    }
    const json = (await get("/feed.json")).json;
    expect(isLive(json.items[0].content_html)).toBe(false);
    expect(json.items[0].title).toBe(`Headline ${XSS}`);
    const sitemap = (await get("/sitemap-news.xml")).text;
    expect(XMLValidator.validate(sitemap)).toBe(true);
    expect(sitemap).not.toContain("<script");
  });

  it("the liveness check itself tells live markup from escaped text", () => {
    expect(isLive('<p><img src=x onerror=alert(1)></p>')).toBe(true);
    expect(isLive("<p>&lt;script&gt;</p>")).toBe(false);
    expect(isLive('<img alt="&lt;img src=x onerror=alert(1)&gt;">')).toBe(false);
  });

  it("refuses javascript: and data: links, and SVG uploads, with the field named", async () => {
    const { token } = await tokenFor("editor");
    for (const href of ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:x"]) {
      const res = await call("POST", "/articles", {
        token,
        body: { headline: "Links", body: doc({ type: "paragraph", content: [{ type: "text", text: "x", marks: [{ type: "link", attrs: { href } }] }] }) },
      });
      expect(res.status, href).toBe(400);
      expect(res.json.errors[0].path).toBe("body.content.0.content.0.marks.0.attrs.href");
    }
    const bad = await call("POST", "/articles", { token, body: { headline: "Audio", audio: { url: "javascript:alert(1)" } } });
    expect(bad.json.errors[0].path).toBe("audio.url");
    const form = new FormData();
    form.set("file", new File(['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'], "photo.png", { type: "image/png" }));
    expect((await call("POST", "/media", { token, body: form })).status).toBe(415);
  });
});
