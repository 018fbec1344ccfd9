// Migration 0024's kept counts through the two importers: our own export → import round trip (the
// counts are not exported: the import's inserts make them again, through the same triggers) and a
// Ghost import. After each, every count equals its recount and the Ghost answers agree. And the
// migration's own fill, run over a newsroom with stories (tests apply it to an empty database).
import { env } from "cloudflare:workers";
import type { D1Migration } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, tokenFor } from "../helpers/api";
import { buildGhostFixture } from "../fixtures/ghost/build-export";
import { importGhost } from "../helpers/ghost";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { exportJson, freshNewsroom } from "../helpers/newsroom-dump";
import { expectCountsInStep, expectGhostAgrees, ghostKey } from "./published-counts-helpers";

const MIGRATIONS = (env as unknown as { TEST_MIGRATIONS: D1Migration[] }).TEST_MIGRATIONS;

describe("migration 0024 fills the counts from what is published", () => {
  it("emptied, then filled by the migration's own statements: every count as recounted", async () => {
    const { token } = await tokenFor("admin");
    const a = await createPublishableArticle(token, { tags: ["Filled Once", "Filled Twice"] });
    expect((await call("POST", `/articles/${a.id}/publish`, { token })).status).toBe(200);
    const b = await createPublishableArticle(token, { tags: ["Filled Twice"], bylines: [{ contributor: a.bylines[0].contributor.slug }] });
    expect((await call("POST", `/articles/${b.id}/publish`, { token })).status).toBe(200);
    await createPublishableArticle(token, { tags: ["Filled Once"] });
    await expectCountsInStep();
    const kept = (await env.DB.prepare("SELECT scope, id, n FROM published_counts ORDER BY scope, id").all()).results;
    const fill = MIGRATIONS.find((m) => m.name.startsWith("0024_"))!.queries.filter((q) => /^\s*INSERT INTO `published_counts`/m.test(q) && !/TRIGGER/.test(q));
    expect(fill).toHaveLength(3);
    await env.DB.batch([env.DB.prepare("DELETE FROM published_counts"), ...fill.map((q) => env.DB.prepare(q))]);
    await expectCountsInStep();
    expect((await env.DB.prepare("SELECT scope, id, n FROM published_counts ORDER BY scope, id").all()).results).toEqual(kept);
  });
});

describe("the kept counts after an import", () => {
  it("export → import into a fresh newsroom: the same counts, the same Ghost answers", async () => {
    const admin = await tokenFor("admin");
    const token = admin.token;
    const a = await createPublishableArticle(token, { tags: ["Counted Import"], body: doc(paragraph("Round trip.")) });
    expect((await call("POST", `/articles/${a.id}/publish`, { token, body: { published_at: "2021-03-04T05:06:07Z" } })).status).toBe(200);
    const b = await createPublishableArticle(token, { tags: ["Counted Import"], bylines: [{ contributor: a.bylines[0].contributor.slug }] });
    expect((await call("POST", `/articles/${b.id}/publish`, { token })).status).toBe(200);
    await createPublishableArticle(token, { tags: ["Counted Import"], bylines: [{ contributor: a.bylines[0].contributor.slug }] });
    const person = a.bylines[0].contributor.slug;
    await expectCountsInStep();
    const before = await expectGhostAgrees(await ghostKey(token), "counted-import", person);
    expect(before).toMatchObject({ tag: 2, after: 1, authorCount: 2 });
    const kept = (await env.DB.prepare("SELECT scope, n FROM published_counts ORDER BY scope, n").all()).results;

    const dump = await exportJson(token);
    const fresh = await freshNewsroom(admin.user.email);
    // Emptied by the wipe's deletes (the triggers again): nothing left counted.
    expect((await env.DB.prepare("SELECT count(*) AS n FROM published_counts").all<{ n: number }>()).results[0]!.n).toBe(0);
    const res = await call("POST", "/import", { token: fresh.token, body: dump });
    expect(res.status, res.text).toBe(201);
    await expectCountsInStep();
    expect((await env.DB.prepare("SELECT scope, n FROM published_counts ORDER BY scope, n").all()).results).toEqual(kept);
    expect(await expectGhostAgrees(await ghostKey(fresh.token), "counted-import", person)).toEqual(before);
  }, 120_000);

  it("a Ghost import: every count in step, the busiest tag's and author's Ghost answers as recounted", async () => {
    const run = await importGhost(buildGhostFixture().export);
    expect(run.results.filter((r: any) => r.article_id).length).toBeGreaterThan(10);
    await expectCountsInStep();
    const { results } = await env.DB.prepare(
      "SELECT (SELECT s.slug FROM article_tags x JOIN tags s ON s.id = x.tag_id WHERE s.visibility = 'public' GROUP BY s.id ORDER BY count(*) DESC LIMIT 1) AS tag, (SELECT s.slug FROM bylines x JOIN contributors s ON s.id = x.contributor_id GROUP BY s.id ORDER BY count(*) DESC LIMIT 1) AS person",
    ).all<{ tag: string; person: string }>();
    const got = await expectGhostAgrees(await ghostKey((await tokenFor("admin")).token), results[0]!.tag, results[0]!.person);
    expect(got.tag).toBeGreaterThan(1);
  }, 300_000);
});
