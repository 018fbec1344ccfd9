// Shared by the published-counts tests: what migration 0024's kept counts must equal, recounted from
// the articles' own status (not the tag and byline rows' copies), and the Ghost-compatible API's
// answers that read them (src/ghost-api/totals.ts, load.ts) checked against the same recount.
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { call } from "../helpers/api";
import { get } from "../helpers/public";

type Count = { scope: string; id: string; n: number };

const RECOUNT = `
  SELECT 'all' AS scope, '' AS id, count(*) AS n FROM articles WHERE status = 'published' HAVING count(*) > 0
  UNION ALL SELECT 'tag', x.tag_id, count(*) FROM article_tags x JOIN articles a ON a.id = x.article_id WHERE a.status = 'published' GROUP BY x.tag_id
  UNION ALL SELECT 'contributor', b.contributor_id, count(*) FROM bylines b JOIN articles a ON a.id = b.article_id WHERE a.status = 'published' GROUP BY b.contributor_id
  ORDER BY 1, 2`;

/** Every kept count equals its recount, and no row is kept for a count of 0. */
export async function expectCountsInStep() {
  const kept = (await env.DB.prepare("SELECT scope, id, n FROM published_counts ORDER BY 1, 2").all<Count>()).results;
  const recounted = (await env.DB.prepare(RECOUNT).all<Count>()).results;
  expect(kept).toEqual(recounted);
}

export const G = "/ghost/api/content";

export async function ghostKey(adminToken: string) {
  return (await call("POST", "/content-api-keys", { token: adminToken, body: { name: "counts" } })).json.content_api_key.key as string;
}

async function recount(where: string, ...binds: string[]) {
  const { results } = await env.DB.prepare(`SELECT count(*) AS n FROM articles a WHERE a.status = 'published'${where}`).bind(...binds).all<{ n: number }>();
  return results[0]!.n;
}
const TAGGED = " AND EXISTS (SELECT 1 FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = a.id AND t.slug = ?1)";
const BYLINED = " AND EXISTS (SELECT 1 FROM bylines b JOIN contributors c ON c.id = b.contributor_id WHERE b.article_id = a.id AND c.slug = ?1)";

async function total(key: string, filter?: string) {
  const res = await get(`${G}/posts/?${new URLSearchParams({ key, limit: "1", ...(filter ? { filter } : {}) })}`);
  expect(res.status, res.text).toBe(200);
  return res.json.meta.pagination.total as number;
}

async function countOf(key: string, kind: "tags" | "authors", slug: string) {
  const res = await get(`${G}/${kind}/slug/${slug}/?key=${key}&include=count.posts`);
  // Ghost's directories list only what has a published post: 404 is a count of 0.
  return res.status === 404 ? 0 : (res.json[kind][0].count.posts as number);
}

/**
 * What a Ghost front-end reads for `tag` and `person` (slugs) equals the recount: the posts list's
 * total unfiltered, by tag, by author, every story since `middle`, by tag with a bound on
 * published_at either side of `middle` (the complement and the direct count) and a window, and each
 * directory's count.posts.
 */
export async function expectGhostAgrees(key: string, tag: string, person: string, middle = "2024-01-01T00:00:00.000Z") {
  const got = {
    all: await total(key),
    tag: await total(key, `tag:${tag}`),
    author: await total(key, `author:${person}`),
    since: await total(key, `published_at:>='${middle}'`),
    after: await total(key, `tag:${tag}+published_at:>'${middle}'`),
    upTo: await total(key, `published_at:<='${middle}'+tag:${tag}`),
    window: await total(key, `tag:${tag}+published_at:>'2000-01-01'+published_at:<'${middle}'`),
    tagCount: await countOf(key, "tags", tag),
    authorCount: await countOf(key, "authors", person),
  };
  const want = {
    all: await recount(""),
    tag: await recount(TAGGED, tag),
    author: await recount(BYLINED, person),
    since: await recount(" AND a.published_at >= ?1", middle),
    after: await recount(`${TAGGED} AND a.published_at > ?2`, tag, middle),
    upTo: await recount(`${TAGGED} AND a.published_at <= ?2`, tag, middle),
    window: await recount(`${TAGGED} AND a.published_at > '2000-01-01T00:00:00.000Z' AND a.published_at < ?2`, tag, middle),
    tagCount: await recount(TAGGED, tag),
    authorCount: await recount(BYLINED, person),
  };
  expect(got).toEqual(want);
  return got;
}
