import { Hono } from "hono";
import * as v from "valibot";
import type { AuthedEnv } from "../../http/app-env";
import { can, route } from "../../http/contract";
import { assertJsonType, byteLimit, limitedBody } from "../../http/json-body";
import { AppError } from "../../lib/errors";
import { BODY_ERRORS } from "../shared";
import { auditBy, auditEntry } from "../../audit/record";
import { exportNewsroom } from "./export-stream";
import { importNewsroom } from "./import";
import { ROW_SCHEMAS } from "./row-schemas";
import { EXPORT_FORMAT, EXPORT_TABLES, EXPORT_VERSION } from "./tables";

/** Under the 100 MB request limit of Cloudflare's Free and Pro plans. */
export const MAX_IMPORT_BYTES = 90 * 1024 * 1024;
/** A gzipped upload may inflate to this much: the import streams, so this bounds work, not memory. */
export const MAX_IMPORT_INFLATED_BYTES = 1024 * 1024 * 1024;

const MB = (bytes: number) => `${bytes / 1024 / 1024} MB`;

/**
 * The export document, as GET /export writes it and POST /import reads it: each table's rows by the
 * very schemas the import checks them with (row-schemas.ts), so the reference describes a file that
 * restores. Rows are as stored (column names; JSON columns as text); media rows add `data`.
 * Not a named component: the document builder converts every component for each schema it converts,
 * and this one is large; written out twice, it costs the build nothing.
 */
const NewsroomExport = v.pipe(
  v.object({
    format: v.literal(EXPORT_FORMAT),
    version: v.pipe(v.literal(EXPORT_VERSION), v.description("The export format's version; an import reads this version only.")),
    exported_at: v.pipe(v.string(), v.description("When the export began (UTC, RFC 3339).")),
    tables: v.pipe(
      v.object(Object.fromEntries(EXPORT_TABLES.map((t) => [t.name, v.array(ROW_SCHEMAS[t.name]!)]))),
      v.description("Every table, in the order an import inserts them (parents before children)."),
    ),
  }),
  v.description("A whole newsroom: users (without secrets), articles, revisions, working copies, internal notes (`article_notes`: the newsroom's own, never public), amendments, live blogs' entries with their bylines and history (not their change log: after an import each blog's streams start afresh), editorial stages and assignments, the audit log (appended on import, never replaced), contributors, tags, sections, collections, redirects, site settings and every image's bytes (`data`, base64)."),
);

/**
 * The same document for the background export's download (job-routes.ts). A function, not the
 * schema itself: a module's exported schemas are held to be route inputs (tests/security/limits).
 */
export const newsroomExportDocument = () => NewsroomExport;

const tags = ["newsroom"];

export const exportRoutes = new Hono<AuthedEnv>()
  .get("/export",
    route({
      summary: "Export the whole newsroom as one JSON document",
      description: "Streamed as it is read, a page of rows at a time, so it starts at once however large the archive. An image missing from storage is exported with `data: null`.",
      tags,
      ok: {
        200: {
          description: "The newsroom, streamed",
          schema: NewsroomExport,
          headers: { "Content-Disposition": { description: 'Always `attachment; filename="copydesk-export-<UTC date>.json"`.', required: true } },
        },
      },
    }),
    can("newsroom.export"),
    async (c) => {
      // Recorded before the first byte (so the file carries its own entry): who took the newsroom out.
      await c.var.db.batch([auditEntry(c.var.db, { ...auditBy(c.var.actor), action: "newsroom.export", target: { type: "newsroom", id: null } })]);
      const { stream, done } = exportNewsroom(c.env.DB, c.env.MEDIA);
      c.executionCtx.waitUntil(done.catch((err) => console.error("export failed", err)));
      const stamp = new Date().toISOString().slice(0, 10);
      return c.body(stream, 200, {
        "content-type": "application/json; charset=utf-8",
        "content-disposition": `attachment; filename="copydesk-export-${stamp}.json"`,
      });
    })
  // The body is read here as a stream, with its own limits: it is far larger than input("json") buffers.
  .post("/import",
    route({
      summary: "Restore an export into an empty newsroom, all or nothing",
      description: [
        `Send an export as \`application/json\`, at most ${MB(MAX_IMPORT_BYTES)} as sent; a gzipped export may be sent as is (same content type, recognised by its bytes) and may inflate to ${MB(MAX_IMPORT_INFLATED_BYTES)}.`,
        "Every row is checked by the editorial API's own rules as it streams in; nothing is visible until the whole document has been read and checked.",
        "The importing admin keeps their own account (their exported user is mapped onto it); other users arrive without a usable password.",
        "409 `conflict` when the newsroom already has content or other accounts.",
      ].join(" "),
      tags,
      requestBody: { description: "An export (GET /export), as JSON or gzipped JSON.", content: { "application/json": { schema: NewsroomExport } } },
      ok: {
        201: v.object({
          imported: v.pipe(
            v.object(Object.fromEntries(EXPORT_TABLES.map((t) => [t.name, v.number()]))),
            v.description("Rows read per table (the importing admin's own user included)."),
          ),
        }),
      },
      errors: [...BODY_ERRORS, "conflict"],
    }),
    can("newsroom.import"),
    async (c) => {
      assertJsonType(c);
      const body = inflateIfGzip(limitedBody(c, MAX_IMPORT_BYTES));
      const { userId, email } = c.var.actor;
      const by = auditBy(c.var.actor);
      // One entry for the whole import, with its counts, in the batch that makes it visible.
      const record = (counts: Record<string, number>) =>
        auditEntry(c.var.db, { ...by, action: "newsroom.import", target: { type: "newsroom", id: null }, summary: { after: counts, note: "export restored" } }).toSQL();
      const summary = await importNewsroom(c.env.DB, c.env.MEDIA, { id: userId, email }, body, record);
      return c.json({ imported: summary }, 201);
    });

/**
 * A gzipped export (`gzip copydesk-export.json`, sent as is) is inflated as it streams, so a
 * newsroom whose JSON is larger than the request limit still fits in one upload. Decided by the
 * gzip magic bytes rather than Content-Encoding: a JSON document cannot start with 0x1f, and
 * whether a proxy already inflated the body no longer matters.
 */
function inflateIfGzip(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let source: ReadableStreamDefaultReader<Uint8Array> | null = null;
  return new ReadableStream<Uint8Array>({
    async pull(ctl) {
      if (!source) {
        const head = await reader.read();
        if (head.done) return ctl.close();
        // The first chunk, put back in front of the rest.
        const whole = new ReadableStream<Uint8Array>({
          start: (c2) => c2.enqueue(head.value),
          async pull(c2) {
            const { done, value } = await reader.read();
            if (done) c2.close();
            else c2.enqueue(value);
          },
          cancel: (reason) => reader.cancel(reason),
        });
        const gzip = head.value[0] === 0x1f && head.value[1] === 0x8b;
        source = (gzip ? whole.pipeThrough(new DecompressionStream("gzip")).pipeThrough(byteLimit(MAX_IMPORT_INFLATED_BYTES, inflatedTooLarge)) : whole).getReader();
      }
      const { done, value } = await source.read();
      if (done) ctl.close();
      else ctl.enqueue(value);
    },
    cancel: (reason) => (source ? source.cancel(reason) : reader.cancel(reason)),
  });
}

const inflatedTooLarge = (max: number) => new AppError("payload_too_large", `The export inflates to more than ${max} bytes.`);
