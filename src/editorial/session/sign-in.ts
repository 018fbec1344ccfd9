import { and, eq, isNull } from "drizzle-orm";
import { burnPasswordCheck, hashPassword, verifyPassword } from "../../auth/password";
import { clearPasswordChange, loginKeys, reservePasswordChange, reserveSignIn, settleSignIn } from "../../auth/rate-limit";
import type { DB } from "../../db/client";
import { apiTokens, sessions, users } from "../../db/schema";
import { AppError } from "../../lib/errors";
import { auditEntry, type AuditBy } from "../../audit/record";

/**
 * Checks a password under the per-account and per-address limits, reserved before the check (see
 * src/auth/rate-limit.ts); the same answer for an unknown email as for a wrong password.
 */
export async function signIn(db: DB, email: string, password: string, ip: string | null | undefined, requestId: string) {
  const keys = loginKeys(email, ip);
  // Refusals by the limit itself are not recorded: an entry is permanent, and a flood of them would
  // be a way to fill the log and the database that nothing could clean up. The failures that
  // tripped the limit are in the log.
  await reserveSignIn(db, keys);
  const user = await db.select().from(users).where(eq(users.email, email)).get();
  const ok = user ? await verifyPassword(password, user.passwordHash) : (await burnPasswordCheck(password), false);
  if (!user || !ok) {
    // Whoever typed it is unknown: the account is the target, never the actor (a filter by actor
    // lists what that person did). Never the email typed or the password.
    await auditEntry(db, {
      actor: { userId: null, tokenId: null, label: "anonymous", role: null },
      action: "session.sign_in_failed",
      target: user ? { type: "user", id: user.id, label: user.name } : { type: "session", id: null },
      summary: { note: user ? "wrong password" : "unknown account" },
      requestId,
    });
    throw new AppError("unauthorized", "The email or password is wrong.");
  }
  await settleSignIn(db, keys);
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** The entry a new session commits with. */
export const signedInEntry = (db: DB, user: { id: string; name: string; role: string }, requestId: string) =>
  auditEntry(db, { actor: { userId: user.id, tokenId: null, label: user.name, role: user.role }, action: "session.sign_in", target: { type: "session", id: null }, requestId });

/**
 * Self-service password change. The current password is checked under the user's own limit (a
 * stolen session must not become a password oracle, and one user's typos never block another's
 * change). A changed password usually means a suspected compromise, so every session ends and every
 * API token of the user is revoked, in the same batch as the new hash.
 */
export async function changeOwnPassword(db: DB, userId: string, current: string, next: string, by: AuditBy) {
  await reservePasswordChange(db, userId);
  const user = await db.select().from(users).where(eq(users.id, userId)).get();
  if (!user || !(await verifyPassword(current, user.passwordHash))) {
    throw new AppError("validation_failed", "The current password is wrong.", { errors: [{ path: "current_password", message: "Wrong password." }] });
  }
  const now = new Date().toISOString();
  await db.batch([
    db.update(users).set({ passwordHash: await hashPassword(next), updatedAt: now }).where(eq(users.id, userId)),
    db.delete(sessions).where(eq(sessions.userId, userId)),
    db.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))),
    clearPasswordChange(db, userId),
    auditEntry(db, { ...by, action: "user.password_change", target: { type: "user", id: userId, label: user.name }, summary: { note: "own password; sessions ended, tokens revoked" } }),
  ]);
}
