// "Last-Event-ID catch-up exact (incl. object restart)": a reader coming back with the last id it
// has gets exactly what it missed, in order, then live events, whatever happened meanwhile: a
// notify lost or overtaken (the object reads the gap from D1), the object evicted with its sockets
// hibernating (the head comes back from its storage), or restarted with every socket closed (D1
// replays). Ids out of range get `reset`. The cron's sync delivers what no notify announced.
import { env } from "cloudflare:workers";
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { LiveBlogHub } from "../../src/live/hub";
import { liveHub } from "../../src/live/stub";
import { headSql } from "../../src/live/head";
import { MAX_REPLAY } from "../../src/live/sse";
import { runCron } from "../../src/scheduled/cron";
import { recentLiveBlogs } from "../../src/live/notify";
import { db, tokenFor } from "../helpers/api";
import { appendChange, change, createLiveBlog, deskPath, idsAndTypes, notifyHub, openSocket, openStream, readerPath } from "../helpers/sse";

let token: string;
beforeAll(async () => {
  token = (await tokenFor("editor")).token;
});

const ids = (events: { id: string | number }[]) => events.map((e) => Number(e.id));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** `n` public changes in one statement, numbered 1…n, with no notify. */
const bulkChanges = (articleId: string, n: number) =>
  db().run(sql`INSERT INTO live_changes (article_id, seq, public_seq, entry_id, type, public_type, payload, public_payload, created_at)
    WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < ${n})
    SELECT ${articleId}, n, n, 'lve_x', 'entry.published', 'entry.published', '{"n":' || n || '}', '{"n":' || n || '}', ${new Date().toISOString()} FROM c`);

describe("Last-Event-ID", () => {
  it("a reconnect gets exactly what it missed, then live events; the header beats a stale query", async () => {
    const blog = await createLiveBlog(token);
    await change(blog.id);
    await change(blog.id);
    const first = await openStream(readerPath(blog.slug));
    expect(ids(await first.next())).toEqual([2]); // ready
    await change(blog.id);
    expect(ids(await first.next())).toEqual([3]);
    await first.close();
    // Away: four changes, one of them a draft's the reader must not get.
    await change(blog.id, "entry.updated");
    await change(blog.id, "entry.created", { desk: true });
    await change(blog.id, "entry.pinned");
    await change(blog.id, "entry.deleted");

    const back = await openStream(readerPath(blog.slug), { "Last-Event-ID": "3" });
    expect(idsAndTypes(await back.next(3))).toEqual([[4, "entry.updated"], [5, "entry.pinned"], [6, "entry.deleted"]]);
    await change(blog.id);
    expect(ids(await back.next())).toEqual([7]);
    expect(back.events).toHaveLength(4);

    // EventSource reconnects to its first URL (?last_event_id=1) sending the newer id as the header.
    const again = await openStream(`${readerPath(blog.slug)}?last_event_id=1`, { "Last-Event-ID": "5" });
    expect(ids(await again.next(2))).toEqual([6, 7]);
    await change(blog.id);
    expect(ids(await again.next())).toEqual([8]);
    expect(again.events).toHaveLength(3);

    // The query alone (a page's first connect after reading …/entries) and the WebSocket alike.
    const fromQuery = await openSocket(`${readerPath(blog.slug)}?last_event_id=6`);
    expect(ids(await fromQuery.next(2))).toEqual([7, 8]);
    // The desk replays by its own numbers (seq), drafts included.
    const desk = await openStream(deskPath(blog.id), { authorization: `Bearer ${token}`, "Last-Event-ID": "4" });
    expect(idsAndTypes(await desk.next(5))).toEqual([[5, "entry.created"], [6, "entry.pinned"], [7, "entry.deleted"], [8, "entry.published"], [9, "entry.published"]]);
  });

  it("a lost or overtaken notify: the object reads the gap from D1, every reader sees each id once, in order", async () => {
    const blog = await createLiveBlog(token);
    const sse = await openStream(readerPath(blog.slug));
    const readers = [sse, await openSocket(readerPath(blog.slug))];
    for (const r of readers) await r.next();
    // Two commits whose notify never ran (the isolate died after its batch), then one that did.
    await appendChange(blog.id);
    await appendChange(blog.id, "entry.updated");
    await change(blog.id, "entry.pinned");
    // Two commits whose notifies arrive in reverse order.
    const a = await appendChange(blog.id, "entry.unpinned");
    const b = await appendChange(blog.id, "entry.deleted");
    await notifyHub(blog.id, [b]);
    await notifyHub(blog.id, [a]);
    // And a duplicate delivery of an old one.
    await notifyHub(blog.id, [a, b]);
    await change(blog.id);
    for (const r of readers) {
      expect(idsAndTypes(await r.next(6))).toEqual([[1, "entry.published"], [2, "entry.updated"], [3, "entry.pinned"], [4, "entry.unpinned"], [5, "entry.deleted"], [6, "entry.published"]]);
    }
    expect(sse.events).toHaveLength(7);
  });

  it("two writes racing: contiguous ids, both seen once in commit order", async () => {
    const blog = await createLiveBlog(token);
    const reader = await openStream(readerPath(blog.slug));
    await reader.next();
    const rows = await Promise.all([appendChange(blog.id), appendChange(blog.id, "entry.updated")]);
    await Promise.all(rows.map((r) => notifyHub(blog.id, [r])).reverse());
    const got = await reader.next(2);
    expect(ids(got)).toEqual([1, 2]);
    const byId = new Map(rows.map((r) => [r.publicSeq, r.publicType]));
    expect(got.map((e) => e.event)).toEqual([byId.get(1), byId.get(2)]);
  });
});

