// An SSE stream held by the Worker, fed by a hibernatable WebSocket to the blog's object (plan,
// decision 4). The object then holds only sockets and sleeps between events whatever the transport;
// this invocation, idle on its stream, spends no CPU. The object sends ready-made SSE frames
// (format "sse"), written through as they come: the object already ordered and de-duplicated them.
// The keep-alive lives here, never in the object (a timer there would keep it awake): a `: hb`
// comment to the reader, which is also how a vanished reader is noticed (the write fails), and a
// `ping` to the object, answered by the runtime without waking it.
import { AppError } from "../lib/errors";
import { hubUrl, liveHub, type Audience } from "./stub";
import { HEARTBEAT_MS, sseComment, sseRetry } from "./sse";

/** The headers of every stream: never cached, transformed or buffered on the way. */
export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache, no-store, no-transform",
  // nginx-style proxies: pass each event on as it comes.
  "x-accel-buffering": "no",
} as const;

/**
 * A reader this far behind (bytes written and not yet taken) is cut off; it reconnects with its last
 * id and catches up from D1. 256 KB holds one or two of the largest events (an entry's payload is
 * up to ~80 KB once `<` is escaped in body_html) plus heartbeats: a reader that cannot take those
 * is not keeping up anyway, and 1,000 stuck readers in one isolate then hold at most ~256 MB of
 * references to shared frames (see encodeFrame), not 1,000 private copies of each.
 */
export const MAX_QUEUED_BYTES = 256 * 1024;

const encoder = new TextEncoder();
let lastText = "";
let lastBytes: Uint8Array = new Uint8Array(0);

/**
 * A frame's bytes, shared by every reader in this isolate: the object sends the same frame text to
 * each of its SSE sockets, so the 1,000 readers of one blog that an isolate may hold encode it once
 * and queue the same (never mutated) bytes, not 1,000 copies of an 80 KB event.
 */
export function encodeFrame(text: string): Uint8Array {
  if (text !== lastText) {
    lastBytes = encoder.encode(text);
    lastText = text;
  }
  return lastBytes;
}

export interface StreamOptions {
  articleId: string;
  audience: Audience;
  /** The last id the client has (Last-Event-ID), or null to start at the head. */
  since: number | null;
  /** Ends the stream after this long (the desk's, so a reconnect re-checks the session). */
  maxAgeMs?: number;
  /** The client's request: its abort (where the runtime reports one) ends the stream at once. */
  signal?: AbortSignal;
  heartbeatMs?: number;
}

/** Opens the blog's socket for `audience` and answers with the SSE stream it feeds. */
export async function sseResponse(env: Env, opts: StreamOptions): Promise<Response> {
  const ws = await openSocket(env, opts.articleId, opts.audience, "sse", opts.since);
  ws.accept();
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  let queued = 0;
  let done = false;
  let beat: ReturnType<typeof setInterval> | undefined;
  let maxAge: ReturnType<typeof setTimeout> | undefined;

  const finish = () => {
    if (done) return;
    done = true;
    clearInterval(beat);
    clearTimeout(maxAge);
    try {
      ws.close(1000, "stream ended");
    } catch {
      // already closed
    }
    writer.close().catch(() => undefined);
  };
  const write = (text: string) => {
    if (done) return;
    const bytes = encodeFrame(text);
    if (queued + bytes.byteLength > MAX_QUEUED_BYTES) {
      // Never wait for one slow reader: drop it, it catches up from D1 on reconnect.
      writer.abort("reader too slow").catch(() => undefined);
      finish();
      return;
    }
    queued += bytes.byteLength;
    writer.write(bytes).then(() => (queued -= bytes.byteLength), finish);
  };

  writer.closed.catch(finish);
  opts.signal?.addEventListener("abort", finish);
  write(sseRetry());
  ws.addEventListener("message", (m) => {
    if (typeof m.data === "string" && m.data !== "pong") write(m.data);
  });
  ws.addEventListener("close", finish);
  ws.addEventListener("error", finish);
  beat = setInterval(() => {
    write(sseComment("hb"));
    try {
      ws.send("ping");
    } catch {
      finish();
    }
  }, opts.heartbeatMs ?? HEARTBEAT_MS);
  if (opts.maxAgeMs) maxAge = setTimeout(finish, opts.maxAgeMs);
  return new Response(readable, { status: 200, headers: SSE_HEADERS });
}

/** The WebSocket alternative: the client's socket goes straight to the object (JSON messages). */
export async function webSocketResponse(env: Env, opts: Pick<StreamOptions, "articleId" | "audience" | "since">): Promise<Response> {
  const ws = await openSocket(env, opts.articleId, opts.audience, "ws", opts.since);
  // A fresh 101 (the object's answer may have immutable headers; CORS and security headers go on this one).
  return new Response(null, { status: 101, webSocket: ws });
}

async function openSocket(env: Env, articleId: string, audience: Audience, format: "sse" | "ws", since: number | null): Promise<WebSocket> {
  const res = await liveHub(env, articleId).fetch(hubUrl(articleId, audience, format, since), { headers: { Upgrade: "websocket" } });
  if (!res.webSocket) throw new AppError("internal", "The live stream is unavailable; try again.");
  return res.webSocket;
}
