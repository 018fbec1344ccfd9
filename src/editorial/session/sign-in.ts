import { eq } from "drizzle-orm";
import { burnPasswordCheck, verifyPassword } from "../../auth/password";
import { clearLoginFailures, loginKeys, loginRetryAfter, recordLoginFailure } from "../../auth/rate-limit";
import type { DB } from "../../db/client";
import { users } from "../../db/schema";
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
