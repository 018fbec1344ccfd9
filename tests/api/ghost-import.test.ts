// A Ghost 5 export (the fixture: ~300 posts) imported through the editorial API, then every post
// checked against the fixture's own record of what it is — not against what our converter says.
// One import for the file (beforeAll); a second run must change nothing; an edited post updates.
import { eq, sql, type Column } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { articles, articleTags, bylines, collectionItems, collections, contributors, media, redirects, revisions, sections, tags } from "../../src/db/schema";
import {
  authorSlugsOf,
  buildGhostFixture,
  ghostData,
  metaOf,
  resolveFixtureUrl,
  tagSlugsOf,
  type GhostExport,
  type GhostFixture,
} from "../fixtures/ghost/build-export";
import { call, db } from "../helpers/api";
import { ghostReport, importGhost, type GhostImportRun } from "../helpers/ghost";
import { get } from "../helpers/public";

let fx: GhostFixture;
let run: GhostImportRun;
/** Ghost post id → our article id. */
const ids = new Map<string, string>();

/** Ghost's "YYYY-MM-DD HH:MM:SS" (UTC) as the instant we must store, worked out independently of the importer. */
const instant = (ghost: string | null) => (ghost === null ? null : new Date(`${ghost.replace(" ", "T")}Z`).toISOString());

beforeAll(async () => {
  fx = buildGhostFixture();
  run = await importGhost(fx.export);
  for (const r of run.results) if (r.article_id) ids.set(r.ghost_id, r.article_id);
}, 300_000);

/** Any number of ids as ONE parameter (D1 binds at most 100). */
const inArray = (col: Column, list: string[]) => sql`${col} IN (SELECT value FROM json_each(${JSON.stringify(list)}))`;

const posts = () => ghostData(fx.export).posts.filter((p) => p.type === "post");

async function loadAll() {
  const idList = [...ids.values()];
  const rows = await db().select().from(articles).where(inArray(articles.id, idList)).all();
  const by = await db().select({ articleId: bylines.articleId, position: bylines.position, slug: contributors.slug }).from(bylines).innerJoin(contributors, eq(contributors.id, bylines.contributorId)).where(inArray(bylines.articleId, idList)).all();
  const tg = await db().select({ articleId: articleTags.articleId, position: articleTags.position, slug: tags.slug }).from(articleTags).innerJoin(tags, eq(tags.id, articleTags.tagId)).where(inArray(articleTags.articleId, idList)).all();
  const ordered = (list: { articleId: string; position: number; slug: string }[], id: string) =>
    list.filter((r) => r.articleId === id).sort((a, b) => a.position - b.position).map((r) => r.slug);
  return new Map(rows.map((r) => [r.id, { row: r, bylines: ordered(by, r.id), tags: ordered(tg, r.id) }]));
}

