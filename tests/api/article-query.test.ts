// The shared article query as its callers use it: the editorial list costs one statement with its
// children, filters mean the same for editors and readers, and no input can exceed D1's limits.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { articlePageStatement } from "../../src/articles/query";
import { getTableColumns } from "drizzle-orm";
import { createDb } from "../../src/db/client";
import { articles } from "../../src/db/schema";
import { listArticles } from "../../src/editorial/articles/list";
import { countingD1 } from "../../src/http/bench-hooks";
import { encodeCursor } from "../../src/lib/cursor";
import { siteUrls } from "../../src/lib/urls";
import { call, db, tokenFor } from "../helpers/api";
import { createContributor, createPublishableArticle } from "../helpers/newsroom";
import { get } from "../helpers/public";

describe("the editorial list through the shared query", () => {
  it("is one D1 statement for a page, bylines and tags included in their order", async () => {
    const { token } = await tokenFor("editor");
    const second = await createContributor(token, "organization", "Wire Desk");
    const made = [];
    for (let i = 0; i < 2; i++) {
      const a = await createPublishableArticle(token, { tags: ["Zeta", "Alpha", `Only ${i}`] });
      const bylines = [...a.bylines.map((b: any) => ({ contributor: b.contributor.slug })), { contributor: second.slug, role: "Additional reporting" }];
      const res = await call("PATCH", `/articles/${a.id}`, { token, body: { bylines }, headers: { "if-match": `"${a.version}"` } });
      expect(res.status).toBe(200);
      made.push(res.json.article);
    }
    const counter = { statements: 0 };
    const page = await listArticles(createDb(countingD1(env.DB, counter)), { limit: 2 }, siteUrls(env, "http://x"));
    expect(counter.statements).toBe(1);
    // Newest change first: the two just saved, last one on top.
    expect(page.articles.map((a) => a.id)).toEqual(made.map((a) => a.id).reverse());
    for (const a of page.articles) {
      expect(a.tags.map((t) => t.name)).toEqual(["Zeta", "Alpha", expect.stringMatching(/^Only \d$/)]);
      expect(a.bylines).toEqual([
        { slug: expect.any(String), name: "Test Reporter", kind: "person", role: null },
        { slug: second.slug, name: "Wire Desk", kind: "organization", role: "Additional reporting" },
      ]);
    }
  }, 20_000);

  it("filters a tag, contributor and section the way readers' lists do", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { tags: ["Shared Filter"] });
    await call("POST", `/articles/${a.id}/publish`, { token });
    const draft = await createPublishableArticle(token, { tags: ["Shared Filter"], section: a.section.slug, bylines: [{ contributor: a.bylines[0].contributor.slug }] });
    for (const filter of ["tag=shared-filter", `section=${a.section.slug}`, `contributor=${a.bylines[0].contributor.slug}`]) {
      const editors = await call("GET", `/articles?${filter}`, { token });
      expect(editors.json.articles.map((x: any) => x.id)).toEqual([draft.id, a.id]);
      const published = await call("GET", `/articles?${filter}&status=published`, { token });
      const readers = (await get(`/api/content/v1/articles?${filter}`)).json;
      expect(published.json.articles.map((x: any) => x.id)).toEqual(readers.articles.map((x: any) => x.id));
      expect(published.json.articles.map((x: any) => x.id)).toEqual([a.id]);
    }
  });
});

describe("limits of the shared query", () => {
  it("binds far fewer than D1's 100 parameters with every filter and a cursor, for either audience", () => {
    const everything = { tag: "t", contributor: "c", section: "s", status: "draft" as const, q: "x".repeat(48), since: "2020-01-01T00:00:00Z", until: "2030-01-01T00:00:00Z" };
    for (const publishedOnly of [false, true]) {
      // A reader's search pages by the FTS index's rowid (src/articles/query.ts, searchWindow), so its cursor is of that kind.
      const dated = encodeCursor(publishedOnly ? "s123456789" : "2026-01-01T00:00:00.000Z", "art_x");
      for (const extra of [{ cursor: dated }, { collection: "k", cursor: encodeCursor("5", "art_x") }]) {
        const { params } = articlePageStatement(db(), getTableColumns(articles), { publishedOnly, limit: 100, ...everything, ...extra })!.toSQL();
        // Editors' search names q's pattern in both of its branches (src/articles/editor-search.ts).
        expect(params.length).toBeLessThan(50);
      }
    }
  });

  it("refuses a cursor of the other kind with the 400 clients know, naming cursor", async () => {
    const { token } = await tokenFor("editor");
    const position = encodeCursor("5", "art_x");
    const res = await call("GET", `/articles?cursor=${position}`, { token });
    expect(res.status).toBe(400);
    expect(res.json.code).toBe("validation_failed");
    expect(res.json.errors[0].path).toBe("cursor");
  });
});

