import { createApp } from "./app";
import { fastHit } from "./public/fast-hit";
import { consumeDeliveries } from "./delivery/consumer";
import type { DeliveryMessage } from "./delivery/messages";
import { runCron } from "./scheduled/cron";
import { forgetContentVersion } from "./cache/version-memo";
import { consumeExports, isExportQueue } from "./editorial/export/job-consumer";
import type { ExportMessage } from "./editorial/export/jobs";

const app = createApp();

// The Durable Object class of live blogs (wrangler.toml [[durable_objects.bindings]]). Besides it,
// only handlers may be exported here: workerd refuses a main module exporting anything else.
export { LiveBlogHub } from "./live/hub";

export default {
  // A public cache hit the isolate can key from memory is answered before the app (src/public/fast-hit.ts).
  async fetch(req, env, ctx) {
    // Its failure (the Cache API's, say) is the app's to answer, as a problem through the one onError;
    // logged, so a bug here shows as more than every hit quietly taking the slower path.
    const hit = await fastHit(req, env, ctx).catch((err) => (console.error("fast hit failed; the app answers", err), null));
    return hit ?? app.fetch(req, env, ctx);
  },
  async scheduled(controller, env) {
    try {
      await runCron(env, new Date(controller.scheduledTime));
    } finally {
      // The cron's writes (releases, scheduled updates) are this isolate's: its readers must see them
      // at once, not up to a second later from a version read while the batch was in flight.
      forgetContentVersion();
    }
  },
  // Webhook deliveries and WebSub pings, and background exports' steps (wrangler.toml
  // [[queues.consumers]]), dead letters included.
  async queue(batch, env) {
    if (isExportQueue(batch.queue)) await consumeExports(batch as MessageBatch<ExportMessage>, env);
    else await consumeDeliveries(batch as MessageBatch<DeliveryMessage>, env);
  },
} satisfies ExportedHandler<Env>;
