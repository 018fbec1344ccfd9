// LiveBlogHub: the Durable Object of one live blog (env.LIVE_BLOGS.idFromName(article id)). It fans
// out each committed change row (src/live/changes.ts) to the blog's WebSockets, which it accepts
// with the Hibernation API: between events the object is evicted from memory and the sockets stay
// connected, so an idle blog costs nothing. Readers' SSE streams are held by the Worker
// (src/live/bridge.ts), each fed by one of these sockets.
//
// D1 is the record. The object keeps one thing of its own: `head`, the last change it sent (desk
// `seq` and readers' `public_seq`), in its storage so it survives eviction. Everything at or below
// the head has gone to every ready socket; everything above it will, in order:
// - publish(rows): rows at or below the head are duplicates (dropped, once D1 shows it did not go
//   back in time below the head: then everyone gets `reset` at D1's head); a row beyond head + 1 means
//   a notify was lost or overtaken, so the missing rows are read from D1 first.
// - sync(): the cron's repair for notifies that never came (a dead isolate): D1's newer rows.
// - a socket connecting with the last id it has (`since`) is attached first, then (after checking
//   the head against D1's) replayed from D1 up to the head, and only then marked ready. Every task runs one after another (serial()), so no
//   publish can land between the replay and `ready`: no gap, no duplicate, no buffer to reconcile.
//   An id above the head (the reader read D1 before a notify arrived) syncs first; an id still
//   above it, or more than MAX_REPLAY behind, gets `reset` (refetch, then carry on from the head).
import { DurableObject } from "cloudflare:workers";
import { and, asc, eq, gt, lte } from "drizzle-orm";
import { createDb } from "../db/client";
import { liveChanges } from "../db/schema";
import type { LiveChangeRow } from "./changes";
import { headSql } from "./head";
import { attachment, closeQuietly, encode, FORMATS, sendQuietly, type Attachment } from "./hub-sockets";
import { MAX_REPLAY, positionData, type StreamEvent } from "./sse";
import type { Audience, Format, Head } from "./stub";

export type { Audience, Format, Head } from "./stub";

/** Rows read from D1 at a time (R9: payloads up to ~25 KB, a result stays a few MB). */
const CHUNK = 200;
const SYNC_EVERY_MS = 1000;

