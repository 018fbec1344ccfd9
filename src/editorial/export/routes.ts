import { Hono } from "hono";
import type { AppEnv } from "../../http/app-env";
import { assertJsonType, byteLimit, limitedBody } from "../../http/json-body";
import { AppError } from "../../lib/errors";
import { assertAllowed } from "../permissions";
import { exportNewsroom } from "./export-stream";
import { importNewsroom } from "./import";

/** Under the 100 MB request limit of Cloudflare's Free and Pro plans. */
export const MAX_IMPORT_BYTES = 90 * 1024 * 1024;
/** A gzipped upload may inflate to this much: the import streams, so this bounds work, not memory. */
export const MAX_IMPORT_INFLATED_BYTES = 1024 * 1024 * 1024;

export const exportRoutes = new Hono<AppEnv>()
  .get("/export", (c) => {
    assertAllowed(c.var.actor, "newsroom.export");
    const { stream, done } = exportNewsroom(c.env.DB, c.env.MEDIA);
    c.executionCtx.waitUntil(done.catch((err) => console.error("export failed", err)));
    const stamp = new Date().toISOString().slice(0, 10);
    return c.body(stream, 200, {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="copydesk-export-${stamp}.json"`,
    });
  })
  .post("/import", async (c) => {
    assertAllowed(c.var.actor, "newsroom.import");
    assertJsonType(c);
    const body = inflateIfGzip(limitedBody(c, MAX_IMPORT_BYTES));
    const { userId, email } = c.var.actor;
    const summary = await importNewsroom(c.env.DB, c.env.MEDIA, { id: userId, email }, body);
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
