// `npm run measure:import [-- ARTICLES] [--file export.json.gz]`: how much memory the streamed
// import needs. With --file, an export made earlier is imported again (seeding 50,000 takes minutes).
// 1. Builds the Worker as it deploys, seeds a newsroom of ARTICLES (default 50,000) realistic
//    articles with the bench generator in one local workerd, adds a few real images through the
//    API, and exports it through GET /export (gzipped on the way to disk, as an operator would keep it).
// 2. Starts a second, empty workerd with the V8 inspector on, signs in an admin with the same
//    email, and streams the file into POST /import while sampling Runtime.getHeapUsage every
//    ~100 ms. Prints the peak isolate heap (the figure that must stay well under 128 MB), the
//    import time, the export's size, and workerd's peak RSS (VmHWM) as an upper bound.
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { createGzip, deflateSync } from "node:zlib";
import { Miniflare } from "miniflare";
import { encodeSolidPng } from "../src/media/png-encode";
import { buildWorker, type Bundle } from "./bench/build";
import type { Statement } from "./bench/helper-worker";
import { benchWorkers, processCpuMs, startRuntime } from "./bench/runtime";
import { applyMigrations, seed } from "./bench/seed";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const fileArg = args.includes("--file") ? args[args.indexOf("--file") + 1] : undefined;
const total = Number(args.find((a) => /^\d+$/.test(a)) ?? 50_000);
const IMAGES = 8;
const INSPECTOR_PORT = 9300 + Math.floor(Math.random() * 500);
const work = mkdtempSync(join(tmpdir(), "copydesk-import-memory-"));
const file = fileArg ? resolve(fileArg) : join(work, "export.json.gz");
const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

console.log("Building the Worker (wrangler deploy --dry-run)…");
const bundle = buildWorker(root);
// Editorial writes are what we measure: run as local development, whatever the committed defaults.
bundle.vars.ENVIRONMENT = "development";

try {
  const exported = fileArg
    ? { rawBytes: 0, gzipBytes: statSync(file).size, adminEmail: "bench-admin@copydesk.example" }
    : await makeExport(bundle);
  const result = await measureImport(bundle, exported.adminEmail);
  console.log(`\nExport of ${total.toLocaleString("en-US")} articles (${IMAGES} images): ${mb(exported.rawBytes)} MB of JSON, ${mb(exported.gzipBytes)} MB gzipped (the upload)`);
  console.log(`Import: HTTP ${result.status} in ${result.seconds.toFixed(1)} s, of which ≈ ${result.finalSeconds.toFixed(1)} s the final step (one batch), workerd CPU ${result.cpuSeconds.toFixed(1)} s (Worker + local D1); ${result.samples} heap samples`);
  console.log(`Peak isolate heap: ${mb(result.peakLive)} MB live (sampled after a full GC every second); ${mb(result.peakUsed)} MB used incl. uncollected garbage, ${mb(result.peakTotal)} MB reserved (limit 128 MB)`);
  console.log(`Idle Worker before the import (after a full GC): ${mb(result.baseline)} MB`);
  console.log(`workerd peak RSS (VmHWM, whole process incl. SQLite and buffers): ${mb(result.vmHwm)} MB`);
  if (result.status !== 201) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}

