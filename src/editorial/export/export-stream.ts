// Streams the whole newsroom as one JSON document, a page of rows at a time, so memory stays flat
// however large the archive. Rows are exported exactly as stored (column names, JSON as text).
import { EXPORT_FORMAT, EXPORT_TABLES, EXPORT_VERSION } from "./tables";

const PAGE = 500;

export function exportNewsroom(d1: D1Database, now = new Date()): { stream: ReadableStream<Uint8Array>; done: Promise<void> } {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const enc = new TextEncoder();
  const write = (text: string) => writer.write(enc.encode(text));

  const done = (async () => {
    try {
      await write(`{"format":${JSON.stringify(EXPORT_FORMAT)},"version":${EXPORT_VERSION},"exported_at":${JSON.stringify(now.toISOString())},"tables":{`);
      for (const [t, table] of EXPORT_TABLES.entries()) {
        await write(`${t ? "," : ""}${JSON.stringify(table.name)}:[`);
        const cols = table.columns.map((c) => `"${c}"`).join(", ");
        let after = 0;
        let first = true;
        for (;;) {
          // rowid paging: every exported table is a rowid table, and rowid order is stable.
          const { results } = await d1
            .prepare(`SELECT rowid AS __rowid, ${cols} FROM "${table.name}" WHERE rowid > ? ORDER BY rowid LIMIT ${PAGE}`)
            .bind(after)
            .all<Record<string, unknown>>();
          for (const row of results) {
            after = row.__rowid as number;
            delete row.__rowid;
            await write(`${first ? "" : ","}${JSON.stringify(row)}`);
            first = false;
          }
          if (results.length < PAGE) break;
        }
        await write("]");
      }
      await write("}}");
      await writer.close();
    } catch (err) {
      await writer.abort(err);
      throw err;
    }
  })();
  return { stream: readable, done };
}
