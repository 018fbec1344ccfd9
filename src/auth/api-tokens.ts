import { and, desc, eq, gt, isNull, or } from "drizzle-orm";
import type { DB } from "../db/client";
import { apiTokens, users, type Role } from "../db/schema";
import { newId, randomSecret, sha256Hex } from "../lib/ids";
import { notFound } from "../lib/errors";
import { narrowerRole } from "./actor";
import { auditEntry, auditEntryIf, type AuditBy } from "../audit/record";

// The prefix lets secret scanners recognise a leaked Copydesk token.
const TOKEN_PREFIX = "cdk_";

/** Longest lifetime an explicit expires_at may ask for; no expires_at means a token that lives until revoked. */
export const MAX_TOKEN_LIFETIME_MS = 366 * 24 * 60 * 60 * 1000;

/** `by`: the request minting it, recorded in the same batch (tests' helpers mint without one). */
export async function createApiToken(db: DB, owner: { id: string; role: Role }, name: string, role: Role, expiresAt: string | null = null, by?: AuditBy) {
  const secret = TOKEN_PREFIX + randomSecret(32);
  const row = {
    id: newId("tok"),
    userId: owner.id,
    name,
    tokenHash: await sha256Hex(secret),
    role: narrowerRole(role, owner.role),
    createdAt: new Date().toISOString(),
    expiresAt,
  };
  await db.batch([
    db.insert(apiTokens).values(row),
    ...(by ? [auditEntry(db, { ...by, action: "token.create", target: { type: "token", id: row.id, label: name }, summary: { after: { name, role: row.role, expires_at: expiresAt } } })] : []),
  ]);
  return { ...row, secret };
}

export function listApiTokens(db: DB, userId: string) {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt)).all();
}

export async function revokeApiToken(db: DB, userId: string, id: string, by: AuditBy) {
  const [done] = await db.batch([
    db
      .update(apiTokens)
      .set({ revokedAt: new Date().toISOString() })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name }),
    auditEntryIf(db, { ...by, action: "token.revoke", target: { type: "token", id } }),
  ]);
  if (!done.length) throw notFound("Token");
}

/** The token's owner, unless the token is unknown, revoked or past its expiry. */
export async function findTokenUser(db: DB, secret: string, now = new Date()) {
  if (!secret.startsWith(TOKEN_PREFIX)) return null;
  const row = await db
    .select({
      tokenId: apiTokens.id,
      tokenRole: apiTokens.role,
      lastUsedAt: apiTokens.lastUsedAt,
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, await sha256Hex(secret)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now.toISOString())),
      ),
    )
    .get();
  return row ?? null;
}

/** Minutes are precise enough for "last used", and a write per request would double a read's cost. */
export const TOUCH_INTERVAL_MS = 5 * 60 * 1000;
export const needsTouch = (lastUsedAt: string | null, now = Date.now()) => !lastUsedAt || now - Date.parse(lastUsedAt) > TOUCH_INTERVAL_MS;

export function touchApiToken(db: DB, tokenId: string) {
  return db.update(apiTokens).set({ lastUsedAt: new Date().toISOString() }).where(eq(apiTokens.id, tokenId));
}
