// Webhooks as admins manage them: create, change, delete, rotate the secret, ping, redeliver.
// The secret is returned by create and rotate only; every other answer carries its last four characters.
import { and, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { DB } from "../db/client";
import { outboxEvents, sections, tags, webhookDeliveries, webhooks } from "../db/schema";
import type { WebhookMessage } from "../delivery/messages";
import { AppError, notFound, type FieldIssue } from "../lib/errors";
import { newId } from "../lib/ids";
import { outboxInsert, type EventType } from "../outbox/events";
import type { WebhookCreateInput, WebhookUpdateInput } from "./schemas";
import { newSecret } from "./sign";
import { targetProblem } from "../http/outbound-target";
import { auditEntry, auditEntryIf, type AuditBy } from "../audit/record";
import { sentFields } from "../audit/summaries";

/** Every event goes to every matching webhook as its own message: the fan-out is bounded here. */
export const WEBHOOKS_MAX = 50;

export type WebhookRow = typeof webhooks.$inferSelect;
export interface WebhookFilters {
  section_ids: string[];
  tag_ids: string[];
}
export const eventsOf = (row: WebhookRow) => row.events as EventType[];
export const filtersOf = (row: WebhookRow) => row.filters as WebhookFilters;

interface Rules {
  /** Development and test: a local receiver is allowed (src/webhooks/target.ts). */
  allowPrivate: boolean;
}

function checkUrl(url: string, rules: Rules): void {
  const problem = targetProblem(url, rules);
  if (problem) throw new AppError("validation_failed", `Deliveries cannot go to this URL: ${problem}.`, { errors: [{ path: "url", message: `Not allowed: ${problem}.` }] });
}

/** Filters name sections and tags that exist (a typo would silently match nothing). One batch. */
async function checkFilters(db: DB, filters: WebhookFilters): Promise<void> {
  const [foundSections, foundTags] = await db.batch([
    db.select({ id: sections.id }).from(sections).where(inArray(sections.id, filters.section_ids.length ? filters.section_ids : [""])),
    db.select({ id: tags.id }).from(tags).where(inArray(tags.id, filters.tag_ids.length ? filters.tag_ids : [""])),
  ]);
  const missing = (ids: string[], found: { id: string }[], path: string, what: string): FieldIssue[] => {
    const known = new Set(found.map((r) => r.id));
    return ids.flatMap((id, i) => (known.has(id) ? [] : [{ path: `filters.${path}.${i}`, message: `No ${what} has this id.` }]));
  };
  const errors = [...missing(filters.section_ids, foundSections, "section_ids", "section"), ...missing(filters.tag_ids, foundTags, "tag_ids", "tag")];
  if (errors.length) throw new AppError("validation_failed", `Invalid ${errors.map((e) => e.path).join(", ")}.`, { errors });
}

export function listWebhooks(db: DB): Promise<WebhookRow[]> {
  return db.select().from(webhooks).orderBy(desc(webhooks.createdAt), desc(webhooks.id)).all();
}

export async function getWebhook(db: DB, id: string): Promise<WebhookRow> {
  const row = await db.select().from(webhooks).where(eq(webhooks.id, id)).get();
  if (!row) throw notFound("Webhook");
  return row;
}

// A webhook's entries name where it sends (scheme and host only: a path or query may itself be a
// credential, as a chat service's hook URL is) and its settings; never its signing secret.
const whereTo = (url: string) => {
  try {
    return new URL(url).origin;
  } catch {
    return "";
  }
};
const hookFields = (w: Pick<WebhookRow, "url" | "events" | "active">) => ({ url: whereTo(w.url), events: w.events, active: w.active });

export async function createWebhook(db: DB, input: WebhookCreateInput, rules: Rules & { createdBy: string }, by: AuditBy): Promise<{ row: WebhookRow; secret: string }> {
  checkUrl(input.url, rules);
  await checkFilters(db, input.filters);
  const existing = (await db.select({ n: count() }).from(webhooks).get())?.n ?? 0;
  if (existing >= WEBHOOKS_MAX) throw new AppError("conflict", `A newsroom has at most ${WEBHOOKS_MAX} webhooks: delete one first.`);
  const now = new Date().toISOString();
  const secret = newSecret();
  const row: WebhookRow = {
    id: newId("whk"),
    url: input.url,
    description: input.description,
    events: input.events,
    filters: input.filters,
    secret,
    active: input.active,
    disableAfter: input.disable_after,
    consecutiveFailures: 0,
    disabledReason: null,
    disabledAt: null,
    createdBy: rules.createdBy,
    createdAt: now,
    updatedAt: now,
  };
  await db.batch([
    db.insert(webhooks).values(row),
    auditEntry(db, { ...by, action: "webhook.create", target: { type: "webhook", id: row.id, label: whereTo(row.url) }, summary: { after: hookFields(row) } }),
  ]);
  return { row, secret };
}

export async function updateWebhook(db: DB, id: string, input: WebhookUpdateInput, rules: Rules, by: AuditBy): Promise<WebhookRow> {
  const current = await getWebhook(db, id);
  if (input.url !== undefined) checkUrl(input.url, rules);
  if (input.filters) await checkFilters(db, input.filters);
  const set: Partial<WebhookRow> = { updatedAt: new Date().toISOString() };
  if (input.url !== undefined) set.url = input.url;
  if (input.events) set.events = input.events;
  if (input.filters) set.filters = input.filters;
  if (input.description !== undefined) set.description = input.description;
  if (input.disable_after !== undefined) set.disableAfter = input.disable_after;
  if (input.active !== undefined && input.active !== current.active) {
    set.active = input.active;
    // Switched back on: a clean slate. (Sending `active: true` to an active webhook changes nothing,
    // so a form that always sends it cannot hide a failure streak.) Switched off by hand: no reason
    // is recorded, `disabled_reason` is for the automatic switch-off.
    if (input.active) Object.assign(set, { consecutiveFailures: 0, disabledReason: null, disabledAt: null });
  }
  const after = { ...current, ...set };
  const [rows] = await db.batch([
    db.update(webhooks).set(set).where(eq(webhooks.id, id)).returning(),
    auditEntryIf(db, { ...by, action: "webhook.update", target: { type: "webhook", id, label: whereTo(after.url) }, summary: { before: hookFields(current), after: { ...hookFields(after), changed_fields: sentFields(input) } } }),
  ]);
  if (!rows[0]) throw notFound("Webhook");
  return rows[0];
}

export async function deleteWebhook(db: DB, id: string, by: AuditBy): Promise<void> {
  // Its delivery log goes with it (foreign key, on delete cascade); queued messages find no webhook and are dropped.
  const [gone] = await db.batch([
    db.delete(webhooks).where(eq(webhooks.id, id)).returning({ id: webhooks.id, url: webhooks.url }),
    auditEntryIf(db, { ...by, action: "webhook.delete", target: { type: "webhook", id } }),
  ]);
  if (!gone[0]) throw notFound("Webhook");
}

/** A new secret at once: the old one stops signing with this answer (receivers must be updated). */
export async function rotateSecret(db: DB, id: string, by: AuditBy): Promise<{ row: WebhookRow; secret: string }> {
  const secret = newSecret();
  const [rows] = await db.batch([
    db.update(webhooks).set({ secret, updatedAt: new Date().toISOString() }).where(eq(webhooks.id, id)).returning(),
    auditEntryIf(db, { ...by, action: "webhook.rotate_secret", target: { type: "webhook", id } }),
  ]);
  const row = rows[0];
  if (!row) throw notFound("Webhook");
  return { row, secret };
}

/**
 * A test delivery: a "ping" event in the outbox, which the relay (run after every editorial write)
 * sends to this webhook only, through the same queue, signature and log as any event. An inactive
 * webhook gets nothing, so pinging one is refused rather than silently dropped.
 */
export async function pingWebhook(db: DB, id: string, by: AuditBy): Promise<string> {
  const row = await getWebhook(db, id);
  if (!row.active) throw new AppError("conflict", "This webhook is inactive and would receive nothing: turn it on first.");
  // The insert and the read of its id in one batch: `last_insert_rowid()` is this insert's.
  const [, inserted] = await db.batch([
    outboxInsert(db, "ping", id, { kind: "ping", webhook_id: id }),
    db.select({ id: outboxEvents.id }).from(outboxEvents).where(sql`rowid = last_insert_rowid()`),
    auditEntry(db, { ...by, action: "webhook.ping", target: { type: "webhook", id, label: whereTo(row.url) } }),
  ]);
  return inserted[0]!.id;
}

/**
 * Sends an event again, as it was first sent (same `webhook-id`, same body: the payload fixed on the
 * event row), through the queue with its retries. 404 for a delivery this webhook never had; 409 when
 * the webhook is off or the event is no longer kept.
 */
export async function redeliver(db: DB, queue: { send(msg: WebhookMessage): Promise<unknown> }, webhookId: string, deliveryId: string, by: AuditBy): Promise<string> {
  const [hook, delivery] = await db.batch([
    db.select({ active: webhooks.active }).from(webhooks).where(eq(webhooks.id, webhookId)),
    db
      .select({ eventId: webhookDeliveries.eventId, kept: sql<number>`${outboxEvents.payload} IS NOT NULL` })
      .from(webhookDeliveries)
      .leftJoin(outboxEvents, eq(outboxEvents.id, webhookDeliveries.eventId))
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.webhookId, webhookId))),
  ]);
  if (!hook[0]) throw notFound("Webhook");
  if (!delivery[0]) throw notFound("Delivery");
  if (!hook[0].active) throw new AppError("conflict", "This webhook is inactive and would receive nothing: turn it on first.");
  if (!delivery[0].kept) throw new AppError("conflict", "This event is no longer kept, so it cannot be sent again.");
  // The queue send is the change; D1 cannot share a transaction with it, so the entry is written
  // after the send succeeds: an entry always means a message was queued, and a refused send (an
  // error to the client) records nothing. Should the entry's write fail after the send, the client
  // gets an error and may retry: a redelivery is the same message (same webhook-id, same body), which
  // receivers deduplicate, and the retry records it.
  await queue.send({ kind: "webhook", event_id: delivery[0].eventId, webhook_id: webhookId });
  await auditEntry(db, { ...by, action: "webhook.redeliver", target: { type: "webhook", id: webhookId }, summary: { after: { event_id: delivery[0].eventId, delivery_id: deliveryId } } });
  return delivery[0].eventId;
}
