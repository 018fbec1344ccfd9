// The one way to write the audit log: a statement the caller puts in the SAME db.batch() as the
// change it records, so a change that commits always has its entry and a failed one leaves none.
// The table is append-only (triggers in migrations/0011_workflow.sql); nothing here updates or deletes.
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
