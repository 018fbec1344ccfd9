// What the editorial API shows of a webhook and of its delivery log. Never the secret: it is in the
// create and rotate answers only (WebhookWithSecret), and `secret_hint` tells secrets apart.
import * as v from "valibot";
import { EVENT_TYPES } from "../outbox/events";
import type { DeliveryRow, LastDelivery } from "./deliveries";
import { eventsOf, filtersOf, type WebhookRow } from "./domain";
import { secretHint } from "./sign";

const Utc = (what: string) => v.pipe(v.string(), v.description(`${what} (UTC, RFC 3339).`));
const Outcome = v.pipe(
  v.picklist(["delivered", "failed", "dead"]),
  v.description("`delivered`: a 2xx answer. `failed`: another status, a time-out (10 s), a refused target or a network error; it is retried with backoff. `dead`: every retry spent, the event is given up for this webhook."),
);

export const WebhookView = v.object({
  id: v.string(),
  url: v.string(),
  description: v.string(),
  events: v.array(v.picklist(EVENT_TYPES)),
  filters: v.object({
    section_ids: v.pipe(v.array(v.string()), v.description("Article events only for stories in one of these sections; empty: any.")),
    tag_ids: v.pipe(v.array(v.string()), v.description("Article events only for stories with one of these tags; empty: any.")),
  }),
  active: v.boolean(),
  disable_after: v.pipe(v.number(), v.description("Consecutive events failed for good before it is switched off.")),
  consecutive_failures: v.pipe(v.number(), v.description("Events failed for good since the last delivered one.")),
  disabled_reason: v.pipe(v.nullable(v.string()), v.description("Why it was switched off automatically (the count and the last error), or null.")),
  disabled_at: v.pipe(v.nullable(v.string()), v.description("When it was switched off automatically (UTC, RFC 3339), or null.")),
  secret_hint: v.pipe(v.string(), v.description("The signing secret's last four characters: the secret itself is shown once, on create and rotate.")),
  created_at: Utc("When it was created"),
  updated_at: Utc("When it last changed"),
  last_delivery: v.pipe(
    v.nullable(v.object({ attempted_at: Utc("When"), status_code: v.nullable(v.number()), outcome: Outcome })),
    v.description("The latest row of its delivery log, or null before the first."),
  ),
});

export const WebhookWithSecret = v.object({
  webhook: WebhookView,
  secret: v.pipe(
    v.string(),
    v.regex(/^whsec_[A-Za-z0-9+/]+=*$/),
    v.description("The Standard Webhooks signing secret (\"whsec_\" + base64): shown in this answer only. Verify deliveries with it, e.g. `new Webhook(secret).verify(body, headers)` (npm standardwebhooks)."),
  ),
});

export const DeliveryView = v.object({
  id: v.string(),
  event_id: v.pipe(v.string(), v.description("The event's id: the `webhook-id` header every attempt of it carried.")),
  event_type: v.string(),
  attempt: v.pipe(v.number(), v.description("1 for the first try; a `dead` row carries the number of attempts made.")),
  attempted_at: Utc("When the attempt ended: its answer, time-out or refusal (send time = this − latency_ms)"),
  status_code: v.pipe(v.nullable(v.number()), v.description("The receiver's HTTP status; null when none came (time-out, refused target, network error) and on `dead` rows.")),
  latency_ms: v.pipe(v.nullable(v.number()), v.description("From sending to the answer's status line; null when nothing was sent.")),
  error: v.pipe(v.nullable(v.string()), v.description("What went wrong, briefly (a status and the start of the answer, a time-out…); null when delivered.")),
  outcome: Outcome,
});

export function toWebhookView(row: WebhookRow, last: LastDelivery | null | undefined): v.InferOutput<typeof WebhookView> {
  const filters = filtersOf(row);
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: eventsOf(row),
    filters: { section_ids: filters.section_ids ?? [], tag_ids: filters.tag_ids ?? [] },
    active: row.active,
    disable_after: row.disableAfter,
    consecutive_failures: row.consecutiveFailures,
    disabled_reason: row.disabledReason,
    disabled_at: row.disabledAt,
    secret_hint: secretHint(row.secret),
    created_at: row.createdAt,
    updated_at: row.updatedAt,
    last_delivery: last ? { attempted_at: last.attemptedAt, status_code: last.statusCode, outcome: last.outcome } : null,
  };
}

export const toDeliveryView = (d: DeliveryRow): v.InferOutput<typeof DeliveryView> => ({
  id: d.id,
  event_id: d.eventId,
  event_type: d.eventType,
  attempt: d.attempt,
  attempted_at: d.attemptedAt,
  status_code: d.statusCode,
  latency_ms: d.latencyMs,
  error: d.error,
  outcome: d.outcome,
});