export class LiveBlogHub extends DurableObject<Env> {
  /** Readable for tests (runInDurableObject); null until the object first met its blog. */
  head: Head | null = null;
  articleId: string | null = null;
  /** The last public event sent was blog.unpublished: a reader attached now is told so and let go. */
  private publicEnded = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** When a catch-up last compared the head with D1's (Date.now()); 0 in a fresh instance. */
  private syncedAt = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    // Heartbeats are answered by the runtime: a ping never wakes a hibernating object.
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
    void ctx.blockConcurrencyWhile(async () => {
      this.head = (await ctx.storage.get<Head>("head")) ?? null;
      this.articleId = (await ctx.storage.get<string>("article")) ?? null;
      this.publicEnded = (await ctx.storage.get<boolean>("ended")) ?? false;
      // An eviction in the middle of a catch-up leaves a socket that missed part of its replay: close
      // it, and its client reconnects with the last id it got (EventSource does by itself).
      for (const ws of ctx.getWebSockets()) if (!attachment(ws)?.ready) closeQuietly(ws, 1012, "restart");
    });
  }

  /** A WebSocket for one reader (public) or one desk session, opened by the Worker after its checks. */
  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket") return new Response("WebSocket only", { status: 426 });
    const q = new URL(request.url).searchParams;
    const articleId = q.get("article");
    if (!articleId) return new Response("article required", { status: 400 });
    const audience: Audience = q.get("audience") === "desk" ? "desk" : "public";
    const format: Format = q.get("format") === "sse" ? "sse" : "ws";
    const sinceRaw = q.get("since") ?? "";
    const since = /^\d{1,15}$/.test(sinceRaw) ? Number(sinceRaw) : null;
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    // Tags survive hibernation: a broadcast finds each audience's sockets by them.
    this.ctx.acceptWebSocket(server, [audience, `${audience}:${format}`]);
    server.serializeAttachment({ audience, format, ready: false } satisfies Attachment);
    // Not awaited: the 101 goes out now; what the catch-up sends waits in the socket until accepted.
    void this.serial(async () => {
      this.adopt(articleId);
      await this.catchUp(server, since);
    }).catch((e) => {
      console.error("live hub: catch-up failed", e);
      closeQuietly(server, 1011, "catch-up failed");
    });
    return new Response(null, { status: 101, webSocket: client });
  }

  /** RPC from the Worker after a write's batch committed (src/live/notify.ts). */
  async publish(rows: LiveChangeRow[]): Promise<Head | null> {
    if (!rows.length) return this.head;
    return this.serial(async () => {
      this.adopt(rows[0]!.articleId);
      const head = await this.ensureHead();
      const fresh = rows.filter((r) => r.seq > head.seq).sort((a, b) => a.seq - b.seq);
      // Nothing beyond the head: a duplicate delivery (rare), or D1 went back in time (a Time Travel
      // restore, an import into an emptied database) and numbers from 1 again. D1 tells which.
      if (!fresh.length) {
        await this.syncFromD1();
        return this.head;
      }
      // Exactly the next numbers: send them as they came. Otherwise a row is missing in between
      // (lost, or still on its way): D1 has it (numbers are taken at commit), read from there.
      if (fresh.every((r, i) => r.seq === head.seq + 1 + i)) this.broadcast(fresh);
      else await this.syncFromD1();
      return this.head;
    });
  }

  /** RPC from the cron: send whatever D1 has beyond the head (a notify that never ran). */
  async sync(articleId: string): Promise<Head | null> {
    return this.serial(async () => {
      this.adopt(articleId);
      if (this.head) await this.syncFromD1();
      else await this.ensureHead();
      return this.head;
    });
  }

  override async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer) {
    // Clients have nothing to say ("ping" is answered by the runtime, never reaching us). Anything
    // else would wake the object at the client's pace: that socket is closed (1008, policy).
    void message;
    closeQuietly(ws, 1008, "send only ping");
  }

  override async webSocketClose(ws: WebSocket, code: number, reason: string) {
    closeQuietly(ws, code, reason);
  }

  override async webSocketError(ws: WebSocket) {
    closeQuietly(ws, 1011, "error");
  }

  // --- inside serial() only ----------------------------------------------------------------------

  /** One task at a time, in arrival order; a failed task does not stop the next. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private adopt(articleId: string) {
    if (this.articleId === articleId) return;
    this.articleId = articleId;
    void this.ctx.storage.put("article", articleId);
  }

  private db() {
    // "first-primary": sees every committed write, so a row whose notify arrived is always there.
    return createDb(this.env.DB.withSession("first-primary"));
  }

  private blogId(): string {
    if (!this.articleId) throw new Error("live hub: no blog yet");
    return this.articleId;
  }

  /** The head; a brand-new object starts at D1's (no socket has had anything from it yet). */
  private async ensureHead(): Promise<Head> {
    if (this.head) return this.head;
    this.setHead(await this.d1Head());
    return this.head!;
  }

  /** D1's head: two index probes (src/live/head.ts). */
  private async d1Head(): Promise<Head> {
    const row = await this.db().get<{ seq: number; public_seq: number }>(headSql(this.blogId()));
    return { seq: row?.seq ?? 0, publicSeq: row?.public_seq ?? 0 };
  }

  private setPublicEnded(ended: boolean) {
    if (this.publicEnded === ended) return;
    this.publicEnded = ended;
    void this.ctx.storage.put("ended", ended);
  }

  private setHead(head: Head) {
    this.head = head;
    void this.ctx.storage.put("head", head);
  }

  /**
   * Sends every committed row beyond the head; far behind (> MAX_REPLAY), a `reset` instead. D1 below
   * the head (it went back in time: a restore, an import into an emptied database) is a `reset` at
   * D1's head for everyone, which becomes the head: the rows above it are gone, the numbers restart.
   */
  private async syncFromD1() {
    const head = await this.ensureHead();
    const top = await this.d1Head();
    this.syncedAt = Date.now();
    if (top.seq < head.seq || top.publicSeq < head.publicSeq) {
      for (const audience of ["public", "desk"] as const) this.send(audience, { id: audience === "public" ? top.publicSeq : top.seq, event: "reset", data: positionData(audience === "public" ? top.publicSeq : top.seq) });
      // (The last public event is unknown here: the route's check that the blog is published stands.)
      this.setPublicEnded(false);
      this.setHead(top);
      return;
    }
    if (top.seq <= head.seq) return;
    if (top.seq - head.seq > MAX_REPLAY) {
      // Too much to push to everyone at once: each client refetches and carries on from here. Readers
      // only when one of those changes was theirs (drafts' changes alone leave them where they are).
      this.send("desk", { id: top.seq, event: "reset", data: positionData(top.seq) });
      if (top.publicSeq > head.publicSeq) this.send("public", { id: top.publicSeq, event: "reset", data: positionData(top.publicSeq) });
      // (The last public event is unknown here: the route's check that the blog is published stands.)
      this.setPublicEnded(false);
      this.setHead(top);
      return;
    }
    for (;;) {
      const rows = await this.db()
        .select()
        .from(liveChanges)
        .where(and(eq(liveChanges.articleId, this.blogId()), gt(liveChanges.seq, this.head!.seq)))
        .orderBy(asc(liveChanges.seq))
        .limit(CHUNK)
        .all();
      if (!rows.length) return;
      this.broadcast(rows);
      if (rows.length < CHUNK) return;
    }
  }

  /** Rows in seq order, each the next number: to every ready socket, then the head moves. */
  private broadcast(rows: LiveChangeRow[]) {
    let head = this.head!;
    for (const row of rows) {
      this.send("desk", { id: row.seq, event: row.type, data: row.payload });
      if (row.publicSeq !== null && row.publicType && row.publicPayload !== null) {
        this.send("public", { id: row.publicSeq, event: row.publicType, data: row.publicPayload });
        // The blog left the public: readers were told; their streams end, and a reconnect gets 404.
        if (row.publicType === "blog.unpublished") for (const ws of this.ctx.getWebSockets("public")) closeQuietly(ws, 1000, "blog unpublished");
        this.setPublicEnded(row.publicType === "blog.unpublished");
      }
      head = { seq: row.seq, publicSeq: row.publicSeq ?? head.publicSeq };
    }
    this.setHead(head);
  }

  /** One event to an audience's ready sockets: encoded once per format, never awaited per socket. */
  private send(audience: Audience, e: StreamEvent) {
    for (const format of FORMATS) {
      const sockets = this.ctx.getWebSockets(`${audience}:${format}`);
      if (!sockets.length) continue;
      const message = encode(format, e);
      for (const ws of sockets) if (attachment(ws)?.ready) sendQuietly(ws, message);
    }
  }

  private async catchUp(ws: WebSocket, since: number | null) {
    const att = attachment(ws);
    if (!att) return;
    const position = (h: Head) => (att.audience === "public" ? h.publicSeq : h.seq);
    let head = await this.ensureHead();
    // A reconnect replays from D1 up to the head, so the head should be D1's: a notify may have been
    // lost (an isolate that died after its batch), or the client read D1 after a commit whose notify
    // is still on its way (its id is then above the head). One index probe, at most once a second
    // for a crowd reconnecting at once (a notify on its way lands by itself within that second).
    // Checked for a fresh connect too: a restarted object (syncedAt 0) must not trust a stored head
    // that D1 has gone below.
    if ((since !== null && since > position(head)) || Date.now() - this.syncedAt >= SYNC_EVERY_MS) {
      await this.syncFromD1();
      head = this.head!;
    }
    const at = position(head);
    const out = (e: StreamEvent) => sendQuietly(ws, encode(att.format, e));
    if (since === null) out({ id: at, event: "ready", data: positionData(at) });
    else if (since > at || at - since > MAX_REPLAY) out({ id: at, event: "reset", data: positionData(at) });
    else {
      const column = att.audience === "public" ? liveChanges.publicSeq : liveChanges.seq;
      for (let after = since; after < at; ) {
        const rows = await this.db()
          .select()
          .from(liveChanges)
          .where(and(eq(liveChanges.articleId, this.blogId()), gt(column, after), lte(column, at)))
          .orderBy(asc(column))
          .limit(CHUNK)
          .all();
        if (!rows.length) break;
        for (const r of rows) {
          const e = att.audience === "public" ? { id: r.publicSeq!, event: r.publicType!, data: r.publicPayload! } : { id: r.seq, event: r.type, data: r.payload };
          out(e);
          after = e.id;
        }
      }
    }
    // The route saw the blog published, but blog.unpublished went out before this socket was
    // attached: the reader has been told where the stream stands (or replayed up to that event),
    // and its stream ends as the others' did; a reconnect gets 404.
    if (att.audience === "public" && this.publicEnded) {
      closeQuietly(ws, 1000, "blog unpublished");
      return;
    }
    try {
      ws.serializeAttachment({ ...att, ready: true } satisfies Attachment);
    } catch {
      // closed during its catch-up
    }
  }
}
