// The editors' `?q=` list (src/articles/editor-search.ts, migration 0023): what matched before the
// trigram index still matches, at every status — a substring of the headline, summary or slug
// (anywhere in a word), the body's words (the last one as a prefix) — combined with every filter, in
// the list's order (last change first) and across pages, whichever branch the statement takes.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { env } from "cloudflare:workers";
import { noteArchiveTop, SMALL_ARCHIVE, smallArchive } from "../../src/articles/editor-search";
import { call, tokenFor } from "../helpers/api";
import { createPublishableArticle, createSection, doc, paragraph } from "../helpers/newsroom";

const W = crypto.randomUUID().replace(/-/g, "").slice(0, 8);
/** A marker no other test file writes. */
const mk = (name: string) => `zt${W}${name}`;
let token: string;
let admin: string;

/**
 * Both plans (editor-search.ts): the indexes' statement, as in an archive of SMALL_ARCHIVE stories or
 * more, and the plain walk of a small one. Each request is told its plan (the isolate's knowledge of
 * the archive's size, which the answer before it updated); every search here must answer the same
 * by both, and that answer is returned.
 */
async function byBothPlans<T>(run: () => Promise<T>): Promise<T> {
  noteArchiveTop(SMALL_ARCHIVE);
  const indexes = await run();
  noteArchiveTop(0);
  expect(await run(), "the plain walk answers as the indexes do").toEqual(indexes);
  return indexes;
}

const search = (q: string, extra = "") =>
  byBothPlans(async () => {
    const res = await call("GET", `/articles?q=${encodeURIComponent(q)}&limit=100${extra}`, { token });
    expect(res.status, res.text).toBe(200);
    return res.json.articles.map((a: { id: string }) => a.id) as string[];
  });

/** Every page of the list for q, `limit` a page, each page by both plans. */
async function allPages(q: string, limit: number) {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page = await byBothPlans(async () => {
      const res = await call("GET", `/articles?q=${encodeURIComponent(q)}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`, { token });
      expect(res.status, res.text).toBe(200);
      return { ids: res.json.articles.map((a: { id: string }) => a.id) as string[], next: res.json.next_cursor as string | null };
    });
    ids.push(...page.ids);
    cursor = page.next;
    if (!cursor) break;
  }
  return ids;
}

/** The list's own order for these ids: last change first, then id. */
async function inListOrder(ids: string[]) {
  const { results } = await env.DB.prepare(`SELECT id FROM articles WHERE id IN (${ids.map(() => "?").join(", ")}) ORDER BY updated_at DESC, id DESC`).bind(...ids).all<{ id: string }>();
  return results.map((r) => r.id);
}

async function transition(id: string, action: string, body?: unknown) {
  const res = await call("POST", `/articles/${id}/${action}`, { token: admin, ...(body !== undefined && { body }) });
  expect(res.status, res.text).toBe(200);
}

vi.setConfig({ testTimeout: 120_000 });

const story: Record<string, string> = {};

beforeAll(async () => {
  token = (await tokenFor("editor")).token;
  admin = (await tokenFor("admin")).token;
  // One story a status, each findable one way only.
  story.draft = (await createPublishableArticle(token, { headline: `Inside ${mk("alpha")}ville tonight`, body: doc(paragraph("Plain words.")) })).id;
  story.scheduled = (await createPublishableArticle(token, { headline: "A scheduled one", summary: `Its summary names ${mk("beta")}.`, body: doc(paragraph("Plain words.")) })).id;
  await transition(story.scheduled, "schedule", { at: new Date(Date.now() + 86_400_000).toISOString() });
  story.published = (await createPublishableArticle(token, { headline: "A published one", slug: `slug-${mk("gamma")}-x`, body: doc(paragraph("Plain words.")) })).id;
  await transition(story.published, "publish");
  story.archived = (await createPublishableArticle(token, { headline: "An archived one", body: doc(paragraph(`Only the body says ${mk("deltaword")}.`)) })).id;
  await transition(story.archived, "publish");
  await transition(story.archived, "archive");
});

