import { createApp } from "./app";
import { createDb } from "./db/client";
import { publishDue } from "./scheduled/publish-due";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env) {
    const published = await publishDue(createDb(env.DB), new Date(controller.scheduledTime));
    if (published.length) console.log(`scheduled publish: ${published.join(", ")}`);
  },
} satisfies ExportedHandler<Env>;
