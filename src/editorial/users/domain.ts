import { asc, eq } from "drizzle-orm";
import { hashPassword } from "../../auth/password";
import { deleteUserSessions } from "../../auth/sessions";
import type { DB } from "../../db/client";
import { users, type Role } from "../../db/schema";
import { AppError, notFound } from "../../lib/errors";
import { newId } from "../../lib/ids";

export type UserRow = typeof users.$inferSelect;

export function listUsers(db: DB) {
  return db.select().from(users).orderBy(asc(users.email)).all();
}

export async function createUser(db: DB, input: { email: string; name: string; role: Role; password: string }) {
  const taken = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get();
  if (taken) throw new AppError("conflict", "A user with that email already exists.", { errors: [{ path: "email", message: "Already in use." }] });
  const row = { id: newId("usr"), email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) };
  return db.insert(users).values(row).returning().get();
}

export async function updateUser(
  db: DB,
  actorId: string,
  id: string,
  patch: { name?: string | undefined; role?: Role | undefined; password?: string | undefined },
) {
  const current = await db.select().from(users).where(eq(users.id, id)).get();
  if (!current) throw notFound("User");
  // An admin demoting themselves could leave a newsroom with nobody able to manage users.
  if (id === actorId && patch.role && patch.role !== "admin") {
    throw new AppError("forbidden", "You cannot remove your own admin role.");
  }
  const set: Partial<typeof users.$inferInsert> = { updatedAt: new Date().toISOString() };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.role !== undefined) set.role = patch.role;
  if (patch.password !== undefined) set.passwordHash = await hashPassword(patch.password);
  const row = await db.update(users).set(set).where(eq(users.id, id)).returning().get();
  // A changed password or role must not live on in sessions opened before it.
  if (patch.password !== undefined || patch.role !== undefined) await deleteUserSessions(db, id);
  return row!;
}

export async function deleteUser(db: DB, actorId: string, id: string) {
  if (id === actorId) throw new AppError("forbidden", "You cannot delete your own account.");
  const gone = await db.delete(users).where(eq(users.id, id)).returning({ id: users.id }).get();
  if (!gone) throw notFound("User");
}
