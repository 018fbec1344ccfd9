// Short before → after summaries the recording sites share. Names, slugs, statuses and field NAMES
// only: a changed description or body is reported as "changed", never copied into the log.
import type { DB } from "../db/client";
import type { AuditTargetType } from "./actions";
import { auditEntry, type AuditBy } from "./record";

/** Long strings (a path, a URL) cut for the log: it says what, not everything. */
export const short = (s: string, max = 200) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** The keys of a PATCH body that were sent (undefined means "not sent"). */
export const sentFields = (input: object): string[] =>
  Object.entries(input)
    .filter(([, value]) => value !== undefined)
    .map(([key]) => key)
    .sort();

type Named = { name: string; slug?: string | null };
const named = (n: Named) => ({ name: n.name, ...(n.slug != null && { slug: n.slug }) });

/**
 * A tag's, section's, collection's or contributor's create, update or delete (`taxonomy.*`). The
 * target label is its name after the change (before it, for a delete).
 */
export function taxonomyEntry(
  db: DB,
  by: AuditBy,
  type: Extract<AuditTargetType, "tag" | "section" | "collection" | "contributor">,
  id: string,
  change: { before?: Named; after?: Named; input?: object },
) {
  const verb = !change.before ? "create" : !change.after ? "delete" : "update";
  return auditEntry(db, {
    ...by,
    action: `taxonomy.${verb}`,
    target: { type, id, label: (change.after ?? change.before)!.name },
    summary: {
      ...(change.before && { before: named(change.before) }),
      ...(change.after && { after: { ...named(change.after), ...(change.input && { changed_fields: sentFields(change.input) }) } }),
    },
  });
}
