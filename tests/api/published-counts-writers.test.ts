// Migration 0024's kept counts (published stories in all, per tag, per contributor) are what the
// Ghost-compatible API's totals and count.posts now read (src/ghost-api/totals.ts). A count that
// lagged its stories would give a front-end a wrong "page 3 of 12", so every writer that changes what
// they count is walked here: after each, every kept count equals its recount from the articles, and
// the Ghost answers equal the same recount. Imports are in published-counts-imports.test.ts.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { publishDue } from "../../src/scheduled/publish-due";
import { purgeExpired } from "../../src/scheduled/purge";
import { call, db, tokenFor, unique } from "../helpers/api";
import { createContributor, createPublishableArticle, doc, paragraph, scheduleInAnHour } from "../helpers/newsroom";
import { expectCountsInStep, expectGhostAgrees, ghostKey } from "./published-counts-helpers";

let key = "";
beforeAll(async () => {
  key = await ghostKey((await tokenFor("admin")).token);
});

async function story(token: string, tags = [`Count ${unique("t")}`]) {
  return createPublishableArticle(token, { tags, body: doc(paragraph("Counted.")) });
}

const publish = async (token: string, id: string, published_at?: string) => {
  const res = await call("POST", `/articles/${id}/publish`, { token, ...(published_at ? { body: { published_at } } : {}) });
  expect(res.status, res.text).toBe(200);
  return res.json.article;
};

/** Counts in step, and the Ghost answers for the story's first tag and first contributor. */
async function agrees(a: Record<string, any>) {
  await expectCountsInStep();
  return expectGhostAgrees(key, a.tags[0]!.slug, a.bylines[0]!.contributor.slug);
}

