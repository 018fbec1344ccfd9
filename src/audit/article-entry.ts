// The audit entry of an article write (src/articles/write.ts puts it in the write's own batch).
// Statuses and times before → after, and for an edit the names of the fields that changed: never
// the text itself (the revision history has that, for those allowed to read it).
import { changedFields, type Snapshot } from "../articles/content";
import type { DB } from "../db/client";
import type { AuditAction } from "./actions";
import { auditEntry, type AuditBy } from "./record";

/** What each kind of article write is called in the log; imports are recorded once, by the import. */
const ACTION: Record<string, AuditAction | null> = {
  create: "article.create",
  update: "article.update",
  publish: "article.publish",
  unpublish: "article.unpublish",
  schedule: "article.schedule",
  archive: "article.archive",
  restore: "article.restore",
  // The cron's: recorded as the system doing what an editor scheduled.
  scheduled_publish: "article.publish",
  undelete: "article.undelete",
  submit: "article.submit",
  update_live: "article.update_live",
  scheduled_update: "article.update_live",
  import: null,
};

const stateOf = (s: Snapshot["state"]) => ({ status: s.status, scheduled_at: s.scheduled_at, published_at: s.published_at });

export function articleWriteEntry(
  db: DB,
  by: AuditBy,
  w: { id: string; action: string; previous?: Snapshot | null; previousStatus: string | null; restoredFrom?: number | null; minor?: boolean; note?: string },
  after: Snapshot,
  version: number,
  now: Date,
) {
  const action = ACTION[w.action];
  if (!action) return null;
  const changed = w.previous ? changedFields(w.previous, after).filter((f) => !["status", "scheduled_at", "published_at"].includes(f)) : [];
  return auditEntry(db, {
    ...by,
    now,
    action,
    target: { type: "article", id: w.id, label: after.content.headline },
    summary: {
      before: w.previous ? stateOf(w.previous.state) : w.previousStatus ? { status: w.previousStatus } : null,
      after: {
        ...stateOf(after.state),
        version,
        ...(changed.length && { changed_fields: changed }),
        ...(w.restoredFrom != null && { restored_from: w.restoredFrom }),
        ...(w.minor && { minor: true }),
      },
      ...(w.action === "scheduled_publish" || w.action === "scheduled_update" ? { note: w.note ?? "at the scheduled time" } : {}),
    },
  });
}
