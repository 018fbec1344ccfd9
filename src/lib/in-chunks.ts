import { D1_MAX_PARAMS } from "./chunk";

/** Runs a lookup keyed by ids in chunks that respect D1's 100-parameter cap, and concatenates. */
export async function inChunks<T>(ids: readonly string[], run: (chunk: string[]) => Promise<T[]>, size = D1_MAX_PARAMS - 4): Promise<T[]> {
  const unique = [...new Set(ids)];
  const out: T[] = [];
  for (let i = 0; i < unique.length; i += size) out.push(...(await run(unique.slice(i, i + size))));
  return out;
}
