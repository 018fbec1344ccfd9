// Loads the demo newsroom into the D1/R2 persisted under argv[2] (a `wrangler dev --persist-to` dir):
// the same call as scripts/seed/index.ts, pointed at the e2e run's own temporary state.
import { deflateSync } from "node:zlib";
import { join } from "node:path";
import { getPlatformProxy } from "wrangler";
import { createDb } from "../../../src/db/client";
import { loadDemo } from "../../../scripts/seed/load-demo";

const persistTo = process.argv[2];
if (!persistTo) throw new Error("usage: tsx tests/e2e/harness/seed.ts <persist-to dir>");

// `wrangler dev --persist-to X` keeps its state in X/v3; getPlatformProxy takes that v3 path.
const { env, dispose } = await getPlatformProxy<Env>({ configPath: "wrangler.toml", persist: { path: join(persistTo, "v3") }, remoteBindings: false });
try {
  const db = createDb(env.DB);
  // loadDemo marks the demo's own outbox events relayed: the tests' webhooks and hubs get only theirs.
  console.log(`Demo content: ${await loadDemo(db, env.MEDIA, async (bytes) => new Uint8Array(deflateSync(bytes)))}`);
} finally {
  await dispose();
}
