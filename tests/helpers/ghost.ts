// Runs a Ghost import through the editorial API as the CLI and the admin page do: the plan, the
// posts in chunks, finish. Tests that need an imported newsroom call importGhost() in a beforeAll.
import { expect } from "vitest";
import { chunkBundles, planOf, readGhostExport, type GhostExport, type GhostImportOptionsInput } from "../../src/ghost/export-file";
import { call, tokenFor } from "./api";

import { GHOST_SITE_URL } from "../fixtures/ghost/build-export";

/** The old site's URL the fixture's __GHOST_URL__ stands for. */
export { GHOST_SITE_URL };

export interface GhostImportRun {
  importId: string;
  token: string;
  exp: GhostExport;
  /** Every chunk's results, in order. */
  results: any[];
  /** The import as `finish` answered it (counts per entity). */
  finished: any;
}

/**
 * Imports `json` (a Ghost export object) as an admin. `token` reuses an admin's token (a second run
 * of the same import); each step is asserted, so a failing import points at its step.
 */
export async function importGhost(
  json: unknown,
  opts: { options?: Partial<GhostImportOptionsInput>; token?: string; chunkSize?: number } = {},
): Promise<GhostImportRun> {
  const token = opts.token ?? (await tokenFor("admin")).token;
  const exp = readGhostExport(json);
  const plan = planOf(exp, { site_url: GHOST_SITE_URL, ...opts.options });
  const started = await call("POST", "/imports/ghost", { token, body: plan });
  expect(started.status, started.text).toBe(201);
  const importId: string = started.json.import.id;
  const results: any[] = [];
  for (const posts of chunkBundles(exp.bundles, opts.chunkSize)) {
    const res = await call("POST", `/imports/ghost/${importId}/posts`, { token, body: { posts } });
    expect(res.status, res.text).toBe(200);
    results.push(...res.json.results);
  }
  const finished = await call("POST", `/imports/ghost/${importId}/finish`, { token });
  expect(finished.status, finished.text).toBe(200);
  return { importId, token, exp, results, finished: finished.json.import };
}

/** The import's JSON report. */
export async function ghostReport(run: { importId: string; token: string }) {
  const res = await call("GET", `/imports/ghost/${run.importId}/report`, { token: run.token });
  expect(res.status, res.text).toBe(200);
  return res.json;
}
