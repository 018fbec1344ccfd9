// The browser tests' Worker (worker.ts), started ahead of the browser run: `npm test` starts this in
// the background while the workerd suite runs, so the migrations, the seed and wrangler dev's start
// (about 40 s on a clean clone) are not waited for between the two suites. The address goes to the
// file named by argv[2] once the Worker answers ("error: …" if it could not start), where
// global-setup.ts reads it (E2E_WORKER_FILE). SIGTERM or SIGINT stops the Worker and exits.
import { renameSync, writeFileSync } from "node:fs";
import { startWorker, type RunningWorker } from "./worker";

const file = process.argv[2];
if (!file) throw new Error("usage: node --import tsx tests/e2e/harness/serve.ts <address file>");

/** Whole or not at all: the reader polls the file. */
const report = (text: string) => {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
};

let worker: RunningWorker | undefined;
let stopping = false;
const stop = async () => {
  stopping = true;
  if (!worker) return; // still starting: stopped as soon as it is up
  await worker.stop();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());

try {
  worker = await startWorker();
} catch (err) {
  report(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
}
if (stopping) await stop();
report(worker.baseUrl);
// wrangler dev's pipes keep this process alive until stop().
