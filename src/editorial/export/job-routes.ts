// Background exports (admins): POST /exports starts one, GET /exports/{id} says how far it got, and
// GET /exports/{id}/file downloads the finished document — the same bytes GET /export streams, but
// written to R2 a step at a time by the export Queue (jobs.ts), so it works at any archive size.
import { Hono } from "hono";
import * as v from "valibot";
import { auditBy, auditEntry } from "../../audit/record";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { IdParam } from "../shared";
import { deleteExport, exportFile, getExport, listExports, startExport, type ExportJobRow } from "./jobs";
import { EXPORT_JOB_STATUSES } from "../../db/schema";
import { newsroomExportDocument } from "./routes";

const time = (what: string) => v.pipe(v.string(), v.description(`${what} (UTC, RFC 3339).`));

const ExportJobView = v.object({
  id: v.string(),
  status: v.pipe(v.picklist(EXPORT_JOB_STATUSES), v.description("`queued`, `running` (steps being written), `done` (download `file_url`) or `failed` (see `error`).")),
  exported_at: time("The document's `exported_at`: when the export was asked for"),
  bytes: v.pipe(v.number(), v.description("Bytes written so far; the file's size once done.")),
  steps: v.pipe(v.number(), v.description("Steps written so far (each is one piece of the file in R2).")),
  error: v.pipe(v.nullable(v.string()), v.description("Why a failed export stopped.")),
  created_at: time("Asked for"),
  updated_at: time("Last step written"),
  finished_at: v.pipe(v.nullable(v.string()), v.description("When the last step was written, or the export failed (UTC).")),
  expires_at: time("When the file and this job are deleted"),
  file_url: v.pipe(v.nullable(v.string()), v.description("The download, once `done`: `GET` it with the same credentials.")),
});
const One = v.object({ export: ExportJobView });

const toView = (row: ExportJobRow) => ({
  id: row.id,
  status: row.status,
  exported_at: row.exportedAt,
  bytes: row.bytes,
  steps: row.seq,
  error: row.error,
  created_at: row.createdAt,
  updated_at: row.updatedAt,
  finished_at: row.finishedAt,
  expires_at: row.expiresAt,
  file_url: row.status === "done" ? `/api/editorial/v1/exports/${row.id}/file` : null,
});

const tags = ["newsroom"];

export const exportJobRoutes = new Hono<AuthedEnv>()
  .post("/",
    route({
      summary: "Start a background export of the whole newsroom",
      description:
        "Writes the same document as `GET /export` to storage, a step at a time, so it works whatever the archive's size (one request reads only so many pages and images). Poll the `Location` until `status` is `done`, then download `file_url`; the file is kept 7 days. One export at a time: 409 while another is queued or running.",
      tags,
      ok: { 202: { description: "Started", schema: One, headers: { Location: { description: "The job: `/api/editorial/v1/exports/{id}`.", required: true } } } },
      errors: ["conflict"],
    }),
    can("newsroom.export"),
    async (c) => {
      const audit = auditEntry(c.var.db, { ...auditBy(c.var.actor), action: "newsroom.export", target: { type: "newsroom", id: null }, summary: { note: "background export" } });
      const row = await startExport(c.var.db, c.env.EXPORTS, c.var.actor.userId, audit);
      c.header("Location", `/api/editorial/v1/exports/${row.id}`);
      return c.json({ export: toView(row) }, 202);
    })
  .get("/",
    route({ summary: "List background exports", description: "Newest first, the last 20 (finished files are deleted after 7 days).", tags, ok: { 200: v.object({ exports: v.array(ExportJobView) }) } }),
    can("newsroom.export"),
    async (c) => c.json({ exports: (await listExports(c.var.db)).map(toView) }))
  .get("/:id",
    route({ summary: "Get a background export", tags, ok: { 200: One }, errors: ["not_found"] }),
    can("newsroom.export"), input("param", IdParam),
    async (c) => c.json({ export: toView(await getExport(c.var.db, c.req.valid("param").id)) }))
  .get("/:id/file",
    route({
      summary: "Download a finished export",
      description: "The export document (`GET /export`'s format), streamed. 409 while the export is still being written or if it failed.",
      tags,
      ok: { 200: { description: "The newsroom", schema: newsroomExportDocument(), headers: { "Content-Disposition": { description: 'Always `attachment; filename="copydesk-export-<UTC date>.json"`.', required: true } } } },
      errors: ["not_found", "conflict"],
    }),
    can("newsroom.export"), input("param", IdParam),
    async (c) => {
      const { job, length, stream } = await exportFile(c.var.db, c.env.MEDIA, c.req.valid("param").id);
      return c.body(stream, 200, {
        "content-type": "application/json; charset=utf-8",
        "content-length": String(length),
        "content-disposition": `attachment; filename="copydesk-export-${job.exportedAt.slice(0, 10)}.json"`,
      });
    })
  .delete("/:id",
    route({ summary: "Delete a background export", description: "The job and its file, whatever its status (a running export stops).", tags, ok: { 204: { description: "Deleted" } }, errors: ["not_found"] }),
    can("newsroom.export"), input("param", IdParam),
    async (c) => {
      const id = c.req.valid("param").id;
      await deleteExport(c.var.db, c.env.MEDIA, id, auditEntry(c.var.db, { ...auditBy(c.var.actor), action: "newsroom.export_delete", target: { type: "newsroom", id: null }, summary: { note: `background export ${id} deleted` } }));
      return c.body(null, 204);
    });
