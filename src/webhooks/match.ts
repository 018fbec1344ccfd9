// Which webhooks an event goes to: active ones subscribed to its type whose filters let it through.
//   article.*               section filter empty or naming one of the story's sections (before ∪ after
//                           the change), AND tag filter empty or naming one of its tags;
//   section.updated         section filter empty or naming that section (the tag filter is not asked);
//   tag.updated             tag filter empty or naming that tag (the section filter is not asked);
//   contributor.*, collection.*  no filter applies;
//   ping                    only the webhook it was sent to, subscribed or not, if it is still active
//                           (an inactive webhook gets nothing, pings included).
// A webhook gets the events that happen after it is created: one added while older events wait in
// the outbox (a queue outage, a local run with no cron) is not sent the backlog.
// A newsroom has at most WEBHOOKS_MAX webhooks, so reading the active ones and deciding here is one
// small query and keeps the rules in one readable place.
import { and, eq, lte } from "drizzle-orm";
import type { DB } from "../db/client";
import { webhooks } from "../db/schema";
import type { EventData, EventType } from "../outbox/events";
import type { WebhookFilters } from "./domain";

const passes = (filter: string[] | undefined, ids: string[]) => !filter?.length || filter.some((id) => ids.includes(id));

/** Whether a webhook with these events and filters gets the event (ping aside). */
export function matches(hook: { events: EventType[]; filters: WebhookFilters }, event: { type: EventType; data: EventData }): boolean {
  if (!hook.events.includes(event.type)) return false;
  const { data } = event;
  if (data.kind === "article") return passes(hook.filters.section_ids, data.scopes.section_ids) && passes(hook.filters.tag_ids, data.scopes.tag_ids);
  if (data.kind === "taxonomy") {
    if (data.entity === "section") return passes(hook.filters.section_ids, [data.id]);
    if (data.entity === "tag") return passes(hook.filters.tag_ids, [data.id]);
  }
  return true;
}

export async function webhooksFor(db: DB, event: { type: EventType; data: EventData; createdAt?: string }): Promise<string[]> {
  if (event.data.kind === "ping") {
    const row = await db.select({ id: webhooks.id }).from(webhooks).where(and(eq(webhooks.id, event.data.webhook_id), eq(webhooks.active, true))).get();
    return row ? [row.id] : [];
  }
  const active = await db.select({ id: webhooks.id, events: webhooks.events, filters: webhooks.filters }).from(webhooks)
    .where(and(eq(webhooks.active, true), event.createdAt ? lte(webhooks.createdAt, event.createdAt) : undefined))
    .all();
  return active.filter((h) => matches({ events: h.events as EventType[], filters: h.filters as WebhookFilters }, event)).map((h) => h.id);
}