describe("the object evicted", () => {
  it("hibernating sockets survive: the next change reaches every reader with the next id", async () => {
    const blog = await createLiveBlog(token);
    await change(blog.id);
    const sse = await openStream(readerPath(blog.slug));
    const ws = await openSocket(readerPath(blog.slug));
    const desk = await openStream(deskPath(blog.id), { authorization: `Bearer ${token}` });
    await Promise.all([sse.next(), ws.next(), desk.next()]);
    const stub = liveHub(env, blog.id);
    await runInDurableObject(stub, (hub: LiveBlogHub) => {
      (hub as unknown as { marker: number }).marker = 1;
    });
    await evictDurableObject(stub);
    await change(blog.id, "entry.updated");
    expect(idsAndTypes(await sse.next())).toEqual([[2, "entry.updated"]]);
    expect(idsAndTypes(await ws.next())).toEqual([[2, "entry.updated"]]);
    expect(idsAndTypes(await desk.next())).toEqual([[2, "entry.updated"]]);
    // A new instance served it (the marker is gone), with the head from its storage and the
    // sockets' tags and attachments from the runtime.
    const after = await runInDurableObject(stub, (hub: LiveBlogHub, state) => ({ marker: (hub as unknown as { marker?: number }).marker, head: hub.head, sockets: state.getWebSockets("public").length }));
    expect(after).toEqual({ marker: undefined, head: { seq: 2, publicSeq: 2 }, sockets: 2 });
  });

  it("restarted with its sockets closed: streams end, and readers reconnecting with their last id catch up exactly", async () => {
    const blog = await createLiveBlog(token);
    const sse = await openStream(readerPath(blog.slug));
    const ws = await openSocket(readerPath(blog.slug));
    await Promise.all([sse.next(), ws.next()]);
    await change(blog.id);
    await Promise.all([sse.next(), ws.next()]);
    await evictDurableObject(liveHub(env, blog.id), { webSockets: "close" });
    await sse.ended();
    await ws.ended();
    // Written while nobody is connected; one notified, one not.
    await change(blog.id, "entry.updated");
    await appendChange(blog.id, "entry.pinned");
    const sseBack = await openStream(readerPath(blog.slug), { "Last-Event-ID": sse.parser.lastEventId });
    const wsBack = await openSocket(`${readerPath(blog.slug)}?last_event_id=${ws.messages.at(-1)!.id}`);
    for (const r of [sseBack, wsBack]) expect(idsAndTypes(await r.next(2))).toEqual([[2, "entry.updated"], [3, "entry.pinned"]]);
    await change(blog.id, "entry.deleted");
    for (const r of [sseBack, wsBack]) expect(idsAndTypes(await r.next())).toEqual([[4, "entry.deleted"]]);
    expect(sseBack.events).toHaveLength(3);
    expect(wsBack.messages).toHaveLength(3);
  });
});

