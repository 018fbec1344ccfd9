// The hub's WebSocket plumbing (src/live/hub.ts): what each socket carries through hibernation (its
// audience, format and whether its catch-up is done), an event encoded for a socket's format, and
// sends and closes that never throw (a socket may close at any moment).
import { sseFrame, wsMessage, type StreamEvent } from "./sse";
import type { Audience, Format } from "./stub";

export interface Attachment {
  audience: Audience;
  format: Format;
  /** false until its catch-up is done: broadcasts skip it, so it never sees an event twice or early. */
  ready: boolean;
}

export const FORMATS: Format[] = ["sse", "ws"];

export const encode = (format: Format, e: StreamEvent) => (format === "sse" ? sseFrame(e) : wsMessage(e));

export function attachment(ws: WebSocket): Attachment | null {
  try {
    return (ws.deserializeAttachment() as Attachment | null) ?? null;
  } catch {
    return null;
  }
}

export function sendQuietly(ws: WebSocket, message: string) {
  try {
    ws.send(message);
  } catch {
    // Closed meanwhile: webSocketClose tidies up. One dead socket never stops the loop.
  }
}

export function closeQuietly(ws: WebSocket, code: number, reason: string) {
  try {
    // 1005/1006 are reported, never sent.
    ws.close(code === 1005 || code === 1006 ? 1000 : code, reason);
  } catch {
    // already closed
  }
}
