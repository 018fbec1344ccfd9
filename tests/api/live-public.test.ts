// The entries endpoint with cursors and 304 (issue 16): what readers pull of a live blog. Entries
// are written straight to D1 as the editorial writes leave them (tests/helpers/live-seed.ts), so this
// file proves the read side alone: paging without gap or overlap, drafts and deleted entries never
// shown, the cache (304, and a new entry is never answered from a stale copy), `since=` answering
// exactly the stored events, and 404 for anything that is not a published live blog. Every answer
// goes through get(), so it is also checked against the content document.
import { env } from "cloudflare:workers";
import { and, asc, eq, gt, isNotNull } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import * as v from "valibot";
import { beforeAll, describe, expect, it } from "vitest";
import { readContentVersion } from "../../src/cache/content-version";
import { liveChanges } from "../../src/db/schema";
import { JsonLdView } from "../../src/public/json-ld-view";
import { entriesPageSql } from "../../src/public/live-load";
import { encodeCursor } from "../../src/lib/cursor";
import { call, db, tokenFor } from "../helpers/api";
import { createContributor, createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";
import { publishedLiveBlog, seedEdit, seedEntry, type Blog } from "../helpers/live-seed";

let token: string;
let editor: { id: string; email: string };

beforeAll(async () => {
  const t = await tokenFor("editor");
  token = t.token;
  editor = t.user;
});

const entries = (slug: string, query = "") => `/api/content/v1/articles/${slug}/entries${query}`;
const minute = (n: number) => new Date(Date.UTC(2026, 10, 30, 19, 0) + n * 60_000);

describe("GET /articles/{slug}/entries", () => {
  let blog: Blog;
  let published: string[];
  let hidden: string[];
  let pinned: string[];

  beforeAll(async () => {
    blog = await publishedLiveBlog(token, `Election night ${crypto.randomUUID()}`);
    // A byline of a desk member with an account: the answer must still name no user.
    const person = await createContributor(token, "person", "Ilona Marchuk", { user_id: editor.id });
    published = [];
    for (let i = 0; i < 23; i++) {
      published.push(await seedEntry(blog, { text: `Update number ${i}`, at: minute(i), pinned: i === 3 || i === 17, bylines: i % 5 === 0 ? [person.id] : [], createdBy: editor.id }));
    }
    // Two entries of the same millisecond: the id breaks the tie, so no page boundary can lose one.
    published.push(await seedEntry(blog, { text: "Same instant A", at: minute(10) }), await seedEntry(blog, { text: "Same instant B", at: minute(10) }));
    pinned = [published[17]!, published[3]!];
    hidden = [
      await seedEntry(blog, { text: "A draft nobody may read", status: "draft", at: minute(30), createdBy: editor.id }),
      await seedEntry(blog, { text: "A deleted entry", at: minute(31), deleted: true }),
      await seedEntry(blog, { text: "A deleted draft", status: "draft", at: minute(32), deleted: true }),
    ];
  });

  it("pages newest first without gap or overlap to the end; pinned apart on the first page; no drafts, deleted entries or users", async () => {
    const first = await get(entries(blog.slug, "?limit=10"));
    expect(first.status, first.text).toBe(200);
    expect(first.json.blog).toMatchObject({ id: blog.id, slug: blog.slug, headline: blog.headline, url: blog.url, coverage_start_at: "2026-11-30T18:00:00.000Z", coverage_end_at: null });
    expect(first.json.blog.entries_url).toMatch(new RegExp(`/api/content/v1/articles/${blog.slug}/entries$`));
    expect(first.json.blog.feed_urls.atom).toMatch(new RegExp(`/articles/${blog.slug}/feed\\.atom$`));
    expect(first.json.pinned.map((e: any) => e.id)).toEqual(pinned);
    expect(first.json.pinned.every((e: any) => e.pinned)).toBe(true);

    const seen: any[] = [...first.json.entries];
    let cursor = first.json.next_cursor as string | null;
    let pages = 1;
    while (cursor) {
      const page = await get(entries(blog.slug, `?limit=10&cursor=${encodeURIComponent(cursor)}`));
      expect(page.status, page.text).toBe(200);
      // Pinned entries are listed apart on the first page only.
      expect(page.json.pinned).toBeNull();
      seen.push(...page.json.entries);
      cursor = page.json.next_cursor;
      pages++;
    }
    expect(pages).toBe(3);
    const ids = seen.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...published].sort());
    // Newest first, the id breaking ties, as the cursor reads them.
    const keys = seen.map((e) => `${e.published_at}|${e.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
    for (const id of hidden) expect(ids).not.toContain(id);

    const text = first.text + JSON.stringify(seen);
    expect(text).not.toContain(editor.id);
    expect(text).not.toContain(editor.email);
    expect(text).not.toContain("A draft nobody may read");
    expect(text).not.toMatch(/user_id|created_by|"status"|"version"/);
    const bylined = seen.find((e) => e.bylines.length);
    expect(bylined.bylines[0]).toMatchObject({ name: "Ilona Marchuk", kind: "person", role: null });
    expect(Object.keys(bylined.bylines[0]).sort()).toEqual(["avatar", "job_title", "kind", "name", "role", "slug", "url"]);
  });

  it("refuses a forged, over-long or foreign cursor and an out-of-range limit, naming the field", async () => {
    const forged = btoa("not-a-date|lve_x").replace(/=+$/, "");
    for (const [query, field] of [
      [`?cursor=${forged}`, "cursor"],
      [`?cursor=${"A".repeat(201)}`, "cursor"],
      ["?cursor=%25%25", "cursor"],
      ["?limit=0", "limit"],
      ["?limit=101", "limit"],
      ["?since=-1", "since"],
      ["?since=1e3", "since"],
      [`?since=1&cursor=${forged}`, "since"],
    ] as const) {
      const res = await get(entries(blog.slug, query));
      expect(res.status, query).toBe(400);
      expect(res.json.code).toBe("validation_failed");
      expect(res.json.errors.map((e: any) => e.path), query).toContain(field);
    }
  });

  it("answers 304 to If-None-Match, and after a new entry a new ETag with the entry on top", async () => {
    const path = entries(blog.slug, "?limit=5");
    const warm = await get(path);
    const etag = warm.headers.get("etag")!;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(warm.headers.get("last-modified")).toBeTruthy();
    const again = await get(path, { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
    expect(again.headers.get("x-copydesk-cache")).toBe("hit");

    const fresh = await seedEntry(blog, { text: "Polls have closed", at: minute(40) });
    const after = await get(path, { "If-None-Match": etag });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
    expect(after.headers.get("x-copydesk-cache")).toBe("miss");
    expect(after.json.entries[0].id).toBe(fresh);
    expect(after.json.entries[0].text).toBe("Polls have closed");
    expect(after.json.last_event_id).toBe(warm.json.last_event_id + 1);
    published.push(fresh);
  });

  it("since=<id> answers exactly the stored readers' events after it, oldest first; reset past the head", async () => {
    const head = (await get(entries(blog.slug))).json.last_event_id as number;
    // Every published, non-deleted entry got one readers' event; drafts and deleted ones none (the
    // blog's own publication may have one too: readers' ids count what readers were told, nothing else).
    const told = await db().select().from(liveChanges).where(and(eq(liveChanges.articleId, blog.id), isNotNull(liveChanges.publicSeq))).all();
    expect(told.length).toBe(head);
    expect(told.filter((r) => r.publicType === "entry.published").map((r) => r.entryId).sort()).toEqual([...published].sort());
    const edited = published[5]!;
    await seedEdit(blog, edited, { title: "Turnout corrected", text: "Turnout was 61%, not 62%.", at: minute(41) });
    await seedEntry(blog, { text: "Another draft", status: "draft", at: minute(42) });

    const since = head - 2;
    const res = await get(entries(blog.slug, `?since=${since}`));
    expect(res.status, res.text).toBe(200);
    const stored = await db()
      .select()
      .from(liveChanges)
      .where(and(eq(liveChanges.articleId, blog.id), gt(liveChanges.publicSeq, since)))
      .orderBy(asc(liveChanges.publicSeq))
      .all();
    expect(stored.map((r) => r.publicSeq)).toEqual([since + 1, since + 2, since + 3]);
    expect(res.json).toEqual({
      reset: false,
      events: stored.map((r) => ({ id: r.publicSeq, event: r.publicType, data: JSON.parse(r.publicPayload!) })),
      next_since: since + 3,
      last_event_id: since + 3,
    });
    // The same bytes the stream sends: each event's data, serialised as the API serialises, is the stored text.
    const raw = res.text;
    for (const r of stored) expect(raw).toContain(`"data":${r.publicPayload}`);
    expect(res.json.events.at(-1)).toMatchObject({ event: "entry.updated", data: { entry: { id: edited, title: "Turnout corrected", text: "Turnout was 61%, not 62%." } } });

    // Read on a page at a time: limit bounds it, next_since continues it.
    const one = await get(entries(blog.slug, `?since=${since}&limit=1`));
    expect(one.json.events.map((e: any) => e.id)).toEqual([since + 1]);
    const two = await get(entries(blog.slug, `?since=${one.json.next_since}&limit=2`));
    expect(two.json.events.map((e: any) => e.id)).toEqual([since + 2, since + 3]);
    const none = await get(entries(blog.slug, `?since=${since + 3}`));
    expect(none.json).toEqual({ reset: false, events: [], next_since: since + 3, last_event_id: since + 3 });

    // An id from the future (another blog's, a forged one): start again from the entries.
    const ahead = await get(entries(blog.slug, `?since=${since + 50}`));
    expect(ahead.json).toEqual({ reset: true, events: [], next_since: since + 3, last_event_id: since + 3 });
  });

  it("the article itself says it is live: kind, the live block and LiveBlogPosting JSON-LD", async () => {
    const res = await get(`/api/content/v1/articles/${blog.slug}`);
    expect(res.status, res.text).toBe(200);
    const a = res.json.article;
    expect(a.kind).toBe("live");
    expect(a.live).toMatchObject({ coverage_start_at: "2026-11-30T18:00:00.000Z", coverage_end_at: null });
    expect(a.live.entries_url).toMatch(new RegExp(`/api/content/v1/articles/${blog.slug}/entries$`));
    expect(a.live.live_url).toMatch(new RegExp(`/api/content/v1/articles/${blog.slug}/live$`));
    expect(a.live.last_event_id).toBe((await get(entries(blog.slug))).json.last_event_id);
    expect(v.safeParse(JsonLdView, a.json_ld).success).toBe(true);
    expect(a.json_ld["@type"]).toBe("LiveBlogPosting");
    expect(a.json_ld.coverageStartTime).toBe("2026-11-30T18:00:00Z");
    expect(a.json_ld.coverageEndTime).toBeUndefined();
    const updates = a.json_ld.liveBlogUpdate as any[];
    expect(updates.length).toBe(20);
    expect(updates.every((u) => u["@type"] === "BlogPosting")).toBe(true);
    expect(updates[0].url).toBe(`${blog.url}#entry-${published.at(-1)}`);
    expect(updates[0].articleBody).toBe("Polls have closed");
    expect(JSON.parse(a.json_ld_script)).toEqual(a.json_ld);
    expect(res.text).not.toContain("A draft nobody may read");

    const plain = await createPublishableArticle(token, { body: doc(paragraph("Not live.")) });
    await call("POST", `/articles/${plain.id}/publish`, { token });
    const ordinary = (await get(`/api/content/v1/articles/${plain.slug}`)).json.article;
    expect(ordinary.kind).toBe("article");
    expect(ordinary.live).toBeNull();
    expect(ordinary.json_ld["@type"]).toBe("NewsArticle");
  });
});

