// The cron phase: what one run of the Worker's cron trigger (publish what is due, purge what
// expired) costs at this newsroom size. First with a backlog bigger than one run may clear —
// expired sessions and sign-in rows, articles past the trash's grace period with their history —
// drained run by run, then in the steady state. Each run is fired through workerd's own scheduled
// handler; its D1 statements are the run's own count (BENCH=1), its CPU is workerd's.
import { PURGE_LIMIT } from "../../src/scheduled/purge";
import type { CronStats } from "../../src/scheduled/cron-stats";
import { processCpuMs, type Runtime } from "./runtime";

export interface CronRun extends CronStats {
  ms: number;
  cpuMs: number;
}

export interface CronResult {
  limit: number;
  backlog: { expiredSessions: number; liveSessions: number; expiredAttempts: number; liveAttempts: number; trashArticles: number; trashRevisions: number };
  /** Runs until one purged and published nothing (at most MAX_DRAIN). */
  drain: CronRun[];
  /** Runs with nothing to purge: what every minute costs once the backlog is gone. */
  steady: CronRun[];
  /** Rows the drain left behind that should have gone (0 when the purge is complete). */
  leftover: { sessions: number; loginAttempts: number; trashRevisions: number };
}

const MAX_DRAIN = 8;
const STEADY_RUNS = 10;
const LONG_AGO = "2000-01-01T00:00:00.000Z";
const FAR_AHEAD = "2999-01-01T00:00:00.000Z";

/** N rows from one INSERT … SELECT over a counter: no parameter cap, one statement. */
const counter = (n: number) => `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${Math.floor(n)}) `;

async function one<T>(rt: Runtime, sql: string, params: unknown[] = []): Promise<T> {
  const [rows] = await rt.exec([[sql, params]]);
  return rows![0] as T;
}

/** Deletes articles through the API (as an editor would), `connections` at a time. */
async function deleteArticles(origin: URL, token: string, ids: { id: string; version: number }[], connections = 4) {
  const queue = [...ids];
  const failures: string[] = [];
  await Promise.all(
    Array.from({ length: connections }, async () => {
      for (let a = queue.shift(); a; a = queue.shift()) {
        const res = await fetch(new URL(`/api/editorial/v1/articles/${a.id}`, origin), {
          method: "DELETE",
          headers: { authorization: `Bearer ${token}`, "if-match": `"${a.version}"` },
        });
        if (res.status !== 204 && failures.length < 3) failures.push(`DELETE ${a.id} → ${res.status} ${(await res.text()).slice(0, 200)}`);
      }
    }),
  );
  if (failures.length) throw new Error(`cron phase: could not fill the trash:\n${failures.join("\n")}`);
}

async function fire(rt: Runtime, at: Date): Promise<CronRun> {
  const cpu0 = processCpuMs(rt.pid);
  const t0 = performance.now();
  const stats = await rt.scheduled(at);
  return { ...stats, ms: performance.now() - t0, cpuMs: processCpuMs(rt.pid) - cpu0 };
}

export async function cronPhase(rt: Runtime, origin: URL, admin: { userId: string; token: string }, articles: number): Promise<CronResult> {
  // Backlogs of about two and a half runs' worth, so the bound shows: each run clears PURGE_LIMIT.
  const expired = Math.round(PURGE_LIMIT * 2.4);
  const trash = Math.min(Math.round(PURGE_LIMIT * 1.2), Math.floor(articles / 10));
  const ids = (await rt.exec([["SELECT id, version FROM articles ORDER BY id LIMIT ?", [trash]]]))[0] as { id: string; version: number }[];
  await deleteArticles(origin, admin.token, ids);
  await rt.exec([
    // Deleted long ago (past the grace period), each with one earlier revision of its history.
    ["UPDATE revisions SET created_at = ? WHERE action = 'delete'", [LONG_AGO]],
    [
      "INSERT OR IGNORE INTO revisions (id, article_id, version, snapshot, action, created_by, created_at) " +
        "SELECT 'rev_bench_' || article_id, article_id, version - 1, '{}', 'create', NULL, ? FROM revisions d WHERE action = 'delete' " +
        "AND NOT EXISTS (SELECT 1 FROM revisions e WHERE e.article_id = d.article_id AND e.version = d.version - 1)",
      [LONG_AGO],
    ],
    [`INSERT INTO sessions (id_hash, user_id, created_at, expires_at) ${counter(expired)}SELECT 'bench-expired-' || i, ?, ?, ? FROM n`, [admin.userId, LONG_AGO, LONG_AGO]],
    [`INSERT INTO sessions (id_hash, user_id, created_at, expires_at) ${counter(1000)}SELECT 'bench-live-' || i, ?, ?, ? FROM n`, [admin.userId, LONG_AGO, FAR_AHEAD]],
    // Rows written before expiry was tracked hold '': purged at once.
    [`INSERT INTO login_attempts (key, window_start, failures, expires_at) ${counter(expired)}SELECT 'bench-old-' || i, ?, 1, '' FROM n`, [LONG_AGO]],
    [`INSERT INTO login_attempts (key, window_start, failures, expires_at) ${counter(500)}SELECT 'bench-live-' || i, ?, 1, ? FROM n`, [LONG_AGO, FAR_AHEAD]],
  ]);
  const trashRevisions = (await one<{ n: number }>(rt, "SELECT count(*) AS n FROM revisions r WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = r.article_id)")).n;

  const drain: CronRun[] = [];
  for (let i = 0; i < MAX_DRAIN; i++) {
    const run = await fire(rt, new Date());
    drain.push(run);
    if (!run.published && !run.purged.sessions && !run.purged.loginAttempts && !run.purged.revisions) break;
  }
  const steady: CronRun[] = [];
  for (let i = 0; i < STEADY_RUNS; i++) steady.push(await fire(rt, new Date()));

  const now = new Date().toISOString();
  const leftover = {
    sessions: (await one<{ n: number }>(rt, "SELECT count(*) AS n FROM sessions WHERE expires_at < ?", [now])).n,
    loginAttempts: (await one<{ n: number }>(rt, "SELECT count(*) AS n FROM login_attempts WHERE expires_at < ?", [now])).n,
    trashRevisions: (await one<{ n: number }>(rt, "SELECT count(*) AS n FROM revisions r WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = r.article_id)")).n,
  };
  return {
    limit: PURGE_LIMIT,
    backlog: { expiredSessions: expired, liveSessions: 1000, expiredAttempts: expired, liveAttempts: 500, trashArticles: ids.length, trashRevisions },
    drain,
    steady,
    leftover,
  };
}
