// The feed indexes' copies (migration 0015: article_tags and bylines carry their article's status and
// published_at, kept in step by triggers) are what readers' tag and contributor lists now read
// first (src/articles/query.ts). A copy that lagged its article would show an unpublished story or
// hide a published one, so every writer is walked here: after each transition every row's copy
// equals its article's, and the tag's and contributor's lists and feeds show exactly the right story.
// Imports (ours and Ghost's) are in feed-index-imports.test.ts.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { publishDue } from "../../src/scheduled/publish-due";
import { call, db, tokenFor, unique } from "../helpers/api";
import { createPublishableArticle, doc, paragraph, scheduleInAnHour } from "../helpers/newsroom";
import { get } from "../helpers/public";
import { expectInStep } from "./feed-index-helpers";

/** Where a story's tag and first contributor show it to readers: the content API's lists and the JSON feeds. */
async function shown(story: Record<string, any> & { id: string }) {
  const tag = story.tags[0]!.slug;
  const person = story.bylines[0]!.contributor.slug;
  const listed = async (path: string) => ((await get(path)).json?.articles ?? []).some((a: any) => a.id === story.id);
  const fed = async (path: string) => {
    const res = await get(path);
    // A scope with nothing published is a 404: the story is not in it.
    return res.status === 200 && res.json.items.some((i: any) => String(i.id).endsWith(story.id));
  };
  const found = [
    await listed(`/api/content/v1/articles?tag=${tag}`),
    await listed(`/api/content/v1/articles?contributor=${person}`),
    await listed(`/api/content/v1/articles?tag=${tag}&contributor=${person}`),
    await fed(`/tags/${tag}/feed.json`),
    await fed(`/contributors/${person}/feed.json`),
  ];
  // All or none: a surface that disagrees with the others is the bug this file is for.
  expect(new Set(found).size, `tag list, contributor list, both, tag feed, contributor feed: ${found}`).toBe(1);
  return found[0]!;
}

async function story(token: string) {
  return createPublishableArticle(token, { tags: [`Feed ${unique("t")}`], body: doc(paragraph("Copies in step.")) });
}

const publish = async (token: string, id: string, body?: Record<string, unknown>) => {
  const res = await call("POST", `/articles/${id}/publish`, { token, ...(body ? { body } : {}) });
  expect(res.status, res.text).toBe(200);
  return res.json.article;
};

