// The one way to write the audit log: a statement the caller puts in the SAME db.batch() as the
// change it records, so a change that commits always has its entry and a failed one leaves none.
// The table is append-only (triggers in migrations/0011_workflow.sql); nothing here updates or deletes.
import { sql, type SQL } from "drizzle-orm";
import type { Actor } from "../auth/actor";
import type { DB } from "../db/client";
import { auditLog } from "../db/schema";
import { newId } from "../lib/ids";
import type { AuditAction, AuditTargetType } from "./actions";

/** Who did it, copied at the time: later renames or deletions never rewrite the log. */
export interface AuditActor {
  userId: string | null;
  tokenId: string | null;
  label: string;
  role: string | null;
}

export const SYSTEM_ACTOR: AuditActor = { userId: null, tokenId: null, label: "system", role: null };

export function auditActorOf(actor: Actor): AuditActor {
  return { userId: actor.userId, tokenId: actor.via === "token" ? (actor.tokenId ?? null) : null, label: actor.name, role: actor.role };
}

export interface AuditInput {
  actor: AuditActor;
  action: AuditAction;
  target: { type: AuditTargetType; id: string | null; label?: string | null };
  /** Short before → after of what changed (field names, statuses, times): never bodies or secrets. */
  summary?: { before?: Record<string, unknown> | null; after?: Record<string, unknown> | null; note?: string };
  requestId?: string | null;
  now?: Date;
}

/** Who and which request, from an editorial request's actor: spread into auditEntry's input. */
export interface AuditBy {
  actor: AuditActor;
  requestId: string | null;
}
export const auditBy = (actor: Actor): AuditBy => ({ actor: auditActorOf(actor), requestId: actor.requestId ?? null });
/** Domain calls from outside a request (the cron, seed scripts, tests below the routes) are the system's. */
export const SYSTEM_BY: AuditBy = { actor: SYSTEM_ACTOR, requestId: null };

/** An INSERT for the caller's batch. */
export function auditEntry(db: DB, e: AuditInput) {
  return db.insert(auditLog).values({
    id: newId("aud"),
    at: (e.now ?? new Date()).toISOString(),
    actorUserId: e.actor.userId,
    actorTokenId: e.actor.tokenId,
    actorLabel: e.actor.label,
    actorRole: e.actor.role,
    action: e.action,
    targetType: e.target.type,
    targetId: e.target.id,
    targetLabel: e.target.label ?? null,
    summary: e.summary ?? {},
    requestId: e.requestId ?? null,
  });
}

/**
 * An INSERT that happens only if `when` holds as the batch reaches it — by default, only if the
 * statement just before it changed a row (`changes()`): for writes that find out inside the batch
 * whether their target exists (a revoke of an unknown token must leave no entry).
 */
export function auditEntryIf(db: DB, e: AuditInput, when: SQL = sql`changes() > 0`) {
  const summary = JSON.stringify(e.summary ?? {});
  return db.insert(auditLog).select(
    sql`SELECT ${newId("aud")}, ${(e.now ?? new Date()).toISOString()}, ${e.actor.userId}, ${e.actor.tokenId}, ${e.actor.label}, ${e.actor.role}, ${e.action}, ${e.target.type}, ${e.target.id}, ${e.target.label ?? null}, ${summary}, ${e.requestId ?? null} WHERE ${when}`,
  );
}
