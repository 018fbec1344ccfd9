// What the machine held for a runtime as a phase began: the D1 file's bytes in the OS page cache
// and workerd's resident memory (context for a row that slows over a long run), and --warm-db's
// read of the file back into memory.
import { execFileSync } from "node:child_process";
import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import type { PhaseResult } from "./results";

/** A process's resident memory (VmRSS), in MiB; NaN when /proc does not say. */
export function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s*kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) / 1024 : NaN;
}

/** The D1 file's size and bytes in the OS page cache (fincore, util-linux; null without it), and workerd's RSS. */
export function hostState(file: string, pid: number): NonNullable<PhaseResult["host"]> {
  let dbResidentBytes: number | null = null;
  try {
    dbResidentBytes = Number(execFileSync("fincore", ["--bytes", "--noheadings", "--output", "RES", file], { encoding: "utf8" }).trim()) || 0;
  } catch {
    // No fincore here: the row says nothing about the page cache.
  }
  return { dbBytes: statSync(file).size, dbResidentBytes, workerdRssMiB: rssMiB(pid) };
}

/** Reads a file start to end (the OS keeps what it read in its page cache): its bytes and the seconds it took. */
export function warmFile(path: string): { bytes: number; seconds: number } {
  const started = performance.now();
  const fd = openSync(path, "r");
  const buf = Buffer.allocUnsafe(16 * 2 ** 20);
  let bytes = 0;
  try {
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) bytes += n;
  } finally {
    closeSync(fd);
  }
  return { bytes, seconds: (performance.now() - started) / 1000 };
}