describe("what matched before still matches, at every status", () => {
  it("a substring of the headline, anywhere in a word, in any ASCII case (a draft)", async () => {
    expect(await search(mk("alpha").slice(3))).toEqual([story.draft]);
    expect(await search(`${mk("alpha")}vil`.toUpperCase())).toEqual([story.draft]);
    expect(await search(`${mk("alpha")}ville tonight`)).toEqual([story.draft]);
  });

  it("a substring of the summary (a scheduled story), of the slug (a published one)", async () => {
    expect(await search(`names ${mk("beta")}`)).toEqual([story.scheduled]);
    expect(await search(`${mk("gamma")}-x`)).toEqual([story.published]);
  });

  it("the body's words, the last one as a prefix (an archived story): the body is no substring", async () => {
    expect(await search(mk("deltaword"))).toEqual([story.archived]);
    expect(await search(mk("delta"))).toEqual([story.archived]);
    expect(await search(`says ${mk("delt")}`)).toEqual([story.archived]);
    // Not a word's middle: the body's text is not stored, as before this change.
    expect(await search(mk("deltaword").slice(3))).toEqual([]);
  });

  it("a substring on no story finds nothing; a status filter keeps its own", async () => {
    expect(await search(mk("nowhere"))).toEqual([]);
    expect(await search(mk(""), "&status=draft")).toEqual([story.draft]);
    expect(await search(mk(""), "&status=scheduled")).toEqual([story.scheduled]);
    expect(await search(mk(""), "&status=published")).toEqual([story.published]);
    expect(await search(mk(""), "&status=archived")).toEqual([story.archived]);
  });
});

describe("the plan follows the archive's size", () => {
  it("each answer tells the isolate how large the archive is: this small one takes the plain walk next", async () => {
    noteArchiveTop(SMALL_ARCHIVE * 10);
    expect(smallArchive()).toBe(false);
    const res = await call("GET", `/articles?q=${encodeURIComponent(mk(""))}&limit=1`, { token });
    expect(res.status, res.text).toBe(200);
    expect(res.json.articles).toHaveLength(1);
    expect(smallArchive()).toBe(true);
    // Nothing of it reaches the client.
    expect(JSON.stringify(res.json)).not.toMatch(/archive_?top/i);
  });
});

describe("combined with the other filters", () => {
  it("section, tag, contributor, kind, stage and assignee each narrow the matches", async () => {
    const section = await createSection(token, `Sea ${W}`);
    const a = await createPublishableArticle(token, { headline: `${mk("combo")} one`, section: section.slug, tags: [`Tide ${W}`] });
    const b = await createPublishableArticle(token, { headline: `${mk("combo")} two` });
    const editor = await tokenFor("editor");
    expect((await call("POST", `/articles/${b.id}/stage`, { token, body: { stage: "ready" } })).status).toBe(200);
    expect((await call("PUT", `/articles/${b.id}/assignees`, { token, body: { user_ids: [editor.user.id] } })).status).toBe(200);
    expect((await search(mk("combo"))).sort()).toEqual([a.id, b.id].sort());
    expect(await search(mk("combo"), `&section=${section.slug}`)).toEqual([a.id]);
    expect(await search(mk("combo"), `&tag=tide-${W}`)).toEqual([a.id]);
    expect(await search(mk("combo"), `&contributor=${a.bylines[0].contributor.slug}`)).toContain(a.id);
    expect(await search(mk("combo"), "&stage=ready")).toEqual([b.id]);
    expect(await search(mk("combo"), `&assigned_to=${editor.user.id}`)).toEqual([b.id]);
    expect(await search(mk("combo"), "&kind=live")).toEqual([]);
    expect(await search(mk("combo"), "&status=published")).toEqual([]);
  });
});

describe("the list's order and pages", () => {
  // A page of 2 (3 rows read) over this small archive sorts at most 16 matches: 20 take the walk, 6
  // the sort. A page of 100 sorts both. Either way: every match once, in the list's order.
  it.each([["few matches (sorted)", 6], ["many matches (the walk)", 20]])("%s", async (_name, n) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      // Half by the headline's substring, half by the body's word only.
      const body = i % 2 ? { headline: `Paged ${i}`, body: doc(paragraph(`${mk(`page${n}`)} ${i}`)) } : { headline: `Paged ${mk(`page${n}`)} ${i}` };
      ids.push((await createPublishableArticle(token, body)).id);
    }
    // An old story changed since: first in the list, though not the newest created.
    const cur = await call("GET", `/articles/${ids[0]}`, { token });
    expect((await call("PATCH", `/articles/${ids[0]}`, { token, headers: { "if-match": cur.headers.get("etag")! }, body: { summary: "Changed" } })).status).toBe(200);
    const expected = await inListOrder(ids);
    expect(expected[0]).toBe(ids[0]);
    expect(await allPages(mk(`page${n}`), 2)).toEqual(expected);
    expect(await allPages(mk(`page${n}`), 100)).toEqual(expected);
  });
});