describe("through the editorial API (src/live/domain.ts)", () => {
  it("a draft leaves readers' cache alone; publishing it reaches the next read, and its event is the one since= answers", async () => {
    const made = await call("POST", "/articles", { token, body: { headline: `Desk-made blog ${crypto.randomUUID()}`, kind: "live" } });
    expect(made.status, made.text).toBe(201);
    const id = made.json.article.id as string;
    const ready = await createPublishableArticle(token, {});
    // A section and a byline so the blog can be published: copied from a publishable story.
    const patch = await call("PATCH", `/articles/${id}`, { token, body: { version: made.json.article.version, section: ready.section.slug, bylines: [{ contributor: ready.bylines[0].contributor.slug }] } });
    expect(patch.status, patch.text).toBe(200);
    const pub = await call("POST", `/articles/${id}/publish`, { token });
    expect(pub.status, pub.text).toBe(200);
    const slug = pub.json.article.slug as string;
    const path = entries(slug);
    const warm = await get(path);
    expect((await get(path)).headers.get("x-copydesk-cache")).toBe("hit");
    const body = doc(paragraph("Doors open at the count centre."));

    const version = await readContentVersion(db());
    const draft = await call("POST", `/articles/${id}/entries`, { token, body: { body } });
    expect(draft.status, draft.text).toBe(201);
    expect((await readContentVersion(db())).token).toBe(version.token);
    expect((await get(path)).headers.get("x-copydesk-cache")).toBe("hit");

    const published = await call("POST", `/articles/${id}/entries/${draft.json.entry.id}/publish`, { token, headers: { "If-Match": draft.headers.get("etag")! } });
    expect(published.status, published.text).toBe(200);
    const after = await get(path, { "If-None-Match": warm.headers.get("etag")! });
    expect(after.status).toBe(200);
    expect(after.json.entries.map((e: any) => e.id)).toEqual([draft.json.entry.id]);
    const events = await get(entries(slug, `?since=${warm.json.last_event_id}`));
    expect(events.json.events).toEqual([{ id: warm.json.last_event_id + 1, event: "entry.published", data: { entry: after.json.entries[0] } }]);
  });
});

