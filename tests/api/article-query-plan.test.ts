// The shared article query's plans (EXPLAIN QUERY PLAN of the exact SQL it sends). The editorial
// list used to build IN lists of a tag's or contributor's articles and sort whole sections and
// statuses; through the shared module it walks its order's index and stops after one page, as
// the public lists do. Readers' tag and contributor lists read their feed index, and search a
// window of the FTS index, so neither depends on the archive's size. Plans depend on the schema, not on data: an empty table plans the same.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { articlePageStatement, SEARCH_WINDOW, type ArticlePageQuery, type Drive } from "../../src/articles/query";
import { contributorArticleCount, tagArticleCount } from "../../src/articles/query-counts";
import { articles, contributors, tags } from "../../src/db/schema";
import { encodeCursor } from "../../src/lib/cursor";
import { noteArchiveTop, SMALL_ARCHIVE } from "../../src/articles/editor-search";
import { db } from "../helpers/api";

async function plan(q: ArticlePageQuery, drive?: Drive) {
  const statement = articlePageStatement(db(), { id: articles.id }, q, drive);
  if (!statement) throw new Error("no statement");
  const { sql, params } = statement.toSQL();
  const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
  return results.map((r) => r.detail);
}

const cursor = encodeCursor("2026-01-01T00:00:00.000Z", "art_x");
const FILTERS: [string, Partial<ArticlePageQuery>][] = [
  ["no filter", {}],
  ["cursor", { cursor }],
  ["status", { status: "draft" }],
  ["section", { section: "news" }],
  ["tag", { tag: "climate" }],
  ["contributor", { contributor: "ada" }],
  ["tag, contributor, section, status and cursor together", { tag: "climate", contributor: "ada", section: "news", status: "published", cursor }],
];
// Every table other than the walked one is reached by an index probe: tags and bylines as a
// semi-join (SQLite turns the EXISTS into one), slugs as uncorrelated subqueries looked up once.
const PROBE = /^SEARCH (tags|contributors|sections|article_tags|bylines) (EXISTS )?USING (COVERING )?INDEX \S+ \(/;
const perRow = (lines: string[]) => lines.filter((l) => l.startsWith("CORRELATED"));

describe("the editorial list (every status, newest change first) walks articles_updated_idx", () => {
  it.each(FILTERS)("%s", async (_name, f) => {
    const lines = await plan({ publishedOnly: false, limit: 20, ...f });
    const reads = lines.filter((l) => /^(SCAN|SEARCH) /.test(l));
    expect(reads[0]).toMatch(/^(SCAN|SEARCH) articles USING INDEX articles_updated_idx\b/);
    for (const line of reads.slice(1)) expect(line).toMatch(PROBE);
    // An IN list is built whole on every request, however few rows the page needs.
    expect(lines.filter((l) => l.includes("LIST SUBQUERY"))).toEqual([]);
    expect(perRow(lines)).toEqual([]);
    // Sorting every matching row would read them all before the LIMIT; ties of one updated_at are fine.
    expect(lines.filter((l) => l.includes("TEMP B-TREE") && !l.includes("LAST TERM OF ORDER BY"))).toEqual([]);
  });

  it("searches through the indexes (src/articles/editor-search.ts): the few matches sorted, or the walk; never a probe per story", async () => {
    noteArchiveTop(SMALL_ARCHIVE);
    for (const f of [{}, { status: "draft" as const, cursor }]) {
      const lines = await plan({ publishedOnly: false, limit: 20, q: "glacier", ...f });
      // Two branches, each its own LIMIT (0 for the one not taken), merged by the list's order.
      expect(lines[0]).toBe("MERGE (UNION ALL)");
      // Few: each match read by search_id, sorted; many: the walk of the list's own order.
      expect(lines).toContain("SEARCH articles USING INDEX articles_search_id_uq (search_id=?)");
      expect(lines).toContainEqual(expect.stringMatching(/^(SCAN|SEARCH) articles USING INDEX articles_updated_idx\b/));
      // The substring through the trigram index, the words through the search index (newest first,
      // capped, then the whole list only for an older story); each read once, none per story.
      expect(lines.filter((l) => l.includes("articles_trgm"))).toEqual([expect.stringMatching(/^SCAN articles_trgm VIRTUAL TABLE INDEX 0:M/)]);
      expect(lines.filter((l) => l.includes("articles_fts"))).toHaveLength(2);
      expect(lines.join("\n")).not.toContain("CORRELATED");
    }
  });

  it("a substring under 3 characters has no trigram: the walk alone, as before", async () => {
    noteArchiveTop(SMALL_ARCHIVE);
    const lines = await plan({ publishedOnly: false, limit: 20, q: "gl" });
    // The walk, then each of the page's articles by primary key for its fields; and the archive's
    // size for the isolate (max(search_id): one probe of that index's end).
    expect(lines.filter((l) => /^(SCAN|SEARCH) articles\b/.test(l))).toEqual(["SCAN articles USING INDEX articles_updated_idx", "SEARCH articles USING INDEX sqlite_autoindex_articles_1 (id=?)", "SEARCH articles USING COVERING INDEX articles_search_id_uq"]);
    expect(lines.join("\n")).not.toContain("articles_trgm");
    expect(lines.join("\n")).not.toContain("CORRELATED");
  });
});

describe("editors' search in a small archive (under SMALL_ARCHIVE stories ever written)", () => {
  it("the plain walk: the list's order index, each story's LIKE, the words' match list built once", async () => {
    noteArchiveTop(SMALL_ARCHIVE - 1);
    for (const f of [{}, { status: "draft" as const, cursor }]) {
      const lines = await plan({ publishedOnly: false, limit: 20, q: "glacier", ...f });
      expect(lines.filter((l) => /^(SCAN|SEARCH) articles\b/.test(l))).toEqual([expect.stringMatching(/^(SCAN|SEARCH) articles USING INDEX articles_updated_idx\b/), "SEARCH articles USING COVERING INDEX articles_search_id_uq"]);
      expect(lines.filter((l) => l.includes("articles_fts"))).toEqual([expect.stringMatching(/^SCAN articles_fts VIRTUAL TABLE INDEX 0:M/)]);
      expect(lines.join("\n")).not.toContain("articles_trgm");
      expect(lines.join("\n")).not.toContain("CORRELATED");
    }
  });
});

describe("editors' tag or contributor on few stories: read from its list, at most 201 ids", () => {
  // A tag on three stories would walk the whole index above; its list (capped, and used only when
  // complete) is read by primary key and its few rows sorted.
  it.each([["tag", { tag: "climate" }], ["contributor", { contributor: "ada", status: "draft" as const }], ["both, with a cursor", { tag: "climate", contributor: "ada", cursor }]] as const)("%s", async (_name, f) => {
    const statement = articlePageStatement(db(), { id: articles.id }, { publishedOnly: false, limit: 20, ...f }, "list")!;
    expect(statement.toSQL().params).toContain(201);
    const lines = await plan({ publishedOnly: false, limit: 20, ...f }, "list");
    expect(lines[0]).toBe("SEARCH articles USING INDEX sqlite_autoindex_articles_1 (id=?)");
    expect(lines).toContainEqual(expect.stringMatching(/^SEARCH (article_tags|bylines) USING COVERING INDEX (article_tags_feed_idx|bylines_feed_idx) \((tag_id|contributor_id)=\?\)$/));
    // The one scan is of the capped list itself ("few", at most 201 ids), counted once as the guard.
    expect(lines.filter((l) => l.startsWith("SCAN ") || l.startsWith("CORRELATED"))).toEqual(["SCAN few"]);
  });
});

describe("the public lists (published, newest first) walk articles_status_published_id_idx", () => {
  it.each(FILTERS.filter(([name]) => ["no filter", "cursor", "section"].includes(name)))("%s", async (_name, f) => {
    const lines = await plan({ publishedOnly: true, limit: 20, ...f });
    const reads = lines.filter((l) => /^(SCAN|SEARCH) /.test(l));
    expect(reads[0]).toMatch(/^SEARCH articles USING INDEX articles_status_published_id_idx \(status=\?/);
    for (const line of reads.slice(1)) expect(line).toMatch(PROBE);
    expect(lines.filter((l) => l.includes("LIST SUBQUERY") || l.includes("TEMP B-TREE"))).toEqual([]);
    expect(perRow(lines)).toEqual([]);
  });

  it("ignores a status: readers only ever get published stories", async () => {
    const { sql, params } = articlePageStatement(db(), { id: articles.id }, { publishedOnly: true, limit: 20, status: "draft" })!.toSQL();
    expect(params).toContain("published");
    expect(params).not.toContain("draft");
    expect(sql).toContain(`"articles"."status" = ?`);
  });
});

// A tag's or contributor's page for readers is the first rows of its feed index (migration 0015:
// the article's status and published_at copied onto article_tags and bylines), each article then
// read by primary key: one index page whatever the tag's size, where walking the archive's date
// index for a rare tag's 20 stories read most of it (docs/performance.md, tag feeds).
const FEEDS: [string, Partial<ArticlePageQuery>, RegExp][] = [
  ["tag", { tag: "climate" }, /^SEARCH article_tags USING COVERING INDEX article_tags_feed_idx \(tag_id=\? AND status=\?\)$/],
  ["tag with a cursor", { tag: "climate", cursor }, /^SEARCH article_tags USING COVERING INDEX article_tags_feed_idx \(tag_id=\? AND status=\? AND \(published_at,article_id\)<\(\?,\?\)\)$/],
  ["tag, section, since, until and a cursor", { tag: "climate", section: "news", since: "2020-01-01T00:00:00Z", until: "2030-01-01T00:00:00Z", cursor }, /^SEARCH article_tags USING COVERING INDEX article_tags_feed_idx \(tag_id=\? AND status=\? AND published_at>\? AND published_at<\?\)$|^SEARCH article_tags USING COVERING INDEX article_tags_feed_idx \(tag_id=\? AND status=\? AND published_at>\? AND \(published_at,article_id\)<\(\?,\?\)\)$/],
  ["contributor", { contributor: "ada" }, /^SEARCH bylines USING COVERING INDEX bylines_feed_idx \(contributor_id=\? AND status=\?\)$/],
  ["contributor with a cursor", { contributor: "ada", cursor }, /^SEARCH bylines USING COVERING INDEX bylines_feed_idx \(contributor_id=\? AND status=\? AND \(published_at,article_id\)<\(\?,\?\)\)$/],
  // Both: the contributor's list drives (usually the shorter), the tag is a probe of each story.
  ["tag and contributor with a cursor", { tag: "climate", contributor: "ada", cursor }, /^SEARCH bylines USING COVERING INDEX bylines_feed_idx \(contributor_id=\? AND status=\? AND \(published_at,article_id\)<\(\?,\?\)\)$/],
];

describe("readers' tag and contributor lists read one page of the feed index", () => {
  it.each(FEEDS)("%s", async (_name, f, drive) => {
    const lines = await plan({ publishedOnly: true, limit: 20, ...f });
    const reads = lines.filter((l) => /^(SCAN|SEARCH) /.test(l));
    expect(reads[0]).toMatch(drive);
    // Then each story by its primary key, and the slugs' and the other filter's one-row probes.
    const byKey = "SEARCH articles USING INDEX sqlite_autoindex_articles_1 (id=?)";
    expect(reads.filter((l) => l === byKey)).toHaveLength(1);
    for (const line of reads.slice(1).filter((l) => l !== byKey)) expect(line).toMatch(PROBE);
    // No sort (the index is the order), no list built, nothing run per row but the probes above.
    expect(lines.filter((l) => l.includes("LIST SUBQUERY") || l.includes("TEMP B-TREE") || l.startsWith("SCAN "))).toEqual([]);
    expect(perRow(lines)).toEqual([]);
  });

  it("keeps the walk's order and cursor: published_at then id, both from the feed's copies", () => {
    const { sql } = articlePageStatement(db(), { id: articles.id }, { publishedOnly: true, limit: 20, tag: "climate", cursor })!.toSQL();
    expect(sql).toContain(`order by "article_tags"."published_at" desc, "article_tags"."article_id" desc`);
    expect(sql).toContain(`("article_tags"."published_at", "article_tags"."article_id") < (?, ?)`);
  });
});

describe("readers' search takes a window of the newest matches from the FTS5 index itself", () => {
  it.each([
    ["words", { q: "glacier orbit" }],
    ["words with a cursor, a tag, a contributor, a section and dates", { q: "glacier", cursor: encodeCursor("s1234", "art_x"), tag: "climate", contributor: "ada", section: "news", since: "2020-01-01T00:00:00Z", until: "2030-01-01T00:00:00Z" }],
  ] as const)("%s", async (_name, f) => {
    const statement = articlePageStatement(db(), { id: articles.id }, { publishedOnly: true, limit: 20, ...f })!;
    // The window: at most SEARCH_WINDOW pages of matches, newest first, read in the index's rowid order.
    expect(statement.toSQL().params).toContain(SEARCH_WINDOW * 21);
    const lines = await plan({ publishedOnly: true, limit: 20, ...f });
    expect(lines[0]).toBe("CO-ROUTINE w");
    // idxNum 192 is FTS5's "ORDER BY rowid DESC consumed" (no sort of the matches); "<" the cursor's rowid bound.
    expect(lines[1]).toMatch(/^SCAN articles_fts VIRTUAL TABLE INDEX 192:M\d+(<)?$/);
    if ("cursor" in f) expect(lines[1]).toMatch(/<$/);
    // The MATCH argument: the last word's whole terms, one range of search_terms' primary key, read
    // once (an uncorrelated scalar subquery: not CORRELATED, so not once a match).
    const w = lines.indexOf("SCAN w");
    expect(lines.slice(2, w)).toEqual([
      expect.stringMatching(/^SCALAR SUBQUERY \d+$/),
      expect.stringMatching(/^CO-ROUTINE \(subquery-\d+\)$/),
      "SEARCH search_terms USING PRIMARY KEY (term>? AND term<?)",
      expect.stringMatching(/^SCAN \(subquery-\d+\)$/),
    ]);
    expect(lines[w + 1]).toBe("SEARCH articles USING INDEX articles_search_id_uq (search_id=?)");
    for (const line of lines.slice(w + 2).filter((l) => /^(SCAN|SEARCH) /.test(l))) expect(line).toMatch(PROBE);
    // The old plan listed every match (LIST SUBQUERY) and walked the date index against it.
    expect(lines.filter((l) => l.includes("LIST SUBQUERY") || l.includes("TEMP B-TREE") || l.includes("articles_status_published_id_idx"))).toEqual([]);
  });
});

describe("both audiences share one tag and contributor probe, and one collection walk", () => {
  it.each([["tag", { tag: "climate" }], ["contributor", { contributor: "ada" }]] as const)("%s", async (_name, f) => {
    // Everything after the walk of the audience's own index, less the sort of equal updated_at.
    const probe = (lines: string[]) => lines.slice(1).filter((l) => !l.includes("TEMP B-TREE"));
    const editors = probe(await plan({ publishedOnly: false, limit: 20, ...f }));
    expect(editors[0]).toMatch(/^SEARCH (article_tags|bylines) EXISTS USING COVERING INDEX/);
    // Readers read that list from its feed index instead (above); the probe is the feeds' scope check's.
    expect(editors).toEqual(probe(await plan({ publishedOnly: true, limit: 20, ...f }, "walk")));
  });

  it("a collection is read in its own order from its unique index, for editors and readers alike", async () => {
    for (const publishedOnly of [false, true]) {
      const lines = await plan({ publishedOnly, limit: 20, collection: "front-page", cursor: encodeCursor("3", "art_x") });
      expect(lines[0]).toMatch(/^SEARCH collection_items USING INDEX \S+ \(collection_id=\? AND position>\?\)$/);
      expect(lines).toContainEqual(expect.stringMatching(/^SEARCH articles USING INDEX sqlite_autoindex_articles_1 \(id=\?\)$/));
      expect(lines.filter((l) => l.includes("TEMP B-TREE") || l.startsWith("SCAN "))).toEqual([]);
    }
  });
});

describe("published counts (src/articles/query-counts.ts) read the kept count alone", () => {
  it.each([
    ["tags", tagArticleCount],
    ["contributors", contributorArticleCount],
  ] as const)("%s", async (table, count) => {
    const { sql: text, params } = db().select({ n: count(true) }).from(table === "tags" ? tags : contributors).toSQL();
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${text}`).bind(...params).all<{ detail: string }>();
    const lines = results.map((r) => r.detail);
    // Migration 0024's count, one primary-key probe a row: no feed index range, no article read.
    expect(lines).toContainEqual(expect.stringMatching(/^SEARCH published_counts USING PRIMARY KEY \(scope=\? AND id=\?\)$/));
    expect(lines.filter((l) => /article_tags|bylines|\barticles\b/.test(l))).toEqual([]);
  });
  it("an editor's count (every status) still counts the rows", async () => {
    const { sql: text } = db().select({ n: tagArticleCount(false) }).from(tags).toSQL();
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${text}`).all<{ detail: string }>();
    expect(results.map((r) => r.detail)).toContainEqual(expect.stringMatching(/^SEARCH x USING COVERING INDEX article_tags_feed_idx \(tag_id=\?\)$/));
  });
});
