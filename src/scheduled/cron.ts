// The cron trigger's work (wrangler.toml [triggers]): publish what is due, sweep the outbox onto the
// delivery Queue (those publishes' events, and any a request's relay left behind), then purge, then
// move old revision snapshots to R2 and collect the objects no revision points at.
import { createDb } from "../db/client";
import { benchEnabled, countingD1 } from "../http/bench-hooks";
import { CRON_STATS_PREFIX, type CronStats } from "./cron-stats";
import { loadArticle } from "../articles/load";
import { publishDueCopies } from "../editorial/articles/working-copy";
import { publishDue } from "./publish-due";
import { refreshDueAt } from "../cache/content-version";
import { purgeExpired } from "./purge";
import { archiveAndCollect } from "./archive-snapshots";
import { archiveAndCollectBodies } from "./archive-bodies";
import { coldHistoryStep } from "./cold-history";
import { tendExports } from "../editorial/export/jobs";
import { relayOutbox } from "../outbox/relay";
import { syncLiveBlogs } from "../live/notify";

export async function runCron(env: Env, now: Date) {
  // Under the bench, every statement of the run is counted, as x-d1-statements does for requests.
  const counter = { statements: 0 };
  const db = createDb(benchEnabled(env) ? countingD1(env.DB, counter) : env.DB, env.MEDIA);
  const published = await publishDue(db, now);
  // A backstop for any path that held or released a story without moving due_at (README "Embargo").
  await refreshDueAt(db);
  if (published.length) console.log(`scheduled publish: ${published.join(", ")}`);
  const updated = await publishDueCopies(db, (id) => loadArticle(db, { id }), now);
  if (updated.length) console.log(`scheduled update: ${updated.join(", ")}`);
  // After the publishes, so a scheduled story's article.published goes out in this same run.
  // One claim of 10: a relay costs ~5 statements an event, and a cron run stays within D1's 50
  // queries per invocation. A backlog (the queue was down) drains at 10 a minute here, plus 10 with
  // every editorial write's own relay.
  const relay = await relayOutbox(env, { now, db, limit: 10, rounds: 1 });
  if (relay.relayed) console.log(`outbox: ${relay.relayed} events relayed, ${relay.messages} messages`);
  // Live blogs whose object missed a change (its notify died with an isolate): sent within the minute.
  await syncLiveBlogs(env, db, now);
  const purged = await purgeExpired(db, now);
  // After the purge, so the objects of the revisions it deleted are orphans the collector can find.
  // Last, and caught: a failure here (R2 down) leaves every row as it was and costs nothing above.
  try {
    const snapshots = await archiveAndCollect(db, env.MEDIA, now);
    if (snapshots.archived || snapshots.collected) console.log(`snapshots: ${snapshots.archived} archived to R2, ${snapshots.collected} orphans deleted`);
  } catch (err) {
    console.error("snapshot archive failed:", err);
  }
  // Cold articles' revisions packed, old audit months archived (R2); caught and logged inside.
  await coldHistoryStep(db, env.MEDIA, now);
  await archiveAndCollectBodies(db, env.MEDIA, now).then((b) => b.archived || b.collected ? console.log(`bodies: ${b.archived} archived to R2, ${b.collected} orphans deleted`) : undefined, (err) => console.error("body archive failed:", err));
  // Background exports: expired files deleted, a step whose message was lost sent again.
  try {
    const exports = await tendExports(db, env.MEDIA, env.EXPORTS, now);
    if (exports.expired || exports.resent) console.log(`exports: ${exports.expired} expired, ${exports.resent} stalled steps sent again`);
  } catch (err) {
    console.error("export upkeep failed:", err);
  }
  if (benchEnabled(env)) {
    const stats: CronStats = { statements: counter.statements, published: published.length, purged };
    console.log(CRON_STATS_PREFIX + JSON.stringify(stats));
  }
}
