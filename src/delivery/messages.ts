// What travels on the delivery Queue (wrangler.toml [[queues.*]]): one message per (event, webhook)
// and per (event, hub, feed URL), so each is retried, and dead-lettered, on its own.
export const DELIVERY_QUEUE = "copydesk-deliveries";
export const DEAD_LETTER_QUEUE = "copydesk-deliveries-dlq";

/** Deliver outbox event `event_id` to webhook `webhook_id` (its payload is on the event row). */
export interface WebhookMessage {
  kind: "webhook";
  event_id: string;
  webhook_id: string;
}

/** Tell WebSub hub `hub` that feed `topic` changed (`hub.mode=publish`, `hub.url=<topic>`). */
export interface WebSubMessage {
  kind: "websub";
  event_id: string;
  hub: string;
  topic: string;
}

export type DeliveryMessage = WebhookMessage | WebSubMessage;

/** What a handler made of one message: done (ack), or try again later (retry with backoff). */
export type Outcome = "done" | "retry";

/** A dead-letter batch: the platform gave up on these after max_retries. */
export const isDeadLetterQueue = (queue: string) => queue === DEAD_LETTER_QUEUE || queue.endsWith("-dlq");

/** Seconds before attempt `attempts + 1`: 10 s, 20 s, 40 s… capped at an hour. */
export function backoffSeconds(attempts: number, baseSeconds = 10): number {
  return Math.min(3600, baseSeconds * 2 ** Math.max(0, attempts - 1));
}
