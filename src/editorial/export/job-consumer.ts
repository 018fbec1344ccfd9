// The export Queue's consumer (src/index.ts `queue`): one step of one background export per message
// (jobs.ts). A step that throws is retried by the Queue; once it is dead-lettered, its export fails.
import { createDb } from "../../db/client";
import { retryBaseSeconds } from "../../delivery/consumer";
import { backoffSeconds } from "../../delivery/messages";
import { EXPORT_DEAD_LETTER_QUEUE, EXPORT_QUEUE, failExport, runExportStep, type ExportMessage } from "./jobs";

export const isExportQueue = (queue: string) => queue === EXPORT_QUEUE || queue === EXPORT_DEAD_LETTER_QUEUE;

export async function consumeExports(batch: MessageBatch<ExportMessage>, env: Env): Promise<void> {
  const db = createDb(env.DB, env.MEDIA);
  for (const msg of batch.messages) {
    try {
      if (batch.queue === EXPORT_DEAD_LETTER_QUEUE) await failExport(db, msg.body);
      else await runExportStep(db, env.DB, env.MEDIA, env.EXPORTS, msg.body);
      msg.ack();
    } catch (err) {
      console.error(`export ${msg.body.job_id} step ${msg.body.seq} failed:`, err);
      // The deliveries' backoff (DELIVERY_RETRY_BASE_SECONDS, doubled each time): D1 or R2 was failing.
      msg.retry({ delaySeconds: backoffSeconds(msg.attempts, retryBaseSeconds(env)) });
    }
  }
}