describe("the page's one statement", () => {
  // Plans depend on the schema, not on data. A page is one range of live_entries_public_idx read
  // backwards (no sort), and the head of the change log one probe of its partial index: a busy blog's
  // thousands of change rows are never walked.
  it("reads one index range, sorts nothing, and probes the change log's head", async () => {
    for (const q of [{ limit: 20 }, { limit: 20, cursor: encodeCursor("2026-01-01T00:00:00.000Z", "lve_x") }]) {
      const { sql, params } = new SQLiteSyncDialect().sqlToQuery(entriesPageSql("some-slug", q));
      const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`).bind(...params).all<{ detail: string }>();
      const lines = results.map((r) => r.detail);
      expect(lines.filter((l) => / live_entries| e /.test(l) && /^(SCAN|SEARCH)/.test(l)).every((l) => l.includes("live_entries_public_idx")), lines.join("\n")).toBe(true);
      expect(lines.filter((l) => l.includes("live_changes")), lines.join("\n")).toEqual([expect.stringContaining("live_changes_public_uq")]);
      expect(lines.filter((l) => /^SCAN (a|e|live_)|TEMP B-TREE FOR ORDER BY/.test(l)), lines.join("\n")).toEqual([]);
    }
  });
});

describe("what is not a published live blog has no entries", () => {
  it("404 for an ordinary story, an unpublished, a held (embargoed) or an unknown blog", async () => {
    const plain = await createPublishableArticle(token, { body: doc(paragraph("Not live.")) });
    expect((await call("POST", `/articles/${plain.id}/publish`, { token })).status).toBe(200);

    const unpublished = await publishedLiveBlog(token, `Unpublished blog ${crypto.randomUUID()}`);
    await seedEntry(unpublished, { text: "Was public once", at: minute(1) });
    expect((await call("POST", `/articles/${unpublished.id}/unpublish`, { token })).status).toBe(200);

    const held = await createPublishableArticle(token, { body: doc(paragraph("Held.")) });
    const { articles } = await import("../../src/db/schema");
    await db().update(articles).set({ kind: "live" }).where(eq(articles.id, held.id));
    expect((await call("PUT", `/articles/${held.id}/embargo`, { token, body: { embargoed_until: "2099-01-01T00:00:00Z" } })).status).toBe(200);
    const heldPublish = await call("POST", `/articles/${held.id}/publish`, { token });
    expect(heldPublish.json.article.status).toBe("scheduled");

    for (const slug of [plain.slug, unpublished.slug, held.slug, "no-such-blog"]) {
      for (const query of ["", "?since=0"]) {
        const res = await get(entries(slug, query));
        expect(res.status, `${slug}${query}`).toBe(404);
        expect(res.json.code).toBe("not_found");
        expect(res.text).not.toContain("Was public once");
      }
      expect((await get(`/articles/${slug}/feed.json`)).status).toBe(404);
    }
  });
});
