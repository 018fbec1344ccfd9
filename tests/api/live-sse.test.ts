// "SSE from the Durable Object delivers create/edit/delete/pin to several readers in order": readers'
// streams (the Worker's bridge over the blog's object) and WebSockets get every public change once,
// in commit order, numbered head+1, head+2 … with exactly the bytes D1 stored; the desk's stream
// also gets drafts, readers never do. Changes are appended as a write's batch appends them
// (changeStatement) and handed to the object as the notify middleware does (tests/helpers/sse.ts).
import { and, asc, eq, isNotNull } from "drizzle-orm";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { articles, liveChanges } from "../../src/db/schema";
import { BASE, call, db, tokenFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";
import { sseResponse } from "../../src/live/bridge";
import { change, createLiveBlog, deskPath, idsAndTypes, openSocket, openStream, readerPath, readStream } from "../helpers/sse";

let token: string;
beforeAll(async () => {
  token = (await tokenFor("editor")).token;
});

const publicRows = (articleId: string) =>
  db().select().from(liveChanges).where(and(eq(liveChanges.articleId, articleId), isNotNull(liveChanges.publicSeq))).orderBy(asc(liveChanges.publicSeq)).all();

describe("readers' stream", () => {
  it("delivers publish, edit, pin, unpin and delete to several readers in order, ids head+1…, payloads as stored", async () => {
    const blog = await createLiveBlog(token);
    // Two earlier changes: the head is 2, so the readers' first live id is 3, not 1.
    await change(blog.id);
    await change(blog.id);
    const readers = await Promise.all([openStream(readerPath(blog.slug)), openStream(readerPath(blog.slug)), openStream(readerPath(blog.slug))]);
    const socket = await openSocket(readerPath(blog.slug));
    for (const r of readers) expect((await r.next())[0]).toEqual({ id: "2", event: "ready", data: '{"last_event_id":2}' });
    expect(await socket.next()).toEqual([{ id: 2, event: "ready", data: { last_event_id: 2 } }]);

    const types = ["entry.published", "entry.updated", "entry.pinned", "entry.unpinned", "entry.deleted"] as const;
    for (const t of types) await change(blog.id, t, { text: `</script><b>${t}\u2028&` });

    const stored = (await publicRows(blog.id)).slice(2);
    expect(stored.map((r) => [r.publicSeq, r.publicType])).toEqual(types.map((t, i) => [3 + i, t]));
    for (const r of readers) {
      const got = await r.next(5);
      expect(idsAndTypes(got)).toEqual(types.map((t, i) => [3 + i, t]));
      // Byte for byte what D1 holds (what a replay and ?since= send too): one inert line each.
      expect(got.map((e) => e.data)).toEqual(stored.map((s) => s.publicPayload));
    }
    const viaSocket = await socket.next(5);
    expect(idsAndTypes(viaSocket)).toEqual(types.map((t, i) => [3 + i, t]));
    expect(viaSocket.map((m) => m.data)).toEqual(stored.map((s) => JSON.parse(s.publicPayload!)));
    // Nothing more arrived than was published (no duplicate from any path).
    for (const r of readers) expect(r.events).toHaveLength(6);
  });

  it("never shows readers a draft's changes; the desk stream has them, numbered by seq", async () => {
    const blog = await createLiveBlog(token);
    const reader = await openStream(readerPath(blog.slug));
    const desk = await openStream(deskPath(blog.id), { authorization: `Bearer ${token}` });
    expect((await reader.next())[0]).toMatchObject({ event: "ready", id: "0" });
    expect((await desk.next())[0]).toMatchObject({ event: "ready", id: "0" });

    await change(blog.id, "entry.created", { desk: true, text: "draft secret" });
    await change(blog.id, "entry.updated", { desk: true, text: "draft secret 2" });
    await change(blog.id, "entry.published", { text: "now public" });

    expect(idsAndTypes(await desk.next(3))).toEqual([[1, "entry.created"], [2, "entry.updated"], [3, "entry.published"]]);
    expect(JSON.parse(desk.events[1]!.data).entry.status).toBe("draft");
    // The reader's very next event is the publication, numbered 1: the drafts left no gap and no trace.
    const [published] = await reader.next();
    expect(published).toMatchObject({ id: "1", event: "entry.published" });
    expect(reader.events.map((e) => e.data).join()).not.toContain("draft secret");
  });

  it("is CORS-open, uncached and announces its retry; the preflight allows Last-Event-ID", async () => {
    const blog = await createLiveBlog(token);
    const s = await openStream(readerPath(blog.slug), { origin: "https://reader.example" });
    expect(s.res.headers.get("access-control-allow-origin")).toBe("*");
    expect(s.res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(s.res.headers.get("cache-control")).toBe("no-cache, no-store, no-transform");
    // The public cache never saw it (it would buffer the stream and answer 304s).
    expect(s.res.headers.get("x-copydesk-cache")).toBeNull();
    expect(s.res.headers.get("etag")).toBeNull();
    await s.next();
    expect(s.parser.retry).toBe(3000);

    const pre = await exports.default.fetch(
      new Request(`${BASE}${readerPath(blog.slug)}`, { method: "OPTIONS", headers: { origin: "https://reader.example", "access-control-request-method": "GET", "access-control-request-headers": "last-event-id" } }),
    );
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe("*");
    expect(pre.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("last-event-id");

    const head = await get(readerPath(blog.slug), {}, "HEAD");
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
  });

  it("keeps an idle stream alive with `: hb` comments and pings the object, whose pong never reaches the reader", async () => {
    const blog = await createLiveBlog(token);
    // The bridge itself with a short beat (25 s in production): the route only adds its checks.
    const s = readStream(await sseResponse(env, { articleId: blog.id, audience: "public", since: null, heartbeatMs: 20 }));
    expect((await s.next())[0]!.event).toBe("ready");
    expect(await s.nextComments(3)).toEqual(["hb", "hb", "hb"]);
    // Still connected after the pings: the next change arrives, and no stray line ("pong") came through.
    await change(blog.id);
    expect(idsAndTypes(await s.next())).toEqual([[1, "entry.published"]]);
    expect(s.parser.ignored).toEqual([]);
  });

  it("ends readers' streams when the blog is unpublished; a reconnect is a 404", async () => {
    const blog = await createLiveBlog(token);
    const reader = await openStream(readerPath(blog.slug));
    const socket = await openSocket(readerPath(blog.slug));
    const desk = await openStream(deskPath(blog.id), { authorization: `Bearer ${token}` });
    await Promise.all([reader.next(), socket.next(), desk.next()]);
    await change(blog.id, "blog.unpublished", { publicType: "blog.unpublished" });
    expect((await reader.next())[0]).toMatchObject({ id: "1", event: "blog.unpublished" });
    expect((await socket.next())[0]).toMatchObject({ id: 1, event: "blog.unpublished" });
    await reader.ended();
    await socket.ended();
    // The desk keeps its stream: the blog still exists for the newsroom.
    expect((await desk.next())[0]).toMatchObject({ id: "1", event: "blog.unpublished" });

    await db().update(articles).set({ status: "draft" }).where(eq(articles.id, blog.id)).run();
    expect((await get(readerPath(blog.slug))).status).toBe(404);
  });
});

describe("through the editorial API", () => {
  it("each write reaches the readers once, in order, as …/entries?since= replays it; a contributor's draft reaches only the desk", async () => {
    const story = await createPublishableArticle(token);
    expect((await call("POST", `/articles/${story.id}/publish`, { token })).status).toBe(200);
    const made = await call("PUT", `/articles/${story.id}/live`, { token, body: { kind: "live" } });
    expect(made.status, made.text).toBe(200);
    const slug = story.slug as string;
    const readers = [await openStream(readerPath(slug)), await openStream(readerPath(slug))];
    const socket = await openSocket(readerPath(slug));
    const desk = await openStream(deskPath(story.id), { authorization: `Bearer ${token}` });
    const [ready] = await readers[0]!.next();
    const head = Number(ready!.id);
    await Promise.all([readers[1]!.next(), socket.next(), desk.next()]);

    const created = await call("POST", `/articles/${story.id}/entries`, { token, body: { body: doc(paragraph("Polls close at eight.")), status: "published" } });
    expect(created.status, created.text).toBe(201);
    const entry = created.json.entry.id as string;
    const path = `/articles/${story.id}/entries/${entry}`;
    const edited = await call("PATCH", path, { token, headers: { "if-match": created.headers.get("etag")! }, body: { body: doc(paragraph("Polls closed at eight.")) } });
    expect(edited.status, edited.text).toBe(200);
    expect((await call("PUT", `${path}/pin`, { token, body: { pinned: true } })).status).toBe(200);
    expect((await call("PUT", `${path}/pin`, { token, body: { pinned: false } })).status).toBe(200);
    // A contributor's draft: the desk hears of it, readers never do.
    const contributor = (await tokenFor("contributor")).token;
    const draft = await call("POST", `/articles/${story.id}/entries`, { token: contributor, body: { body: doc(paragraph("Draft from the count.")) } });
    expect(draft.status, draft.text).toBe(201);
    expect((await call("DELETE", path, { token })).status).toBe(204);

    const expected = ["entry.published", "entry.updated", "entry.pinned", "entry.unpinned", "entry.deleted"].map((t, i) => [head + 1 + i, t]);
    const replay = await get(`/api/content/v1/articles/${slug}/entries?since=${head}`);
    expect(replay.status, replay.text).toBe(200);
    expect(replay.json.events.map((e: { id: number; event: string }) => [e.id, e.event])).toEqual(expected);
    for (const r of readers) {
      const got = await r.next(5);
      expect(idsAndTypes(got)).toEqual(expected);
      expect(got.map((e) => JSON.parse(e.data))).toEqual(replay.json.events.map((e: { data: unknown }) => e.data));
      expect(JSON.parse(got[0]!.data).entry.text).toContain("Polls close at eight.");
    }
    expect(idsAndTypes(await socket.next(5))).toEqual(expected);
    const deskEvents = await desk.next(6);
    expect(deskEvents.map((e) => e.event)).toEqual(["entry.created", "entry.updated", "entry.pinned", "entry.unpinned", "entry.created", "entry.deleted"]);
    expect(JSON.parse(deskEvents[4]!.data).entry.status).toBe("draft");
    for (const r of readers) expect(r.events.map((e) => e.data).join()).not.toContain("Draft from the count");
  });
});

describe("refusals", () => {
  it("404s a story that is not a published live blog, kept by nobody", async () => {
    const draftBlog = await createPublishableArticle(token);
    await db().update(articles).set({ kind: "live" }).where(eq(articles.id, draftBlog.id)).run();
    const ordinary = await createPublishableArticle(token);
    expect((await call("POST", `/articles/${ordinary.id}/publish`, { token })).status).toBe(200);
    for (const slug of [draftBlog.slug, ordinary.slug, "no-such-blog"]) {
      const res = await get(readerPath(slug));
      expect(res.status, slug).toBe(404);
      expect(res.json.code).toBe("not_found");
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
    }
  });

  it("refuses an event id that is not one (400 naming it)", async () => {
    const blog = await createLiveBlog(token);
    const bad = await get(`${readerPath(blog.slug)}?last_event_id=12a`);
    expect(bad.status).toBe(400);
    expect(bad.json.errors[0].path).toBe("last_event_id");
    const badHeader = await get(readerPath(blog.slug), { "last-event-id": "-1" });
    expect(badHeader.status).toBe(400);
    expect(badHeader.json.errors[0].path).toBe("Last-Event-ID");
  });

  it("desk stream: credentials required, 404 for an unknown story, 409 not_live for an ordinary one", async () => {
    const blog = await createLiveBlog(token);
    expect((await call("GET", `/articles/${blog.id}/live/events`)).status).toBe(401);
    expect((await call("GET", "/articles/art_missing/live/events", { token })).status).toBe(404);
    const ordinary = await createPublishableArticle(token);
    const notLive = await call("GET", `/articles/${ordinary.id}/live/events`, { token });
    expect(notLive.status).toBe(409);
    expect(notLive.json.code).toBe("not_live");
    // Every role may follow the desk (live_entries.read): a contributor too.
    const contributor = (await tokenFor("contributor")).token;
    const s = await openStream(deskPath(blog.id), { authorization: `Bearer ${contributor}` });
    expect((await s.next())[0]!.event).toBe("ready");
  });
});

describe("a reader arriving just after the blog left", () => {
  // The route saw the blog published, then the object sent blog.unpublished before this socket was
  // attached: the reader gets where the stream stands (or the replay up to blog.unpublished) and
  // the stream ends, as it did for those already connected; it never stays open on a gone blog.
  it("is told and let go, fresh or reconnecting", async () => {
    const blog = await createLiveBlog(token);
    await change(blog.id);
    await change(blog.id, "blog.unpublished", { publicType: "blog.unpublished" });
    const fresh = await openStream(readerPath(blog.slug));
    expect(idsAndTypes(await fresh.next())).toEqual([[2, "ready"]]);
    await fresh.ended();
    const back = await openSocket(`${readerPath(blog.slug)}?last_event_id=1`);
    expect(idsAndTypes(await back.next())).toEqual([[2, "blog.unpublished"]]);
    await back.ended();
  });
});

describe("a WebSocket client that talks", () => {
  // Clients have nothing to say but "ping" (answered by the runtime, never waking the object):
  // anything else would wake the object at the client's pace, so the socket is closed (1008).
  it("may ping; any other message closes its socket", async () => {
    const blog = await createLiveBlog(token);
    const ws = await openSocket(readerPath(blog.slug));
    await ws.next();
    ws.ws.send("ping");
    await change(blog.id);
    expect(idsAndTypes(await ws.next())).toEqual([[1, "entry.published"]]);
    ws.ws.send("hello");
    await ws.ended();
  });
});
