// The live desk's store and stream client, without a browser: the entries an editor sees come from a
// snapshot (GET /entries), the desk stream's events and the answers to their own writes, in any
// order, and must end as the server holds them — an answer and its echo never show twice, a late
// answer never undoes a colleague's later change, a replayed event changes nothing.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { applyAnswer, applyDeleted, applyEvent, applySnapshot, deskEntries, emptyDesk, entryIn, pinnedEntries, type DeskEvent, type DeskState } from "../../admin/src/live/live-store";
import { DESK_EVENT_NAMES, openDeskStream, type EventSourceLike } from "../../admin/src/live/live-stream";
import type { DeskEntry } from "../../admin/src/live/types";

let clock = 0;
const entry = (id: string, over: Partial<DeskEntry> = {}): DeskEntry => {
  const at = new Date(Date.UTC(2026, 10, 30, 8, 0, clock++)).toISOString();
  return {
    id,
    article_id: "art_1",
    status: "published",
    title: null,
    body: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: id }] }] },
    text: id,
    html: `<p>${id}</p>`,
    bylines: [],
    pinned: false,
    key_event: false,
    published_at: at,
    version: 1,
    etag: '"1"',
    created_at: at,
    created_by: "usr_a",
    updated_at: at,
    updated_by: "usr_a",
    ...over,
  };
};
const ev = (seq: number, type: string, e: Partial<DeskEntry>): DeskEvent => ({ seq, type, data: { entry: e } });
const ids = (s: DeskState) => deskEntries(s).map((e) => e.id);
const run = (s: DeskState, ...events: DeskEvent[]) => events.reduce(applyEvent, s);

describe("events", () => {
  test("apply in seq order, once: a replayed event changes nothing", () => {
    const a1 = entry("a");
    let s = run(emptyDesk(), ev(1, "entry.created", a1), ev(2, "entry.updated", { ...a1, text: "a2", version: 2 }));
    expect(entryIn(s, "a")?.text).toBe("a2");
    const again = applyEvent(s, ev(1, "entry.created", a1));
    expect(again).toBe(s);
    s = applyEvent(s, ev(2, "entry.updated", { ...a1, text: "stale", version: 2 }));
    expect(entryIn(s, "a")?.text).toBe("a2");
  });

  test("pinning keeps the version: the later event in seq order wins at an equal version", () => {
    const a = entry("a");
    const s = run(emptyDesk(), ev(1, "entry.created", a), ev(2, "entry.pinned", { ...a, pinned: true }), ev(3, "entry.unpinned", { ...a, pinned: false }));
    expect(entryIn(s, "a")?.pinned).toBe(false);
    expect(pinnedEntries(run(s, ev(4, "entry.pinned", { ...a, pinned: true }))).map((e) => e.id)).toEqual(["a"]);
  });

  test("a pinned draft is not in the pinned strip (readers do not see it)", () => {
    const s = run(emptyDesk(), ev(1, "entry.created", entry("d", { status: "draft", published_at: null, pinned: true })));
    expect(pinnedEntries(s)).toEqual([]);
    expect(ids(s)).toEqual(["d"]);
  });

  test("deleted stays deleted: a late answer or an older event never brings it back", () => {
    const a = entry("a");
    let s = run(emptyDesk(), ev(1, "entry.created", a), ev(2, "entry.deleted", { id: "a" }));
    expect(ids(s)).toEqual([]);
    s = applyAnswer(s, { ...a, version: 5 }, 1);
    expect(ids(s)).toEqual([]);
  });

  test("blog events move blogSeq, so the page reloads the blog's own fields", () => {
    const s = run(emptyDesk(), ev(1, "entry.created", entry("a")), { seq: 2, type: "blog.updated", data: { blog: {} } });
    expect([s.seq, s.blogSeq]).toEqual([2, 2]);
  });

  test("newest first: published entries by publication time, drafts by when they were written", () => {
    const old = entry("old");
    const draft = entry("draft", { status: "draft", published_at: null });
    const fresh = entry("fresh");
    expect(ids(run(emptyDesk(), ev(1, "entry.created", fresh), ev(2, "entry.created", old), ev(3, "entry.created", draft)))).toEqual(["fresh", "draft", "old"]);
  });
});

