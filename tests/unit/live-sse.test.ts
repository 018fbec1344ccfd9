// The wire format of live streams: one event is id, event and ONE data line; nothing a payload
// holds can start another field or event; the reader's last id is the header's before the query's.
import { describe, expect, it } from "vitest";
import { encodeFrame, MAX_QUEUED_BYTES } from "../../src/live/bridge";
import { payloadText } from "../../src/live/changes";
import { EVENT_ID, parseLastEventId, positionData, sseComment, sseFrame, sseRetry, wsMessage } from "../../src/live/sse";
import { SseParser, type SseEvent } from "../helpers/sse";

const parse = (text: string) => {
  const out: SseEvent[] = [];
  const p = new SseParser((e) => out.push(e));
  p.feed(text);
  return { events: out, parser: p };
};

describe("frames", () => {
  it("writes id, event and one data line, then a blank line", () => {
    expect(sseFrame({ id: 42, event: "entry.published", data: '{"entry":{"id":"lve_1"}}' })).toBe('id: 42\nevent: entry.published\ndata: {"entry":{"id":"lve_1"}}\n\n');
    expect(sseComment("hb")).toBe(": hb\n\n");
    expect(sseRetry()).toBe("retry: 3000\n\n");
    expect(positionData(7)).toBe('{"last_event_id":7}');
  });

  it("refuses a CR or LF anywhere, and ids that are not non-negative integers", () => {
    expect(() => sseFrame({ id: 1, event: "x", data: "a\nid: 99" })).toThrow();
    expect(() => sseFrame({ id: 1, event: "x", data: "a\rb" })).toThrow();
    expect(() => sseFrame({ id: 1, event: "x\nevent: y", data: "{}" })).toThrow();
    expect(() => sseFrame({ id: -1, event: "x", data: "{}" })).toThrow();
    expect(() => sseFrame({ id: 1.5, event: "x", data: "{}" })).toThrow();
    expect(() => sseComment("a\n\ndata: x")).toThrow();
    expect(() => wsMessage({ id: 1, event: "x", data: "{\n}" })).toThrow();
  });

  it("a hostile payload is one inert line: parsed back by an SSE reader it is exactly what was stored", () => {
    const hostile = { entry: { text: "</script><script>alert(1)</script>\n\nid: 99\nevent: reset\r\ndata: x", sep: "\u2028\u2029", amp: "&amp;" } };
    const data = payloadText(hostile);
    expect(data).not.toMatch(/[\r\n<>&\u2028\u2029]/);
    const { events } = parse(sseFrame({ id: 3, event: "entry.updated", data }));
    expect(events).toEqual([{ id: "3", event: "entry.updated", data }]);
    expect(JSON.parse(events[0]!.data)).toEqual(hostile);
    // The WebSocket message carries the same data, spliced in as JSON.
    expect(JSON.parse(wsMessage({ id: 3, event: "entry.updated", data }))).toEqual({ id: 3, event: "entry.updated", data: hostile });
  });
});

describe("parseLastEventId", () => {
  it("takes the header over the query (EventSource reconnects to its first URL with a newer header)", () => {
    expect(parseLastEventId("9", "3")).toBe(9);
    expect(parseLastEventId("3", "9")).toBe(3);
    expect(parseLastEventId(undefined, "3")).toBe(3);
    expect(parseLastEventId("", "3")).toBe(3);
    expect(parseLastEventId(null, null)).toBeNull();
    expect(parseLastEventId("", "")).toBeNull();
    expect(parseLastEventId("0", null)).toBe(0);
  });

  it("knows digits only, at most 15 (a safe integer)", () => {
    expect(parseLastEventId("999999999999999", null)).toBe(999_999_999_999_999);
    for (const bad of ["1e3", "-1", "0x10", "1.5", " 1 2", "9999999999999999", "１２"]) {
      expect(EVENT_ID.test(bad), bad).toBe(false);
      expect(parseLastEventId(bad, null), bad).toBeNull();
    }
  });
});

describe("the tests' parser (WHATWG rules)", () => {
  it("joins data lines, reads CRLF and CR, ignores comments and unknown fields, keeps the last id", () => {
    const { events, parser } = parse(": hi\r\nretry: 2500\r\nid: 5\r\nevent: a\r\ndata: x\r\ndata: y\r\nfoo: bar\r\n\r\ndata: z\r\rid: 6\n\n");
    expect(events).toEqual([{ id: "5", event: "a", data: "x\ny" }, { id: "5", event: "message", data: "z" }]);
    expect(parser.retry).toBe(2500);
    expect(parser.lastEventId).toBe("6");
    expect(parser.comments).toEqual(["hi"]);
  });

  it("handles events split across chunks anywhere, a CRLF too", () => {
    const events: SseEvent[] = [];
    const p = new SseParser((e) => events.push(e));
    for (const chunk of ["id: 1\r", "\nevent: e", "\ndata: {\"a\"", ":1}\r\n", "\r\n"]) p.feed(chunk);
    expect(events).toEqual([{ id: "1", event: "e", data: '{"a":1}' }]);
  });
});

describe("the bridge's frame bytes", () => {
  // Every SSE reader of a blog in one isolate receives the same frame: encoded once, the same bytes
  // queued for each, so a crowd holds one copy of a large event, not one per reader.
  it("are shared for the same text, fresh for another", () => {
    const frame = sseFrame({ id: 1, event: "entry.published", data: `{"x":"${"é".repeat(1000)}"}` });
    const a = encodeFrame(frame);
    expect(encodeFrame(String(frame))).toBe(a);
    expect(new TextDecoder().decode(a)).toBe(frame);
    const other = encodeFrame(sseComment("hb"));
    expect(other).not.toBe(a);
    expect(new TextDecoder().decode(other)).toBe(": hb\n\n");
  });

  it("a reader may fall one or two full events behind, not megabytes", () => {
    expect(MAX_QUEUED_BYTES).toBe(256 * 1024);
  });
});
