// One Worker with a freshly seeded newsroom for every e2e file, and one Chromium every file connects
// to (harness/browser.ts launch()); both stopped when the run ends.
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

export default async function setup(project: TestProject) {
  // The browser starts while the Worker is being migrated, seeded and started.
  const browser = chromium.launchServer({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  let worker: RunningWorker | undefined;
  try {
    // For iterating on one test: point at a Worker you already run (its data will be changed).
    if (process.env.E2E_BASE_URL) project.provide("baseUrl", process.env.E2E_BASE_URL);
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