async function makeExport(bundle: Bundle) {
  const persist = join(work, "source");
  const rt = await startRuntime(bundle, persist);
  try {
    const seeded = await seed(rt.exec, root, total);
    console.log(`  seeded ${total.toLocaleString("en-US")} articles in ${seeded.seconds.toFixed(0)} s`);
    // The bench's media rows have no bytes in R2 (an export writes them as null) and keys outside
    // the uploads' media/ space: give them upload-shaped keys, then add a few real images.
    await rt.exec([["UPDATE media SET r2_key = 'media/' || id || '.jpg'", []]]);
    for (let i = 0; i < IMAGES; i++) {
      const png = await encodeSolidPng(1600, 900, [20 * i, 90, 160], async (d) => new Uint8Array(deflateSync(d)), [240, 200, 40]);
      const form = new FormData();
      form.set("file", new File([png], `photo-${i}.png`, { type: "image/png" }));
      form.set("alt", `Photo ${i}`);
      const res = await fetch(new URL("/api/editorial/v1/media", rt.url), { method: "POST", headers: { authorization: `Bearer ${seeded.admin.token}` }, body: form });
      if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
    }
    const res = await fetch(new URL("/api/editorial/v1/export", rt.url), { headers: { authorization: `Bearer ${seeded.admin.token}` } });
    if (res.status !== 200 || !res.body) throw new Error(`export: ${res.status} ${await res.text()}`);
    let rawBytes = 0;
    const count = new Transform({
      transform(chunk: Buffer, _enc, done) {
        rawBytes += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(res.body as never), count, createGzip({ level: 6 }), createWriteStream(file));
    return { rawBytes, gzipBytes: statSync(file).size, adminEmail: "bench-admin@copydesk.example" };
  } finally {
    await rt.dispose();
  }
}

async function measureImport(bundle: Bundle, adminEmail: string) {
  const D1 = { type: "d1", id: "copydesk-import" } as const;
  const env: Record<string, unknown> = { DB: D1, MEDIA: { type: "r2", name: "copydesk-import-media" } };
  for (const [name, value] of Object.entries(bundle.vars)) env[name] = { type: "text", value };
  const mf = new Miniflare({
    host: "127.0.0.1",
    port: 0,
    inspectorPort: INSPECTOR_PORT,
    resourcePersistencePath: join(work, "target"),
    workers: benchWorkers(bundle, env, "import-helper", D1),
  } as never);
  try {
    await mf.ready;
    const url = await mf.unsafeGetDirectURL("copydesk");
    const helper = await mf.unsafeGetDirectURL("import-helper");
    const exec = async (statements: Statement[]) => {
      const res = await fetch(new URL("/sql", helper), { method: "POST", body: JSON.stringify(statements) });
      if (!res.ok) throw new Error(`D1: ${await res.text()}`);
      return res.json();
    };
    await applyMigrations(exec, root);
    // An empty newsroom with one admin of the same email: the import maps the export's admin onto them.
    const token = `cdk_${randomBytes(32).toString("base64url")}`;
    const now = new Date().toISOString();
    await exec([
      ["INSERT INTO users (id, email, name, role, password_hash, created_at, updated_at) VALUES ('usr_importer', ?, 'Importer', 'admin', '!', ?, ?)", [adminEmail, now, now]],
      ["INSERT INTO api_tokens (id, user_id, name, token_hash, role, created_at) VALUES ('tok_importer', 'usr_importer', 'import', ?, 'admin', ?)", [createHash("sha256").update(token).digest("hex"), now]],
    ]);

    const heap = await inspectHeap(INSPECTOR_PORT, "copydesk");
    const pid = findWorkerd();
    const cpuBefore = pid ? processCpuMs(pid) : 0;
    const started = performance.now();
    // When did staging stop growing? From then until the response is the final, visible step.
    let stagedUntil = started;
    let lastSeq = -1;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const [[row]] = (await exec([["SELECT max(seq) AS s FROM import_staging", []]])) as [[{ s: number | null }]];
        if (row && row.s !== null && row.s > lastSeq) {
          lastSeq = row.s;
          stagedUntil = performance.now();
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();
    const res = await fetch(new URL("/api/editorial/v1/import", url), {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: Readable.toWeb(createReadStream(file)) as never,
      duplex: "half",
    } as RequestInit);
    const text = await res.text();
    const seconds = (performance.now() - started) / 1000;
    const finalSeconds = (performance.now() - stagedUntil) / 1000;
    polling = false;
    await poll;
    const cpuSeconds = pid ? (processCpuMs(pid) - cpuBefore) / 1000 : 0;
    const peak = await heap.stop();
    if (res.status !== 201) console.error(text.slice(0, 2000));
    else console.log(`  imported: ${text}`);
    return { status: res.status, seconds, finalSeconds, cpuSeconds, ...peak, vmHwm: pid ? vmHwm(pid) : 0 };
  } finally {
    await mf.dispose();
  }
}

/** Samples the Worker isolate's heap through the V8 inspector (CDP Runtime.getHeapUsage). */
async function inspectHeap(port: number, worker: string) {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as { id: string; title: string; webSocketDebuggerUrl: string }[];
  const target = targets.find((t) => t.title.includes(worker) || t.id.includes(worker)) ?? targets[0];
  if (!target) throw new Error("no inspector target");
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((ok, fail) => {
    ws.addEventListener("open", ok);
    ws.addEventListener("error", fail);
  });
  let id = 0;
  const waiting = new Map<number, (v: any) => void>();
  ws.addEventListener("message", (e: { data: unknown }) => {
    const msg = JSON.parse(String(e.data));
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg.result);
  });
  // An answer that never comes (a method the target does not serve) must not stall the sampler.
  const send = (method: string) =>
    new Promise<any>((ok) => {
      waiting.set(++id, ok);
      ws.send(JSON.stringify({ id, method }));
      setTimeout(() => ok(null), 5_000);
    });
  await send("HeapProfiler.enable");
  await send("HeapProfiler.collectGarbage");
  const baseline = (await send("Runtime.getHeapUsage"))?.usedSize ?? 0;
  let peakUsed = 0;
  let peakTotal = 0;
  let peakLive = 0;
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const usage = await send("Runtime.getHeapUsage");
      samples++;
      peakUsed = Math.max(peakUsed, usage?.usedSize ?? 0);
      peakTotal = Math.max(peakTotal, usage?.totalSize ?? 0);
      // Used heap counts garbage not yet collected (V8 collects lazily when memory is plentiful, as
      // it is in local workerd). Every second, a full collection first: what the import really holds.
      if (samples % 10 === 0) {
        await send("HeapProfiler.collectGarbage");
        const live = await send("Runtime.getHeapUsage");
        peakLive = Math.max(peakLive, live?.usedSize ?? 0);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      ws.close();
      return { peakUsed, peakTotal, peakLive, baseline, samples };
    },
  };
}

/** Our own workerd: the newest one below this process (other people may run theirs). */
function findWorkerd(): number | null {
  const parents = new Map<number, number>();
  const workerds: number[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const s = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = s.slice(s.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(name), Number(fields[1]));
      if (s.slice(s.indexOf("(") + 1, s.lastIndexOf(")")) === "workerd") workerds.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  const mine = workerds.filter((pid) => {
    for (let p = parents.get(pid); p; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  });
  return mine.length ? Math.max(...mine) : null;
}

function vmHwm(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return m ? Number(m[1]) * 1024 : 0;
}
