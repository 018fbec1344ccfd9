import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { DB } from "../db/client";
import { loginAttempts } from "../db/schema";
import { AppError } from "../lib/errors";

// Password guesses are limited in D1, so a restart, a new isolate or another colo resets nothing.
//
// Reserve first, verify second: every attempt is counted by one atomic UPSERT *before* the password
// is checked, and only an attempt the UPSERT admitted is verified. D1 applies statements one at a
// time, so 30 parallel guesses are admitted one by one and the 31st sees the 30th's count.
//
// Growing delays instead of lockouts: the first `limit` attempts under a key are free; the attempt
// that reaches the limit starts a delay of 1 minute, and each further admitted attempt doubles it, up
// to 15 minutes. Attempts during a delay are refused (429) and not counted. A row is remembered for
// 24 hours after its last counted attempt (`expires_at`, for the purge); a key quiet for QUIET_MS counts from 1 again.
export const LIMITS = { account: 5, ip: 20, passwordChange: 5 } as const;
export const FIRST_DELAY_MS = 60 * 1000;
export const MAX_DELAY_MS = 15 * 60 * 1000;
export const MEMORY_MS = 24 * 60 * 60 * 1000;
/**
 * A key left alone this long starts counting again from 1. Without it an office behind one address
 * would collect 20 honest typos over a day and then wait before every sign-in until a whole quiet
 * day had passed. Twice the longest delay, so a guesser who paces at the delay keeps being delayed.
 */
export const QUIET_MS = 2 * MAX_DELAY_MS;

/** Delay started by the n-th counted attempt under a key with this limit (0 below the limit). */
export const delayAfter = (n: number, limit: number) => (n < limit ? 0 : Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(n - limit, 16)));

/**
 * The key for a client address. Cloudflare sets `cf-connecting-ip` on every request it forwards; when
 * it is absent (local development, tests through the fetch handler) every caller shares "local".
 * IPv6 is keyed by its /64, the block one subscriber gets: per-address limits would be free to evade.
 */
export function clientKey(ip: string | null | undefined): string {
  const value = ip?.trim().toLowerCase();
  if (!value) return "local";
  if (value.includes(":") && !value.includes(".")) return ipv6Prefix(value) ?? value.slice(0, 64);
  return value.slice(0, 64);
}

