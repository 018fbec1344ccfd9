// oEmbed, the embed card and the demo page through the Worker: answers that keep the oEmbed 1.0
// rules (tests/helpers/oembed-rules.ts) in JSON and XML alike, refusals with the spec's statuses,
// the card's framing headers, and the public cache (a hit, a 304, CORS, and no stale answer after
// an unpublish). Every response is also checked against the content document by get().
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { call, tokenFor } from "../helpers/api";
import { createContributor, createPublishableArticle, uploadPng } from "../helpers/newsroom";
import { oembedViolations } from "../helpers/oembed-rules";
import { get } from "../helpers/public";

const SITE = "http://127.0.0.1:8787"; // PUBLIC_SITE_URL in vitest.config.ts
const ORIGIN = "http://copydesk.test"; // the Worker's origin in tests (no PUBLIC_API_ORIGIN)
const oembed = (url: string, extra = "") => `/oembed?url=${encodeURIComponent(url)}${extra}`;
const xmlParser = new XMLParser({ parseTagValue: false, htmlEntities: true });

/** A published story with an awkward headline, two bylines and a 3×2 image with a credit. */
async function story(token: string, headline = `Q&A: "Tom & Jerry" <b>say</b> 🚀 ${crypto.randomUUID().slice(0, 8)}`) {
  const desk = await createContributor(token, "organization", "Courier news desk");
  const image = await uploadPng(token, { alt: "A tiny test image" });
  const a = await createPublishableArticle(token, { headline, featured_image: { media_id: image.id, alt: "Three by two", credit: "Photo & Co" } });
  const withDesk = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": `"${a.version}"` }, body: { bylines: [...a.bylines.map((b: any) => ({ contributor: b.contributor.slug })), { contributor: desk.slug }] } });
  expect(withDesk.status).toBe(200);
  const published = await call("POST", `/articles/${a.id}/publish`, { token });
  expect(published.status).toBe(200);
  return published.json.article as { id: string; slug: string; url: string; headline: string; section: { slug: string }; bylines: { contributor: { slug: string; name: string } }[] };
}

describe("the demo page", () => {
  // First in the file: the file's storage starts empty, so this is an empty newsroom.
  it("answers 200 in an empty newsroom, with the widget and no card", async () => {
    const res = await get("/embed/v1/demo");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.text).toContain('<copydesk-feed src="/feed.json" limit="5" images>');
    expect(res.text).not.toContain("<iframe");
    expect(res.headers.get("content-security-policy")).toMatch(/^default-src 'none'; script-src 'self';.*frame-ancestors 'none'$/);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });
});

