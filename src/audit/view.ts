// What the audit API shows of an entry: one explicit mapper, so a column added to the table is not
// shown until someone decides it should be.
import * as v from "valibot";
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from "./actions";
import type { AuditRow } from "./query";

const Fields = v.pipe(v.record(v.string(), v.unknown()), v.description("Field names and short values (statuses, times, names, counts): never bodies, emails or secrets."));

export const AuditEntryView = v.object({
  id: v.string(),
  at: v.pipe(v.string(), v.description("When it happened (UTC, RFC 3339).")),
  actor: v.object({
    user_id: v.pipe(v.nullable(v.string()), v.description("The account, or null for the system (the cron) and an anonymous failed sign-in.")),
    token_id: v.pipe(v.nullable(v.string()), v.description("The API token it came through; null for a signed-in session.")),
    label: v.pipe(v.string(), v.description('The actor\'s name at the time, "system" for the cron, "anonymous" for a failed sign-in with an unknown account.')),
    role: v.nullable(v.string()),
  }),
  action: v.pipe(v.string(), v.description("One of the catalogue's actions (`<target>.<verb>`), e.g. `article.publish`.")),
  target: v.object({
    type: v.picklist(AUDIT_TARGET_TYPES),
    id: v.nullable(v.string()),
    label: v.pipe(v.nullable(v.string()), v.description("The target's name or headline at the time.")),
  }),
  summary: v.object({
    before: v.optional(v.nullable(Fields)),
    after: v.optional(v.nullable(Fields)),
    note: v.optional(v.string()),
  }),
  request_id: v.pipe(v.nullable(v.string()), v.description("The request that did it: Cloudflare's `cf-ray` when there was one, else an id of ours (`req_…`).")),
});
export type AuditEntry = v.InferOutput<typeof AuditEntryView>;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);

export function toAuditView(r: AuditRow): AuditEntry {
  // Only the three keys the catalogue writes (an imported log may carry anything).
  const s = isObject(r.summary) ? r.summary : {};
  const summary: AuditEntry["summary"] = {};
  if (isObject(s.before) || s.before === null) summary.before = s.before;
  if (isObject(s.after) || s.after === null) summary.after = s.after;
  if (typeof s.note === "string") summary.note = s.note;
  return {
    id: r.id,
    at: r.at,
    actor: { user_id: r.actorUserId, token_id: r.actorTokenId, label: r.actorLabel, role: r.actorRole },
    action: r.action,
    target: {
      type: (AUDIT_TARGET_TYPES as readonly string[]).includes(r.targetType) ? (r.targetType as AuditEntry["target"]["type"]) : "newsroom",
      id: r.targetId,
      label: r.targetLabel,
    },
    summary,
    request_id: r.requestId,
  };
}