describe("a Ghost 5 export imported through the API", () => {
  it("imports every post (pages are not articles) and reports them", async () => {
    const expected = posts();
    expect(ids.size).toBe(expected.length);
    expect(run.finished.status).toBe("complete");
    expect(run.finished.counts.posts).toMatchObject({ created: expected.length, skipped: 0 });
    const page = ghostData(fx.export).posts.find((p) => p.type === "page")!;
    expect(run.results.some((r) => r.slug === page.slug)).toBe(false);
  });

  it("keeps every post's headline, slug, status, dates, summary, canonical URL and SEO fields", async () => {
    const all = await loadAll();
    for (const p of posts()) {
      const a = all.get(ids.get(p.id)!)!;
      const meta = metaOf(fx.export, p.id);
      const label = p.slug;
      expect(a.row.headline, label).toBe(p.title);
      expect(a.row.slug, label).toBe(p.slug);
      expect(a.row.status, label).toBe(p.status);
      if (p.status === "published") expect(a.row.publishedAt, label).toBe(instant(p.published_at));
      if (p.status === "scheduled") expect(a.row.scheduledAt, label).toBe(instant(p.published_at));
      if (p.status === "draft") expect(a.row.publishedAt, label).toBeNull();
      expect(a.row.updatedAt, label).toBe(instant(p.updated_at));
      expect(a.row.summary, label).toBe(p.custom_excerpt);
      expect(a.row.canonicalUrl, label).toBe(resolveFixtureUrl(p.canonical_url));
      expect(a.row.seoTitle, label).toBe(meta?.meta_title ?? null);
      expect(a.row.seoDescription, label).toBe(meta?.meta_description ?? null);
    }
  });

  it("keeps byline order (posts_authors.sort_order) and tag order (primary first, internal kept)", async () => {
    const all = await loadAll();
    for (const p of posts()) {
      const a = all.get(ids.get(p.id)!)!;
      expect(a.bylines, p.slug).toEqual(authorSlugsOf(fx.export, p.id));
      expect(a.tags, p.slug).toEqual(tagSlugsOf(fx.export, p.id));
    }
  });

  it("splits feature image captions into caption and credit, keeps alt, and reports each split", async () => {
    const all = await loadAll();
    const report = await ghostReport(run);
    for (const p of posts()) {
      const a = all.get(ids.get(p.id)!)!;
      const f = fx.facts.get(p.id)!;
      if (!f.featureCaption) {
        expect(a.row.featuredMediaId, p.slug).toBeNull();
        continue;
      }
      expect(a.row.featuredMediaId, p.slug).not.toBeNull();
      expect(a.row.featuredAlt, p.slug).toBe(metaOf(fx.export, p.id)?.feature_image_alt ?? "");
      expect(a.row.featuredCaption, p.slug).toBe(f.featureCaption.caption);
      expect(a.row.featuredCredit, p.slug).toBe(f.featureCaption.credit);
      const split = report.notes.some((n: any) => n.ghost_post_id === p.id && n.code === "credit_split");
      expect(split, p.slug).toBe(f.featureCaption.credit !== null);
    }
  });

  it("turns bookmarks to other imported posts into related cards, in body order", async () => {
    const all = await loadAll();
    const bySlug = new Map(posts().map((p) => [p.slug, ids.get(p.id)!]));
    let checked = 0;
    for (const p of posts()) {
      const f = fx.facts.get(p.id)!;
      const body = all.get(ids.get(p.id)!)!.row.body as { content: { type: string; attrs?: { article_id?: string } }[] };
      const cards = body.content.filter((n) => n.type === "relatedCard").map((n) => n.attrs!.article_id);
      expect(cards, p.slug).toEqual(f.bookmarkedSlugs.map((s) => bySlug.get(s)));
      checked += cards.length;
    }
    // Bookmarks forward (to a post imported in a later chunk) resolve too.
    expect(checked).toBeGreaterThan(1);
  });

  it("reports every unrepresentable card, and the text report reads", async () => {
    const report = await ghostReport(run);
    for (const p of posts()) {
      const cards = fx.facts.get(p.id)!.unmappedCards;
      const notes = report.notes.filter((n: any) => n.ghost_post_id === p.id && n.code === "unmapped_card");
      expect(notes.length, p.slug).toBe(cards.length);
    }
    const text = await call("GET", `/imports/ghost/${run.importId}/report?format=text`, { token: run.token });
    expect(text.status).toBe(200);
    expect(text.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(text.text).toMatch(/^posts\s+\d+/m);
    expect(text.text).toContain(fx.showcase.unmappedCards);
  });

  it("keeps internal tags out of the public content API, and never stores users' emails", async () => {
    const res = await get(`/api/content/v1/articles/${fx.showcase.lexical}`);
    expect(res.status).toBe(200);
    const slugs = res.json.article.tags.map((t: { slug: string }) => t.slug);
    expect(slugs.length).toBeGreaterThan(0);
    expect(slugs.some((s: string) => s.startsWith("hash-"))).toBe(false);
    const tagList = await get("/api/content/v1/tags");
    expect(JSON.stringify(tagList.json)).not.toContain("hash-");
    const people = await db().select().from(contributors).all();
    expect(JSON.stringify(people)).not.toMatch(/@harbour-ledger\.example|\$2a\$/);
    // Ghost profile images become avatars, left at their address.
    let avatars = 0;
    for (const u of ghostData(fx.export).users.filter((x) => x.profile_image)) {
      const person = people.find((p) => p.slug === u.slug);
      if (!person) continue; // staff who never wrote get no contributor
      const avatar = await db().select().from(media).where(eq(media.id, person.avatarMediaId ?? "")).get();
      expect(avatar?.sourceUrl, u.slug).toBe(resolveFixtureUrl(u.profile_image));
      avatars++;
    }
    expect(avatars).toBeGreaterThan(0);
  });
  it("puts Ghost's featured posts (and only those) in the featured collection", async () => {
    const rows = await db().select({ articleId: collectionItems.articleId }).from(collectionItems).innerJoin(collections, eq(collections.id, collectionItems.collectionId)).where(eq(collections.slug, "featured")).all();
    const expected = posts().filter((p) => p.featured === 1).map((p) => ids.get(p.id));
    expect(expected.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.articleId))).toEqual(new Set(expected));
  });

  it("redirects Ghost's URL scheme to ours: posts, tags, authors and their feeds (never a draft or an internal tag)", async () => {
    const rows = await db().select().from(redirects).where(eq(redirects.source, "ghost-import")).all();
    const to = new Map(rows.map((r) => [r.fromPath, r.toUrl]));
    const published = posts().find((p) => p.status === "published")!;
    const article = await db().select({ slug: articles.slug, section: sections.slug }).from(articles).leftJoin(sections, eq(sections.id, articles.sectionId)).where(eq(articles.id, ids.get(published.id)!)).get();
    expect(to.get(`/${published.slug}`)).toBe(`http://127.0.0.1:8787/${article!.section}/${article!.slug}`);
    const author = authorSlugsOf(fx.export, published.id)[0]!;
    const tag = tagSlugsOf(fx.export, published.id).find((t) => !t.startsWith("hash-"))!;
    expect(to.get(`/author/${author}`)).toBe(`http://127.0.0.1:8787/authors/${author}`);
    expect(to.get(`/author/${author}/rss`)).toBe(`/contributors/${author}/feed.xml`);
    expect(to.get(`/tag/${tag}`)).toBe(`http://127.0.0.1:8787/tags/${tag}`);
    expect(to.get(`/tag/${tag}/rss`)).toBe(`/tags/${tag}/feed.xml`);
    expect(to.get("/rss")).toBe("/feed.xml");
    for (const kind of ["posts", "pages", "tags", "authors"]) expect(to.get(`/sitemap-${kind}.xml`)).toBe("/sitemap.xml");
    const draft = posts().find((p) => p.status === "draft")!;
    expect(to.has(`/${draft.slug}`)).toBe(false);
    expect([...to.keys()].some((k) => k.includes("hash-"))).toBe(false);
  });
});

