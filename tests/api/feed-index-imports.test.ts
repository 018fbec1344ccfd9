// The feed indexes' copies through the two importers: our own export → import round trip, which
// writes articles and their tag and byline rows from the file, and a Ghost import. Each must leave
// every article_tags and bylines row carrying its article's status and published_at (migration
// 0015's triggers), so the imported stories show in exactly their tags' and contributors' lists.
import { describe, expect, it } from "vitest";
import { call, tokenFor } from "../helpers/api";
import { buildGhostFixture } from "../fixtures/ghost/build-export";
import { importGhost } from "../helpers/ghost";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { exportJson, freshNewsroom } from "../helpers/newsroom-dump";
import { get } from "../helpers/public";
import { env } from "cloudflare:workers";
import { expectInStep } from "./feed-index-helpers";

/** Readers' ids under a tag or contributor, every page (small pages, so the feed index's cursor is exercised). */
async function listedIds(filter: string) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await get(`/api/content/v1/articles?${filter}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
    expect(res.status, res.text).toBe(200);
    ids.push(...res.json.articles.map((a: any) => a.id));
    cursor = res.json.next_cursor;
  } while (cursor);
  return ids;
}

/** What the articles table says a tag's or contributor's readers' list holds, newest publication first. */
async function expectedIds(table: "article_tags" | "bylines", column: "tag_id" | "contributor_id", slugTable: "tags" | "contributors", slug: string) {
  const { results } = await env.DB.prepare(
    `SELECT a.id FROM ${table} x JOIN articles a ON a.id = x.article_id JOIN ${slugTable} s ON s.id = x.${column}
     WHERE s.slug = ? AND a.status = 'published' ORDER BY a.published_at DESC, a.id DESC`,
  ).bind(slug).all<{ id: string }>();
  return results.map((r) => r.id);
}

describe("the feed indexes after an import", () => {
  it("export → import into a fresh newsroom: copies in step, lists as before", async () => {
    const admin = await tokenFor("admin");
    const token = admin.token;
    const a = await createPublishableArticle(token, { tags: ["Imported Feed"], body: doc(paragraph("Round trip.")) });
    expect((await call("POST", `/articles/${a.id}/publish`, { token, body: { published_at: "2021-03-04T05:06:07Z" } })).status).toBe(200);
    const b = await createPublishableArticle(token, { tags: ["Imported Feed"], bylines: [{ contributor: a.bylines[0].contributor.slug }] });
    expect((await call("POST", `/articles/${b.id}/publish`, { token })).status).toBe(200);
    const draft = await createPublishableArticle(token, { tags: ["Imported Feed"], bylines: [{ contributor: a.bylines[0].contributor.slug }] });
    const person = a.bylines[0].contributor.slug;
    const before = { tag: await listedIds("tag=imported-feed"), person: await listedIds(`contributor=${person}`) };
    expect(before.tag).toEqual([b.id, a.id]);
    expect(before.person).toEqual([b.id, a.id]);
    expect(before.tag).not.toContain(draft.id);

    const dump = await exportJson(token);
    const fresh = await freshNewsroom(admin.user.email);
    const res = await call("POST", "/import", { token: fresh.token, body: dump });
    expect(res.status, res.text).toBe(201);
    await expectInStep([a.id, b.id, draft.id]);
    expect(await listedIds("tag=imported-feed")).toEqual(before.tag);
    expect(await listedIds(`contributor=${person}`)).toEqual(before.person);
  }, 120_000);

  it("a Ghost import: every imported story's rows in step, each tag's and author's list as the articles table says", async () => {
    const run = await importGhost(buildGhostFixture().export);
    const ids = run.results.flatMap((r: any) => (r.article_id ? [r.article_id as string] : []));
    expect(ids.length).toBeGreaterThan(10);
    await expectInStep([]);
    const { results } = await env.DB.prepare(
      "SELECT (SELECT s.slug FROM article_tags x JOIN tags s ON s.id = x.tag_id WHERE s.visibility = 'public' GROUP BY s.id ORDER BY count(*) DESC LIMIT 1) AS tag, (SELECT s.slug FROM bylines x JOIN contributors s ON s.id = x.contributor_id GROUP BY s.id ORDER BY count(*) DESC LIMIT 1) AS person",
    ).all<{ tag: string; person: string }>();
    const { tag, person } = results[0]!;
    expect((await expectedIds("article_tags", "tag_id", "tags", tag)).length).toBeGreaterThan(1);
    expect(await listedIds(`tag=${tag}`)).toEqual(await expectedIds("article_tags", "tag_id", "tags", tag));
    expect(await listedIds(`contributor=${person}`)).toEqual(await expectedIds("bylines", "contributor_id", "contributors", person));
  }, 300_000);
});
