// What an isolate keeps of what it read from D1 for a public answer (the content version, a live
// blog's token): each value is kept for at most `boundMs` from when its read began, and requests
// arriving while a read is under way share that read instead of each starting one (no stampede).
//
// Two rules keep a memo from serving what a write made stale, or from trapping its readers:
// - A read is kept only if no forget happened while it ran (`generation` unchanged): a read that
//   began before a write landed may have seen the row before it.
// - A read is shared only within the bound from when it began. In workerd a read belongs to the
//   request that started it: if that request is cancelled (its client went away) the read is
//   cancelled with it and its promise never settles. A request arriving after the bound starts its
//   own instead of queueing forever behind a read that may be dead.
export interface BoundedMemoOptions<V> {
  boundMs: number;
  /** Keys kept at most (least recently used first out); reads under way are bounded the same. */
  maxKeys: number;
  now: () => number;
  /** Changes with every forget that concerns these values (a write this isolate made). */
  generation: () => number;
  /** Values that hold for as long as their key, whatever the bound or the generation (default none). */
  lasting?: (value: V) => boolean;
  /**
   * Remember a failed read for the bound too, so an outage costs D1 one read per bound, not one per
   * request: every failure (true) or those the function says are the database's (an outage). Any
   * other failure — a shared read whose request ended first, a bug — is the reader's own, and must
   * not stand for the bound in every request's answer.
   */
  keepFailures?: boolean | ((error: unknown) => boolean);
}

/** When a read began, and the generation it began under. */
export interface ReadStart {
  at: number;
  generation: number;
}

interface Kept<V> {
  value: V;
  at: number;
  generation: number;
}

export interface BoundedMemo<V> {
  /** The value kept for `key` if it is still good: no read, no promise (a cache hit's fast path). */
  peek(key: string): { value: V } | null;
  /** The kept value, else the read under way (within the bound), else a new read through `read`. */
  get(key: string, read: () => Promise<V>): Promise<V>;
  /**
   * A value the caller read itself: kept from now, or from `started` (when its read began and under
   * which generation) unless a forget happened since, as a read through get() would be.
   */
  keep(key: string, value: V, started?: ReadStart): void;
  /** Drops everything: kept values, failures and reads under way (none of them is kept when it ends). */
  clear(): void;
  /** How many keys are kept (tests: the memo stays bounded). */
  size(): number;
}

export function boundedMemo<V>(o: BoundedMemoOptions<V>): BoundedMemo<V> {
  const kept = new Map<string, Kept<V>>();
  const failed = new Map<string, { error: unknown; at: number; generation: number }>();
  const inFlight = new Map<string, { reading: Promise<V>; at: number }>();
  // Bumped by clear(): a read under way when it happened is not kept, even if the caller's
  // generation did not move.
  let cleared = 0;
  const fresh = (at: number, now: number) => now >= at && now - at < o.boundMs;
  const bounded = <T>(map: Map<string, T>) => {
    while (map.size > o.maxKeys) map.delete(map.keys().next().value!);
  };

  function peek(key: string): { value: V } | null {
    const k = kept.get(key);
    if (!k) return null;
    if (!o.lasting?.(k.value) && !(k.generation === o.generation() && fresh(k.at, o.now()))) return null;
    // Least recently used goes first: a hit moves the key to the end.
    kept.delete(key);
    kept.set(key, k);
    return { value: k.value };
  }

  function keep(key: string, value: V, at = o.now(), generation = o.generation()) {
    kept.delete(key);
    kept.set(key, { value, at, generation });
    failed.delete(key);
    bounded(kept);
  }

  return {
    peek,
    keep(key, value, started) {
      if (!started) return keep(key, value);
      if (started.generation === o.generation()) keep(key, value, started.at, started.generation);
    },
    get(key, read) {
      const hit = peek(key);
      if (hit) return Promise.resolve(hit.value);
      const now = o.now();
      const failure = failed.get(key);
      if (failure && failure.generation === o.generation() && fresh(failure.at, now)) return Promise.reject(failure.error);
      const pending = inFlight.get(key);
      if (pending && fresh(pending.at, now)) return pending.reading;
      const generation = o.generation();
      const epoch = cleared;
      const current = () => generation === o.generation() && epoch === cleared;
      const reading = read().then(
        (value) => {
          // Dated from when the read began: the bound is never stretched by a slow answer.
          if (current()) keep(key, value, now, generation);
          return value;
        },
        (error: unknown) => {
          const keepIt = typeof o.keepFailures === "function" ? o.keepFailures(error) : o.keepFailures === true;
          if (keepIt && current()) failed.set(key, { error, at: o.now(), generation });
          throw error;
        },
      );
      inFlight.set(key, { reading, at: now });
      // A dead read never clears itself: the reads under way are bounded like the kept values.
      bounded(inFlight);
      const done = () => {
        if (inFlight.get(key)?.reading === reading) inFlight.delete(key);
      };
      reading.then(done, done);
      return reading;
    },
    clear() {
      cleared++;
      kept.clear();
      failed.clear();
      inFlight.clear();
    },
    size: () => kept.size,
  };
}
