// Readers' search (`?q=`) reads a window of the FTS5 index's newest matches instead of listing every
// match (src/articles/query.ts, searchWindow): newest-created first, paged by the index's rowid.
// Bounded must not mean lossy: every published match is on exactly one page, drafts on none, and
// the other filters (tag, contributor, dates) combine with the words as before — even when a window
// holds only drafts, which gives a short (here empty) page that still carries a cursor.
import { beforeAll, describe, expect, it } from "vitest";
import { call, tokenFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";
import { encodeCursor } from "../../src/lib/cursor";

const WORD = `zq${crypto.randomUUID().replace(/-/g, "").slice(0, 10)}`;
let token: string;
/** Every story made, in creation order, with what a reader may see of it. */
const made: { id: string; published: boolean; tag: string; person: string; publishedAt: string | null }[] = [];

async function make(opts: { publish?: string | false; tags?: string[] } = {}) {
  const a = await createPublishableArticle(token, { headline: `Harbour ${WORD} report`, tags: opts.tags ?? ["Search Window"], body: doc(paragraph(`Text with ${WORD} in it.`)) });
  let publishedAt: string | null = null;
  if (opts.publish !== false) {
    const res = await call("POST", `/articles/${a.id}/publish`, { token, ...(opts.publish ? { body: { published_at: opts.publish } } : {}) });
    expect(res.status, res.text).toBe(200);
    publishedAt = res.json.article.published_at;
  }
  made.push({ id: a.id, published: opts.publish !== false, tag: a.tags[0].slug, person: a.bylines[0].contributor.slug, publishedAt });
}

/** Every page of a search, in order, with the page sizes (to see the short ones). */
async function allPages(query: string, limit: number) {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const res = await get(`/api/content/v1/articles?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ""}`);
    expect(res.status, res.text).toBe(200);
    pages.push(res.json.articles.map((a: any) => a.id));
    cursor = res.json.next_cursor;
    expect(pages.length).toBeLessThan(50);
  } while (cursor);
  return pages;
}

// Newest created first: the reverse of `made`, published ones only.
const expected = (keep: (m: (typeof made)[number]) => boolean = () => true) => made.filter((m) => m.published && keep(m)).map((m) => m.id).reverse();

beforeAll(async () => {
  token = (await tokenFor("editor")).token;
  // Oldest first: a published story dated long ago, one published today, one in another tag, two
  // more (one dated 2018: creation order is not publication order), then the newest: a run of
  // drafts (10, the window of a 1-story page: 5 × 2).
  await make({ publish: "2019-06-01T00:00:00Z" });
  await make();
  await make({ tags: ["Search Window Other"] });
  await make();
  await make({ publish: "2018-01-01T00:00:00Z" });
  for (let i = 0; i < 10; i++) await make({ publish: false });
}, 120_000);

describe("reader search from a window of the FTS index", () => {
  it("every published match exactly once, newest created first, at any page size", async () => {
    for (const limit of [1, 2, 3, 20]) {
      const pages = await allPages(`q=${WORD}`, limit);
      expect(pages.flat(), `limit ${limit}`).toEqual(expected());
    }
  });

  it("a window of drafts only is an empty page with a cursor, and the next page carries on", async () => {
    const pages = await allPages(`q=${WORD}`, 1);
    // The newest ten matches are the drafts: the first window shows nothing and points past them.
    expect(pages[0]).toEqual([]);
    expect(pages.slice(1)).toEqual(expected().map((id) => [id]));
    // With a page of two the window is 15: past the drafts at once.
    expect((await allPages(`q=${WORD}`, 2))[0]).toEqual(expected().slice(0, 2));
  });

  it("combines with a tag, a contributor and dates, missing nothing across pages", async () => {
    const tagged = made.find((m) => m.tag !== "search-window")!;
    expect((await allPages(`q=${WORD}&tag=search-window`, 2)).flat()).toEqual(expected((m) => m.tag === "search-window"));
    expect((await allPages(`q=${WORD}&tag=${tagged.tag}`, 2)).flat()).toEqual([tagged.id]);
    const person = made[0]!.person;
    expect((await allPages(`q=${WORD}&contributor=${person}`, 2)).flat()).toEqual([made[0]!.id]);
    const old = (m: (typeof made)[number]) => m.publishedAt !== null && m.publishedAt < "2020-01-01";
    expect((await allPages(`q=${WORD}&until=2020-01-01T00:00:00Z`, 1)).flat()).toEqual(expected(old));
    expect((await allPages(`q=${WORD}&since=2020-01-01T00:00:00Z`, 2)).flat()).toEqual(expected((m) => !old(m)));
    expect((await allPages(`q=${WORD}&since=2018-06-01T00:00:00Z&until=2020-01-01T00:00:00Z&tag=search-window`, 3)).flat()).toEqual([made[0]!.id]);
  });

  it("a word nobody wrote: no story, no cursor", async () => {
    expect(await allPages(`q=${WORD}x`, 5)).toEqual([[]]);
  });

  it("a search's cursor is its own: a date cursor there, or a search cursor on a list, is the 400 naming cursor", async () => {
    const dated = encodeCursor("2026-01-01T00:00:00.000Z", "art_x");
    const searched = encodeCursor("s12", "art_x");
    for (const path of [`?q=${WORD}&cursor=${dated}`, `?cursor=${searched}`, `?tag=search-window&cursor=${searched}`]) {
      const res = await get(`/api/content/v1/articles${path}`);
      expect(res.status, path).toBe(400);
      expect(res.json.errors[0].path).toBe("cursor");
    }
  });
});
