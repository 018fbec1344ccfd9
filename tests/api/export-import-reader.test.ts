// The streamed reader cuts rows out of the byte stream by itself (export-reader.ts): whatever the
// chunking, it must yield exactly what JSON.parse of the whole document holds, and refuse
// documents that only look like exports.
import { describe, expect, it } from "vitest";
import { readExport, type ExportItem } from "../../src/editorial/export/export-reader";
import { AppError } from "../../src/lib/errors";

function streamOf(text: string, piece: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(ctl) {
      if (at >= bytes.length) return ctl.close();
      ctl.enqueue(bytes.slice(at, at + piece));
      at += piece;
    },
  });
}

async function readAll(text: string, piece = 64 * 1024): Promise<ExportItem[]> {
  const out: ExportItem[] = [];
  for await (const item of readExport(streamOf(text, piece))) out.push(item);
  return out;
}

async function failure(text: string) {
  try {
    await readAll(text, 5);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error("expected a refusal");
}

// Strings that look like structure, escapes, and multi-byte UTF-8 that chunking splits anywhere.
const tricky = {
  format: "copydesk-export",
  version: 2,
  exported_at: "2026-01-01T00:00:00.000Z",
  tables: {
    tags: [
      { id: "a", name: 'braces } { ] [ and "quotes" and \\ backslashes \\"' },
      { id: "b", name: "ünïcødé — 日本語 — 🎉👩‍👩‍👧", description: null },
    ],
    empty: [],
    articles: [{ id: "c", body: JSON.stringify({ type: "doc", content: [{ type: "paragraph" }] }), version: 3 }],
  },
};

describe("the streamed export reader", () => {
  it("yields the same rows as JSON.parse, however the bytes are chunked", async () => {
    const text = JSON.stringify(tricky, null, 1);
    const expected = [
      ...["format", "version", "exported_at"].map((key) => ({ kind: "field", key, value: (tricky as any)[key] })),
      ...tricky.tables.tags.map((value, index) => ({ kind: "row", table: "tags", index, value })),
      { kind: "row", table: "articles", index: 0, value: tricky.tables.articles[0] },
    ];
    for (const piece of [1, 2, 3, 5, 7, 64, 1 << 16]) expect(await readAll(text, piece), `pieces of ${piece}`).toEqual(expected);
  });

  it("refuses rows without a comma between them", async () => {
    expect((await failure('{"format":"copydesk-export","version":2,"tables":{"tags":[{"id":"a"}{"id":"b"}]}}')).code).toBe("invalid_json");
  });

  it("refuses a table whose elements are not rows, and rows outside the tables", async () => {
    expect((await failure('{"format":"copydesk-export","version":2,"tables":{"tags":[1,2]}}')).code).toBe("validation_failed");
    expect((await failure('{"format":"copydesk-export","version":2,"tables":{"tags":[[{"id":"a"}]]}}')).code).toBe("validation_failed");
    expect((await failure('{"format":"copydesk-export","hidden":[[{"id":"a"}]],"version":2,"tables":{"tags":[{"id":"b"}]}}')).code).toBe("validation_failed");
    expect((await failure('{"format":"copydesk-export","version":2,"tables":{"tags":{"x":{"id":"a"}}}}')).code).toBe("validation_failed");
  });

  it("refuses broken JSON inside a row and a document cut short", async () => {
    expect((await failure('{"format":"copydesk-export","version":2,"tables":{"tags":[{"id":"a",}]}}')).code).toBe("invalid_json");
    expect((await failure('{"format":"copydesk-export","version":2,"tables":{"tags":[{"id":"a"')).code).toBe("invalid_json");
    expect((await failure('{"format":"copydesk-export","version":2,"tables":{"tags":[{"id":"a"}]')).code).toBe("invalid_json");
  });

  it("refuses invalid UTF-8 in a row", async () => {
    const head = new TextEncoder().encode('{"format":"copydesk-export","version":2,"tables":{"tags":[{"id":"');
    const tail = new TextEncoder().encode('"}]}}');
    const bytes = new Uint8Array([...head, 0xc3, 0x28, ...tail]);
    const stream = new ReadableStream<Uint8Array>({ start: (ctl) => (ctl.enqueue(bytes), ctl.close()) });
    await expect(async () => {
      for await (const _ of readExport(stream)) void _;
    }).rejects.toMatchObject({ code: "invalid_json" });
  });
});
