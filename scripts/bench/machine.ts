// The machine the numbers came from: they mean little without it.
import { readFileSync } from "node:fs";
import { availableParallelism, totalmem } from "node:os";
import { createRequire } from "node:module";

export interface Machine {
  nproc: number;
  cpu: string;
  memoryGiB: number;
  node: string;
  workerd: string;
}

export function describeMachine(): Machine {
  let cpu = "unknown";
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpu;
  } catch {
    // Not Linux: leave it unknown.
  }
  const require = createRequire(import.meta.url);
  const version = (name: string) => {
    try {
      return (require(`${name}/package.json`) as { version: string }).version;
    } catch {
      return "unknown";
    }
  };
  return {
    nproc: availableParallelism(),
    cpu,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    workerd: `workerd ${version("workerd")} (miniflare ${version("miniflare")})`,
  };
}
