// STUB (owned by the webhooks helper): signs and POSTs one event to one webhook, logging the attempt.
import type { DB } from "../db/client";
import type { Outcome, WebhookMessage } from "../delivery/messages";

export async function deliverWebhook(_db: DB, _env: Env, _msg: WebhookMessage, _attempts: number): Promise<Outcome> {
  return "done";
}

/** The queue gave up on this event for this webhook: log it as dead, count a failed event, maybe disable. */
export async function deadWebhook(_db: DB, _msg: WebhookMessage, _attempts: number): Promise<void> {}
