// Many SSE readers of one stream, for the live-blog phase (phase-live.ts): each a raw node:http GET
// on its own socket (no agent, so no pooling and no limit on sockets), read by a streaming parser
// that stamps every event with performance.now() when its bytes arrived. EventSource would add
// reconnect logic we want to drive ourselves (drop, then resume with Last-Event-ID) and hides ids.
import { execFileSync } from "node:child_process";
import http from "node:http";

export interface SseEvent {
  /** The `id:` field of this event (the stream's last event id), null when none was ever sent. */
  id: string | null;
  event: string;
  data: string;
}

/**
 * The text/event-stream format (HTML's "event stream interpretation"), fed chunk by chunk: lines
 * end in LF or CRLF (a lone CR is not used by any server we read), a blank line dispatches,
 * `:` starts a comment, one leading space after the colon is dropped, `id` persists across events.
 */
export class SseParser {
  private buf = "";
  private data: string[] = [];
  private event = "";
  private lastId: string | null = null;
  comments = 0;

  constructor(private readonly dispatch: (e: SseEvent) => void) {}

  feed(chunk: string) {
    this.buf += chunk;
    let start = 0;
    for (let nl = this.buf.indexOf("\n", start); nl >= 0; nl = this.buf.indexOf("\n", start)) {
      let line = this.buf.slice(start, nl);
      start = nl + 1;
      if (line.endsWith("\r")) line = line.slice(0, -1);
      this.line(line);
    }
    this.buf = this.buf.slice(start);
  }

  private line(line: string) {
    if (line === "") {
      if (this.data.length) this.dispatch({ id: this.lastId, event: this.event || "message", data: this.data.join("\n") });
      this.data = [];
      this.event = "";
      return;
    }
    if (line.startsWith(":")) {
      this.comments++;
      return;
    }
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
    else if (field === "id" && !value.includes("\0")) this.lastId = value;
    // `retry` and unknown fields: nothing to record.
  }
}

export interface Reader {
  index: number;
  state: "connecting" | "open" | "closed" | "failed";
  /** The id of the `ready` event (the head when it connected), for a reader that started fresh. */
  readyId: number | null;
  /** The id of the last numbered event received (ready included): what a reconnect sends as Last-Event-ID. */
  lastId: number | null;
  /** Event id → performance.now() when its bytes arrived (ready and reset excluded). */
  arrivals: Map<number, number>;
  /** Ids in the order they arrived. */
  ids: number[];
  duplicates: number;
  outOfOrder: number;
  resets: number;
  /** When the request was sent and when the stream said it was following (ready, or the headers on resume). */
  openedAt: number;
  /** When the 200's headers arrived (the Worker answered; the object had accepted its socket). */
  headersAt: number | null;
  followingAt: number | null;
  error: string | null;
  close(): void;
}

export interface OpenOptions {
  /** Resume after this id (sent as the Last-Event-ID header), or start at the head (`ready`). */
  lastEventId?: number | null;
  /** Give up on a reader that is not following after this long. */
  timeoutMs?: number;
}

/** The soft limit on open files of this process (and so of the workerd it starts). */
export function fileLimit(): number {
  try {
    const out = execFileSync("sh", ["-c", "ulimit -n"], { encoding: "utf8" }).trim();
    return out === "unlimited" ? Infinity : Number(out);
  } catch {
    return NaN;
  }
}

/** Refuses, with a clear message, a reader count the open-file limit cannot hold (one socket each, here and in workerd). */
export function assertFileLimit(readers: number, margin = 500): void {
  const limit = fileLimit();
  if (Number.isFinite(limit) && limit < readers + margin) {
    throw new Error(
      `ulimit -n is ${limit}: ${readers} SSE readers need about ${readers + margin} open files in this process and as many in workerd. ` +
        `Raise it (ulimit -n ${Math.max(20000, readers * 2)}) or pass --live-readers ${Math.max(1, limit - margin)}.`,
    );
  }
}

/** The readers of one stream URL, and what every one of them received. */
export class ReaderPool {
  readonly readers: Reader[] = [];
  /** The entry each event id carried (`data.entry.id`), parsed once per id, and its event type. */
  readonly entryOfId = new Map<number, string>();
  readonly typeOfId = new Map<number, string>();
  /** Bytes of the `data:` of each event id (as first seen). */
  readonly bytesOfId = new Map<number, number>();
  private readonly idsByEntry = new Map<string, number>();

  constructor(private readonly url: URL) {}