describe("running the same import again", () => {
  it("changes nothing: every post unchanged, same ids, no new revision", async () => {
    const before = await db().select({ id: revisions.id }).from(revisions).where(inArray(revisions.articleId, [...ids.values()])).all();
    const again = await importGhost(fx.export, { token: run.token });
    expect(again.finished.counts.posts).toEqual({ created: 0, updated: 0, unchanged: ids.size, skipped: 0 });
    expect(again.finished.counts.contributors.created).toBe(0);
    expect(again.finished.counts.tags.created).toBe(0);
    for (const r of again.results) expect(r.article_id).toBe(ids.get(r.ghost_id));
    const after = await db().select({ id: revisions.id }).from(revisions).where(inArray(revisions.articleId, [...ids.values()])).all();
    expect(after.length).toBe(before.length);
  }, 300_000);

  it("updates a post edited in Ghost since, in place, with an import revision", async () => {
    const edited = structuredClone(fx.export) as GhostExport;
    const data = ghostData(edited);
    const target = data.posts.find((p) => p.slug === fx.showcase.seo)!;
    target.title = "Night market returns to the quay, bigger than ever";
    target.updated_at = "2025-06-01 09:30:00";
    // Only that post (and what it needs) in this run: the rest of the archive is already checked above.
    data.posts = [target];
    const res = await importGhost(edited, { token: run.token });
    expect(res.finished.counts.posts).toEqual({ created: 0, updated: 1, unchanged: 0, skipped: 0 });
    const row = await db().select().from(articles).where(inArray(articles.id, [ids.get(target.id)!])).get();
    expect(row?.headline).toBe(target.title);
    expect(row?.updatedAt).toBe("2025-06-01T09:30:00.000Z");
    const revs = await db().select().from(revisions).where(inArray(revisions.articleId, [row!.id])).all();
    expect(revs.map((r) => r.action)).toEqual(["import", "import"]);
  }, 60_000);
});
