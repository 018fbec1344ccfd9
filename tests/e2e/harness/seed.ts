// Brings the D1/R2 persisted under argv[2] (a `wrangler dev --persist-to` dir) to the current schema
// and loads the demo newsroom into it: the same call as scripts/seed/index.ts, pointed at the e2e
// run's own temporary state.
import { readFileSync, readdirSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { join } from "node:path";
import { getPlatformProxy, unstable_splitSqlQuery } from "wrangler";
import { createDb } from "../../../src/db/client";
import { loadDemo } from "../../../scripts/seed/load-demo";

const persistTo = process.argv[2];
if (!persistTo) throw new Error("usage: tsx tests/e2e/harness/seed.ts <persist-to dir>");

// `wrangler dev --persist-to X` keeps its state in X/v3; getPlatformProxy takes that v3 path.
const { env, dispose } = await getPlatformProxy<Env>({ configPath: "wrangler.toml", persist: { path: join(persistTo, "v3") }, remoteBindings: false });
try {
  await migrate(env.DB);
  const db = createDb(env.DB);
  // loadDemo marks the demo's own outbox events relayed: the tests' webhooks and hubs get only theirs.
  console.log(`Demo content: ${await loadDemo(db, env.MEDIA, async (bytes) => new Uint8Array(deflateSync(bytes)))}`);
} finally {
  await dispose();
}

/**
 * What `wrangler d1 migrations apply DB --local` does (its own SQL splitter, one batch per file with
 * its row in d1_migrations), through the D1 this process already has: the CLI cost a second
 * wrangler and Miniflare start, about 13 s of CPU, before every browser run.
 */
async function migrate(d1: D1Database) {
  const dir = join(import.meta.dirname, "../../../migrations");
  await d1.prepare("CREATE TABLE IF NOT EXISTS d1_migrations(id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL)").run();
  const applied = new Set((await d1.prepare("SELECT name FROM d1_migrations").all<{ name: string }>()).results.map((r) => r.name));
  for (const name of readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) {
    if (applied.has(name)) continue;
    const statements = unstable_splitSqlQuery(readFileSync(join(dir, name), "utf8")).map((sql) => d1.prepare(sql));
    await d1.batch([...statements, d1.prepare("INSERT INTO d1_migrations (name) VALUES (?)").bind(name)]);
  }
}
