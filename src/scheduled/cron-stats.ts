// The log line a cron run prints under the bench (BENCH=1 only), so `npm run bench` can report
// the D1 statements of each run. Its own module: the bench (in Node) imports it without the app.
export const CRON_STATS_PREFIX = "copydesk-cron-stats ";

export interface CronStats {
  statements: number;
  published: number;
  purged: { sessions: number; loginAttempts: number; revisions: number };
}