describe("the feed indexes follow every writer", () => {
  it("create, publish, unpublish, publish again at another date", async () => {
    const { token } = await tokenFor("editor");
    const a = await story(token);
    await expectInStep([a.id]);
    expect(await shown(a)).toBe(false);

    const live = await publish(token, a.id);
    await expectInStep([a.id]);
    expect(await shown(live)).toBe(true);

    expect((await call("POST", `/articles/${a.id}/unpublish`, { token })).status).toBe(200);
    await expectInStep([a.id]);
    // Gone from the tag's and the contributor's lists and feeds at once.
    expect(await shown(live)).toBe(false);

    // A past date moves the story in the feed index's order too (its copy of published_at).
    const again = await publish(token, a.id, { published_at: "2020-05-01T12:00:00Z" });
    await expectInStep([a.id]);
    expect(await shown(again)).toBe(true);
  });

  it("a save that changes tags and bylines writes new rows that carry the article's values", async () => {
    const { token } = await tokenFor("editor");
    const a = await story(token);
    const live = await publish(token, a.id);
    const retagged = await call("PATCH", `/articles/${a.id}`, { token, headers: { "if-match": `"${live.version}"` }, body: { tags: [`Feed ${unique("t")}`, live.tags[0].name] } });
    expect(retagged.status, retagged.text).toBe(200);
    await expectInStep([a.id]);
    expect(await shown(retagged.json.article)).toBe(true);
  });

  it("schedule, then the cron's release", async () => {
    const { token } = await tokenFor("editor");
    const a = await story(token);
    const { at, article } = await scheduleInAnHour(token, a.id);
    await expectInStep([a.id]);
    expect(await shown(article)).toBe(false);

    // The cron's run an hour and a minute later publishes it through the same write.
    expect(await publishDue(db(), new Date(Date.parse(at) + 60_000))).toContain(a.id);
    await expectInStep([a.id]);
    expect(await shown(article)).toBe(true);
  });

  it("trash and restore (a draft again), then publish", async () => {
    const { token } = await tokenFor("editor");
    const admin = (await tokenFor("admin")).token;
    const a = await story(token);
    const live = await publish(token, a.id);
    expect((await call("DELETE", `/articles/${a.id}`, { token })).status).toBe(204);
    await expectInStep([]);
    expect(await shown(live)).toBe(false);

    const restored = await call("POST", `/trash/${a.id}/restore`, { token: admin });
    expect(restored.status, restored.text).toBe(201);
    await expectInStep([a.id]);
    expect(await shown(live)).toBe(false);

    await publish(token, a.id);
    await expectInStep([a.id]);
    expect(await shown(live)).toBe(true);
  });

  it("the working copy's 'update live story' and a live blog's entries", async () => {
    const { token } = await tokenFor("editor");
    const a = await story(token);
    const live = await publish(token, a.id);
    const saved = await call("PUT", `/articles/${a.id}/working-copy`, { token, headers: { "if-match": `"${live.version}"` }, body: { tags: [live.tags[0].name, `Feed ${unique("t")}`] } });
    expect(saved.status, saved.text).toBe(200);
    const updated = await call("POST", `/articles/${a.id}/working-copy/publish`, { token, headers: { "if-match": saved.json.working_copy.etag }, body: { minor: true } });
    expect(updated.status, updated.text).toBe(200);
    await expectInStep([a.id]);
    expect(await shown(updated.json.article)).toBe(true);

    // A live blog: the story made live, an entry filed; the story stays in its feeds.
    expect((await call("PUT", `/articles/${a.id}/live`, { token, body: { kind: "live" } })).status).toBe(200);
    const entry = await call("POST", `/articles/${a.id}/entries`, { token, body: { body: doc(paragraph("First entry.")), status: "published" } });
    expect(entry.status, entry.text).toBe(201);
    await expectInStep([a.id]);
    expect(await shown(updated.json.article)).toBe(true);
    expect((await call("POST", `/articles/${a.id}/unpublish`, { token })).status).toBe(200);
    await expectInStep([a.id]);
    expect(await shown(updated.json.article)).toBe(false);
  });

  it("an UPDATE of the article alone (no child rows rewritten) moves its copies: the trigger, not the writer", async () => {
    // Every API writer above also rewrites the child rows after the article (src/articles/write.ts),
    // which the insert trigger fills; this is the other trigger, for any writer that does not.
    const { token } = await tokenFor("editor");
    const a = await story(token);
    const live = await publish(token, a.id);
    await env.DB.prepare("UPDATE articles SET status = 'archived', published_at = '2019-01-01T00:00:00.000Z' WHERE id = ?").bind(a.id).run();
    await expectInStep([a.id]);
    const { results } = await env.DB.prepare("SELECT DISTINCT status, published_at FROM article_tags WHERE article_id = ?1 UNION SELECT DISTINCT status, published_at FROM bylines WHERE article_id = ?1").bind(a.id).all();
    expect(results).toEqual([{ status: "archived", published_at: "2019-01-01T00:00:00.000Z" }]);
    // Not asked before, so not cached (that UPDATE bumped no content version): read from the feed index.
    const res = await get(`/api/content/v1/articles?tag=${live.tags[0].slug}&limit=7`);
    expect(res.json.articles.map((x: any) => x.id)).not.toContain(a.id);
  });

  it("the whole database has no copy out of step (every writer above, and every other test's in this file)", async () => {
    await expectInStep([]);
    const { results } = await env.DB.prepare("SELECT (SELECT count(*) FROM article_tags) + (SELECT count(*) FROM bylines) AS n").all<{ n: number }>();
    expect(results[0]!.n).toBeGreaterThan(0);
  });
});
