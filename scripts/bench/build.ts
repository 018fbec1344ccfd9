// Builds the Worker exactly as `wrangler deploy` would (dry run) and measures what would ship.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { unstable_readConfig } from "wrangler";
import type { WidgetSize } from "./results";

export interface Bundle {
  mainModule: string;
  modules: Record<string, { type: "esm" | "wasm" | "text" | "data"; contents: Uint8Array }>;
  compatibilityDate: string;
  compatibilityFlags: string[];
  vars: Record<string, string>;
  /** wrangler.toml's Queues: producer bindings and consumers (the delivery queue and its dead-letter queue). */
  queues: { producers: { binding: string; queue: string }[]; consumers: QueueConsumer[] };
  /** wrangler.toml's Durable Objects: the bindings, and this Worker's classes with the storage their migrations gave them. */
  durableObjects: { bindings: DurableObjectBinding[]; classes: DurableObjectClass[] };
  sizes: { workerRaw: number; workerGzip: number; adminGzip: number | null; widget: WidgetSize | null };
}

export interface QueueConsumer {
  queue: string;
  maxBatchSize?: number;
  maxBatchTimeout?: number;
  maxRetries?: number;
  deadLetterQueue?: string;
}

export interface DurableObjectBinding {
  name: string;
  className: string;
  /** Another Worker's class (not run by the bench); absent for this Worker's own. */
  scriptName?: string;
}

export interface DurableObjectClass {
  className: string;
  /** `new_sqlite_classes` → "sqlite" (as production runs it), `new_classes` → "legacy-kv". */
  storage: "sqlite" | "legacy-kv";
}

interface Migration {
  new_classes?: string[];
  new_sqlite_classes?: string[];
  renamed_classes?: { from: string; to: string }[];
  deleted_classes?: string[];
}

/** The classes the migrations leave, in order: created, renamed, deleted. */
export function durableObjectClasses(migrations: Migration[]): DurableObjectClass[] {
  const classes = new Map<string, DurableObjectClass["storage"]>();
  for (const m of migrations) {
    for (const c of m.new_classes ?? []) classes.set(c, "legacy-kv");
    for (const c of m.new_sqlite_classes ?? []) classes.set(c, "sqlite");
    for (const { from, to } of m.renamed_classes ?? []) {
      const storage = classes.get(from);
      classes.delete(from);
      if (storage) classes.set(to, storage);
    }
    for (const c of m.deleted_classes ?? []) classes.delete(c);
  }
  return [...classes].map(([className, storage]) => ({ className, storage }));
}

const MODULE_TYPES: Record<string, "esm" | "wasm" | "text" | "data"> = { ".js": "esm", ".mjs": "esm", ".wasm": "wasm", ".txt": "text", ".html": "text", ".bin": "data" };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

/** The admin SPA is served separately, but its weight matters to editors on slow connections. */
function adminGzipSize(root: string): number | null {
  const dist = join(root, "admin", "dist");
  if (!existsSync(dist)) return null;
  return filesUnder(dist)
    .filter((f) => [".js", ".mjs", ".css", ".html"].includes(extname(f)))
    .reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
}

/** Built with the admin (admin/vite.config.ts), which `wrangler deploy --dry-run` runs first ([build] in wrangler.toml). */
function widgetSize(root: string): WidgetSize | null {
  const file = join(root, "admin", "dist", "embed", "v1", "feed.js");
  if (!existsSync(file)) return null;
  const code = readFileSync(file);
  return { raw: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

export function buildWorker(root: string, o: { minify?: boolean } = {}): Bundle {
  const config = unstable_readConfig({ config: join(root, "wrangler.toml") }, { hideWarnings: true });
  const outdir = mkdtempSync(join(tmpdir(), "copydesk-bench-build-"));
  const args = ["deploy", "--dry-run", "--outdir", outdir];
  // Readable function names for a CPU profile (scripts/bench/profile-hits.ts); the bench ships as deployed.
  if (o.minify === false) args.push("--no-minify");
  // The admin SPA's assets are served before the Worker runs and never on the routes we measure;
  // when admin/dist is not built, an empty directory stands in so the Worker still builds.
  const assetsDir = config.assets?.directory ? resolve(root, config.assets.directory) : null;
  const emptyAssets = assetsDir && !existsSync(assetsDir) ? mkdtempSync(join(tmpdir(), "copydesk-bench-assets-")) : null;
  if (emptyAssets) args.push("--assets", emptyAssets);
  execFileSync(join(root, "node_modules", ".bin", "wrangler"), args, {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  const modules: Bundle["modules"] = {};
  let workerRaw = 0;
  let workerGzip = 0;
  for (const file of filesUnder(outdir)) {
    const type = MODULE_TYPES[extname(file)];
    if (!type) continue; // source maps and the README are not uploaded as code
    const contents = readFileSync(file);
    modules[relative(outdir, file)] = { type, contents };
    workerRaw += contents.length;
    // Level 9 is close to what Cloudflare reports for the upload; the limit applies to the gzip size.
    workerGzip += gzipSync(contents, { level: 9 }).length;
  }
  // Everything is in memory now; the temporary build directories can go.
  for (const dir of [outdir, emptyAssets]) if (dir) rmSync(dir, { recursive: true, force: true });
  const esm = Object.keys(modules).filter((m) => modules[m]!.type === "esm");
  const mainModule = esm.includes("index.js") ? "index.js" : esm[0];
  if (!mainModule) throw new Error("wrangler produced no JavaScript module");

  const vars = Object.fromEntries(Object.entries(config.vars ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
  const queues: Bundle["queues"] = {
    producers: (config.queues?.producers ?? []).map((p: { binding: string; queue: string }) => ({ binding: p.binding, queue: p.queue })),
    consumers: (config.queues?.consumers ?? []).map((c: { queue: string; max_batch_size?: number; max_batch_timeout?: number; max_retries?: number; dead_letter_queue?: string }) => ({
      queue: c.queue,
      maxBatchSize: c.max_batch_size,
      maxBatchTimeout: c.max_batch_timeout,
      maxRetries: c.max_retries,
      deadLetterQueue: c.dead_letter_queue,
    })),
  };
  const durableObjects: Bundle["durableObjects"] = {
    bindings: (config.durable_objects?.bindings ?? []).map((b: { name: string; class_name: string; script_name?: string }) => ({
      name: b.name,
      className: b.class_name,
      ...(b.script_name ? { scriptName: b.script_name } : {}),
    })),
    classes: durableObjectClasses((config.migrations ?? []) as Migration[]),
  };
  return {
    mainModule,
    modules,
    compatibilityDate: config.compatibility_date ?? "2026-11-01",
    compatibilityFlags: config.compatibility_flags ?? [],
    vars,
    queues,
    durableObjects,
    sizes: { workerRaw, workerGzip, adminGzip: adminGzipSize(root), widget: widgetSize(root) },
  };
}