function ipv6Prefix(ip: string): string | null {
  const halves = ip.split("::");
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return null;
  const groups = [...head, ...Array<string>(missing).fill("0"), ...tail];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return null;
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(":")}::/64`;
}

export const loginKeys = (email: string, ip: string | null | undefined) => ({ account: `acct:${email.toLowerCase()}`, ip: `ip:${clientKey(ip)}` });
export const passwordChangeKey = (userId: string) => `pwd:${userId}`;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Count one attempt under `key` unless the key is in a delay (or `gate` is false). RETURNING yields the
 * row only when the attempt was admitted (an UPSERT whose DO UPDATE ... WHERE is false changes and
 * returns nothing).
 */
function reserve(db: DB, key: string, limit: number, now: number, gate?: SQL) {
  const at = iso(now);
  // expires_at is the last counted attempt + MEMORY_MS: a last attempt QUIET_MS ago or more is stale.
  const stale = sql`${loginAttempts.expiresAt} <= ${iso(now + MEMORY_MS - QUIET_MS)}`;
  const next = sql`(CASE WHEN ${stale} THEN 1 ELSE ${loginAttempts.failures} + 1 END)`;
  // The delay each count starts, computed here so SQLite needs no date arithmetic.
  const d = (k: number) => iso(now + delayAfter(limit + k, limit));
  const blockedUntil = sql`(CASE WHEN ${next} < ${limit} THEN NULL ELSE (CASE ${next} - ${limit} WHEN 0 THEN ${d(0)} WHEN 1 THEN ${d(1)} WHEN 2 THEN ${d(2)} WHEN 3 THEN ${d(3)} ELSE ${d(4)} END) END)`;
  const expiresAt = iso(now + Math.max(MEMORY_MS, MAX_DELAY_MS));
  return db
    .insert(loginAttempts)
    .values({ key, windowStart: at, failures: 1, blockedUntil: limit <= 1 ? d(0) : null, expiresAt })
    .onConflictDoUpdate({
      target: loginAttempts.key,
      set: {
        failures: next,
        // window_start: when this run of attempts began; a row started by this very attempt is "fresh".
        windowStart: sql`(CASE WHEN ${stale} THEN ${at} ELSE ${loginAttempts.windowStart} END)`,
        blockedUntil,
        expiresAt,
      },
      setWhere: and(sql`(${loginAttempts.blockedUntil} IS NULL OR ${loginAttempts.blockedUntil} <= ${at})`, gate),
    })
    .returning({ failures: loginAttempts.failures, windowStart: loginAttempts.windowStart });
}

type Admitted = { failures: number; windowStart: string } | undefined;

function secondsUntil(rows: { key: string; blockedUntil: string | null }[], keys: string[], now: number) {
  let wait = 1;
  for (const row of rows) {
    if (!keys.includes(row.key) || !row.blockedUntil) continue;
    wait = Math.max(wait, Math.ceil((Date.parse(row.blockedUntil) - now) / 1000));
  }
  return wait;
}

export const rateLimited = (detail: string, wait: number) =>
  new AppError("rate_limited", `${detail} Try again in ${wait} seconds.`, { retry_after: wait, headers: { "retry-after": String(wait) } });

/**
 * Reserve a sign-in attempt under the account and the client address, atomically. Throws 429 unless
 * the address is admitted and either the account is admitted or the address is fresh — one with no
 * attempt in the last QUIET_MS (30 minutes). That exception is what keeps an attacker from locking the
 * owner out (admin included): their guesses delay the account for addresses that have guessed, not
 * for the owner signing in from a clean one. Each address buys a single such try per quiet period.
 */
export async function reserveSignIn(db: DB, keys: { account: string; ip: string }, now = Date.now()) {
  const at = iso(now);
  // The account goes first and only counts while the address is not in a delay (read before the
  // address's own statement runs): an address that is refused anyway cannot spend an account's attempts.
  const addressFree = sql`NOT EXISTS (SELECT 1 FROM login_attempts AS address WHERE address.key = ${keys.ip} AND address.blocked_until > ${at})`;
  const [account, ip, rows] = await db.batch([
    reserve(db, keys.account, LIMITS.account, now, addressFree),
    reserve(db, keys.ip, LIMITS.ip, now),
    db.select({ key: loginAttempts.key, blockedUntil: loginAttempts.blockedUntil }).from(loginAttempts).where(inArray(loginAttempts.key, [keys.account, keys.ip])),
  ]);
  const ipRow: Admitted = ip[0];
  const freshAddress = ipRow?.failures === 1 && ipRow.windowStart === at;
  if (ipRow && (account[0] || freshAddress)) return;
  const refusedBy = ipRow ? [keys.account] : [keys.ip, ...(account[0] ? [] : [keys.account])];
  throw rateLimited("Too many failed sign-ins.", secondsUntil(rows, refusedBy, now));
}

/**
 * A correct password: the account's failures are forgotten, and the address gets back the attempt it
 * reserved (an office where many people sign in is not a guesser). Its run start stays, so a success
 * never makes an address "fresh" again.
 */
export async function settleSignIn(db: DB, keys: { account: string; ip: string }) {
  await db.batch([
    db.delete(loginAttempts).where(eq(loginAttempts.key, keys.account)),
    db
      .update(loginAttempts)
      .set({
        failures: sql`max(${loginAttempts.failures} - 1, 0)`,
        blockedUntil: sql`CASE WHEN ${loginAttempts.failures} - 1 < ${LIMITS.ip} THEN NULL ELSE ${loginAttempts.blockedUntil} END`,
      })
      .where(eq(loginAttempts.key, keys.ip)),
  ]);
}

/** Reserve a password-change attempt for one user: each user has their own bucket. */
export async function reservePasswordChange(db: DB, userId: string, now = Date.now()) {
  const key = passwordChangeKey(userId);
  const [admitted, rows] = await db.batch([
    reserve(db, key, LIMITS.passwordChange, now),
    db.select({ key: loginAttempts.key, blockedUntil: loginAttempts.blockedUntil }).from(loginAttempts).where(eq(loginAttempts.key, key)),
  ]);
  if (!admitted[0]) throw rateLimited("Too many wrong passwords.", secondsUntil(rows, [key], now));
}

/** The statement that forgets a user's password-change failures (part of the change's own batch). */
export const clearPasswordChange = (db: DB, userId: string) => db.delete(loginAttempts).where(eq(loginAttempts.key, passwordChangeKey(userId)));
