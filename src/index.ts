import { createApp } from "./app";
import { consumeDeliveries } from "./delivery/consumer";
import type { DeliveryMessage } from "./delivery/messages";
import { runCron } from "./scheduled/cron";

const app = createApp();

// The Durable Object class of live blogs (wrangler.toml [[durable_objects.bindings]]). Besides it,
// only handlers may be exported here: workerd refuses a main module exporting anything else.
export { LiveBlogHub } from "./live/hub";

export default {
  fetch: app.fetch,
  async scheduled(controller, env) {
    await runCron(env, new Date(controller.scheduledTime));
  },
  // Webhook deliveries and WebSub pings (wrangler.toml [[queues.consumers]]), dead letters included.
  async queue(batch, env) {
    await consumeDeliveries(batch as MessageBatch<DeliveryMessage>, env);
  },
} satisfies ExportedHandler<Env>;
