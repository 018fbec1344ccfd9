// The desk stream: every change to one blog, drafts included, as it commits (plan step 5):
// `EventSource(/api/editorial/v1/articles/{id}/live/events?last_event_id=<n>)`, same origin, the
// session cookie. It starts after the first GET /entries with that page's last_event_id, so nothing
// between the snapshot and the stream is missed; EventSource reconnects by itself and sends the last
// id it saw (Last-Event-ID, which the server prefers to the query). The page refetches on `reset` (the
// id is too old or unknown) and after a reconnect, in case the server closed the stream on a
// revoked session or a long gap.
import { API_BASE } from "../api/client";
import type { DeskEvent } from "./live-store";

/**
 * The desk events listened for. Spelled out because the server's catalogue (DESK_EVENT_TYPES in
 * src/live/changes.ts) sits beside drizzle code the admin neither bundles nor typechecks;
 * tests/e2e/live-desk-logic.test.ts fails if the two lists differ.
 */
export const DESK_EVENT_NAMES = [
  "entry.created",
  "entry.updated",
  "entry.published",
  "entry.unpublished",
  "entry.deleted",
  "entry.pinned",
  "entry.unpinned",
  "blog.updated",
  "blog.published",
  "blog.unpublished",
] as const;

export type StreamStatus = "connecting" | "live" | "reconnecting";

export interface StreamHandlers {
  onEvent: (ev: DeskEvent) => void;
  /** `reset` from the server, or the stream came back after a break: fetch the entries again. */
  onResync: () => void;
  onStatus: (s: StreamStatus) => void;
}

/** The subset of EventSource used here (a test passes a fake). */
export interface EventSourceLike {
  addEventListener(type: string, fn: (e: MessageEvent) => void): void;
  close(): void;
  onopen: ((e: Event) => void) | null;
  onerror: ((e: Event) => void) | null;
}

export const deskStreamUrl = (articleId: string, lastEventId: number) =>
  `${API_BASE}/articles/${encodeURIComponent(articleId)}/live/events?last_event_id=${lastEventId}`;

/** Opens the stream; returns close(). */
export function openDeskStream(
  articleId: string,
  lastEventId: number,
  h: StreamHandlers,
  make: (url: string) => EventSourceLike = (url) => new EventSource(url),
): () => void {
  const es = make(deskStreamUrl(articleId, lastEventId));
  let broken = false;
  h.onStatus("connecting");
  es.onopen = () => {
    h.onStatus("live");
    if (broken) h.onResync();
    broken = false;
  };
  es.onerror = () => {
    broken = true;
    h.onStatus("reconnecting");
  };
  for (const type of DESK_EVENT_NAMES) {
    es.addEventListener(type, (e) => {
      const seq = Number(e.lastEventId);
      let data: unknown;
      try {
        data = JSON.parse(String(e.data));
      } catch {
        return; // not an event of ours: ignore rather than break the desk
      }
      if (Number.isSafeInteger(seq) && seq > 0) h.onEvent({ seq, type, data });
    });
  }
  es.addEventListener("reset", () => h.onResync());
  return () => es.close();
}
