// A live blog's entries invalidate the blog's own pages, not the whole public cache (issue 17): its
// article view, entries and feeds are keyed by the content version and the blog's token (its public
// head, src/cache/blog-token.ts), so an entry makes exactly those miss, at once in this isolate and
// within VERSION_BOUND_MS in another; the site's feeds, other stories and tag feeds keep their copies
// until SITE_LAG_MS after the content version last moved (src/cache/content-version.ts). A blog that
// leaves readers still vanishes everywhere at once, and a hit on its pages reads nothing from D1.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { refreshDueAt, SITE_LAG_MS } from "../../src/cache/content-version";
import { VERSION_BOUND_MS } from "../../src/cache/version-memo";
import { liveEntries } from "../../src/db/schema";
import { countingD1 } from "../../src/http/bench-hooks";
import { newId } from "../../src/lib/ids";
import { changeStatement } from "../../src/live/changes";
import { runBatch } from "../../src/db/batch";
import { db, tokenFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { advanceClock, fetchWith, freezeClock } from "../helpers/outage";
import { ghostKey } from "../helpers/public-surfaces";
import { publishedLiveBlog, type Blog } from "../helpers/live-seed";

let token: string;
let auth: Record<string, string>;
beforeAll(async () => {
  token = (await tokenFor("editor")).token;
  auth = { authorization: `Bearer ${token}` };
});

const article = (slug: string) => `/api/content/v1/articles/${slug}`;
const entriesOf = (slug: string) => `/api/content/v1/articles/${slug}/entries`;
const feedOf = (slug: string) => `/articles/${slug}/feed.json`;
const blogPages = (slug: string) => [article(slug), entriesOf(slug), feedOf(slug), `/articles/${slug}/feed.xml`, `/articles/${slug}/feed.atom`];
const cacheState = (r: { headers: Headers }) => r.headers.get("x-copydesk-cache");

/** A published live blog with a tag of its own, its tag's slug, and a second, ordinary story. */
async function newsroom() {
  const blog = await publishedLiveBlog(token, `Count night ${crypto.randomUUID()}`, { tags: [`Count ${crypto.randomUUID()}`] });
  const tag = (await fetchWith(article(blog.slug))).json.article.tags[0].slug as string;
  const other = await createPublishableArticle(token, { headline: `Elsewhere ${crypto.randomUUID()}` });
  const pub = await fetchWith(`/api/editorial/v1/articles/${other.id}/publish`, { method: "POST", headers: auth });
  expect(pub.status, pub.text).toBe(200);
  return { blog, tagFeed: `/tags/${tag}/feed.json`, other: article(pub.json.article.slug as string) };
}

async function fileEntry(blog: Blog, text: string) {
  const res = await fetchWith(`/api/editorial/v1/articles/${blog.id}/entries`, { method: "POST", headers: auth, body: { body: doc(paragraph(text)), status: "published" } });
  expect(res.status, res.text).toBe(201);
  return res.json.entry as { id: string };
}

/** An entry another isolate filed: in D1 with its readers' change row, and nothing told this isolate. */
async function fileElsewhere(blog: Blog, text: string) {
  const d = db();
  const id = newId("lve");
  const at = new Date().toISOString();
  await runBatch(d, [
    d.insert(liveEntries).values({ id, articleId: blog.id, status: "published", title: text, body: doc(paragraph(text)) as never, bodyText: text, pinned: false, keyEvent: false, publishedAt: at, version: 1, createdAt: at, createdBy: null, updatedAt: at, updatedBy: null, deletedAt: null }),
    changeStatement(d, { articleId: blog.id, entryId: id, type: "entry.created", publicType: "entry.published", payload: { entry: { id } }, publicPayload: { entry: { id } }, now: new Date(at) }),
  ]);
  return id;
}

const blogItem = (feed: { json: any }, blog: Blog) => (feed.json.items as { url: string; date_modified: string }[]).find((i) => i.url === blog.url);

describe("a live blog's entry and the public cache", { timeout: 30_000 }, () => {
  it("makes the blog's pages miss and show it at once, while the site feed, another story and a tag feed stay hits until SITE_LAG_MS", async () => {
    const { blog, tagFeed, other } = await newsroom();
    const site = ["/feed.json", other, tagFeed];
    freezeClock();
    for (const p of [...blogPages(blog.slug), ...site]) await fetchWith(p);
    for (const p of [...blogPages(blog.slug), ...site]) expect(cacheState(await fetchWith(p)), p).toBe("hit");
    const before = blogItem(await fetchWith("/feed.json"), blog)!.date_modified;

    const text = `Turnout at 61% ${crypto.randomUUID()}`;
    const entry = await fileEntry(blog, text);

    // The blog's pages: a miss each, the entry in every one of them (the live block and JSON-LD too).
    const view = await fetchWith(article(blog.slug));
    expect(cacheState(view)).toBe("miss");
    expect(view.json.article.json_ld.liveBlogUpdate.map((u: { articleBody: string }) => u.articleBody)).toContain(text);
    const page = await fetchWith(entriesOf(blog.slug));
    expect(cacheState(page)).toBe("miss");
    expect(page.json.entries.map((e: { id: string }) => e.id)).toContain(entry.id);
    expect(view.json.article.live.last_event_id).toBe(page.json.last_event_id);
    for (const p of blogPages(blog.slug).slice(2)) {
      const feed = await fetchWith(p);
      expect(cacheState(feed), p).toBe("miss");
      expect(feed.text, p).toContain(entry.id);
    }
    // The rest of the site: the copies made before the entry, the blog's old updated time included.
    for (const p of site) expect(cacheState(await fetchWith(p)), p).toBe("hit");
    expect(blogItem(await fetchWith("/feed.json"), blog)!.date_modified).toBe(before);

    // SITE_LAG_MS after the content version last moved (the blog's own publish, just before), the
    // first request releases the pending bump: the site's pages miss and show the blog's new time.
    advanceClock(SITE_LAG_MS);
    const feed = await fetchWith("/feed.json");
    expect(cacheState(feed)).toBe("miss");
    expect(Date.parse(blogItem(feed, blog)!.date_modified)).toBeGreaterThan(Date.parse(before));
    for (const p of site.slice(1)) expect(cacheState(await fetchWith(p)), p).toBe("miss");
    // A second entry now (the version is fresh again) leaves the site alone once more.
    await fileEntry(blog, "And a recount in the east.");
    for (const p of site) expect(cacheState(await fetchWith(p)), p).toBe("hit");
    expect(cacheState(await fetchWith(entriesOf(blog.slug)))).toBe("miss");
  });

  it("replaces the content version at once when it last moved over SITE_LAG_MS ago: the site's pages miss at once", async () => {
    const { blog } = await newsroom();
    // As if nothing public had changed for two minutes (the token stays: the site's copies are current).
    const quiet = new Date(Date.now() - 2 * SITE_LAG_MS).toISOString();
    await env.DB.prepare("UPDATE site_state SET updated_at = ? WHERE key = 'content'").bind(quiet).run();
    freezeClock();
    await fetchWith("/feed.json");
    expect(cacheState(await fetchWith("/feed.json"))).toBe("hit");
    const version = async () => (await env.DB.prepare("SELECT value, due_at FROM site_state WHERE key = 'content'").first<{ value: string; due_at: string | null }>())!;
    const was = await version();
    await fileEntry(blog, "A quiet count, then this.");
    const now = await version();
    expect(now.value).not.toBe(was.value);
    expect(now.due_at).toBe(was.due_at);
    const feed = await fetchWith("/feed.json");
    expect(cacheState(feed)).toBe("miss");
  });

  it("PUT /live: a coverage change misses the blog's pages only; making a story live reaches every page at once", async () => {
    const { blog, other } = await newsroom();
    freezeClock();
    for (const p of [article(blog.slug), "/feed.json", other]) await fetchWith(p);
    const coverage = "2026-11-30T17:00:00.000Z";
    const put = await fetchWith(`/api/editorial/v1/articles/${blog.id}/live`, { method: "PUT", headers: auth, body: { kind: "live", coverage_start_at: coverage } });
    expect(put.status, put.text).toBe(200);
    const view = await fetchWith(article(blog.slug));
    expect(cacheState(view)).toBe("miss");
    expect(view.json.article.live.coverage_start_at).toBe(coverage);
    for (const p of ["/feed.json", other]) expect(cacheState(await fetchWith(p)), p).toBe("hit");

    // An ordinary story read (and kept as "not a live blog") becomes one: its view says so at once.
    const story = (await fetchWith(other)).json.article as { id: string; kind: string; live: unknown };
    expect([story.kind, story.live]).toEqual(["article", null]);
    expect((await fetchWith(`/api/editorial/v1/articles/${story.id}/live`, { method: "PUT", headers: auth, body: { kind: "live" } })).status).toBe(200);
    const made = await fetchWith(other);
    expect(cacheState(made)).toBe("miss");
    expect(made.json.article.kind).toBe("live");
    expect(made.json.article.live).not.toBeNull();
    expect(cacheState(await fetchWith("/feed.json"))).toBe("miss");
  });

  it("keeps a pending bump of the site's pages through the cron's refresh of due_at", async () => {
    const { blog } = await newsroom();
    await fileEntry(blog, "Turnout figures are in.");
    await refreshDueAt(db());
    const row = (await env.DB.prepare("SELECT updated_at, due_at FROM site_state WHERE key = 'content'").first<{ updated_at: string; due_at: string | null }>())!;
    expect(row.due_at).toBe(new Date(Date.parse(row.updated_at) + SITE_LAG_MS).toISOString());
  });

  it("keys the blog's Ghost post by its token too: it shows the new updated time at once; the Ghost list and the card keep their copies", async () => {
    const key = await ghostKey((await tokenFor("admin")).token);
    const { blog } = await newsroom();
    const post = `/ghost/api/content/posts/slug/${blog.slug}/?key=${key}`;
    const list = `/ghost/api/content/posts/?key=${key}&limit=all`;
    const card = `/embed/v1/article/${blog.slug}`;
    freezeClock();
    for (const p of [post, list, card]) await fetchWith(p);
    for (const p of [post, list, card]) expect(cacheState(await fetchWith(p)), p).toBe("hit");
    const before = (await fetchWith(post)).json.posts[0].updated_at as string;
    // The version last moved half a minute ago (young enough that the entry leaves it), so a page
    // dated by it would say so: the Ghost post states no Last-Modified of its own.
    await env.DB.prepare("UPDATE site_state SET updated_at = ? WHERE key = 'content'").bind(new Date(Date.now() - SITE_LAG_MS / 2).toISOString()).run();
    await fileEntry(blog, "The first seat is declared.");
    const after = await fetchWith(post);
    expect(cacheState(after)).toBe("miss");
    expect(Date.parse(after.json.posts[0].updated_at)).toBeGreaterThan(Date.parse(before));
    // Dated by the blog's last change, not the (older) content version's.
    const changed = (await env.DB.prepare("SELECT last_major_update_at AS t FROM articles WHERE id = ?").bind(blog.id).first<{ t: string }>())!.t;
    expect(after.headers.get("last-modified")).toBe(new Date(changed).toUTCString());
    // The card shows no entry and the first publication's date: entries leave its copy, as the list's.
    expect(cacheState(await fetchWith(card))).toBe("hit");
    expect(cacheState(await fetchWith(list))).toBe("hit");
  });

  it("shows another isolate's entry on the blog's pages within VERSION_BOUND_MS, and not before", async () => {
    const { blog } = await newsroom();
    freezeClock();
    for (const p of blogPages(blog.slug)) await fetchWith(p);
    const id = await fileElsewhere(blog, `From the other isolate ${crypto.randomUUID()}`);
    advanceClock(VERSION_BOUND_MS - 1);
    for (const p of blogPages(blog.slug)) {
      const kept = await fetchWith(p);
      expect(cacheState(kept), p).toBe("hit");
      expect(kept.text, p).not.toContain(id);
    }
    advanceClock(1);
    for (const p of blogPages(blog.slug)) {
      const fresh = await fetchWith(p);
      expect(cacheState(fresh), p).toBe("miss");
      expect(fresh.text, p).toContain(id);
    }
  });

  it("runs no D1 statement for a hit on a blog's page within the bound, and only the version's past it for an ordinary story", async () => {
    const { blog, other } = await newsroom();
    await fileEntry(blog, "Polls have closed.");
    freezeClock();
    for (const p of [...blogPages(blog.slug), other]) await fetchWith(p);
    const counter = { statements: 0 };
    const counted = countingD1(env.DB, counter);
    for (const p of blogPages(blog.slug)) expect(cacheState(await fetchWith(p, { db: counted })), p).toBe("hit");
    expect(counter.statements).toBe(0);
    // Past the bound: the version is read again (one statement); "not a live blog" holds while it stands.
    advanceClock(VERSION_BOUND_MS);
    counter.statements = 0;
    expect(cacheState(await fetchWith(other, { db: counted }))).toBe("hit");
    expect(counter.statements).toBe(1);
    // The blog's token is read again too: one more statement, shared by all its pages.
    counter.statements = 0;
    for (const p of blogPages(blog.slug)) expect(cacheState(await fetchWith(p, { db: counted })), p).toBe("hit");
    expect(counter.statements).toBe(1);
  });

  it("answers the blog's pages from their last good copies while D1 fails, and with 304 for a copy the reader has", async () => {
    const { blog } = await newsroom();
    await fileEntry(blog, "Results by midnight.");
    freezeClock();
    const warm = new Map<string, string>();
    for (const p of blogPages(blog.slug)) warm.set(p, (await fetchWith(p)).headers.get("etag")!);
    for (const p of blogPages(blog.slug)) expect((await fetchWith(p, { headers: { "if-none-match": warm.get(p)! } })).status, p).toBe(304);
    // Past the bound the isolate reads the version again (a site page, D1 well), then the blog's
    // token for its pages: D1 does not answer that one.
    advanceClock(VERSION_BOUND_MS);
    expect((await fetchWith("/feed.json")).status).toBe(200);
    for (const p of blogPages(blog.slug)) {
      const stale = await fetchWith(p, { faults: { fail: true } });
      expect(stale.status, p).toBe(200);
      expect(cacheState(stale), p).toBe("stale");
      expect(stale.headers.get("etag"), p).toBe(warm.get(p));
    }
  });

  it("still removes a blog that leaves readers everywhere at once: unpublished, or sent to the trash", async () => {
    for (const leave of [(id: string) => fetchWith(`/api/editorial/v1/articles/${id}/unpublish`, { method: "POST", headers: auth }), (id: string) => fetchWith(`/api/editorial/v1/articles/${id}`, { method: "DELETE", headers: auth })]) {
      const { blog, tagFeed } = await newsroom();
      await fileEntry(blog, "Declared.");
      freezeClock();
      for (const p of [...blogPages(blog.slug), "/feed.json", tagFeed]) await fetchWith(p);
      expect(blogItem(await fetchWith("/feed.json"), blog)).toBeDefined();
      expect((await leave(blog.id)).status).toBeLessThan(300);
      for (const p of blogPages(blog.slug)) expect((await fetchWith(p)).status, p).toBe(404);
      expect(blogItem(await fetchWith("/feed.json"), blog)).toBeUndefined();
      const tag = await fetchWith(tagFeed);
      expect(tag.text).not.toContain(blog.url);
    }
  });
});
