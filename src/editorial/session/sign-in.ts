import { eq } from "drizzle-orm";
import { burnPasswordCheck, hashPassword, verifyPassword } from "../../auth/password";
import { clearLoginFailures, loginKeys, loginRetryAfter, recordLoginFailure } from "../../auth/rate-limit";
import type { DB } from "../../db/client";
import { sessions, users } from "../../db/schema";
import { AppError } from "../../lib/errors";

/** Checks a password under the per-account and per-IP limits; the same error for every failure. */
export async function signIn(db: DB, email: string, password: string, ip: string) {
  const keys = loginKeys(email, ip);
  const wait = await loginRetryAfter(db, keys);
  if (wait > 0) {
    throw new AppError("rate_limited", `Too many failed sign-ins. Try again in ${wait} seconds.`, {
      retry_after: wait,
      headers: { "retry-after": String(wait) },
    });
  }
  const user = await db.select().from(users).where(eq(users.email, email)).get();
  const ok = user ? await verifyPassword(password, user.passwordHash) : (await burnPasswordCheck(password), false);
  if (!user || !ok) {
    await recordLoginFailure(db, keys);
    throw new AppError("unauthorized", "The email or password is wrong.");
  }
  await clearLoginFailures(db, keys.account);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** Self-service password change: proves the current password, then ends every session of the user. */
export async function changeOwnPassword(db: DB, userId: string, current: string, next: string) {
  const user = await db.select().from(users).where(eq(users.id, userId)).get();
  // The same per-account limit as sign-in: a stolen session must not become a password oracle.
  const keys = loginKeys(user?.email ?? userId, "password-change");
  const wait = await loginRetryAfter(db, keys);
  if (wait > 0) throw new AppError("rate_limited", `Too many wrong passwords. Try again in ${wait} seconds.`, { retry_after: wait, headers: { "retry-after": String(wait) } });
  if (!user || !(await verifyPassword(current, user.passwordHash))) {
    await recordLoginFailure(db, keys);
    throw new AppError("validation_failed", "The current password is wrong.", { errors: [{ path: "current_password", message: "Wrong password." }] });
  }
  await db.batch([
    db.update(users).set({ passwordHash: await hashPassword(next), updatedAt: new Date().toISOString() }).where(eq(users.id, userId)),
    db.delete(sessions).where(eq(sessions.userId, userId)),
  ]);
}
