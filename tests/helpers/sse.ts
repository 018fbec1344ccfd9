// Reading live streams as a browser would, without ever waiting for a body's end (a stream has
// none): an incremental Server-Sent Events parser (WHATWG HTML §9.2.6: id, event, data, retry,
// comments; CRLF, LF or CR line ends) over the Worker's streamed body, and the same for its
// WebSocket alternative. Every stream and socket opened here is closed after each test (afterEach),
// or the blog's object would keep a socket for a reader who left and the file could hang.
import { env, exports } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { afterEach, expect } from "vitest";
import { runBatch } from "../../src/db/batch";
import { articles } from "../../src/db/schema";
import { changeStatement, type DeskEventType, type LiveChange, type LiveChangeRow, type PublicEventType } from "../../src/live/changes";
import { liveHub } from "../../src/live/stub";
import { assertMatchesSpec } from "./contract";

// ./api and ./newsroom are imported where used: importing ./api warms both OpenAPI documents
// (beforeAll), which the unit test of the parser below (tests/unit/live-sse.test.ts) need not pay.
const api = () => import("./api");

export interface SseEvent {
  id: string;
  event: string;
  data: string;
}

/** How long a test waits for events it expects: well under testTimeout (15 s). */
const WAIT_MS = 5_000;

const open = new Set<{ close(): Promise<void> | void }>();
afterEach(async () => {
  const all = [...open];
  open.clear();
  await Promise.all(all.map((s) => s.close()));
});

/** Received events in order, and a way to wait for the next n of them. */
class Inbox<T> {
  readonly all: T[] = [];
  ended = false;
  private taken = 0;
  private wake: (() => void) | null = null;

  push(item: T) {
    this.all.push(item);
    this.notify();
  }
  end() {
    this.ended = true;
    this.notify();
  }
  private notify() {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** The next `n` items not yet taken; fails after `timeoutMs` or when the stream ends first. */
  async next(n = 1, timeoutMs = WAIT_MS): Promise<T[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.all.length < this.taken + n) {
      if (this.ended) throw new Error(`stream ended after ${this.all.length - this.taken} of ${n} awaited events: ${JSON.stringify(this.all.slice(this.taken))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${n} events; got ${JSON.stringify(this.all.slice(this.taken))}`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        timer = setTimeout(resolve, left);
      });
      clearTimeout(timer);
    }
    const out = this.all.slice(this.taken, this.taken + n);
    this.taken += n;
    return out;
  }

  /** Resolves once the other side has ended the stream (fails after `timeoutMs`). */
  async closed(timeoutMs = WAIT_MS): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("the stream is still open");
      let timer: ReturnType<typeof setTimeout> | undefined;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        timer = setTimeout(resolve, left);
      });
      clearTimeout(timer);
    }
  }
}

/** WHATWG's event-stream interpretation, fed chunk by chunk. */
export class SseParser {
  retry: number | null = null;
  lastEventId = "";
  readonly comments: string[] = [];
  /** Lines with a field name SSE does not know (ignored by EventSource; a test may insist on none). */
  readonly ignored: string[] = [];
  private buffer = "";
  private data: string[] = [];
  private event = "";
  private pendingCr = false;

  constructor(
    private readonly emit: (e: SseEvent) => void,
    private readonly onComment: (text: string) => void = () => undefined,
  ) {}

  feed(chunk: string) {
    let text = chunk;
    // A CR at the end of the previous chunk may be the first half of a CRLF.
    if (this.pendingCr && text.startsWith("\n")) text = text.slice(1);
    this.pendingCr = text.endsWith("\r");
    this.buffer += text;
    const lines = this.buffer.split(/\r\n|\n|\r/);
    this.buffer = lines.pop()!;
    for (const line of lines) this.line(line);
  }

  private line(line: string) {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) {
      this.comments.push(line.slice(1).trimStart());
      this.onComment(line.slice(1).trimStart());
      return;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
    else if (field === "id" && !value.includes("\0")) this.lastEventId = value;
    else if (field === "retry") {
      if (/^\d+$/.test(value)) this.retry = Number(value);
    } else if (field !== "id") this.ignored.push(line);
  }

  private dispatch() {
    if (this.data.length) this.emit({ id: this.lastEventId, event: this.event || "message", data: this.data.join("\n") });
    this.data = [];
    this.event = "";
  }
}

