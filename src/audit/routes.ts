// The audit log, read-only (admins). Nothing here or anywhere writes it except auditEntry in the
// batch of the change it records; the table's triggers refuse UPDATE, and DELETE except of entries
// the cron has archived to R2 (src/scheduled/archive-audit.ts), which GET /archives lists.
import { Hono } from "hono";
import * as v from "valibot";
import type { AuthedEnv } from "../http/app-env";
import { can, input, route } from "../http/contract";
import { Cursor, PageLimit } from "../lib/paging";
import { Instant } from "../lib/time";
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, type AuditAction } from "./actions";
import { listAudit } from "./query";
import { archiveStream, AuditArchiveView, listArchives, Month, olderEntries, OlderEntries } from "./archives";
import { AuditEntryView, toAuditView } from "./view";

const Id = v.pipe(v.string(), v.maxLength(64));
const known = new Set<string>(AUDIT_ACTIONS);

export const AuditQuery = v.object({
  actor: v.optional(v.pipe(Id, v.description("A user id: what that account did (through a session or any of its tokens)."))),
  token: v.optional(v.pipe(Id, v.description("An API token id: what was done through that token."))),
  action: v.optional(
    v.pipe(
      v.string(),
      v.description("One action, or several separated by commas, e.g. `article.publish,article.unpublish`."),
      // Each distinct once: the list becomes one bound parameter per action, fewer than D1's 100.
      v.transform((s) => [...new Set(s.split(",").map((a) => a.trim()).filter(Boolean))]),
      v.check((list) => list.length > 0 && list.every((a) => known.has(a)), "Use actions from the catalogue (the README's Audit log), separated by commas."),
      v.transform((list) => list as AuditAction[]),
    ),
  ),
  target_type: v.optional(v.picklist(AUDIT_TARGET_TYPES)),
  target: v.optional(v.pipe(Id, v.description("A target id (an article's, a user's…)."))),
  article: v.optional(
    v.pipe(Id, v.description("One story's whole history: entries whose target is the article, and those of its amendments (`amendment.*`) and internal notes (`note.*`), whose target is the amendment or note.")),
  ),
  since: v.optional(v.pipe(Instant, v.description("Entries at or after this instant."))),
  until: v.optional(v.pipe(Instant, v.description("Entries before this instant."))),
  limit: PageLimit,
  cursor: v.optional(Cursor),
});

const Page = v.object({
  entries: v.array(AuditEntryView),
  next_cursor: v.pipe(v.nullable(v.string()), v.description("Pass as `cursor` (with the same filters) for the next, older page; null on the last.")),
  older_entries: OlderEntries,
});

const tags = ["audit"];

export const auditRoutes = new Hono<AuthedEnv>().get("/",
  route({
    summary: "Read the audit log",
    description: "Newest first. Filters combine (all must hold); `limit` is 1–100 (default 20). Entries are append-only: no route changes or removes one. Entries older than the retention (12 whole months before the current one) are moved to monthly archives (`GET /audit/archives`) and are not found here; `older_entries` says up to when.",
    tags, ok: { 200: Page }, errors: ["validation_failed"],
  }),
  can("audit.read"), input("query", AuditQuery),
  async (c) => {
    const q = c.req.valid("query");
    const page = await listAudit(c.var.db, {
      actor: q.actor, token: q.token, actions: q.action, targetType: q.target_type, target: q.target, article: q.article,
      since: q.since, until: q.until, limit: q.limit, cursor: q.cursor,
    });
    return c.json({ entries: page.rows.map(toAuditView), next_cursor: page.nextCursor, older_entries: await olderEntries(c.var.db) });
  })
  .get("/archives",
    route({
      summary: "List the audit log's archived months",
      description: "Oldest first. The cron moves entries older than the retention (12 whole months before the current one) out of the database, a month at a time, into storage; each month is downloadable whole.",
      tags, ok: { 200: v.object({ archives: v.array(AuditArchiveView) }) },
    }),
    can("audit.read"),
    async (c) => c.json({ archives: await listArchives(c.var.db) }))
  .get("/archives/:month",
    route({
      summary: "Download an archived month of the audit log",
      description: "NDJSON: one entry per line, as `GET /audit` shows entries, oldest part first (within a part, oldest first).",
      tags,
      ok: {
        200: {
          description: "The month's entries, streamed",
          content: { "application/x-ndjson": { description: "One audit entry (the `GET /audit` entry object) per line.", schema: AuditEntryView } },
          headers: { "Content-Disposition": { description: 'Always `attachment; filename="audit-<month>.ndjson"`.', required: true } },
        },
      },
      // internal: a part of the month is missing from storage (checked before the 200 goes out).
      errors: ["not_found", "validation_failed", "internal"],
    }),
    can("audit.read"), input("param", v.object({ month: Month })),
    async (c) => {
      const { month } = c.req.valid("param");
      const stream = await archiveStream(c.var.db, c.env.MEDIA, month);
      return c.body(stream, 200, { "content-type": "application/x-ndjson; charset=utf-8", "content-disposition": `attachment; filename="audit-${month}.ndjson"` });
    });
