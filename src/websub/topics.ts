// STUB (owned by the WebSub helper): the feed URLs (every format) an event changes.
import type { DB } from "../db/client";
import type { EventData, EventType } from "../outbox/events";

export async function feedTopics(_db: DB, _origin: string, _event: { type: EventType; data: EventData }): Promise<string[]> {
  return [];
}
