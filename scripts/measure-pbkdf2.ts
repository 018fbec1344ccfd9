// `npm run measure:pbkdf2`: what one password check costs inside workerd, the runtime production uses.
// Runs a one-route Worker in a bare `workerd serve` and reads that process's own CPU time
// (user + system, from /proc) across N hashes: CPU, not wall time, comparable with plan limits.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const N = Number(process.argv[2] ?? 40);
const PORT = 8791;
const dir = mkdtempSync(join(tmpdir(), "pbkdf2-"));
writeFileSync(
  join(dir, "w.js"),
  `export default {
  async fetch(req) {
    const n = Number(new URL(req.url).searchParams.get("n"));
    const key = await crypto.subtle.importKey("raw", new TextEncoder().encode("correct horse battery staple"), "PBKDF2", false, ["deriveBits"]);
    for (let i = 0; i < n; i++) {
      const salt = crypto.getRandomValues(new Uint8Array(16));
      await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations: 100000 }, key, 256);
    }
    return new Response("ok");
  },
};`,
);
writeFileSync(
  join(dir, "config.capnp"),
  `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .w)],
  sockets = [(name = "http", address = "127.0.0.1:${PORT}", http = (), service = "main")],
);
const w :Workerd.Worker = (modules = [(name = "w.js", esModule = embed "w.js")], compatibilityDate = "2026-11-01");
`,
);

const workerd = spawn("node_modules/.bin/workerd", ["serve", join(dir, "config.capnp")], { stdio: "inherit" });
const cpuMs = () => {
  const fields = readFileSync(`/proc/${workerd.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime in USER_HZ (100/s)
};
try {
  for (let i = 0; ; i++) {
    try {
      await (await fetch(`http://127.0.0.1:${PORT}/?n=2`)).text(); // also warms up
      break;
    } catch (err) {
      if (i > 100) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const before = cpuMs();
  const t0 = performance.now();
  await (await fetch(`http://127.0.0.1:${PORT}/?n=${N}`)).text();
  const wall = performance.now() - t0;
  const cpu = cpuMs() - before;
  console.log(`PBKDF2-SHA256 at 100,000 iterations in workerd: ${(cpu / N).toFixed(1)} ms CPU, ${(wall / N).toFixed(1)} ms wall per hash (${N} hashes)`);
} finally {
  workerd.kill();
}
