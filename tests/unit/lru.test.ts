// The isolate's bounded map (src/lib/lru.ts): by count and by the size the caller weighs, the least
// recently used out first, a read making an entry the most recent.
import { describe, expect, it } from "vitest";
import { lru } from "../../src/lib/lru";

describe("lru", () => {
  it("keeps at most maxKeys, dropping the least recently used (a get counts as a use)", () => {
    const m = lru<number>({ maxKeys: 3 });
    for (const [k, v] of [["a", 1], ["b", 2], ["c", 3]] as const) m.set(k, v);
    expect(m.get("a")).toBe(1);
    m.set("d", 4);
    expect(m.get("b")).toBeUndefined();
    expect([m.get("a"), m.get("c"), m.get("d")]).toEqual([1, 3, 4]);
    expect(m.size()).toBe(3);
  });

  it("keeps the weighed total within maxWeight, replacing a key's value without counting it twice", () => {
    const m = lru<string>({ maxKeys: 100, maxWeight: 10, weigh: (v) => v.length });
    m.set("a", "xxxx");
    m.set("b", "xxxx");
    m.set("a", "xxxxx");
    expect(m.weight()).toBe(9);
    m.set("c", "xx");
    // b was the least recently used: out, and the weight is what is kept.
    expect(m.get("b")).toBeUndefined();
    expect(m.weight()).toBe(7);
    // Heavier than the whole bound: not kept, and the others stay.
    m.set("huge", "x".repeat(11));
    expect(m.get("huge")).toBeUndefined();
    expect([m.size(), m.weight()]).toEqual([2, 7]);
    // Replacing a key with a value too heavy to keep drops its old value.
    m.set("c", "x".repeat(11));
    expect(m.get("c")).toBeUndefined();
    expect([m.size(), m.weight()]).toEqual([1, 5]);
    m.delete("a");
    m.delete("missing");
    expect([m.size(), m.weight()]).toEqual([0, 0]);
  });

  it("takes off what it added, whatever the value weighs later", () => {
    const m = lru<number[]>({ maxKeys: 10, maxWeight: 100, weigh: (v) => v.length });
    const v = [1, 2, 3];
    m.set("a", v);
    v.length = 0; // the value changed behind the map's back
    m.delete("a");
    expect(m.weight()).toBe(0);
  });

  it("a snapshot is a copy, oldest first, and reading it moves nothing", () => {
    const m = lru<number>({ maxKeys: 2 });
    m.set("a", 1);
    m.set("b", 2);
    const snap = m.snapshot();
    expect([...snap]).toEqual([["a", 1], ["b", 2]]);
    snap.delete("a");
    m.set("c", 3); // "a" is still the oldest: the snapshot neither removed nor touched it
    expect([...m.snapshot()]).toEqual([["b", 2], ["c", 3]]);
  });
});
