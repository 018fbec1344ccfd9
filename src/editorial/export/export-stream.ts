// GET /export: the whole newsroom as one JSON document, streamed as it is read, a page of rows at a
// time, so memory stays flat however large the archive. The document's pieces come from
// export-pieces.ts, which the background export (jobs.ts) writes to R2 instead: the same bytes.
import { markExportStream } from "../../scheduled/cron-lease";
import { exportPieces } from "./export-pieces";

export function exportNewsroom(d1: D1Database, bucket: R2Bucket, now = new Date()): { stream: ReadableStream<Uint8Array>; done: Promise<void> } {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const enc = new TextEncoder();

  const done = (async () => {
    // The cron's archive steps leave the tables alone while the stream reads them in phases.
    const mark = await markExportStream(d1).catch(async (err) => {
      await writer.abort(err);
      throw err;
    });
    try {
      for await (const piece of exportPieces(d1, bucket, now.toISOString())) {
        await writer.write(enc.encode(piece.text));
        await mark.renew();
      }
      await writer.close();
    } catch (err) {
      await writer.abort(err);
      throw err;
    } finally {
      await mark.release().catch((err) => console.error("export stream mark not released (it lapses)", err));
    }
  })();
  return { stream: readable, done };
}
