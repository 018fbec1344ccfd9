// One Worker with a freshly seeded newsroom for every e2e file, and one Chromium every file connects
// to (harness/browser.ts launch()); both stopped when the run ends.
import { existsSync, readFileSync } from "node:fs";
import { chromium } from "playwright-core";
import type { TestProject } from "vitest/node";
import { CHROMIUM_ARGS, chromiumPath } from "./chromium";
import { startWorker, type RunningWorker } from "./worker";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    browserWsEndpoint: string;
  }
}

/** The address harness/serve.ts writes once its Worker answers (it may still be starting). */
async function startedWorker(file: string): Promise<string> {
  const until = Date.now() + 300_000;
  for (;;) {
    const text = existsSync(file) ? readFileSync(file, "utf8").trim() : "";
    if (text.startsWith("http")) return text;
    if (text) throw new Error(`The browser tests' Worker did not start (harness/serve.ts):\n${text}`);
    if (Date.now() > until) throw new Error(`harness/serve.ts wrote no address to ${file} within 300 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export default async function setup(project: TestProject) {
  // The browser starts while the Worker is being migrated, seeded and started.
  const browser = chromium.launchServer({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  let worker: RunningWorker | undefined;
  try {
    // For iterating on one test: point at a Worker you already run (its data will be changed).
    if (process.env.E2E_BASE_URL) project.provide("baseUrl", process.env.E2E_BASE_URL);
    // npm test starts the Worker earlier, beside the workerd suite (harness/serve.ts), and stops it.
    else if (process.env.E2E_WORKER_FILE) project.provide("baseUrl", await startedWorker(process.env.E2E_WORKER_FILE));
    else {
      worker = await startWorker();
      project.provide("baseUrl", worker.baseUrl);
    }
    project.provide("browserWsEndpoint", (await browser).wsEndpoint());
  } catch (err) {
    await worker?.stop();
    await browser.then((b) => b.close(), () => undefined);
    throw err;
  }
  return async () => {
    await (await browser).close();
    await worker?.stop();
  };
}
