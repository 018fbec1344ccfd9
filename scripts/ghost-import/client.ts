// Talking to the Worker for scripts/import-ghost.ts: the editorial API client, retries, progress, and
// the import itself (the plan, the chunks sent concurrently, finish, the report).
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type * as v from "valibot";
import type { GhostImportView } from "../../src/editorial/imports/routes";
import { CHUNK_SIZE, chunkBundles, planOf, type GhostExport, type GhostImportOptionsInput } from "../../src/ghost/export-file";
import type { CliOptions } from "./args";

export const LOCAL_URL = "http://127.0.0.1:8787"; // scripts/local-dev.ts: where `npm start` serves the Worker
export const API = "/api/editorial/v1";
const WARM_UP = 2; // chunks sent one at a time before the others go `concurrency` at a time
const ATTEMPTS = 4; // per chunk: a dropped connection or a 5xx is retried, a refusal (4xx) is not

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
  /** Worth another try: nothing answered, the Worker failed, or it asked us to slow down. */
  get transient() {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

/** `fetcher`: the bench (scripts/bench/phase-ghost-import.ts) passes one that times each request. */
export function client(origin: string, token: string, fetcher: typeof fetch = fetch) {
  return async function request<T>(method: string, path: string, body?: unknown, accept = "application/json"): Promise<T> {
    let res: Response;
    try {
      res = await fetcher(origin + API + path, {
        method,
        headers: { authorization: `Bearer ${token}`, accept, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(120_000),
      });
    } catch (err) {
      const cause = (err as Error).cause;
      throw new HttpError(0, `${origin} did not answer (${cause instanceof Error ? cause.message : (err as Error).message}).${origin === LOCAL_URL ? " Is `npm start` running?" : ""}`);
    }
    const text = await res.text();
    if (!res.ok) throw new HttpError(res.status, describeProblem(res.status, text));
    if (accept !== "application/json") return text as T;
    return JSON.parse(text) as T;
  };
}

/** The API's problem+json in a sentence, with every failing field after it. */
function describeProblem(status: number, text: string): string {
  try {
    const p = JSON.parse(text) as { title?: string; detail?: string; code?: string; errors?: { path: string; message: string }[] };
    const fields = (p.errors ?? []).slice(0, 10).map((e) => `\n  ${e.path}: ${e.message}`).join("");
    const hint = status === 401 ? "\n  The token is invalid, revoked or expired: mint a new one." : status === 403 ? "\n  The import needs an admin's token." : "";
    return `${status} ${p.code ?? ""}: ${p.detail ?? p.title ?? "refused"}${fields}${hint}`;
  } catch {
    return `${status}: ${text.slice(0, 300) || "no body"}`;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function withRetries<T>(what: string, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!(err instanceof HttpError) || !err.transient || attempt >= ATTEMPTS) throw err;
      const wait = 1000 * 2 ** (attempt - 1);
      process.stderr.write(`\n${what} failed (${err.message}); trying again in ${wait / 1000} s (attempt ${attempt + 1} of ${ATTEMPTS})\n`);
      await sleep(wait);
    }
  }
}

/**
 * "posts 125/400 (31%) · 42.1 posts/s · 3.0 s · ~7 s left" on stderr: redrawn in place on a terminal,
 * otherwise a line per 5% (a 10,000-post log stays readable).
 */
function progress(total: number) {
  const started = performance.now();
  const tty = process.stderr.isTTY;
  let lastStep = -1;
  return (done: number, final = false) => {
    const seconds = (performance.now() - started) / 1000;
    const rate = seconds > 0 ? done / seconds : 0;
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (!tty && !final && Math.floor(pct / 5) === lastStep) return;
    lastStep = Math.floor(pct / 5);
    const left = rate > 0 && done < total ? ` · ~${Math.ceil((total - done) / rate)} s left` : "";
    const line = `posts ${done}/${total} (${pct}%) · ${rate.toFixed(1)} posts/s · ${seconds.toFixed(1)} s${left}`;
    process.stderr.write(tty ? `\r${line}\x1b[K${final ? "\n" : ""}` : `${line}\n`);
  };
}

type ImportView = v.InferOutput<typeof GhostImportView>;

export async function runImport(opts: CliOptions, origin: string, token: string, exp: GhostExport): Promise<void> {
  const request = client(origin, token);
  const bundles = exp.bundles;
  const chunks = chunkBundles(bundles);

  process.stderr.write(`Importing ${bundles.length} posts, ${exp.users.length} authors and ${exp.tags.length} tags into ${origin}, ${CHUNK_SIZE} posts a request, ${opts.concurrency} at a time.\n`);
  const started = await withRetries("Starting the import", () => request<{ import: ImportView }>("POST", "/imports/ghost", planOf(exp, importOptions(opts))));
  const id = started.import.id;
  const show = progress(bundles.length);
  let done = 0;
  show(0, !chunks.length);
  try {
    // The first WARM_UP chunks go one at a time: a refusal that would hit every chunk (a token, an
    // export the Worker will not take) shows once, and the sections and featured collection the
    // first posts bring are made before chunks race. Then up to `concurrency` chunks in flight: a
    // chunk sent twice (its answer lost) or alongside others is harmless, as the Worker records
    // each post once (first outcome wins). After a failure no new chunk starts; the ones in flight
    // finish (so `done` is what the Worker acknowledged), then the failure is reported.
    let next = 0;
    let failed: unknown = null;
    const sendNext = async () => {
      const i = next++;
      const chunk = chunks[i]!;
      const first = i * CHUNK_SIZE + 1;
      try {
        await withRetries(`Posts ${first}–${first + chunk.length - 1}`, () => request("POST", `/imports/ghost/${encodeURIComponent(id)}/posts`, { posts: chunk }));
      } catch (err) {
        failed ??= err;
        return;
      }
      done += chunk.length;
      show(done, done === bundles.length);
    };
    while (failed === null && next < Math.min(WARM_UP, chunks.length)) await sendNext();
    const worker = async () => {
      while (failed === null && next < chunks.length) await sendNext();
    };
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
    if (failed !== null) throw failed;
    await withRetries("Finishing the import", () => request("POST", `/imports/ghost/${encodeURIComponent(id)}/finish`));
  } catch (err) {
    throw new ImportFailed(`${(err as Error).message}\n${done} of ${bundles.length} posts were sent (import ${id}).`);
  }

  const text = await withRetries("Reading the report", () => request<string>("GET", `/imports/ghost/${encodeURIComponent(id)}/report?format=text`, undefined, "text/plain"));
  process.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
  if (opts.json) {
    const report = await withRetries("Reading the report", () => request<unknown>("GET", `/imports/ghost/${encodeURIComponent(id)}/report`));
    writeFileSync(resolve(opts.json), `${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(`JSON report written to ${resolve(opts.json)}\n`);
  }
}

export class ImportFailed extends Error {}

function importOptions(opts: CliOptions): GhostImportOptionsInput {
  return {
    site_url: opts.siteUrl!,
    section_from: opts.sectionFrom,
    section_map: opts.sectionMap,
    default_section: opts.defaultSection,
    fetch_images: opts.fetchImages,
  };
}
