// What the phases request, read from the seeded database: the busiest tag, a cursor deep in the
// archive, every published slug, search terms, and articles for the editorial phases.
import { encodeCursor } from "../../src/lib/cursor";
import { createRng } from "./generate/prng";
import { searchTerms } from "./generate/text";
import type { Runtime } from "./runtime";

/** A feed's default page (src/public/params.ts): the rare tag's feed is held to a full one. */
const FEED_PAGE = 20;

export interface Fixtures {
  published: number;
  tag: { slug: string; articles: number };
  /** The rarest tag whose feed fills a page (the feeds' rare-tag phase). */
  rareTag: { slug: string; articles: number };
  /** The rarest tag of all (the editorial list's rare-tag phase: a list of a few, its own path). */
  rarestTag: { slug: string; articles: number };
  deepCursor: { cursor: string; offset: number };
  slugs: string[];
  hotSlugs: string[];
  /** Published stories no read phase requests (kept out of `slugs`): the d1-outage phase's never-cached URLs. */
  outageSlugs: string[];
  queries: string[];
  /** For the editorial list phases: its own deep cursor (by last change), a busy contributor and section, LIKE words. */
  editorial: { deepCursor: { cursor: string; offset: number }; contributor: string; section: string; words: string[] };
}

async function rows<T>(rt: Runtime, sql: string, params: unknown[] = []): Promise<T[]> {
  const [result] = await rt.exec([[sql, params]]);
  return (result ?? []) as T[];
}

export async function loadFixtures(rt: Runtime): Promise<Fixtures> {
  const all = (await rows<{ slug: string }>(rt, "SELECT slug FROM articles WHERE status = 'published'")).map((r) => r.slug);
  // Every 10th story (at most 2,000) is set aside: read phases request the rest, through the cache or not.
  const outageSlugs = all.filter((_, i) => i % 10 === 9).slice(0, 2000);
  const reserved = new Set(outageSlugs);
  const slugs = all.filter((s) => !reserved.has(s));
  // The most- and least-used tags: the two ends of what a tag filter must cope with.
  const tagCounts = await rows<{ slug: string; n: number }>(
    rt,
    "SELECT t.slug AS slug, count(*) AS n FROM article_tags at JOIN tags t ON t.id = at.tag_id JOIN articles a ON a.id = at.article_id WHERE a.status = 'published' GROUP BY t.id ORDER BY n DESC",
  );
  const tag = tagCounts[0];
  // The rarest tag whose feed still fills a page and links a next one (more than FEED_PAGE stories),
  // at every size. The rarest of all had 1 story at 1,000 articles and 113 at 100,000: its feed
  // rendered 1 item against 20, and that, not the index, made it look 36% slower with size.
  const rare = tagCounts.filter((t) => t.n > FEED_PAGE).at(-1) ?? tag;
  const rarest = tagCounts.at(-1);
  // 90% of the way into the archive: a reader (or crawler) paging far back.
  const offset = Math.floor(all.length * 0.9);
  const [deep] = await rows<{ id: string; published_at: string }>(
    rt,
    "SELECT id, published_at FROM articles WHERE status = 'published' ORDER BY published_at DESC, id DESC LIMIT 1 OFFSET ?",
    [offset],
  );
  if (!tag || !rare || !rarest || !deep) throw new Error("The seeded database has no published, tagged articles.");
  const editorial = await editorialFixtures(rt);
  const rng = createRng(42);
  const hotSlugs = Array.from({ length: Math.min(100, slugs.length) }, () => rng.pick(slugs));
  const queries = Array.from({ length: 20 }, () => searchTerms(rng));
  // One word each: the editors' LIKE search is a substring match, so a two-word phrase would rarely match.
  const words = [...new Set(queries.map((q) => q.split(" ")[0]!))];
  return {
    published: all.length,
    tag: { slug: tag.slug, articles: tag.n },
    rareTag: { slug: rare.slug, articles: rare.n },
    rarestTag: { slug: rarest.slug, articles: rarest.n },
    deepCursor: { cursor: encodeCursor(deep.published_at, deep.id), offset },
    slugs,
    hotSlugs,
    outageSlugs,
    queries,
    editorial: { ...editorial, words },
  };
}

/** The editorial list sorts every status by last change: its deep cursor is 90% into that order. */
async function editorialFixtures(rt: Runtime) {
  const [{ n } = { n: 0 }] = await rows<{ n: number }>(rt, "SELECT count(*) AS n FROM articles");
  const offset = Math.floor(n * 0.9);
  const [deep] = await rows<{ id: string; updated_at: string }>(rt, "SELECT id, updated_at FROM articles ORDER BY updated_at DESC, id DESC LIMIT 1 OFFSET ?", [offset]);
  const [contributor] = await rows<{ slug: string }>(
    rt,
    "SELECT c.slug AS slug FROM bylines b JOIN contributors c ON c.id = b.contributor_id GROUP BY c.id ORDER BY count(*) DESC LIMIT 1",
  );
  const [section] = await rows<{ slug: string }>(rt, "SELECT s.slug AS slug FROM articles a JOIN sections s ON s.id = a.section_id GROUP BY s.id ORDER BY count(*) DESC LIMIT 1");
  if (!deep || !contributor || !section) throw new Error("The seeded database has no articles with bylines and sections.");
  return { deepCursor: { cursor: encodeCursor(deep.updated_at, deep.id), offset }, contributor: contributor.slug, section: section.slug };
}

/** Published articles spread through the archive, for the save phase (one per connection and spare). */
export async function pickSaveTargets(rt: Runtime, count: number): Promise<string[]> {
  return (await rows<{ id: string }>(rt, "SELECT id FROM articles WHERE status = 'published' ORDER BY search_id % 97, search_id LIMIT ?", [count])).map((r) => r.id);
}

/**
 * Drafts to publish: the seeded drafts, topped up by turning the oldest published articles back
 * into drafts (setup, not measured), so every publish request really publishes something.
 */
export async function preparePublishTargets(rt: Runtime, count: number): Promise<string[]> {
  const [{ n } = { n: 0 }] = await rows<{ n: number }>(rt, "SELECT count(*) AS n FROM articles WHERE status = 'draft'");
  if (n < count) {
    await rows(rt, "UPDATE articles SET status = 'draft' WHERE id IN (SELECT id FROM articles WHERE status = 'published' ORDER BY published_at LIMIT ?)", [count - n]);
  }
  return (await rows<{ id: string }>(rt, "SELECT id FROM articles WHERE status = 'draft' ORDER BY search_id LIMIT ?", [count])).map((r) => r.id);
}
