// The wire format of a live blog's streams (pure). Server-Sent Events (WHATWG HTML §9.2): each event
// is `id:`, `event:` and ONE `data:` line, then a blank line. Ids are the blog's change numbers
// (readers: public_seq; the desk: seq); the data is the change row's stored payload, already one
// inert JSON line (src/live/changes.ts payloadText). The same events travel over a WebSocket as one
// JSON text message each.
import * as v from "valibot";

/** How long EventSource waits before reconnecting (the `retry:` field), in ms. */
export const SSE_RETRY_MS = 3000;
/** The bridge's keep-alive: a `: hb` comment to the reader and a `ping` to the object. */
export const HEARTBEAT_MS = 25_000;
/** Older than this many events behind the head, a reconnect gets `reset` instead of a replay. */
export const MAX_REPLAY = 1000;

export interface StreamEvent {
  id: number;
  event: string;
  /** One line of JSON (stored payloads are). */
  data: string;
}

const ONE_LINE = /[\r\n]/;

/**
 * `id: 42\nevent: entry.published\ndata: {…}\n\n`. A CR or LF in any field would start a new field
 * (or a new event) on the reader's side: refused, so a bug upstream can never forge an event.
 */
export function sseFrame(e: StreamEvent): string {
  if (!Number.isSafeInteger(e.id) || e.id < 0) throw new Error(`SSE id must be a non-negative integer: ${e.id}`);
  if (ONE_LINE.test(e.event) || ONE_LINE.test(e.data)) throw new Error("SSE event and data must be one line each");
  return `id: ${e.id}\nevent: ${e.event}\ndata: ${e.data}\n\n`;
}

/** A comment line (`: text`), ignored by EventSource; keeps proxies from closing an idle stream. */
export function sseComment(text: string): string {
  if (ONE_LINE.test(text)) throw new Error("SSE comment must be one line");
  return `: ${text}\n\n`;
}

/** The first bytes of every stream: how long to wait before reconnecting. */
export const sseRetry = (ms = SSE_RETRY_MS): string => `retry: ${ms}\n\n`;

/** The WebSocket twin of a frame: `{"id":42,"event":"…","data":{…}}` (data spliced in, not re-encoded). */
export function wsMessage(e: StreamEvent): string {
  if (ONE_LINE.test(e.data)) throw new Error("data must be one line");
  return `{"id":${e.id},"event":${JSON.stringify(e.event)},"data":${e.data}}`;
}

/** `ready`/`reset` carry where the stream stands: `{"last_event_id": n}`. */
export const positionData = (head: number): string => `{"last_event_id":${head}}`;

/** An event id as a client may send it: digits only, at most 15 (a safe integer); "" means none. */
export const EVENT_ID = /^\d{0,15}$/;

/**
 * The id a reader last received. The `Last-Event-ID` header wins over `?last_event_id=`: a page
 * opens EventSource with the id its first fetch ended on, and EventSource then reconnects to that
 * same URL (old query included) sending the newer id as the header. null: start at the head.
 * Anything but 0–15 digits is not an id (the routes refuse it with 400 before asking this).
 */
export function parseLastEventId(header: string | null | undefined, query: string | null | undefined): number | null {
  for (const raw of [header, query]) {
    const s = raw?.trim();
    if (s && EVENT_ID.test(s)) return Number(s);
  }
  return null;
}

/** The two ways a client names the last id it has, as both streams' routes declare them. */
const EventId = v.pipe(v.string(), v.regex(EVENT_ID, "An event id: digits only."));
export const LastEventIdHeader = v.object({
  "Last-Event-ID": v.optional(v.pipe(EventId, v.description("The last event id received; EventSource sends it when it reconnects. Wins over `last_event_id`."))),
});
export const LastEventIdQuery = v.object({
  last_event_id: v.optional(v.pipe(EventId, v.description("The `last_event_id` of the first page read (…/entries): events after it are replayed. The header wins when both are sent."))),
});
