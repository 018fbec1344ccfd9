import { and, asc, eq, isNull, sql, type SQL } from "drizzle-orm";
import { hashPassword } from "../../auth/password";
import { runBatch, type Statement } from "../../db/batch";
import type { DB } from "../../db/client";
import { constraintProblem } from "../../db/constraint-errors";
import { apiTokens, sessions, users, type Role } from "../../db/schema";
import { AppError, notFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { auditEntry, auditEntryIf, type AuditBy, type AuditInput } from "../../audit/record";

export type UserRow = typeof users.$inferSelect;

export function listUsers(db: DB) {
  return db.select().from(users).orderBy(asc(users.email)).all();
}

export async function createUser(db: DB, input: { email: string; name: string; role: Role; password: string }, by: AuditBy) {
  // The pre-check spares a password hash for the common mistake; the unique index decides races.
  const taken = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email)).get();
  if (taken) throw new AppError("conflict", "A user with that email already exists.", { errors: [{ path: "email", message: "Already in use." }] });
  const row = { id: newId("usr"), email: input.email, name: input.name, role: input.role, passwordHash: await hashPassword(input.password) };
  try {
    // The entry names the account and its role, never its email or password.
    const [created] = await db.batch([
      db.insert(users).values(row).returning(),
      auditEntry(db, { ...by, action: "user.create", target: { type: "user", id: row.id, label: row.name }, summary: { after: { name: row.name, role: row.role } } }),
    ]);
    return created[0]!;
  } catch (err) {
    throw constraintProblem(err) ?? err;
  }
}

/**
 * True unless removing `id` from the admins would leave none. It is part of each write's own WHERE, so
 * two admins removing each other at once cannot both pass (D1 runs one statement, and one batch, at a time).
 */
const keepsAnAdmin = (id: string) =>
  sql`(not exists (select 1 from users as target where target.id = ${id} and target.role = 'admin') or exists (select 1 from users as other where other.role = 'admin' and other.id <> ${id}))`;

const lastAdmin = () => new AppError("conflict", "This is the newsroom's last admin: make someone else an admin first, so somebody can still manage users.");

export async function updateUser(
  db: DB,
  actorId: string,
  id: string,
  patch: { name?: string | undefined; role?: Role | undefined; password?: string | undefined },
  by: AuditBy,
) {
  // Demoting oneself is refused outright, even with other admins: it is almost always a slip.
  if (id === actorId && patch.role && patch.role !== "admin") {
    throw new AppError("forbidden", "You cannot remove your own admin role.");
  }
  const now = new Date().toISOString();
  const set: Partial<typeof users.$inferInsert> = { updatedAt: now };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.role !== undefined) set.role = patch.role;
  if (patch.password !== undefined) set.passwordHash = await hashPassword(patch.password);
  const guard = (where: SQL) => (patch.role !== undefined && patch.role !== "admin" ? and(where, keepsAnAdmin(id))! : where);

  // One batch: the new hash or role, the end of every session opened before it and, for a password
  // reset, every API token revoked — all or nothing, and all under the same last-admin guard, so a
  // refused demotion signs nobody out. The guard reads only users, which the first statements leave alone.
  const statements: Statement[] = [];
  if (patch.password !== undefined) {
    statements.push(db.update(apiTokens).set({ revokedAt: now }).where(guard(and(eq(apiTokens.userId, id), isNull(apiTokens.revokedAt))!)));
  }
  if (patch.password !== undefined || patch.role !== undefined) statements.push(db.delete(sessions).where(guard(eq(sessions.userId, id))));
  // What it was, for the entry's before → after (read first; the guarded UPDATE still decides).
  const before = await db.select({ name: users.name, role: users.role }).from(users).where(eq(users.id, id)).get();
  statements.push(db.update(users).set(set).where(guard(eq(users.id, id))).returning());
  const at = statements.length - 1;
  if (before) statements.push(...userChangeEntries(db, id, before, patch, by));
  const results: unknown[] = await runBatch(db, statements);
  const row = (results[at] as UserRow[])[0];
  if (row) return row;
  const exists = await db.select({ id: users.id }).from(users).where(eq(users.id, id)).get();
  throw exists ? lastAdmin() : notFound("User");
}

/**
 * One entry per kind of change (a role change and a password reset are what an audit is read for),
 * each only if the guarded UPDATE just before changed the row: `changes()` is that UPDATE's count
 * for the first entry, then the count of the entry before (1 exactly when the UPDATE counted).
 */
function userChangeEntries(db: DB, id: string, before: { name: string; role: Role }, patch: { name?: string | undefined; role?: Role | undefined; password?: string | undefined }, by: AuditBy) {
  const target = { type: "user" as const, id, label: patch.name ?? before.name };
  const entries: AuditInput[] = [];
  if (patch.role !== undefined && patch.role !== before.role) {
    entries.push({ ...by, action: "user.role_change", target, summary: { before: { role: before.role }, after: { role: patch.role }, note: "sessions ended" } });
  }
  if (patch.password !== undefined) entries.push({ ...by, action: "user.password_change", target, summary: { note: "reset by an admin; sessions ended, tokens revoked" } });
  if (patch.name !== undefined || !entries.length) {
    entries.push({ ...by, action: "user.update", target, summary: { before: { name: before.name }, after: { name: patch.name ?? before.name } } });
  }
  return entries.map((e) => auditEntryIf(db, e));
}

export async function deleteUser(db: DB, actorId: string, id: string, by: AuditBy) {
  if (id === actorId) throw new AppError("forbidden", "You cannot delete your own account.");
  const before = await db.select({ name: users.name, role: users.role }).from(users).where(eq(users.id, id)).get();
  const [gone] = await db.batch([
    db.delete(users).where(and(eq(users.id, id), keepsAnAdmin(id))).returning({ id: users.id }),
    auditEntryIf(db, { ...by, action: "user.delete", target: { type: "user", id, label: before?.name ?? null }, summary: { before: before ? { name: before.name, role: before.role } : null } }),
  ]);
  if (gone.length) return;
  const exists = await db.select({ id: users.id }).from(users).where(eq(users.id, id)).get();
  throw exists ? lastAdmin() : notFound("User");
}