describe("reset", () => {
  it("an id ahead of every event, or more than MAX_REPLAY behind, gets reset with the head; then live events", async () => {
    const blog = await createLiveBlog(token);
    const n = MAX_REPLAY + 5;
    // A long blog in one statement (bypassing the object: it learns the head from D1 when it starts).
    await bulkChanges(blog.id, n);

    const ahead = await openStream(readerPath(blog.slug), { "Last-Event-ID": String(n + 7) });
    expect(await ahead.next()).toEqual([{ id: String(n), event: "reset", data: `{"last_event_id":${n}}` }]);
    const tooOld = await openSocket(`${readerPath(blog.slug)}?last_event_id=${n - MAX_REPLAY - 1}`);
    expect(await tooOld.next()).toEqual([{ id: n, event: "reset", data: { last_event_id: n } }]);
    // Just inside the window: the whole replay, read in pages, in order.
    const longReplay = await openStream(readerPath(blog.slug), { "Last-Event-ID": String(n - MAX_REPLAY) });
    const replayed = await longReplay.next(MAX_REPLAY);
    expect(ids(replayed)).toEqual(range(n - MAX_REPLAY + 1, n));
    expect(replayed.at(-1)!.data).toBe(`{"n":${n}}`);

    await change(blog.id);
    for (const r of [ahead, tooOld, longReplay]) expect(ids(await r.next())).toEqual([n + 1]);
  });

  it("an id the reader read from D1 before its notify arrived is no reset: the object syncs first", async () => {
    const blog = await createLiveBlog(token);
    const early = await openStream(readerPath(blog.slug));
    await early.next();
    // Committed, not yet announced; a page read …/entries and got last_event_id 1.
    await appendChange(blog.id);
    const late = await openStream(`${readerPath(blog.slug)}?last_event_id=1`);
    // The connected reader gets it from that sync; the newcomer already has it.
    expect(idsAndTypes(await early.next())).toEqual([[1, "entry.published"]]);
    await change(blog.id, "entry.updated");
    expect(ids(await late.next())).toEqual([2]);
    expect(ids(await early.next())).toEqual([2]);
    expect(late.events).toHaveLength(1);
  });

  it("an object that finds itself more than MAX_REPLAY behind D1 sends everyone reset, not a flood", async () => {
    const blog = await createLiveBlog(token);
    const reader = await openStream(readerPath(blog.slug));
    const desk = await openStream(deskPath(blog.id), { authorization: `Bearer ${token}` });
    await Promise.all([reader.next(), desk.next()]);
    const n = MAX_REPLAY + 3;
    await bulkChanges(blog.id, n);
    await runCron(env, new Date());
    expect(await reader.next()).toEqual([{ id: String(n), event: "reset", data: `{"last_event_id":${n}}` }]);
    expect(await desk.next()).toEqual([{ id: String(n), event: "reset", data: `{"last_event_id":${n}}` }]);
    await change(blog.id);
    expect(ids(await reader.next())).toEqual([n + 1]);
  });
});

describe("desk far ahead, readers not", () => {
  it("more than MAX_REPLAY desk-only changes: the desk gets reset, readers nothing (no public event happened)", async () => {
    const blog = await createLiveBlog(token);
    const reader = await openStream(readerPath(blog.slug));
    const desk = await openStream(deskPath(blog.id), { authorization: `Bearer ${token}` });
    await Promise.all([reader.next(), desk.next()]);
    const n = MAX_REPLAY + 3;
    // Drafts' changes only (public_seq NULL), with no notify.
    await db().run(sql`INSERT INTO live_changes (article_id, seq, public_seq, entry_id, type, public_type, payload, public_payload, created_at)
      WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < ${n})
      SELECT ${blog.id}, n, NULL, 'lve_x', 'entry.created', NULL, '{"n":' || n || '}', NULL, ${new Date().toISOString()} FROM c`);
    await runCron(env, new Date());
    expect(await desk.next()).toEqual([{ id: String(n), event: "reset", data: `{"last_event_id":${n}}` }]);
    await change(blog.id);
    // The reader's next event is the first public one, not a reset it had no reason to get.
    expect(idsAndTypes(await reader.next())).toEqual([[1, "entry.published"]]);
  });
});

