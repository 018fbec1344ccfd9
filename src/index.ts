import { createApp } from "./app";
import { createDb } from "./db/client";
import { purgeTrash } from "./editorial/trash/domain";
import { publishDue } from "./scheduled/publish-due";

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env) {
    const db = createDb(env.DB);
    const now = new Date(controller.scheduledTime);
    const published = await publishDue(db, now);
    if (published.length) console.log(`scheduled publish: ${published.join(", ")}`);
    await purgeTrash(db, now);
  },
} satisfies ExportedHandler<Env>;
