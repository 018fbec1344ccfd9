/** D1 binds at most 100 parameters per statement: split multi-row inserts to stay under it. */
export const D1_MAX_PARAMS = 100;

export function chunkRows<T>(rows: readonly T[], paramsPerRow: number, maxParams = D1_MAX_PARAMS): T[][] {
  const size = Math.max(1, Math.floor(maxParams / paramsPerRow));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
