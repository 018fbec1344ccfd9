// STUB (owned by the webhooks helper): the active webhooks an event goes to (events and filters).
import type { DB } from "../db/client";
import type { EventData, EventType } from "../outbox/events";

export async function webhooksFor(_db: DB, _event: { type: EventType; data: EventData }): Promise<string[]> {
  return [];
}