describe("the kept counts follow every writer", () => {
  it("create, publish (before and after the bound), unpublish, publish again", async () => {
    const { token } = await tokenFor("editor");
    const a = await story(token);
    const b = await story(token, [a.tags[0].name]);
    expect(await agrees(a)).toMatchObject({ tag: 0, tagCount: 0 });

    await publish(token, a.id, "2020-05-01T12:00:00Z");
    await publish(token, b.id);
    expect(await agrees(a)).toMatchObject({ tag: 2, after: 1, upTo: 1, window: 1, tagCount: 2, authorCount: 1 });

    expect((await call("POST", `/articles/${a.id}/unpublish`, { token })).status).toBe(200);
    expect(await agrees(a)).toMatchObject({ tag: 1, after: 1, upTo: 0, authorCount: 0 });

    await publish(token, a.id, "2025-01-01T00:00:00Z");
    expect(await agrees(a)).toMatchObject({ tag: 2, after: 2, upTo: 0 });
  });

  it("a save that removes, adds and reorders tags and bylines", async () => {
    const { token } = await tokenFor("editor");
    const a = await story(token, [`Count ${unique("t")}`, `Count ${unique("t")}`]);
    const live = await publish(token, a.id);
    await agrees(live);
    const other = await createContributor(token, "person", "Second Byline");
    const res = await call("PATCH", `/articles/${a.id}`, {
      token,
      headers: { "if-match": `"${live.version}"` },
      body: { tags: [`Count ${unique("t")}`, live.tags[1].name], bylines: [{ contributor: other.slug }, { contributor: live.bylines[0].contributor.slug }] },
    });
    expect(res.status, res.text).toBe(200);
    // The tag left behind counts nothing now; the new one and the moved one count the story.
    expect(await agrees(live)).toMatchObject({ tag: 0, tagCount: 0, authorCount: 1 });
    expect(await agrees(res.json.article)).toMatchObject({ tag: 1, tagCount: 1, authorCount: 1 });
  });

  it("schedule, then the cron's release", async () => {
    const { token } = await tokenFor("editor");
    const a = await story(token);
    const { at } = await scheduleInAnHour(token, a.id);
    expect(await agrees(a)).toMatchObject({ tag: 0 });
    expect(await publishDue(db(), new Date(Date.parse(at) + 60_000))).toContain(a.id);
    expect(await agrees(a)).toMatchObject({ tag: 1, tagCount: 1 });
  });

  it("trash, restore (a draft again), publish, then trash and purge", async () => {
    const { token } = await tokenFor("editor");
    const admin = (await tokenFor("admin")).token;
    const a = await story(token);
    await publish(token, a.id);
    expect(await agrees(a)).toMatchObject({ tag: 1 });
    expect((await call("DELETE", `/articles/${a.id}`, { token })).status).toBe(204);
    expect(await agrees(a)).toMatchObject({ tag: 0, tagCount: 0 });
    expect((await call("POST", `/trash/${a.id}/restore`, { token: admin })).status).toBe(201);
    expect(await agrees(a)).toMatchObject({ tag: 0 });
    await publish(token, a.id);
    expect(await agrees(a)).toMatchObject({ tag: 1 });
    expect((await call("DELETE", `/articles/${a.id}`, { token })).status).toBe(204);
    await purgeExpired(db(), new Date(Date.now() + 31 * 86_400_000));
    expect(await agrees(a)).toMatchObject({ tag: 0 });
  });

  it("the working copy's 'update live story' with new tags", async () => {
    const { token } = await tokenFor("editor");
    const a = await story(token);
    const live = await publish(token, a.id);
    const saved = await call("PUT", `/articles/${a.id}/working-copy`, { token, headers: { "if-match": `"${live.version}"` }, body: { tags: [`Count ${unique("t")}`] } });
    expect(saved.status, saved.text).toBe(200);
    const updated = await call("POST", `/articles/${a.id}/working-copy/publish`, { token, headers: { "if-match": saved.json.working_copy.etag }, body: { minor: true } });
    expect(updated.status, updated.text).toBe(200);
    expect(await agrees(live)).toMatchObject({ tag: 0 });
    expect(await agrees(updated.json.article)).toMatchObject({ tag: 1 });
  });

  it("writes straight to the tables (any writer without the API): the triggers, not the writer", async () => {
    const { token } = await tokenFor("editor");
    const a = await story(token);
    await publish(token, a.id);
    await env.DB.prepare("UPDATE articles SET status = 'archived' WHERE id = ?").bind(a.id).run();
    await expectCountsInStep();
    await env.DB.prepare("UPDATE articles SET status = 'published' WHERE id = ?").bind(a.id).run();
    await expectCountsInStep();
    // A tag row moved to another tag, and one inserted already carrying its copy.
    const other = await story(token);
    await env.DB.prepare("UPDATE article_tags SET tag_id = ?1 WHERE article_id = ?2").bind(other.tags[0].id, a.id).run();
    await expectCountsInStep();
    await env.DB.prepare("DELETE FROM article_tags WHERE article_id = ?").bind(a.id).run();
    await env.DB.prepare("INSERT INTO article_tags (article_id, tag_id, position, status, published_at) SELECT id, ?2, 0, status, published_at FROM articles WHERE id = ?1")
      .bind(a.id, a.tags[0].id)
      .run();
    await expectCountsInStep();
    // The story deleted: its tag and byline rows go with it by cascade.
    await env.DB.prepare("DELETE FROM articles WHERE id = ?").bind(a.id).run();
    await expectCountsInStep();
  });

  it("a published story with no date (an imported file may say so): counted, and outside every date bound", async () => {
    const { token } = await tokenFor("editor");
    const a = await story(token);
    await publish(token, a.id, "2021-06-01T00:00:00.000Z");
    const b = await story(token, [a.tags[0].slug]);
    await publish(token, b.id, "2025-06-01T00:00:00.000Z");
    // As an import would leave it: the copies follow the article (migration 0015's triggers).
    await env.DB.prepare("UPDATE articles SET published_at = NULL WHERE id = ?").bind(b.id).run();
    const got = await agrees(a);
    expect(got.tag).toBe(2);
    expect(got.after).toBe(0);
  });

  it("the whole database: every count in step after every writer above", async () => {
    await expectCountsInStep();
    const { results } = await env.DB.prepare("SELECT count(*) AS n FROM published_counts").all<{ n: number }>();
    expect(results[0]!.n).toBeGreaterThan(1);
  });
});
