// A save rewrites an article's bylines, tags and related links only when that list changed
// (src/articles/write.ts keptChildren): a text edit leaves the rows, their feed-index copies
// (migration 0015) and the published counts (0024) alone; any change of a list (order, role, an
// outside link's title) is written whole, as before. The answer and the next GET agree either way.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { keptChildren } from "../../src/articles/write";
import type { ArticleContent } from "../../src/articles/content";
import { createDb } from "../../src/db/client";
import { countingD1 } from "../../src/http/bench-hooks";
import { updateArticle } from "../../src/editorial/articles/service";
import { call, tokenFor, unique } from "../helpers/api";
import { createContributor, createPublishableArticle } from "../helpers/newsroom";
import { expectInStep } from "./feed-index-helpers";
import { expectCountsInStep } from "./published-counts-helpers";

const content = (o: Partial<ArticleContent> = {}) =>
  ({
    bylines: [{ contributor_id: "c1", role: null }, { contributor_id: "c2", role: "Photos" }],
    tag_ids: ["t1", "t2"],
    related: [{ article_id: "a9" }, { url: "https://example.org/x", title: "X", summary: null, source: "Wire" }],
    ...o,
  }) as ArticleContent;
const previous = (c: ArticleContent) => ({ content: c, state: {} }) as never;

describe("keptChildren", () => {
  it("keeps each list that is exactly as it was", () => {
    expect(keptChildren({ isNew: false, content: content(), previous: previous(content()) })).toEqual({ bylines: true, tags: true, related: true });
  });

  it("rewrites a list whose order, role or link changed, and everything without a previous record", () => {
    const before = previous(content());
    expect(keptChildren({ isNew: false, content: content({ tag_ids: ["t2", "t1"] }), previous: before })).toEqual({ bylines: true, tags: false, related: true });
    expect(keptChildren({ isNew: false, content: content({ bylines: [{ contributor_id: "c1", role: "Analysis" }, { contributor_id: "c2", role: "Photos" }] }), previous: before }).bylines).toBe(false);
    const retitled = content({ related: [{ article_id: "a9" }, { url: "https://example.org/x", title: "Y", summary: null, source: "Wire" }] });
    expect(keptChildren({ isNew: false, content: retitled, previous: before }).related).toBe(false);
    expect(keptChildren({ isNew: false, content: content({ related: [] }), previous: before }).related).toBe(false);
    const none = { bylines: false, tags: false, related: false };
    expect(keptChildren({ isNew: false, content: content(), previous: null })).toEqual(none);
    expect(keptChildren({ isNew: false, content: content() })).toEqual(none);
    // A new row (or one back from the trash) has no rows yet, whatever it is compared with.
    expect(keptChildren({ isNew: true, content: content(), previous: before })).toEqual(none);
  });
});

const save = async (token: string, id: string, version: number, body: Record<string, unknown>) => {
  const res = await call("PATCH", `/articles/${id}`, { token, headers: { "if-match": `"${version}"` }, body });
  expect(res.status, res.text).toBe(200);
  const again = await call("GET", `/articles/${id}`, { token });
  // The answer is built from what the save wrote, not read back: it must be what a GET then says.
  expect(res.json.article).toEqual(again.json.article);
  return res.json.article;
};
const children = (a: any) => ({
  bylines: a.bylines.map((b: any) => [b.contributor.slug, b.role]),
  tags: a.tags.map((t: any) => t.name),
  related: a.related.map((r: any) => r.article_id ?? [r.url, r.title]),
});

describe("a save of a published story", () => {
  it("a text edit keeps the child rows; a changed list is written whole, in its new order", async () => {
    const { token } = await tokenFor("editor");
    const other = await createContributor(token, "person", "Second Reporter");
    const first = await createPublishableArticle(token, { tags: [`Kept ${unique("a")}`, `Kept ${unique("b")}`] });
    const withPeople = await save(token, first.id, first.version, {
      bylines: [...first.bylines.map((b: any) => ({ contributor: b.contributor.slug })), { contributor: other.slug, role: "Photos" }],
      related: [{ url: "https://example.org/report", title: "The report" }],
    });
    const live = (await call("POST", `/articles/${first.id}/publish`, { token })).json.article;
    const before = children(live);
    expect(before.bylines).toHaveLength(2);
    const rowids = async () =>
      (await env.DB.prepare("SELECT (SELECT group_concat(rowid) FROM bylines WHERE article_id = ?1) AS b, (SELECT group_concat(rowid) FROM article_tags WHERE article_id = ?1) AS t, (SELECT group_concat(rowid) FROM related_links WHERE article_id = ?1) AS r").bind(first.id).first())!;
    // A later story's rows take the highest rowids: rows of the first written again would come after them.
    await createPublishableArticle(token, { tags: ["Later"], related: [{ url: "https://example.org/later", title: "Later" }] });
    const rowsBefore = await rowids();

    const edited = await save(token, first.id, live.version, { headline: "Only the words changed" });
    expect(children(edited)).toEqual(before);
    // Rewritten rows would have new rowids: the same ones mean nothing was deleted and inserted again.
    const rowsAfter = await rowids();
    expect(rowsAfter).toEqual(rowsBefore);
    await expectInStep([first.id]);
    await expectCountsInStep();

    const reordered = await save(token, first.id, edited.version, {
      tags: [...before.tags].reverse(),
      bylines: [...withPeople.bylines].reverse().map((b: any) => ({ contributor: b.contributor.slug, role: b.role === "Photos" ? "Pictures" : "Reporting" })),
      related: [{ url: "https://example.org/report", title: "The full report" }],
    });
    expect(children(reordered)).toEqual({
      bylines: [...before.bylines].reverse().map(([slug, role]: [string, string | null]) => [slug, role === "Photos" ? "Pictures" : "Reporting"]),
      tags: [...before.tags].reverse(),
      related: [["https://example.org/report", "The full report"]],
    });
    expect(await rowids()).not.toEqual(rowsAfter);
    await expectInStep([first.id]);
    await expectCountsInStep();

    // Unpublishing after a kept-rows save still moves every copy and count.
    expect((await call("POST", `/articles/${first.id}/unpublish`, { token })).status).toBe(200);
    await expectInStep([first.id]);
    await expectCountsInStep();
  });

  it("a text edit costs fewer statements in the batch than one that changes the lists", async () => {
    const { token, user } = await tokenFor("editor");
    const a = await createPublishableArticle(token, { tags: ["Alpha", "Beta"] });
    const actor = { userId: user.id, name: user.name, email: user.email, role: "editor" as const, via: "token" as const };
    const text = { statements: 0, batched: 0 };
    const v1 = (await updateArticle(createDb(countingD1(env.DB, text)), actor, a.id, { headline: "Words only" }, a.version)).row.version;
    const lists = { statements: 0, batched: 0 };
    await updateArticle(createDb(countingD1(env.DB, lists)), actor, a.id, { headline: "Lists too", tags: ["Beta", "Alpha"], bylines: [{ contributor: a.bylines[0].contributor.slug, role: "Analysis" }] }, v1);
    // Two deletes and two inserts (tags, bylines) the text edit did without.
    expect(lists.batched - text.batched).toBe(4);
  });
});