describe("my own write's answer and its echo converge", () => {
  test("answer first, then the echo: one entry, the echo's state", () => {
    const mine = entry("m");
    let s = applyAnswer(emptyDesk(), mine, 0);
    s = applyEvent(s, ev(1, "entry.created", mine));
    expect(ids(s)).toEqual(["m"]);
    expect(s.seq).toBe(1);
  });

  test("echo first, then the answer: nothing changes", () => {
    const mine = entry("m");
    const s = applyEvent(emptyDesk(), ev(1, "entry.created", mine));
    expect(applyAnswer(s, mine, 0)).toBe(s);
  });

  test("a late answer does not undo a colleague's later change (higher version)", () => {
    const a = entry("a");
    let s = applyEvent(emptyDesk(), ev(1, "entry.created", a));
    const mineV2 = { ...a, text: "mine", version: 2, etag: '"2"' };
    s = run(s, ev(2, "entry.updated", mineV2), ev(3, "entry.updated", { ...a, text: "theirs", version: 3, etag: '"3"' }));
    s = applyAnswer(s, mineV2, 1);
    expect(entryIn(s, "a")?.text).toBe("theirs");
  });

  test("a late pin answer does not undo a colleague's unpin made after it (equal version)", () => {
    const a = entry("a");
    let s = applyEvent(emptyDesk(), ev(1, "entry.created", a));
    const sentAt = s.seq;
    s = run(s, ev(2, "entry.pinned", { ...a, pinned: true }), ev(3, "entry.unpinned", { ...a, pinned: false }));
    s = applyAnswer(s, { ...a, pinned: true }, sentAt);
    expect(entryIn(s, "a")?.pinned).toBe(false);
  });

  test("an answer with a newer version shows at once, before its echo", () => {
    const a = entry("a");
    let s = applyEvent(emptyDesk(), ev(1, "entry.created", a));
    s = applyAnswer(s, { ...a, text: "edited", version: 2 }, 1);
    expect(entryIn(s, "a")?.text).toBe("edited");
    // The echo of an older state of the same entry, replayed late, is ignored.
    s = applyEvent(s, ev(2, "entry.updated", { ...a, text: "older", version: 1 }));
    expect(entryIn(s, "a")?.text).toBe("edited");
  });

  test("my delete (204) removes at once; its echo is harmless", () => {
    let s = applyEvent(emptyDesk(), ev(1, "entry.created", entry("a")));
    s = applyDeleted(s, "a", 1);
    expect(ids(s)).toEqual([]);
    s = applyEvent(s, ev(2, "entry.deleted", { id: "a" }));
    expect(ids(s)).toEqual([]);
  });
});

describe("snapshots (first load, reset, reconnect)", () => {
  test("the first page sets where the stream resumes", () => {
    const s = applySnapshot(emptyDesk(), [entry("a"), entry("b")], 7, true);
    expect(s.seq).toBe(7);
    expect(ids(applyEvent(s, ev(7, "entry.deleted", { id: "a" })))).toHaveLength(2);
  });

  test("a complete snapshot drops what it no longer holds, but not what changed after it", () => {
    let s = run(emptyDesk(), ev(1, "entry.created", entry("gone")), ev(5, "entry.created", entry("newer")));
    s = applySnapshot(s, [], 3, true);
    expect(ids(s)).toEqual(["newer"]);
    expect(s.seq).toBe(5);
  });

  test("an older snapshot never regresses an entry an event already moved", () => {
    const a = entry("a");
    let s = run(emptyDesk(), ev(4, "entry.updated", { ...a, text: "v2", version: 2 }));
    s = applySnapshot(s, [a], 3, true);
    expect(entryIn(s, "a")?.text).toBe("v2");
  });

  test("a page of older entries removes nothing", () => {
    const s = applySnapshot(applySnapshot(emptyDesk(), [entry("new")], 2, false), [entry("old")], 2, false);
    expect(ids(s).sort()).toEqual(["new", "old"]);
  });
});

describe("the stream client", () => {
  class FakeSource implements EventSourceLike {
    static last: FakeSource;
    listeners = new Map<string, ((e: MessageEvent) => void)[]>();
    onopen: ((e: Event) => void) | null = null;
    onerror: ((e: Event) => void) | null = null;
    closed = false;
    constructor(readonly url: string) {
      FakeSource.last = this;
    }
    addEventListener(type: string, fn: (e: MessageEvent) => void) {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
    }
    emit(type: string, id: string, data: string) {
      for (const fn of this.listeners.get(type) ?? []) fn({ lastEventId: id, data } as MessageEvent);
    }
    close() {
      this.closed = true;
    }
  }

  test("resumes after the snapshot, passes events on with their seq, resyncs on reset and after a break", () => {
    const got: DeskEvent[] = [];
    const statuses: string[] = [];
    let resyncs = 0;
    const close = openDeskStream("art 1", 12, { onEvent: (e) => got.push(e), onResync: () => resyncs++, onStatus: (s) => statuses.push(s) }, (u) => new FakeSource(u));
    const es = FakeSource.last;
    expect(es.url).toBe("/api/editorial/v1/articles/art%201/live/events?last_event_id=12");
    es.onopen!(new Event("open"));
    es.emit("entry.published", "13", '{"entry":{"id":"a"}}');
    es.emit("entry.updated", "14", "not json");
    expect(got).toEqual([{ seq: 13, type: "entry.published", data: { entry: { id: "a" } } }]);
    expect(resyncs).toBe(0);
    es.onerror!(new Event("error"));
    es.onopen!(new Event("open"));
    es.emit("reset", "20", "{}");
    expect(resyncs).toBe(2);
    expect(statuses).toEqual(["connecting", "live", "reconnecting", "live"]);
    close();
    expect(es.closed).toBe(true);
  });
});

test("the stream client listens for every desk event the server sends", () => {
  // Read as text: src/live/changes.ts carries drizzle and Worker types this project does not load.
  const source = readFileSync(new URL("../../src/live/changes.ts", import.meta.url), "utf8");
  const list = /DESK_EVENT_TYPES = \[([^\]]*)\]/.exec(source)?.[1] ?? "";
  const server = [...list.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
  expect(server.length).toBeGreaterThan(5);
  expect([...DESK_EVENT_NAMES].sort()).toEqual(server.sort());
});
