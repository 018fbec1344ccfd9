import { inArray, sql } from "drizzle-orm";
import type { DB } from "../db/client";
import { loginAttempts } from "../db/schema";

// Failed sign-ins are counted per account and per client IP in D1, so a restart, a new isolate
// or another colo does not reset them. Success clears the account's counter only.
export const LOGIN_WINDOW_MS = 15 * 60 * 1000;
export const LIMITS = { account: 5, ip: 20 } as const;

export const loginKeys = (email: string, ip: string) => ({ account: `acct:${email.toLowerCase()}`, ip: `ip:${ip}` });

/** Seconds until the caller may try again, or 0 when not limited. */
export async function loginRetryAfter(db: DB, keys: { account: string; ip: string }, now = Date.now()) {
  const rows = await db.select().from(loginAttempts).where(inArray(loginAttempts.key, [keys.account, keys.ip])).all();
  let wait = 0;
  for (const row of rows) {
    const limit = row.key === keys.account ? LIMITS.account : LIMITS.ip;
    const ends = Date.parse(row.windowStart) + LOGIN_WINDOW_MS;
    if (row.failures >= limit && ends > now) wait = Math.max(wait, Math.ceil((ends - now) / 1000));
  }
  return wait;
}

export async function recordLoginFailure(db: DB, keys: { account: string; ip: string }, now = Date.now()) {
  const start = new Date(now).toISOString();
  const stale = new Date(now - LOGIN_WINDOW_MS).toISOString();
  // A window that has ended starts again at 1 instead of accumulating forever.
  const upsert = (key: string) =>
    db
      .insert(loginAttempts)
      .values({ key, windowStart: start, failures: 1 })
      .onConflictDoUpdate({
        target: loginAttempts.key,
        set: {
          failures: sql`CASE WHEN ${loginAttempts.windowStart} < ${stale} THEN 1 ELSE ${loginAttempts.failures} + 1 END`,
          windowStart: sql`CASE WHEN ${loginAttempts.windowStart} < ${stale} THEN ${start} ELSE ${loginAttempts.windowStart} END`,
        },
      });
  await db.batch([upsert(keys.account), upsert(keys.ip)]);
}

export async function clearLoginFailures(db: DB, accountKey: string) {
  await db.delete(loginAttempts).where(inArray(loginAttempts.key, [accountKey]));
}
