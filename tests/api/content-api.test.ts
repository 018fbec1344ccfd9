import { describe, expect, it } from "vitest";
import { call, tokenFor } from "../helpers/api";
import { createArticle, createPublishableArticle, createSection } from "../helpers/newsroom";
import { get } from "../helpers/public";
import { buildReferenceArticle, REFERENCE_HEADLINE, REFERENCE_PUBLISHED_AT, REFERENCE_TAGS } from "../helpers/reference-article";

const CONTENT = "/api/content/v1";

describe("content API: the reference article, whole", () => {
  it("serves every part of the published article and its related stories", async () => {
    const { token } = await tokenFor("editor");
    const ref = await buildReferenceArticle(token);
    const id = ref.created.json.article.id;
    // A related draft must be left out, not leaked.
    const draft = await createArticle(token, { headline: "Secret draft headline" });
    await call("PATCH", `/articles/${id}`, { token, headers: { "if-match": '"1"' }, body: { related: [...ref.input.related, { article_id: draft.id }] } });
    await call("POST", `/articles/${id}/publish`, { token, body: { published_at: REFERENCE_PUBLISHED_AT } });
    const slug = ref.created.json.article.slug;

    const res = await get(`${CONTENT}/articles/${slug}`);
    expect(res.status).toBe(200);
    const a = res.json.article;
    expect(a.headline).toBe(REFERENCE_HEADLINE);
    expect(a.published_at).toBe("2024-11-01T22:34:00.000Z");
    expect(a.reading_time).toBe(2);
    expect(a.section).toEqual({ slug: ref.section.slug, name: "World" });
    expect(a.url).toBe(`http://127.0.0.1:8787/${ref.section.slug}/${slug}`);
    expect(a.bylines.map((b: any) => [b.name, b.kind, b.role])).toEqual([
      ["Ilona Marchuk", "person", null],
      ["Courier news desk", "organization", null],
    ]);
    expect(a.bylines[0].url).toBe(`http://127.0.0.1:8787/authors/${ref.reporter.slug}`);
    expect(a.tags.map((t: any) => t.name)).toEqual(REFERENCE_TAGS);
    expect(a.featured_image).toMatchObject({ width: 3, height: 2, alt: ref.input.featured_image.alt, caption: ref.input.featured_image.caption, credit: ref.input.featured_image.credit });
    expect(a.featured_image.url).toMatch(/^http:\/\/copydesk\.test\/media\//);
    expect(a.audio).toEqual(ref.input.audio);
    expect(a.body).toEqual(ref.input.body);
    expect(a.related.map((r: any) => r.headline)).toEqual(["European arms makers struggle to hire welders", "Counting the dark hours of a winter of outages"]);
    expect(a.related[0].bylines.map((b: any) => b.name)).toEqual(["Devin Okafor-Lind"]);
    expect(res.text).not.toContain("Secret draft headline");
    expect(res.text).not.toMatch(/@example\.org|password|created_by/);
    // Cards render in place in body_html.
    expect(a.body_html.indexOf("European arms makers")).toBeLessThan(a.body_html.indexOf("Paragraph 4 "));
    // JSON-LD for the front end: all authors, image with caption and credit, both dates.
    expect(a.json_ld["@type"]).toBe("NewsArticle");
    expect(a.json_ld.author.map((p: any) => [p["@type"], p.name])).toEqual([
      ["Person", "Ilona Marchuk"],
      ["Organization", "Courier news desk"],
    ]);
    expect(a.json_ld.datePublished).toBe("2024-11-01T22:34:00Z");
    expect(a.json_ld.image[0]).toMatchObject({ caption: ref.input.featured_image.caption, creditText: ref.input.featured_image.credit });
    // Builds a newsroom's worth of related content, and checks each response against the document.
  }, 30_000);

  it("never shows a draft, scheduled or archived article", async () => {
    const { token } = await tokenFor("editor");
    const draft = await createPublishableArticle(token, { headline: "Draft only" });
    expect((await get(`${CONTENT}/articles/${draft.slug}`)).status).toBe(404);
    const list = await get(`${CONTENT}/articles?limit=100`);
    expect(list.text).not.toContain("Draft only");
    await call("POST", `/articles/${draft.id}/publish`, { token });
    expect((await get(`${CONTENT}/articles/${draft.slug}`)).status).toBe(200);
    await call("POST", `/articles/${draft.id}/archive`, { token });
    expect((await get(`${CONTENT}/articles/${draft.slug}`)).status).toBe(404);
  });
});

describe("content API: lists", () => {
  it("filters by section, tag, contributor, collection (in the editor's order), text and dates", async () => {
    const { token } = await tokenFor("editor");
    const section = await createSection(token, "Science");
    const make = async (headline: string, extra: Record<string, unknown>, at: string) => {
      const a = await createPublishableArticle(token, { headline, ...extra });
      await call("POST", `/articles/${a.id}/publish`, { token, body: { published_at: at } });
      return a;
    };
    const glacier = await make("Glacier retreat measured from orbit", { section: section.slug, tags: ["Climate Data"], summary: "Satellites show the ice thinning." }, "2026-01-10T10:00:00Z");
    const comet = await make("A comet returns after 80 years", { section: section.slug, tags: ["Space"] }, "2026-02-10T10:00:00Z");
    const bySection = await get(`${CONTENT}/articles?section=${section.slug}`);
    expect(bySection.json.articles.map((a: any) => a.headline)).toEqual([comet.headline, glacier.headline]);
    expect((await get(`${CONTENT}/articles?tag=climate-data`)).json.articles.map((a: any) => a.id)).toEqual([glacier.id]);
    const byContributor = await get(`${CONTENT}/articles?contributor=${comet.bylines[0].contributor.slug}`);
    expect(byContributor.json.articles.map((a: any) => a.id)).toEqual([comet.id]);
    expect((await get(`${CONTENT}/articles?q=glacier%20orbit`)).json.articles.map((a: any) => a.id)).toEqual([glacier.id]);
    expect((await get(`${CONTENT}/articles?q=satellit`)).json.articles.map((a: any) => a.id)).toEqual([glacier.id]);
    expect((await get(`${CONTENT}/articles?q=${encodeURIComponent('"OR NOT *')}`)).status).toBe(200);
    const since = await get(`${CONTENT}/articles?section=${section.slug}&since=2026-02-01T00:00:00Z`);
    expect(since.json.articles.map((a: any) => a.id)).toEqual([comet.id]);
    const until = await get(`${CONTENT}/articles?section=${section.slug}&until=2026-02-01T00:00:00Z`);
    expect(until.json.articles.map((a: any) => a.id)).toEqual([glacier.id]);

    const picks = await call("POST", "/collections", { token, body: { name: "Picks", slug: "picks-test", article_ids: [glacier.id, comet.id] } });
    expect(picks.status).toBe(201);
    const collection = await get(`${CONTENT}/collections/picks-test`);
    expect(collection.json.articles.map((a: any) => a.id)).toEqual([glacier.id, comet.id]);
    expect((await get(`${CONTENT}/articles?collection=picks-test`)).json.articles.map((a: any) => a.id)).toEqual([glacier.id, comet.id]);
  });

  it("pages with a cursor that stays stable while new articles are published", async () => {
    const { token } = await tokenFor("editor");
    const section = await createSection(token, "Paging");
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const a = await createPublishableArticle(token, { headline: `Paged ${i}`, section: section.slug });
      await call("POST", `/articles/${a.id}/publish`, { token, body: { published_at: `2026-03-0${i + 1}T10:00:00Z` } });
      ids.unshift(a.id);
    }
    const first = await get(`${CONTENT}/articles?section=${section.slug}&limit=2`);
    const seen = first.json.articles.map((a: any) => a.id);
    // A new article published between page requests must not shift or repeat later pages.
    const late = await createPublishableArticle(token, { headline: "Published meanwhile", section: section.slug });
    await call("POST", `/articles/${late.id}/publish`, { token });
    let cursor = first.json.next_cursor;
    while (cursor) {
      const page = await get(`${CONTENT}/articles?section=${section.slug}&limit=2&cursor=${cursor}`);
      seen.push(...page.json.articles.map((a: any) => a.id));
      cursor = page.json.next_cursor;
    }
    expect(seen).toEqual(ids);
  });

  it("lists contributors, tags and sections with published-article counts", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { tags: ["Counted Tag"] });
    await call("POST", `/articles/${a.id}/publish`, { token });
    await createArticle(token, { tags: ["Draft Only Tag"] });
    const tags = await get(`${CONTENT}/tags`);
    expect(tags.json.tags.find((t: any) => t.slug === "counted-tag")).toMatchObject({ name: "Counted Tag", article_count: 1 });
    expect(tags.json.tags.find((t: any) => t.slug === "draft-only-tag")).toBeUndefined();
    const c = await get(`${CONTENT}/contributors/${a.bylines[0].contributor.slug}`);
    expect(c.json.contributor).toMatchObject({ name: "Test Reporter", kind: "person", article_count: 1 });
    expect(c.text).not.toContain("user_id");
    const sections = await get(`${CONTENT}/sections`);
    expect(sections.json.sections.find((s: any) => s.slug === a.section.slug).article_count).toBe(1);
    expect((await get(`${CONTENT}/tags/no-such-tag`)).status).toBe(404);
  });

  it("rejects bad parameters with a problem naming them", async () => {
    const res = await get(`${CONTENT}/articles?limit=500&since=yesterday`);
    expect(res.status).toBe(400);
    expect(res.json.errors.map((e: any) => e.path).sort()).toEqual(["limit", "since"]);
    expect((await get(`${CONTENT}/articles?cursor=garbage`)).status).toBe(400);
  });
});

describe("content API: embedding (CORS)", () => {
  it("answers any origin without credentials, and handles preflight", async () => {
    const res = await get(`${CONTENT}/articles`, { origin: "https://news.example.com" });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    const pre = await get(`${CONTENT}/articles`, { origin: "https://news.example.com", "access-control-request-method": "GET" }, "OPTIONS");
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-methods")).toContain("GET");
  });
});