  /** Opens one reader; resolves once it follows the stream (after `ready`, or on resume at its 200), or has failed. */
  open(opts: OpenOptions = {}): Promise<Reader> {
    const lastEventId = opts.lastEventId ?? null;
    const headers: Record<string, string> = { accept: "text/event-stream", "cache-control": "no-cache" };
    if (lastEventId !== null) headers["last-event-id"] = String(lastEventId);
    return new Promise((resolve) => {
      let settled = false;
      const settle = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(reader);
      };
      const fail = (why: string) => {
        if (reader.state === "closed") return;
        if (reader.state !== "failed") reader.error = why;
        reader.state = "failed";
        req.destroy();
        settle();
      };
      const req = http.get(
        { host: this.url.hostname, port: this.url.port, path: `${this.url.pathname}${this.url.search}`, agent: false, headers },
        (res) => {
          if (res.statusCode !== 200) {
            fail(`HTTP ${res.statusCode}`);
            res.resume();
            return;
          }
          reader.headersAt = performance.now();
          // Resuming: the stream is attached to the object when the headers come; what follows is the replay.
          if (lastEventId !== null) {
            reader.state = "open";
            reader.followingAt = performance.now();
            settle();
          }
          res.setEncoding("utf8");
          const parser = new SseParser((e) => this.received(reader, e, at, settle));
          let at = 0;
          res.on("data", (chunk: string) => {
            at = performance.now();
            parser.feed(chunk);
          });
          res.on("end", () => fail("the server ended the stream"));
          res.on("error", (e) => fail(e.message));
        },
      );
      const reader: Reader = {
        index: this.readers.length,
        state: "connecting",
        readyId: null,
        lastId: lastEventId,
        arrivals: new Map(),
        ids: [],
        duplicates: 0,
        outOfOrder: 0,
        resets: 0,
        openedAt: performance.now(),
        headersAt: null,
        followingAt: null,
        error: null,
        close: () => {
          if (reader.state === "closed" || reader.state === "failed") return;
          reader.state = "closed";
          req.destroy();
        },
      };
      this.readers.push(reader);
      req.on("error", (e) => fail(e.message));
      const timer = setTimeout(() => fail(`not following after ${opts.timeoutMs ?? 30_000} ms`), opts.timeoutMs ?? 30_000);
    });
  }

  /** Opens `count` readers, `batch` at a time (each batch following before the next is sent). */
  async openMany(count: number, opts: OpenOptions & { batch?: number; lastEventIds?: (number | null)[] } = {}): Promise<Reader[]> {
    const batch = opts.batch ?? 100;
    const opened: Reader[] = [];
    for (let i = 0; i < count; i += batch) {
      const n = Math.min(batch, count - i);
      opened.push(...(await Promise.all(Array.from({ length: n }, (_, j) => this.open({ ...opts, lastEventId: opts.lastEventIds?.[i + j] ?? opts.lastEventId ?? null })))));
    }
    return opened;
  }

  private received(reader: Reader, e: SseEvent, at: number, following: () => void) {
    const id = e.id !== null && /^\d+$/.test(e.id) ? Number(e.id) : null;
    if (e.event === "ready") {
      reader.readyId = id;
      reader.lastId = id;
      if (reader.state === "connecting") {
        reader.state = "open";
        reader.followingAt = at;
      }
      following();
      return;
    }
    if (e.event === "reset") {
      reader.resets++;
      reader.lastId = id;
      return;
    }
    if (id === null) return;
    if (reader.arrivals.has(id)) reader.duplicates++;
    else reader.arrivals.set(id, at);
    if (reader.ids.length && id <= reader.ids.at(-1)!) reader.outOfOrder++;
    reader.ids.push(id);
    reader.lastId = id;
    if (!this.typeOfId.has(id)) {
      this.typeOfId.set(id, e.event);
      this.bytesOfId.set(id, Buffer.byteLength(e.data));
      try {
        const entry = (JSON.parse(e.data) as { entry?: { id?: unknown } }).entry?.id;
        if (typeof entry === "string") {
          this.entryOfId.set(id, entry);
          if (!this.idsByEntry.has(entry)) this.idsByEntry.set(entry, id);
        }
      } catch {
        // Not JSON: the phase reports the event as unattributed.
      }
    }
  }

  /** The event id that carried this entry, once any reader has received it. */
  idOfEntry(entryId: string): number | null {
    return this.idsByEntry.get(entryId) ?? null;
  }

  following(): Reader[] {
    return this.readers.filter((r) => r.state === "open");
  }

  /** Polls until `done()` or the timeout; true when done. */
  async until(done: () => boolean, timeoutMs: number, everyMs = 20): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (!done()) {
      if (performance.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, everyMs));
    }
    return true;
  }

  closeAll() {
    for (const r of this.readers) r.close();
  }
}
