// Loads the demo newsroom into the D1/R2 persisted under argv[2] (a `wrangler dev --persist-to` dir):
// the same call as scripts/seed/index.ts, pointed at the e2e run's own temporary state.
import { deflateSync } from "node:zlib";
import { join } from "node:path";
import { isNull } from "drizzle-orm";
import { getPlatformProxy } from "wrangler";
import { createDb } from "../../../src/db/client";
import { outboxEvents } from "../../../src/db/schema";
import { loadDemo } from "../../../scripts/seed/load-demo";

const persistTo = process.argv[2];
if (!persistTo) throw new Error("usage: tsx tests/e2e/harness/seed.ts <persist-to dir>");

// `wrangler dev --persist-to X` keeps its state in X/v3; getPlatformProxy takes that v3 path.
const { env, dispose } = await getPlatformProxy<Env>({ configPath: "wrangler.toml", persist: { path: join(persistTo, "v3") }, remoteBindings: false });
try {
  const db = createDb(env.DB);
  console.log(`Demo content: ${await loadDemo(db, env.MEDIA, async (bytes) => new Uint8Array(deflateSync(bytes)))}`);
  // The demo's own events (~30) happened before any webhook existed. wrangler dev runs no cron
  // sweep, so they would wait in the outbox and go out with the first writes' relays (10 oldest
  // each), ahead of the tests' own events and to webhooks the tests create later.
  await db.update(outboxEvents).set({ relayedAt: new Date().toISOString() }).where(isNull(outboxEvents.relayedAt));
} finally {
  await dispose();
}
