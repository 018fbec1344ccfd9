import { describe, expect, it } from "vitest";
import { call, tokenFor } from "../helpers/api";
import { createArticle, createPublishableArticle, createSection, doc, paragraph } from "../helpers/newsroom";
import { buildReferenceArticle, REFERENCE_HEADLINE, REFERENCE_PUBLISHED_AT, REFERENCE_TAGS } from "../helpers/reference-article";

describe("the reference article through the editorial API", () => {
  it("is created, published at its local time, and read back whole", async () => {
    const { token } = await tokenFor("editor");
    const ref = await buildReferenceArticle(token);
    expect(ref.created.status).toBe(201);
    const id = ref.created.json.article.id;
    expect(ref.created.headers.get("etag")).toBe('"1"');

    const published = await call("POST", `/articles/${id}/publish`, { token, body: { published_at: REFERENCE_PUBLISHED_AT } });
    expect(published.status).toBe(200);

    const res = await call("GET", `/articles/${id}`, { token });
    expect(res.status).toBe(200);
    const a = res.json.article;
    expect(a.headline).toBe(REFERENCE_HEADLINE);
    expect(a.status).toBe("published");
    expect(a.published_at).toBe("2024-11-01T22:34:00.000Z");
    expect(a.first_published_at).toBe("2024-11-01T22:34:00.000Z");
    expect(a.reading_time).toBe(2);
    expect(a.section.name).toBe("World");
    expect(a.bylines.map((b: any) => [b.contributor.name, b.contributor.kind])).toEqual([
      ["Ilona Marchuk", "person"],
      ["Courier news desk", "organization"],
    ]);
    expect(a.tags.map((t: any) => t.name)).toEqual(REFERENCE_TAGS);
    expect(a.tags.map((t: any) => t.slug)).toEqual(["news-feed", "taras-velychko", "ukraine", "air-defence", "surface-to-air-missiles", "norway"]);
    expect(a.featured_image).toMatchObject({
      media_id: ref.image.id,
      width: 3,
      height: 2,
      alt: ref.input.featured_image.alt,
      caption: ref.input.featured_image.caption,
      credit: ref.input.featured_image.credit,
    });
    expect(a.audio).toEqual(ref.input.audio);
    expect(a.related).toHaveLength(2);
    expect(a.related[0]).toMatchObject({ type: "article", article_id: ref.relatedA.id, headline: "European arms makers struggle to hire welders", summary: "A shortage of welders, not money, now slows production." });
    expect(a.related[0].bylines.map((b: any) => b.name)).toEqual(["Devin Okafor-Lind"]);
    expect(a.related[1].bylines.map((b: any) => b.name)).toEqual(["Petra Voskuijlen"]);
    expect(a.body).toEqual(ref.input.body);
    // Cards render in place, between the paragraphs where the editor put them.
    const html: string = a.body_html;
    const cardA = html.indexOf("European arms makers");
    const cardB = html.indexOf("Counting the dark hours");
    expect(cardA).toBeGreaterThan(html.indexOf("Paragraph 3 "));
    expect(cardA).toBeLessThan(html.indexOf("Paragraph 4 "));
    expect(cardB).toBeGreaterThan(html.indexOf("Paragraph 7 "));
    expect(html).toContain("&quot;We are bringing the workshop");
    expect(html).toContain("figures &amp; names");
    expect(html).toContain("<blockquote>");
  });

  it("derives the slug from the headline and keeps derived slugs unique", async () => {
    const { token } = await tokenFor("editor");
    const headline = "Flood barriers hold as the Maas rises: what Rotterdam's engineers learned from 1953";
    const one = await createArticle(token, { headline });
    const two = await createArticle(token, { headline });
    // Cut at a word boundary within 80 characters.
    expect(one.slug).toBe("flood-barriers-hold-as-the-maas-rises-what-rotterdams-engineers-learned-from");
    expect(two.slug).toBe(`${one.slug}-2`);
  });

  it("saves fields, bylines, tags and related links in one PATCH and bumps the version", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { tags: ["Alpha", "Beta"] });
    const res = await call("PATCH", `/articles/${a.id}`, {
      token,
      headers: { "if-match": `"${a.version}"` },
      body: {
        headline: "A sharper headline",
        tags: ["Beta", "Gamma", "Alpha"],
        related: [{ url: "https://example.org/report", title: "The full report", summary: "PDF, 40 pages", source: "Example Institute" }],
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBe(`"${a.version + 1}"`);
    const b = res.json.article;
    expect(b.version).toBe(a.version + 1);
    expect(b.headline).toBe("A sharper headline");
    expect(b.tags.map((t: any) => t.name)).toEqual(["Beta", "Gamma", "Alpha"]);
    expect(b.related).toEqual([{ type: "external", url: "https://example.org/report", title: "The full report", summary: "PDF, 40 pages", source: "Example Institute" }]);
    expect(b.bylines).toEqual(a.bylines);
  });

  it("does not create a new version when a save changes nothing", async () => {
    const { token } = await tokenFor("editor");
    const a = await createArticle(token);
    const res = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": `"${a.version}"` }, body: { headline: a.headline } });
    expect(res.status).toBe(200);
    expect(res.json.article.version).toBe(a.version);
    // The same body in TipTap's spelling (defaults written out, text split in two) is no change either.
    const tiptap = { type: "doc", content: [{ type: "paragraph", attrs: { textAlign: null }, content: [{ type: "text", text: "First " }, { type: "text", text: "paragraph." }] }] };
    const same = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": `"${a.version}"` }, body: { body: tiptap } });
    expect(same.json.article.version).toBe(a.version);
    const revs = await call("GET", `/articles/${a.id}/revisions`, { token });
    expect(revs.json.revisions).toHaveLength(1);
  });

  it("schedules, unpublishes and archives, each as a new version", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token);
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await call("POST", `/articles/${a.id}/schedule`, { token, body: { at } });
    expect(scheduled.json.article).toMatchObject({ status: "scheduled", scheduled_at: at, version: 2 });
    const unpublished = await call("POST", `/articles/${a.id}/unpublish`, { token });
    expect(unpublished.json.article).toMatchObject({ status: "draft", scheduled_at: null, version: 3 });
    const archived = await call("POST", `/articles/${a.id}/archive`, { token });
    expect(archived.json.article).toMatchObject({ status: "archived", version: 4 });
  });

  it("lists drafts with filters by status, section, tag, contributor and text", async () => {
    const { token } = await tokenFor("editor");
    const section = await createSection(token, "Science");
    const a = await createPublishableArticle(token, { headline: "Glacier melt measured from orbit", tags: ["Climate Data"] });
    await createArticle(token, { headline: "Unrelated draft", section: section.slug });
    const byTag = await call("GET", "/articles?tag=climate-data", { token });
    expect(byTag.json.articles.map((x: any) => x.id)).toEqual([a.id]);
    const byText = await call("GET", "/articles?q=glacier%20melt", { token });
    expect(byText.json.articles.map((x: any) => x.id)).toEqual([a.id]);
    const bySection = await call("GET", `/articles?section=${section.slug}`, { token });
    expect(bySection.json.articles.map((x: any) => x.headline)).toEqual(["Unrelated draft"]);
    const byContributor = await call("GET", `/articles?contributor=${a.bylines[0].contributor.slug}`, { token });
    expect(byContributor.json.articles.map((x: any) => x.id)).toEqual([a.id]);
    const drafts = await call("GET", "/articles?status=draft&limit=100", { token });
    expect(drafts.json.articles.every((x: any) => x.status === "draft")).toBe(true);
  });

  it("pages with an opaque cursor, newest change first, without repeats", async () => {
    const { token } = await tokenFor("editor");
    const section = await createSection(token, "Paging");
    for (let i = 0; i < 5; i++) await createArticle(token, { headline: `Page item ${i}`, section: section.slug });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await call("GET", `/articles?section=${section.slug}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token });
      seen.push(...res.json.articles.map((x: any) => x.headline));
      cursor = res.json.next_cursor;
    } while (cursor);
    expect(seen).toEqual(["Page item 4", "Page item 3", "Page item 2", "Page item 1", "Page item 0"]);
  });

  it("accepts the body's awkward characters and renders them escaped", async () => {
    const { token } = await tokenFor("editor");
    const a = await createArticle(token, { body: doc(paragraph(`<script>alert(1)</script> & "quotes" 'single' 🚀 مرحبا`)) });
    expect(a.body_html).toBe("<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;single&#39; 🚀 مرحبا</p>");
  });
});
