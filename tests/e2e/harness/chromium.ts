// Where the system's Chromium is and how it is started: shared by the run's one browser server
// (global-setup.ts) and by launch() when a file runs without it. No vitest import: global setup
// runs outside the test runner.
import { existsSync } from "node:fs";

/** CHROMIUM_PATH overrides; Debian's package installs /usr/bin/chromium (see docs/admin.md). */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(path)) throw new Error(`Chromium not found at ${path}: apt-get install -y chromium, or set CHROMIUM_PATH.`);
  return path;
}

export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];