describe("cron", () => {
  it("takes the most recently changed blogs first, reading only the hour's rows (live_changes_created_idx)", async () => {
    const { sql: text, params } = db().all(recentLiveBlogs(new Date(Date.now() - 3_600_000).toISOString())).getQuery();
    expect(text).toMatch(/ORDER BY max\(created_at\) DESC/);
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${text}`).bind(...params).all<{ detail: string }>();
    const lines = plan.results.map((r) => r.detail);
    expect(lines.some((l) => l.startsWith("SEARCH live_changes USING INDEX live_changes_created_idx"))).toBe(true);
    expect(lines.filter((l) => l.startsWith("SCAN "))).toEqual([]);
  });


  it("syncs blogs changed in the last hour: a change whose notify never ran reaches readers", async () => {
    const blog = await createLiveBlog(token);
    const reader = await openStream(readerPath(blog.slug));
    await reader.next();
    await appendChange(blog.id);
    await appendChange(blog.id, "entry.updated");
    await runCron(env, new Date());
    expect(idsAndTypes(await reader.next(2))).toEqual([[1, "entry.published"], [2, "entry.updated"]]);
  });
});

describe("D1 back in time (a Time Travel restore, an import into an emptied database)", () => {
  // The object's head is its own; D1's log restarting below it must not leave every later event
  // dropped as a "duplicate": readers get reset where D1 stands, then the next events.
  const forget = (articleId: string) => db().run(sql`DELETE FROM live_changes WHERE article_id = ${articleId}`);

  it("the next notify finds D1 below the head: reset at D1's head for both audiences, then live events", async () => {
    const blog = await createLiveBlog(token);
    const reader = await openStream(readerPath(blog.slug));
    const desk = await openStream(deskPath(blog.id), { authorization: `Bearer ${token}` });
    await Promise.all([reader.next(), desk.next()]);
    for (let i = 0; i < 3; i++) await change(blog.id);
    expect(ids(await reader.next(3))).toEqual([1, 2, 3]);
    expect(ids(await desk.next(3))).toEqual([1, 2, 3]);
    await forget(blog.id);
    await change(blog.id);
    for (const r of [reader, desk]) expect(await r.next()).toEqual([{ id: "1", event: "reset", data: `{"last_event_id":1}` }]);
    await change(blog.id, "entry.updated");
    for (const r of [reader, desk]) expect(idsAndTypes(await r.next())).toEqual([[2, "entry.updated"]]);
  });

  it("the cron's sync heals it too (the notify was lost)", async () => {
    const blog = await createLiveBlog(token);
    const reader = await openStream(readerPath(blog.slug));
    await reader.next();
    await change(blog.id);
    await change(blog.id);
    expect(ids(await reader.next(2))).toEqual([1, 2]);
    await forget(blog.id);
    await appendChange(blog.id);
    await runCron(env, new Date());
    expect(await reader.next()).toEqual([{ id: "1", event: "reset", data: `{"last_event_id":1}` }]);
    await change(blog.id);
    expect(ids(await reader.next())).toEqual([2]);
  });
});

describe("D1's head", () => {
  it("is two index probes, never a walk of the blog's log (it runs on every cron sync and catch-up)", async () => {
    const { sql: text, params } = db().all(headSql("art_x")).getQuery();
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${text}`).bind(...params).all<{ detail: string }>();
    const lines = plan.results.map((r) => r.detail);
    expect(lines.some((l) => l.includes("live_changes_public_uq"))).toBe(true);
    // A SELECT with no FROM reads one constant row; anything else scanned would be the log.
    expect(lines.filter((l) => l.startsWith("SCAN ") && l !== "SCAN CONSTANT ROW")).toEqual([]);
  });
});