export interface SseStream {
  res: Response;
  parser: SseParser;
  /** Every event so far, in order. */
  events: SseEvent[];
  next(n?: number, timeoutMs?: number): Promise<SseEvent[]>;
  /** The next `n` comment lines (`: hb` → "hb"). */
  nextComments(n?: number, timeoutMs?: number): Promise<string[]>;
  /** Waits for the server to end the stream. */
  ended(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const absolute = async (path: string) => (path.startsWith("http") ? path : `${(await api()).BASE}${path}`);

/**
 * GET an event stream: status 200 and text/event-stream (checked against the document, body never
 * awaited). Anything else fails the test with the answer's text.
 */
export async function openStream(path: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const url = await absolute(path);
  const res = await exports.default.fetch(new Request(url, { headers }));
  if (res.status !== 200 || !res.headers.get("content-type")?.startsWith("text/event-stream")) {
    throw new Error(`expected an event stream from ${path}, got ${res.status}: ${(await res.text()).slice(0, 300)}`);
  }
  await assertMatchesSpec("GET", url, { status: res.status, headers: res.headers, text: "(stream)" });
  return readStream(res);
}

/** Reads an event-stream Response (already checked) incrementally; closed after the test. */
export function readStream(res: Response): SseStream {
  const inbox = new Inbox<SseEvent>();
  const comments = new Inbox<string>();
  const parser = new SseParser(
    (e) => inbox.push(e),
    (c) => comments.push(c),
  );
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  let closing = false;
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(value);
      }
    } catch {
      // cancelled by close()
    } finally {
      inbox.end();
      comments.end();
    }
  })();
  const stream: SseStream = {
    res,
    parser,
    events: inbox.all,
    next: (n, t) => inbox.next(n, t),
    nextComments: (n, t) => comments.next(n, t),
    ended: (t) => inbox.closed(t),
    async close() {
      if (closing) return;
      closing = true;
      open.delete(stream);
      await reader.cancel().catch(() => undefined);
    },
  };
  open.add(stream);
  return stream;
}

export interface WsMessage {
  id: number;
  event: string;
  data: unknown;
}

export interface LiveSocket {
  ws: WebSocket;
  messages: WsMessage[];
  next(n?: number, timeoutMs?: number): Promise<WsMessage[]>;
  ended(timeoutMs?: number): Promise<void>;
  close(): void;
}

/** The WebSocket alternative: `Upgrade: websocket` on the same URL; 101, then JSON text messages. */
export async function openSocket(path: string, headers: Record<string, string> = {}): Promise<LiveSocket> {
  const url = await absolute(path);
  const res = await exports.default.fetch(new Request(url, { headers: { ...headers, Upgrade: "websocket" } }));
  expect(res.status, await (res.status === 101 ? "" : res.text())).toBe(101);
  await assertMatchesSpec("GET", url, { status: res.status, headers: res.headers, text: "" });
  const ws = res.webSocket!;
  const inbox = new Inbox<WsMessage>();
  ws.addEventListener("message", (m) => {
    if (typeof m.data === "string" && m.data !== "pong") inbox.push(JSON.parse(m.data) as WsMessage);
  });
  ws.addEventListener("close", () => inbox.end());
  ws.accept();
  const socket: LiveSocket = {
    ws,
    messages: inbox.all,
    next: (n, t) => inbox.next(n, t),
    ended: (t) => inbox.closed(t),
    close() {
      open.delete(socket);
      try {
        ws.close(1000, "test done");
      } catch {
        // already closed
      }
    },
  };
  open.add(socket);
  return socket;
}

/** A stream's or socket's events as `[id, type]` pairs, ids as numbers: what order assertions compare. */
export const idsAndTypes = (events: (SseEvent | WsMessage)[]) => events.map((e) => [Number(e.id), e.event] as const);

// --- Driving a blog below the entry API: append change rows as a write's batch does, and hand them
// to the blog's object as the notify middleware does (or not, to lose a notify on purpose). ---

/** A published story turned into a live blog (no kind on POST /articles needed). */
export async function createLiveBlog(token: string): Promise<{ id: string; slug: string }> {
  const { call, db } = await api();
  const story = await (await import("./newsroom")).createPublishableArticle(token);
  const published = await call("POST", `/articles/${story.id}/publish`, { token });
  expect(published.status, published.text).toBe(200);
  await db().update(articles).set({ kind: "live" }).where(eq(articles.id, story.id)).run();
  return { id: story.id, slug: published.json.article.slug };
}

let entryCounter = 0;
/**
 * Appends one change (changeStatement in its own batch) and returns the committed row. Public by
 * default (an entry readers see); `desk: true` for a draft's change readers never learn of.
 */
export async function appendChange(articleId: string, type: DeskEventType = "entry.published", opts: { desk?: boolean; publicType?: PublicEventType; text?: string } = {}): Promise<LiveChangeRow> {
  const entry = { id: `lve_t${++entryCounter}`, text: opts.text ?? `entry ${entryCounter}` };
  const publicType = opts.desk ? null : (opts.publicType ?? (type === "entry.created" ? "entry.published" : (type as PublicEventType)));
  const change: LiveChange = { articleId, entryId: entry.id, type, publicType, payload: { entry: { ...entry, status: opts.desk ? "draft" : "published" } }, publicPayload: publicType ? { entry } : null, now: new Date() };
  const { db } = await api();
  return ((await runBatch(db(), [changeStatement(db(), change)]))[0] as LiveChangeRow[])[0]!;
}

/** What the notify middleware does after a write: the committed rows to the blog's object. */
export const notifyHub = (articleId: string, rows: LiveChangeRow[]) => liveHub(env, articleId).publish(rows);

/** Appends and notifies: one change as an API write makes it. */
export async function change(articleId: string, type: DeskEventType = "entry.published", opts: Parameters<typeof appendChange>[2] = {}) {
  const row = await appendChange(articleId, type, opts);
  await notifyHub(articleId, [row]);
  return row;
}

export const readerPath = (slug: string) => `/api/content/v1/articles/${slug}/live`;
export const deskPath = (id: string) => `/api/editorial/v1/articles/${id}/live/events`;
