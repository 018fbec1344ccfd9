// Longest common subsequence of two sequences of keys: the one alignment both the word diff and the
// block merge build on. Plain dynamic programming after trimming the common head and tail, which is
// where edits to a story almost always leave most of the text; the table is capped so a pathological
// input costs a "changed as a whole" answer instead of freezing the tab.

/** Above this many table cells (2 bytes each) the middle is reported as changed as a whole. */
export const MAX_LCS_CELLS = 4_000_000;

/** Index pairs [i, j] with a[i] === b[j], increasing in both, as many as possible. */
export function lcsPairs(a: readonly string[], b: readonly string[]): [number, number][] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const pairs: [number, number][] = [];
  for (let k = 0; k < head; k++) pairs.push([k, k]);
  const n = a.length - head - tail;
  const m = b.length - head - tail;
  if (n > 0 && m > 0 && (n + 1) * (m + 1) <= MAX_LCS_CELLS && n < 0xffff && m < 0xffff) {
    // t[i][j] = LCS length of a[head+i..] and b[head+j..], filled from the end so the walk goes forward.
    const w = m + 1;
    const t = new Uint16Array((n + 1) * w);
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        t[i * w + j] = a[head + i] === b[head + j] ? t[(i + 1) * w + j + 1]! + 1 : Math.max(t[(i + 1) * w + j]!, t[i * w + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n && j < m) {
      if (a[head + i] === b[head + j]) pairs.push([head + i++, head + j++]);
      else if (t[(i + 1) * w + j]! >= t[i * w + j + 1]!) i++;
      else j++;
    }
  }
  for (let k = tail; k > 0; k--) pairs.push([a.length - k, b.length - k]);
  return pairs;
}

/** A run where the two sequences differ: a[aStart..aEnd) became b[bStart..bEnd) (either may be empty). */
export interface Hunk {
  aStart: number;
  aEnd: number;
  bStart: number;
  bEnd: number;
}

/** The differing runs between the matched pairs, in order. */
export function hunks(a: readonly string[], b: readonly string[]): Hunk[] {
  const out: Hunk[] = [];
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...lcsPairs(a, b), [a.length, b.length] as const]) {
    if (pi > i || pj > j) out.push({ aStart: i, aEnd: pi, bStart: j, bEnd: pj });
    i = pi + 1;
    j = pj + 1;
  }
  return out;
}
