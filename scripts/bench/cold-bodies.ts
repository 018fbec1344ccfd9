// BENCH_COLD_BODIES=1: before the read phases, every story's body goes to R2 as the cron moves it a
// month after its last save (src/scheduled/archive-bodies.ts), so the misses read cold stories (one R2
// GET beside the same D1 statements). Run the same phases with and without it, in the same minute,
// to see what a cold story costs. The cron itself does the work, 50 bodies a run.
import { ARCHIVE_AFTER_MS } from "../../src/scheduled/archive-bodies";
import type { Runtime } from "./runtime";

export const coldBodiesWanted = () => process.env.BENCH_COLD_BODIES === "1";

export async function archiveEveryBody(rt: Runtime): Promise<{ runs: number; inline: number }> {
  const at = new Date(Date.now() + ARCHIVE_AFTER_MS + 60_000);
  const inline = async () => Number((await rt.exec([["SELECT count(*) AS n FROM articles WHERE body_key IS NULL", []]]))[0]?.[0]?.n ?? 0);
  let runs = 0;
  for (let left = await inline(), before = Infinity; left > 0 && left < before; before = left, left = await inline()) {
    await rt.scheduled(at);
    runs++;
  }
  return { runs, inline: await inline() };
}
