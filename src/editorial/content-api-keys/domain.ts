// Keys for the Ghost-compatible Content API (src/ghost-api). A key is what Ghost issues — 26
// lowercase hex characters — so a front-end built on Ghost's client keeps its configuration's shape
// and the client's own check (`/[0-9a-f]{26}/`) passes. Like our API tokens, only its SHA-256 is
// stored; the key is shown once, at creation, and `hint` (its last four characters) tells keys apart.
import { and, desc, eq, isNull } from "drizzle-orm";
import { auditEntry, auditEntryIf, type AuditBy } from "../../audit/record";
import type { DB } from "../../db/client";
import { contentApiKeys } from "../../db/schema";
import { notFound } from "../../lib/errors";
import { newId, sha256Hex } from "../../lib/ids";

/** Exactly Ghost's format: the client refuses anything else before sending a request. */
export const CONTENT_API_KEY = /^[0-9a-f]{26}$/;

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

export type ContentApiKeyRow = typeof contentApiKeys.$inferSelect;

/** 13 random bytes (104 bits): Ghost's length, unguessable, and read only by SHA-256 afterwards. */
export async function createContentApiKey(db: DB, name: string, createdBy: string, by: AuditBy): Promise<{ row: ContentApiKeyRow; key: string }> {
  const key = hex(crypto.getRandomValues(new Uint8Array(13)));
  const row: ContentApiKeyRow = {
    id: newId("cak"),
    name,
    keyHash: await sha256Hex(key),
    hint: key.slice(-4),
    createdBy,
    createdAt: new Date().toISOString(),
    revokedAt: null,
  };
  await db.batch([
    db.insert(contentApiKeys).values(row),
    auditEntry(db, { ...by, action: "content_key.create", target: { type: "content_key", id: row.id, label: name }, summary: { after: { name, hint: row.hint } } }),
  ]);
  return { row, key };
}

export function listContentApiKeys(db: DB) {
  return db.select().from(contentApiKeys).orderBy(desc(contentApiKeys.createdAt), desc(contentApiKeys.id)).all();
}

/** Revoked at once: the Ghost API checks the key before any cached answer is served. */
export async function revokeContentApiKey(db: DB, id: string, by: AuditBy): Promise<void> {
  const [done] = await db.batch([
    db
      .update(contentApiKeys)
      .set({ revokedAt: new Date().toISOString() })
      .where(and(eq(contentApiKeys.id, id), isNull(contentApiKeys.revokedAt)))
      .returning({ id: contentApiKeys.id }),
    auditEntryIf(db, { ...by, action: "content_key.revoke", target: { type: "content_key", id } }),
  ]);
  if (!done.length) throw notFound("Content API key");
}

/** Whether `key` is an issued, unrevoked key: one probe of the hash's unique index. */
export async function isActiveContentApiKey(db: DB, key: string): Promise<boolean> {
  if (!CONTENT_API_KEY.test(key)) return false;
  const row = await db
    .select({ id: contentApiKeys.id })
    .from(contentApiKeys)
    .where(and(eq(contentApiKeys.keyHash, await sha256Hex(key)), isNull(contentApiKeys.revokedAt)))
    .get();
  return !!row;
}
