import { createApp } from "./app";
import { runCron } from "./scheduled/cron";

const app = createApp();

// Only handlers may be exported here: workerd refuses a main module exporting anything else.
export default {
  fetch: app.fetch,
  async scheduled(controller, env) {
    await runCron(env, new Date(controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;
