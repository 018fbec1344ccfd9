// A map that keeps its most recently used entries: bounded by count and, when the caller says how
// big each value is, by their total size; the least recently used go first. For what an isolate
// keeps in memory between requests (its memory is 128 MB, shared by every request it serves).
export interface Lru<V> {
  /** The value, now the most recently used; undefined when not kept. */
  get(key: string): V | undefined;
  /** Keeps `value` as the most recently used (replacing the key's value), then drops the oldest past a bound. */
  set(key: string, value: V): void;
  delete(key: string): void;
  clear(): void;
  /** How many keys, and how much of the size bound, are in use (tests: it stays bounded). */
  size(): number;
  weight(): number;
}

export function lru<V>(o: { maxKeys: number; maxWeight?: number; weigh?: (value: V) => number }): Lru<V> {
  const kept = new Map<string, V>();
  const weigh = o.weigh ?? (() => 0);
  let weight = 0;
  const drop = (key: string) => {
    const v = kept.get(key);
    if (v === undefined) return;
    weight -= weigh(v);
    kept.delete(key);
  };
  return {
    get(key) {
      const v = kept.get(key);
      if (v === undefined) return undefined;
      kept.delete(key);
      kept.set(key, v);
      return v;
    },
    set(key, value) {
      drop(key);
      kept.set(key, value);
      weight += weigh(value);
      while (kept.size > o.maxKeys || (o.maxWeight !== undefined && weight > o.maxWeight && kept.size > 0)) drop(kept.keys().next().value!);
    },
    delete: drop,
    clear() {
      kept.clear();
      weight = 0;
    },
    size: () => kept.size,
    weight: () => weight,
  };
}