describe("GET /oembed", () => {
  it("answers a story's page URL with a rich card that keeps the oEmbed rules, in JSON and XML alike", async () => {
    const { token } = await tokenFor("editor");
    const a = await story(token);
    expect(a.url).toBe(`${SITE}/${a.section.slug}/${a.slug}`);
    const res = await get(oembed(a.url, "&format=json"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const o = res.json;
    expect(oembedViolations(o)).toEqual([]);
    expect(o).toMatchObject({
      type: "rich", version: "1.0", title: a.headline, author_name: `${a.bylines[0]!.contributor.name} and Courier news desk`,
      author_url: `${SITE}/authors/${a.bylines[0]!.contributor.slug}`, provider_name: "The Copydesk Courier", provider_url: `${SITE}/`,
      width: 560, height: 200, thumbnail_width: 3, thumbnail_height: 2,
    });
    expect(o.thumbnail_url).toMatch(/^http:\/\/copydesk\.test\/media\/med_/);
    expect(o.html).toContain(`src="${ORIGIN}/embed/v1/article/${a.slug}"`);
    expect(o.html).toContain(`title="Q&amp;A: &quot;Tom &amp; Jerry&quot; &lt;b&gt;say&lt;/b&gt; 🚀`);
    // The JSON text carries no raw "<": safe to inline, the same values to a parser.
    expect(res.text).not.toContain("<");

    const xml = await get(oembed(a.url, "&format=xml"));
    expect(xml.status).toBe(200);
    expect(xml.headers.get("content-type")).toBe("text/xml; charset=utf-8");
    const fromXml = xmlParser.parse(xml.text).oembed;
    expect(fromXml).toEqual(Object.fromEntries(Object.entries(o).map(([k, val]) => [k, String(val)])));
  });

  it("accepts the page URL as readers paste it, and our own card URL; sizes shrink to maxwidth/maxheight", async () => {
    const { token } = await tokenFor("editor");
    const a = await story(token);
    for (const url of [`${a.url}/`, `${a.url}?utm_source=newsletter#comments`, a.url.replace("http:", "https:"), `${ORIGIN}/embed/v1/article/${a.slug}`]) {
      const res = await get(oembed(url));
      expect(res.status, url).toBe(200);
      expect(res.json.title, url).toBe(a.headline);
    }
    const cases: [string, { maxwidth?: number; maxheight?: number }, boolean][] = [
      ["&maxwidth=320", { maxwidth: 320 }, true],
      ["&maxwidth=2&maxheight=150", { maxwidth: 2, maxheight: 150 }, false],
      ["&maxheight=1", { maxheight: 1 }, false],
    ];
    for (const [query, limits, thumb] of cases) {
      const res = await get(oembed(a.url, query));
      expect(oembedViolations(res.json, limits), query).toEqual([]);
      expect([res.json.width, res.json.height], query).toEqual([Math.min(560, limits.maxwidth ?? 560), Math.min(200, limits.maxheight ?? 200)]);
      expect("thumbnail_url" in res.json, query).toBe(thumb);
      const xml = xmlParser.parse((await get(oembed(a.url, `${query}&format=xml`))).text).oembed;
      expect(Number(xml.width), query).toBe(res.json.width);
    }
  });

  it("follows the site's redirects table one hop: a link shared before a move embeds the story it now leads to", async () => {
    const { token } = await tokenFor("editor");
    const a = await story(token);
    const oldPath = `/old-site/${crypto.randomUUID().slice(0, 8)}`;
    // Relative (a page of the site) and absolute targets alike, as Ghost's import and editors write them.
    expect((await call("POST", "/redirects", { token, body: { from_path: oldPath, to_url: new URL(a.url).pathname } })).status).toBe(201);
    expect((await call("POST", "/redirects", { token, body: { from_path: `${oldPath}-abs`, to_url: a.url } })).status).toBe(201);
    for (const old of [`${SITE}${oldPath}/`, `${SITE}${oldPath}-abs`]) {
      const res = await get(oembed(old));
      expect(res.status, old).toBe(200);
      expect(res.json.title).toBe(a.headline);
      expect(res.json.html).toContain(`/embed/v1/article/${a.slug}`);
    }
    // Only the site's own old addresses, and only to a published story.
    expect((await get(oembed(`https://elsewhere.example${oldPath}`))).status).toBe(404);
    const draft = await createPublishableArticle(token);
    expect((await call("POST", "/redirects", { token, body: { from_path: `${oldPath}-draft`, to_url: `/${draft.section.slug}/${draft.slug}` } })).status).toBe(201);
    expect((await get(oembed(`${SITE}${oldPath}-draft`))).status).toBe(404);
  });

  it("is 404 for drafts, scheduled stories, unknown stories and anything that is not a story's address", async () => {
    const { token } = await tokenFor("editor");
    const a = await story(token);
    const draft = await createPublishableArticle(token);
    const scheduled = await createPublishableArticle(token);
    expect((await call("POST", `/articles/${scheduled.id}/schedule`, { token, body: { at: "2099-01-01T00:00:00Z" } })).status).toBe(200);
    const notFound = [
      `${SITE}/${draft.section.slug}/${draft.slug}`,
      `${ORIGIN}/embed/v1/article/${draft.slug}`,
      `${SITE}/${scheduled.section.slug}/${scheduled.slug}`,
      `${SITE}/${a.section.slug}/no-such-story`,
      `${SITE}/other-section/${a.slug}`, // the pattern reads it; the story's own URL is not this
      `https://evil.example/${a.section.slug}/${a.slug}`,
      "not a url at all",
      "javascript:alert(1)",
      `${SITE}/${a.section.slug}/%E0%A4%A`,
    ];
    for (const url of notFound) {
      const res = await get(oembed(url));
      expect(res.status, url.slice(0, 100)).toBe(404);
      expect(res.json.code).toBe("not_found");
    }
    expect((await get(`/embed/v1/article/${draft.slug}`)).status).toBe(404);
    expect((await get(`/embed/v1/article/${scheduled.slug}`)).status).toBe(404);
  });

  it("refuses what the spec refuses: no url is 400, bad sizes are 400 naming the field, any format but json or xml is 400 naming it (never a 5xx)", async () => {
    const { token } = await tokenFor("editor");
    const a = await story(token);
    // Longer than any address we build (MAX_URL_LENGTH): refused by name, not looked up.
    for (const path of ["/oembed", "/oembed?format=json", "/oembed?url=", oembed(`${SITE}/${a.section.slug}/${"x".repeat(3000)}`)]) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(res.json.errors.map((e: any) => e.path), path).toContain("url");
    }
    for (const field of ["maxwidth", "maxheight"]) {
      for (const bad of ["0", "-5", "1.5", "abc", "", "1e3", "1234567890", "9".repeat(400)]) {
        const res = await get(oembed(a.url, `&${field}=${encodeURIComponent(bad)}`));
        expect(res.status, `${field}=${bad.slice(0, 10)}`).toBe(400);
        expect(res.json.errors.map((e: any) => e.path)).toEqual([field]);
      }
    }
    // They are maxima: a limit far larger than the card leaves it at its own size.
    const roomy = await get(oembed(a.url, "&maxwidth=20000&maxheight=999999999"));
    expect(roomy.status).toBe(200);
    expect([roomy.json.width, roomy.json.height]).toEqual([560, 200]);
    for (const format of ["json5", "XML", "html", ""]) {
      const res = await get(oembed(a.url, `&format=${format}`));
      expect(res.status, format).toBe(400);
      expect(res.json.errors.map((e: any) => e.path)).toEqual(["format"]);
      expect(res.json.errors[0].message).toMatch(/format=json or format=xml/);
    }
  });

  it("is cached like other public reads (hit, 304, CORS), and an unpublish makes the next answer 404", async () => {
    const { token } = await tokenFor("editor");
    const a = await story(token);
    const path = oembed(a.url);
    await get(path);
    const hit = await get(path, { origin: "https://partner.example" });
    expect(hit.headers.get("x-copydesk-cache")).toBe("hit");
    expect(hit.headers.get("access-control-allow-origin")).toBe("*");
    const etag = hit.headers.get("etag")!;
    expect(etag).toMatch(/^"/);
    expect((await get(path, { "if-none-match": etag })).status).toBe(304);
    await get(`/embed/v1/article/${a.slug}`);
    expect((await get(`/embed/v1/article/${a.slug}`)).headers.get("x-copydesk-cache")).toBe("hit");

    expect((await call("POST", `/articles/${a.id}/unpublish`, { token })).status).toBe(200);
    expect((await get(path)).status).toBe(404);
    expect((await get(`/embed/v1/article/${a.slug}`)).status).toBe(404);
  });
});

describe("GET /embed/v1/article/{slug}", () => {
  it("is a framable page whose CSP allows only its own style (by the hash of its text) and images; other routes stay DENY", async () => {
    const { token } = await tokenFor("editor");
    const a = await story(token);
    const res = await get(`/embed/v1/article/${a.slug}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(res.headers.get("x-frame-options")).toBeNull();
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toMatch(/(^|; )frame-ancestors \*$/);
    expect(csp).toMatch(/^default-src 'none'; /);
    expect(csp).toContain(`img-src ${ORIGIN} https:;`);
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.text)![1]!;
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(style));
    expect(csp).toContain(`style-src 'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}';`);
    expect(res.text).not.toContain("<script");
    expect(res.text).toContain(`<a href="${a.url}" target="_blank" rel="noopener">Q&amp;A: &quot;Tom &amp; Jerry&quot; &lt;b&gt;say&lt;/b&gt;`);
    expect(res.text).toContain("Photo &amp; Co");
    expect(res.text).toContain(`<link rel="alternate" type="application/json+oembed" href="${ORIGIN}/oembed?url=${encodeURIComponent(a.url).replace(/&/g, "&amp;")}&amp;format=json"`);
    // The cached copy keeps the headers: the second answer too has no X-Frame-Options.
    const again = await get(`/embed/v1/article/${a.slug}`);
    expect(again.headers.get("x-copydesk-cache")).toBe("hit");
    expect(again.headers.get("x-frame-options")).toBeNull();
    // Everything else keeps DENY: the article's JSON, oEmbed itself and the demo page.
    for (const other of [`/api/content/v1/articles/${a.slug}`, oembed(a.url), "/embed/v1/demo"]) {
      expect((await get(other)).headers.get("x-frame-options"), other).toBe("DENY");
    }
  });

  it("the demo page shows the newest story's card", async () => {
    const { token } = await tokenFor("editor");
    const a = await story(token);
    const res = await get("/embed/v1/demo");
    expect(res.status).toBe(200);
    expect(res.text).toContain(`<iframe class="copydesk-embed" src="${ORIGIN}/embed/v1/article/${a.slug}"`);
    const style = /<style>([\s\S]*?)<\/style>/.exec(res.text)![1]!;
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(style));
    expect(res.headers.get("content-security-policy")).toContain(`style-src 'sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}';`);
  });
});
