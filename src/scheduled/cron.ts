// The cron trigger's work (wrangler.toml [triggers]): publish what is due, then purge what expired.
import { createDb } from "../db/client";
import { benchEnabled, countingD1 } from "../http/bench-hooks";
import { publishDue } from "./publish-due";
import { purgeExpired } from "./purge";

/** Marks the log line the bench reads its per-run statement count from (BENCH=1 only). */
export const CRON_STATS_PREFIX = "copydesk-cron-stats ";

export async function runCron(env: Env, now: Date) {
  // Under the bench, every statement of the run is counted, as x-d1-statements does for requests.
  const counter = { statements: 0 };
  const db = createDb(benchEnabled(env) ? countingD1(env.DB, counter) : env.DB);
  const published = await publishDue(db, now);
  if (published.length) console.log(`scheduled publish: ${published.join(", ")}`);
  const purged = await purgeExpired(db, now);
  if (benchEnabled(env)) console.log(CRON_STATS_PREFIX + JSON.stringify({ statements: counter.statements, published: published.length, purged }));
}
