// The Queue consumer (src/index.ts `queue`): each message is handled on its own, so one slow or
// failing target never holds back the others in its batch. A handler that cannot finish asks for a
// retry with exponential backoff; after max_retries (wrangler.toml) the platform moves the message
// to the dead-letter queue, whose batches come back here and are recorded for good.
import { createDb } from "../db/client";
import { deadWebhook, deliverWebhook } from "../webhooks/deliver";
import { deadWebSub, pingHub } from "../websub/ping";
import { backoffSeconds, isDeadLetterQueue, type DeliveryMessage, type Outcome } from "./messages";

/**
 * DELIVERY_RETRY_BASE_SECONDS (wrangler.toml [vars], default 10): the first retry's delay, doubled
 * for each later one. Tests set it to 0 to run retries and the dead-letter queue in seconds.
 */
export function retryBaseSeconds(env: { DELIVERY_RETRY_BASE_SECONDS?: string }): number {
  const base = Number(env.DELIVERY_RETRY_BASE_SECONDS ?? "");
  return env.DELIVERY_RETRY_BASE_SECONDS?.trim() && Number.isFinite(base) && base >= 0 ? base : 10;
}

export async function consumeDeliveries(batch: MessageBatch<DeliveryMessage>, env: Env): Promise<void> {
  const db = createDb(env.DB, env.MEDIA);
  const dead = isDeadLetterQueue(batch.queue);
  const base = retryBaseSeconds(env);
  await Promise.all(
    batch.messages.map(async (msg) => {
      const body = msg.body;
      try {
        if (dead) {
          if (body.kind === "webhook") await deadWebhook(db, body, msg.attempts);
          else await deadWebSub(body);
          msg.ack();
          return;
        }
        const outcome: Outcome = body.kind === "webhook" ? await deliverWebhook(db, env, body, msg.attempts) : await pingHub(env, body, msg.attempts);
        if (outcome === "done") msg.ack();
        else msg.retry({ delaySeconds: backoffSeconds(msg.attempts, base) });
      } catch (err) {
        // Our own failure (D1 unavailable…): the message is not lost, it comes back later.
        console.error(`delivery ${body.kind} ${body.event_id} failed:`, err);
        msg.retry({ delaySeconds: backoffSeconds(msg.attempts, base) });
      }
    }),
  );
}
