// The one helper behind the content version's and the live blogs' per-isolate memos
// (src/cache/bounded-memo.ts): what it keeps, for how long, and what makes it let go. The memos'
// own tests (version-memo-shared-read, live-cache-memo) cover their use of it.
import { describe, expect, it } from "vitest";
import { boundedMemo } from "../../src/cache/bounded-memo";

function setup(o: { lasting?: (v: string) => boolean; keepFailures?: boolean | ((error: unknown) => boolean); maxKeys?: number } = {}) {
  const t = { now: 1_000, generation: 0, reads: 0 };
  const memo = boundedMemo<string>({ boundMs: 100, maxKeys: o.maxKeys ?? 10, now: () => t.now, generation: () => t.generation, ...o });
  const read = (value: string) => () => {
    t.reads++;
    return Promise.resolve(value);
  };
  return { t, memo, read };
}

describe("boundedMemo", () => {
  it("peeks at a kept value within the bound only, counted from when its read began", async () => {
    const { t, memo, read } = setup();
    expect(memo.peek("k")).toBeNull();
    await memo.get("k", read("a"));
    t.now += 99;
    expect(memo.peek("k")).toEqual({ value: "a" });
    expect(await memo.get("k", read("unread"))).toBe("a");
    expect(t.reads).toBe(1);
    t.now += 1;
    expect(memo.peek("k")).toBeNull();
    expect(await memo.get("k", read("b"))).toBe("b");
    expect(t.reads).toBe(2);
  });

  it("lets go of a value when the generation moves, unless the value lasts", async () => {
    const { t, memo, read } = setup({ lasting: (v) => v === "lasting" });
    await memo.get("plain", read("plain"));
    await memo.get("long", read("lasting"));
    t.generation++;
    t.now += 10_000;
    expect(memo.peek("plain")).toBeNull();
    expect(memo.peek("long")).toEqual({ value: "lasting" });
  });

  it("does not keep a read that a forget overtook", async () => {
    const { t, memo } = setup();
    let answer!: (v: string) => void;
    const pending = memo.get("k", () => new Promise<string>((r) => (answer = r)));
    t.generation++;
    answer("before the write");
    expect(await pending).toBe("before the write");
    expect(memo.peek("k")).toBeNull();
    // clear() does the same for a memo whose generation is not its own to move.
    let again!: (v: string) => void;
    const cleared = memo.get("k", () => new Promise<string>((r) => (again = r)));
    memo.clear();
    again("before the clear");
    await cleared;
    expect(memo.peek("k")).toBeNull();
  });

  it("keeps a value the caller read itself, unless a forget happened since its read began", () => {
    const { t, memo } = setup();
    const started = { at: t.now, generation: t.generation };
    t.now += 60;
    memo.keep("read", "v", started);
    // Dated from the start: 40 ms of the bound are left, not 100.
    t.now += 39;
    expect(memo.peek("read")).toEqual({ value: "v" });
    t.now += 1;
    expect(memo.peek("read")).toBeNull();
    const before = { at: t.now, generation: t.generation };
    t.generation++;
    memo.keep("late", "v", before);
    expect(memo.peek("late")).toBeNull();
  });

  it("remembers a failure for the bound when asked to, and never otherwise", async () => {
    for (const keepFailures of [true, false]) {
      const { t, memo } = setup({ keepFailures });
      let reads = 0;
      const failing = () => (reads++, Promise.reject(new Error("D1_ERROR: Network connection lost.")));
      await expect(memo.get("k", failing)).rejects.toThrow("connection lost");
      t.now += 50;
      await expect(memo.get("k", failing)).rejects.toThrow("connection lost");
      expect(reads).toBe(keepFailures ? 1 : 2);
      t.now += 100;
      await expect(memo.get("k", failing)).rejects.toThrow("connection lost");
      expect(reads).toBe(keepFailures ? 2 : 3);
    }
  });

  it("keeps only the failures its predicate says to (the database's), not a reader's own", async () => {
    const { memo } = setup({ keepFailures: (e) => String((e as Error).message).startsWith("D1_ERROR") });
    let reads = 0;
    const crossRequest = () => (reads++, Promise.reject(new Error("Cannot perform I/O on behalf of a different request.")));
    await expect(memo.get("k", crossRequest)).rejects.toThrow("different request");
    // Not kept: the next request reads for itself (and gets the value).
    await expect(memo.get("k", () => (reads++, Promise.resolve("v")))).resolves.toBe("v");
    expect(reads).toBe(2);
    const outage = () => (reads++, Promise.reject(new Error("D1_ERROR: Network connection lost.")));
    await expect(memo.get("j", outage)).rejects.toThrow("connection lost");
    await expect(memo.get("j", outage)).rejects.toThrow("connection lost");
    expect(reads).toBe(3);
  });

  it("keeps at most maxKeys, the least recently used going first", async () => {
    const { memo, read } = setup({ maxKeys: 2 });
    await memo.get("a", read("a"));
    await memo.get("b", read("b"));
    memo.peek("a");
    await memo.get("c", read("c"));
    expect(memo.size()).toBe(2);
    expect(memo.peek("b")).toBeNull();
    expect(memo.peek("a")).toEqual({ value: "a" });
  });
});
