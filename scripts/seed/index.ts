// `npm run seed`: loads the demo newsroom into the LOCAL D1 and R2 through the same domain code
// the API uses (validation, revisions, derived reading time), so demo data is real data.
// Idempotent: anything already there (by email, slug or id) is left as it is.
import { deflateSync } from "node:zlib";
import { getPlatformProxy } from "wrangler";
import { createDb } from "../../src/db/client";
import { loadDemo } from "./load-demo";

// Offline-safe: without this, Miniflare downloads Request.cf data first (a DNS error with no network).
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
const { env, dispose } = await getPlatformProxy<Env>({ configPath: "wrangler.toml", persist: true });
try {
  const summary = await loadDemo(createDb(env.DB), env.MEDIA, async (bytes) => new Uint8Array(deflateSync(bytes)));
  console.log(`Demo content: ${summary}`);
} finally {
  await dispose();
}
