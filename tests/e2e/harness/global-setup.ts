// One Worker with a freshly seeded newsroom for every e2e file; stopped when the run ends.
import type { TestProject } from "vitest/node";
import { startWorker } from "./worker";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  // For iterating on one test: point at a Worker you already run (its data will be changed).
  if (process.env.E2E_BASE_URL) return void project.provide("baseUrl", process.env.E2E_BASE_URL);
  const worker = await startWorker();
  project.provide("baseUrl", worker.baseUrl);
  return () => worker.stop();
}