describe("article counts (src/articles/query-counts.ts)", () => {
  it("count every status for editors and only published stories for readers, from one definition", async () => {
    const { token } = await tokenFor("editor");
    const live = await createPublishableArticle(token, { tags: ["Counted Twice"] });
    await call("POST", `/articles/${live.id}/publish`, { token });
    const slugs = { section: live.section.slug, contributor: live.bylines[0].contributor.slug };
    await createPublishableArticle(token, { tags: ["Counted Twice"], section: slugs.section, bylines: [{ contributor: slugs.contributor }] });
    const editors = {
      tag: (await call("GET", "/tags?q=Counted%20Twice", { token })).json.tags.find((t: any) => t.slug === "counted-twice"),
      section: (await call("GET", "/sections", { token })).json.sections.find((s: any) => s.slug === slugs.section),
      contributor: (await call("GET", `/contributors?q=${slugs.contributor}`, { token })).json.contributors[0],
    };
    expect([editors.tag.article_count, editors.section.article_count, editors.contributor.article_count]).toEqual([2, 2, 2]);
    const readers = {
      tag: (await get("/api/content/v1/tags/counted-twice")).json.tag,
      section: (await get(`/api/content/v1/sections/${slugs.section}`)).json.section,
      contributor: (await get(`/api/content/v1/contributors/${slugs.contributor}`)).json.contributor,
    };
    expect([readers.tag.article_count, readers.section.article_count, readers.contributor.article_count]).toEqual([1, 1, 1]);
  }, 20_000);
});

describe("editors' tag and contributor filters read few stories from their list, many by walking", () => {
  // Made in SQL: through the API, 205 stories would take minutes. Newest change first by updated_at.
  async function seedTagged(tagSlug: string, count: number) {
    const tagId = `tag_${tagSlug.replace(/-/g, "_")}`;
    await env.DB.prepare("INSERT INTO tags (id, slug, name) VALUES (?, ?, ?)").bind(tagId, tagSlug, tagSlug).run();
    await env.DB.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO articles (id, slug, headline, body, created_at, updated_at)
       SELECT ? || i, ? || '-' || i, 'Seeded ' || i, '{"type":"doc","content":[]}', '2030-01-01T00:00:00.000Z', printf('2030-01-01T00:%02d:%02d.000Z', i / 60, i % 60) FROM n`,
    ).bind(count, `art_${tagId}_`, tagSlug).run();
    await env.DB.prepare("INSERT INTO article_tags (article_id, position, tag_id) SELECT id, 0, ? FROM articles WHERE id LIKE ?").bind(tagId, `art_${tagId}_%`).run();
  }
  const page = async (tag: string, cursor?: string) => {
    const counter = { statements: 0 };
    const res = await listArticles(createDb(countingD1(env.DB, counter)), { limit: 5, tag, cursor }, siteUrls(env, "http://x"));
    return { ...res, statements: counter.statements };
  };

  it("gives the same pages either way, the busy tag after one more statement", async () => {
    await seedTagged("few-stories", 12);
    await seedTagged("many-stories", 205);
    const few = await page("few-stories");
    const many = await page("many-stories");
    expect(few.articles.map((a) => a.headline)).toEqual(["Seeded 12", "Seeded 11", "Seeded 10", "Seeded 9", "Seeded 8"]);
    expect(many.articles.map((a) => a.headline)).toEqual(["Seeded 205", "Seeded 204", "Seeded 203", "Seeded 202", "Seeded 201"]);
    // The list's size and the page from it in one batch; over 200 ids, the walk as well.
    expect([few.statements, many.statements]).toEqual([2, 3]);
    const next = await page("many-stories", many.next_cursor!);
    expect(next.articles.map((a) => a.headline)).toEqual(["Seeded 200", "Seeded 199", "Seeded 198", "Seeded 197", "Seeded 196"]);
    const last = await page("few-stories", (await page("few-stories", few.next_cursor!)).next_cursor!);
    expect(last.articles.map((a) => a.headline)).toEqual(["Seeded 2", "Seeded 1"]);
    expect(last.next_cursor).toBeNull();
  }, 20_000);
});
