// A small seeded PRNG so every run of a given size seeds the same newsroom: numbers are
// comparable from run to run, and a regression is the code's, not the data's.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: tiny, fast, and good enough for test data (not for anything secret). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

/**
 * Draws indexes 0..n-1 with Zipf-like weights (rank^-s): a few tags, people and words are
 * everywhere and most are rare, as in a real newsroom. Binary search over the cumulative weights.
 */
export function zipfSampler(n: number, s: number): (rng: Rng) => number {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) cdf[i] = total += 1 / Math.pow(i + 1, s);
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** k distinct draws from a sampler (k is small, so retrying on a repeat is cheap). */
export function distinct(rng: Rng, k: number, draw: (rng: Rng) => number): number[] {
  const out = new Set<number>();
  for (let guard = 0; out.size < k && guard < k * 50; guard++) out.add(draw(rng));
  return [...out];
}

/** A unique id shaped like the app's (`prefix_` + 16 base-36 chars): fixed-width index, random filler. */
export function stableId(prefix: string, index: number, rng: Rng): string {
  const head = index.toString(36).padStart(6, "0");
  let tail = "";
  while (head.length + tail.length < 16) tail += Math.floor(rng.next() * 36).toString(36);
  return `${prefix}_${head}${tail}`;
}
