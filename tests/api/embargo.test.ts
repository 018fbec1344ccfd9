// Embargoes hold to the instant: before it, no public surface shows the story (content API, search,
// every feed, sitemaps, news sitemap, JSON-LD, related cards, collections, oEmbed, the Ghost API,
// caches); after it, the very first public request shows it everywhere, without the cron.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, tokenFor, unique } from "../helpers/api";
import { createArticle, createContributor, createPublishableArticle, createSection, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";
import { forgetContentVersion } from "../../src/cache/version-memo";
import { ghostKey, publicSurfaces, type Surface } from "../helpers/public-surfaces";

let editor = "";
let author = "";
let authorId = "";
let admin = "";

beforeAll(async () => {
  editor = (await tokenFor("editor")).token;
  const a = await tokenFor("author");
  [author, authorId] = [a.token, a.user.id];
  admin = (await tokenFor("admin")).token;
});

/** A story the author signs (their linked byline), so they may publish it. */
async function authorsStory() {
  const section = await createSection(editor);
  const me = await createContributor(editor, "person", "Signed Author", { user_id: authorId });
  return createArticle(author, { section: section.slug, bylines: [{ contributor: me.slug }] });
}

const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString();

/** Where the marker shows (by path), so a failure names the surface that leaked or missed it. */
const showing = (surfaces: Surface[], marker: string) => surfaces.filter((s) => s.text.includes(marker)).map((s) => s.path);

/**
 * Time passes for the Worker: the embargo (and the schedule the publish recorded) move to a moment
 * ago, and so does `due_at`, exactly as they would stand one millisecond after the instant. The
 * release itself is still the Worker's own (no cron is run).
 */
async function letInstantPass(id: string) {
  const past = new Date(Date.now() - 1).toISOString();
  await env.DB.batch([
    env.DB.prepare("UPDATE articles SET embargoed_until = ?1, scheduled_at = min(scheduled_at, ?1) WHERE id = ?2").bind(past, id),
    env.DB.prepare("UPDATE site_state SET due_at = ?1 WHERE key = 'content'").bind(past),
  ]);
  // A raw write is another isolate's for this one, seen within the version's bound; the test is
  // about the release at the instant, so the isolate reads the row again now.
  forgetContentVersion();
}

describe("an embargoed story on every public surface", { timeout: 60_000 }, () => {
  it("shows nowhere before the instant and everywhere on the first request after it", async () => {
    const word = unique("embargoword");
    // The marker is in the text only: 404 answers echo a path, tag feeds name their tag.
    const a = await createPublishableArticle(editor, { headline: `Held ${word}`, slug: unique("held"), body: doc(paragraph(`The study ${word} is embargoed.`)), tags: [unique("Science")] });
    // Another live story that relates to it, and a collection holding both.
    const other = await createPublishableArticle(editor, { headline: `Companion ${unique("c")}`, related: [{ article_id: a.id }] });
    const otherLive = await call("POST", `/articles/${other.id}/publish`, { token: editor });
    expect(otherLive.status).toBe(200);
    const collection = unique("picks");
    expect((await call("POST", "/collections", { token: editor, body: { name: "Picks", slug: collection, article_ids: [a.id, other.id] } })).status).toBe(201);

    const set = await call("PUT", `/articles/${a.id}/embargo`, { token: editor, body: { embargoed_until: inFuture(3_600_000) } });
    expect(set.status).toBe(200);
    const version = set.json.article.version;
    // Not content: no revision, the ETag unchanged.
    expect(version).toBe(a.version);
    const held = await call("POST", `/articles/${a.id}/publish`, { token: editor });
    expect(held.status).toBe(200);
    expect(held.json.article.status).toBe("scheduled");
    expect(held.json.article.embargoed_until).toBe(set.json.article.embargoed_until);
    const story = { ...held.json.article, slug: held.json.article.slug };
    const extras = { searchWord: word, collection, relatedFrom: otherLive.json.article.slug, ghostKey: await ghostKey(admin) };

    // Before: nowhere, and every surface is warm in the cache (read twice).
    await publicSurfaces(story, extras);
    const before = await publicSurfaces(story, extras);
    expect(showing(before, word)).toEqual([]);
    // The companion is public all along (so the surfaces really answer).
    expect(before.find((s) => s.path === `/api/content/v1/articles/${extras.relatedFrom}`)?.status).toBe(200);

    await letInstantPass(a.id);
    const after = await publicSurfaces(story, extras);
    // Sitemaps name the story by its URL (the slug), everything else by its text too.
    const missing = after.filter((s) => s.status !== 200 || (!s.text.includes(story.slug) && !s.text.includes(word))).map((s) => `${s.path} ${s.status}`);
    expect(missing).toEqual([]);
    const live = await get(`/api/content/v1/articles/${story.slug}`);
    // Dated when readers could first see it: the embargo's instant.
    expect(live.json.article.published_at).toBe((await call("GET", `/articles/${a.id}`, { token: editor })).json.article.embargoed_until);
    expect(live.text).toContain('"@type":"NewsArticle"');
  });
});

describe("in real time, through the cache", { timeout: 30_000 }, () => {
  it("a cached feed and story are replaced within a second of the instant, with no cron", async () => {
    const word = unique("clock");
    const a = await createPublishableArticle(editor, { headline: `Clock ${word}` });
    const until = new Date(Date.now() + 2_500);
    expect((await call("PUT", `/articles/${a.id}/embargo`, { token: editor, body: { embargoed_until: until.toISOString() } })).status).toBe(200);
    expect((await call("POST", `/articles/${a.id}/publish`, { token: editor })).status).toBe(200);
    await get("/feed.json");
    const warm = await get("/feed.json");
    expect(warm.headers.get("x-copydesk-cache")).toBe("hit");
    expect(warm.text).not.toContain(word);
    // No copy outlives the release: browsers and shared caches keep it only until then.
    const maxAge = Number(/max-age=(\d+)/.exec(warm.headers.get("cache-control")!)![1]);
    expect(maxAge).toBeLessThanOrEqual(Math.ceil((until.getTime() - Date.now()) / 1000) + 1);
    expect(warm.headers.get("cache-control")).not.toContain("stale-while-revalidate");

    while (Date.now() <= until.getTime()) await new Promise((r) => setTimeout(r, 50));
    const feed = await get("/feed.json");
    expect(feed.text).toContain(word);
    expect((await get(`/api/content/v1/articles/${(await call("GET", `/articles/${a.id}`, { token: editor })).json.article.slug}`)).status).toBe(200);
  });
});

describe("who may hold and release a story", () => {
  it("authors set and extend an embargo; only editors lift it early, and a lift publishes a held story at once", async () => {
    const a = await authorsStory();
    const first = inFuture(3_600_000);
    expect((await call("PUT", `/articles/${a.id}/embargo`, { token: author, body: { embargoed_until: first } })).status).toBe(200);
    const later = inFuture(7_200_000);
    expect((await call("PUT", `/articles/${a.id}/embargo`, { token: author, body: { embargoed_until: later } })).status).toBe(200);
    const earlier = await call("PUT", `/articles/${a.id}/embargo`, { token: author, body: { embargoed_until: first } });
    expect(earlier.status).toBe(403);
    const cleared = await call("PUT", `/articles/${a.id}/embargo`, { token: author, body: { embargoed_until: null } });
    expect(cleared.status).toBe(403);
    expect((await call("POST", `/articles/${a.id}/lift-embargo`, { token: author })).status).toBe(403);

    const held = await call("POST", `/articles/${a.id}/publish`, { token: author });
    expect(held.json.article.status).toBe("scheduled");
    expect(held.json.article.allowed_actions).not.toContain("lift_embargo");
    const seen = await call("GET", `/articles/${a.id}`, { token: editor });
    expect(seen.json.article.allowed_actions).toContain("lift_embargo");
    const lifted = await call("POST", `/articles/${a.id}/lift-embargo`, { token: editor });
    expect(lifted.status).toBe(200);
    expect(lifted.json.article).toMatchObject({ status: "published", embargoed_until: null });
    expect((await get(`/api/content/v1/articles/${lifted.json.article.slug}`)).status).toBe(200);

    const audit = await env.DB.prepare("SELECT action, actor_role, summary FROM audit_log WHERE target_id = ? AND action LIKE 'article.embargo%' ORDER BY at").bind(a.id).all<{ action: string; actor_role: string; summary: string }>();
    expect(audit.results.map((r) => [r.action, r.actor_role])).toEqual([
      ["article.embargo_set", "author"],
      ["article.embargo_set", "author"],
      ["article.embargo_lift", "editor"],
    ]);
    expect(JSON.parse(audit.results[2]!.summary)).toMatchObject({ before: { embargoed_until: later }, after: { embargoed_until: null } });
  });

  it("refuses an embargo in the past, on a live story, and a lift with nothing to lift", async () => {
    const a = await createPublishableArticle(editor, {});
    const past = await call("PUT", `/articles/${a.id}/embargo`, { token: editor, body: { embargoed_until: "2001-01-01T00:00:00Z" } });
    expect(past.status).toBe(400);
    expect(past.json.errors.map((e: { path: string }) => e.path)).toEqual(["embargoed_until"]);
    const bad = await call("PUT", `/articles/${a.id}/embargo`, { token: editor, body: { embargoed_until: "soon" } });
    expect(bad.status).toBe(400);
    expect((await call("POST", `/articles/${a.id}/lift-embargo`, { token: editor })).status).toBe(409);
    // Any zone in, one UTC form stored and answered (instants compare as text).
    const zoned = await call("PUT", `/articles/${a.id}/embargo`, { token: editor, body: { embargoed_until: "2099-01-01T02:00:00+02:00" } });
    expect(zoned.json.article.embargoed_until).toBe("2099-01-01T00:00:00.000Z");
    expect((await call("PUT", `/articles/${a.id}/embargo`, { token: editor, body: { embargoed_until: null } })).status).toBe(200);
    expect((await call("POST", `/articles/${a.id}/publish`, { token: editor })).json.article.status).toBe("published");
    const live = await call("PUT", `/articles/${a.id}/embargo`, { token: editor, body: { embargoed_until: inFuture(60_000) } });
    expect(live.status).toBe(409);
  });

  it("a schedule later than the embargo wins; an earlier one waits for the embargo", async () => {
    // Far ahead of anything else this file holds, so due_at is this story's release alone.
    const embargo = new Date(Date.UTC(2098, 0, 1)).toISOString();
    const [early, late] = [new Date(Date.UTC(2097, 0, 1)).toISOString(), new Date(Date.UTC(2099, 0, 1)).toISOString()];
    const dueAt = async () => (await env.DB.prepare("SELECT due_at FROM site_state WHERE key = 'content'").first<{ due_at: string | null }>())!.due_at;
    const others = await env.DB.prepare("SELECT count(*) AS n FROM articles WHERE status = 'scheduled'").first<{ n: number }>();
    expect(others!.n).toBe(0);

    const a = await createPublishableArticle(editor, {});
    await call("PUT", `/articles/${a.id}/embargo`, { token: editor, body: { embargoed_until: embargo } });
    expect((await call("POST", `/articles/${a.id}/schedule`, { token: editor, body: { at: early } })).json.article.status).toBe("scheduled");
    expect(await dueAt()).toBe(embargo);
    expect((await call("POST", `/articles/${a.id}/schedule`, { token: editor, body: { at: late } })).json.article.status).toBe("scheduled");
    expect(await dueAt()).toBe(late);
    expect((await call("POST", `/articles/${a.id}/unpublish`, { token: editor })).status).toBe(200);
    expect(await dueAt()).toBeNull();
  });
});

describe("releasing within a reader's request", { timeout: 60_000 }, () => {
  /** Stories held to one instant, then that instant passed (see letInstantPass). */
  async function heldTogether(n: number, word: string) {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) {
      const a = await createPublishableArticle(editor, { headline: `${word} ${i}` });
      await call("PUT", `/articles/${a.id}/embargo`, { token: editor, body: { embargoed_until: inFuture(3_600_000) } });
      expect((await call("POST", `/articles/${a.id}/publish`, { token: editor })).json.article.status).toBe("scheduled");
      ids.push(a.id);
    }
    for (const id of ids) await letInstantPass(id);
    return ids;
  }
  const countIn = async (word: string) => ((await get("/feed.json?limit=100")).json.items as { title: string }[]).filter((i) => i.title.startsWith(word)).length;

  it("publishes one story a request (D1's per-request budget), the next requests the rest", async () => {
    const word = unique("together");
    await heldTogether(3, word);
    // Each request releases one before it answers, so it shows the stories released so far.
    expect(await countIn(word)).toBe(1);
    expect(await countIn(word)).toBe(2);
    expect(await countIn(word)).toBe(3);
    expect(await countIn(word)).toBe(3);
  });

  it("a story that cannot be published does not take readers down: they get what was there", async () => {
    const word = unique("stuck");
    const [id] = await heldTogether(1, word);
    // Any failure of the publish's batch (not a lost race): the database refuses this one row.
    await env.DB.prepare(`CREATE TRIGGER stuck_release BEFORE UPDATE OF status ON articles WHEN NEW.id = '${id}' BEGIN SELECT RAISE(ABORT, 'stuck'); END`).run();
    try {
      const feed = await get("/feed.json");
      expect(feed.status).toBe(200);
      expect(feed.text).not.toContain(word);
      expect((await get("/api/content/v1/articles")).status).toBe(200);
    } finally {
      await env.DB.prepare("DROP TRIGGER stuck_release").run();
    }
  });
});
