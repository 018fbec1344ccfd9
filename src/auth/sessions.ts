import { and, eq, gt } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { DB } from "../db/client";
import { sessions, users } from "../db/schema";
import { randomSecret, sha256Hex } from "../lib/ids";

export const SESSION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

/** `also`: statements that commit with the new session (its audit entry). */
export async function createSession(db: DB, userId: string, now = new Date(), also: BatchItem<"sqlite">[] = []) {
  const token = randomSecret(32);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS).toISOString();
  await db.batch([db.insert(sessions).values({ idHash: await sha256Hex(token), userId, createdAt: now.toISOString(), expiresAt }), ...also]);
  return { token, expiresAt };
}

export async function findSessionUser(db: DB, token: string, now = new Date()) {
  const row = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.idHash, await sha256Hex(token)), gt(sessions.expiresAt, now.toISOString())))
    .get();
  return row ?? null;
}

export async function deleteSession(db: DB, token: string, also: BatchItem<"sqlite">[] = []) {
  await db.batch([db.delete(sessions).where(eq(sessions.idHash, await sha256Hex(token))), ...also]);
}
