// A map that keeps its most recently used entries: bounded by count and, when the caller says how
// big each value is, by their total size; the least recently used go first. For what an isolate
// keeps in memory between requests (its memory is 128 MB, shared by every request it serves).
export interface Lru<V> {
  /** The value, now the most recently used; undefined when not kept. */
  get(key: string): V | undefined;
  /**
   * Keeps `value` as the most recently used (replacing the key's value), then drops the oldest past a
   * bound. A value heavier than the whole size bound is not kept (and the key's old value is dropped).
   */
  set(key: string, value: V): void;
  delete(key: string): void;
  clear(): void;
  /** The values kept now, as a copy (oldest first), without touching their order. */
  snapshot(): Map<string, V>;
  /** How many keys, and how much of the size bound, are in use (tests: it stays bounded). */
  size(): number;
  weight(): number;
}

export function lru<V>(o: { maxKeys: number; maxWeight?: number; weigh?: (value: V, key: string) => number }): Lru<V> {
  // Each entry's weight is kept as it was when set: what is taken off is what was added.
  const kept = new Map<string, { value: V; weight: number }>();
  let weight = 0;
  const drop = (key: string) => {
    const e = kept.get(key);
    if (!e) return;
    weight -= e.weight;
    kept.delete(key);
  };
  return {
    get(key) {
      const e = kept.get(key);
      if (!e) return undefined;
      kept.delete(key);
      kept.set(key, e);
      return e.value;
    },
    set(key, value) {
      drop(key);
      const w = o.weigh ? o.weigh(value, key) : 0;
      if (o.maxWeight !== undefined && w > o.maxWeight) return;
      kept.set(key, { value, weight: w });
      weight += w;
      while (kept.size > o.maxKeys || (o.maxWeight !== undefined && weight > o.maxWeight)) drop(kept.keys().next().value!);
    },
    delete: drop,
    clear() {
      kept.clear();
      weight = 0;
    },
    snapshot: () => new Map([...kept].map(([k, e]) => [k, e.value])),
    size: () => kept.size,
    weight: () => weight,
  };
}
