// `npm run import:ghost -- export.json [options]`: moves a Ghost newsroom in from the JSON file Ghost's
// admin exports (Settings → Labs → Export). The file is read and split here, on the operator's
// machine; the Worker imports it chunk by chunk through the editorial API (POST /imports/ghost with
// the plan, then …/posts CHUNK_SIZE posts at a time, then …/finish), so no request comes near
// Workers' limits whatever the archive's size. The same routes back the admin's "Import from Ghost" page.
//
// Resumable by design rather than by bookkeeping: the server keys every post by Ghost's id and skips
// one whose content has not changed, so re-running the same command after a failure sends everything
// again and only the rest is written. Nothing is created twice.
//
// --dry-run touches no server: it converts every post locally with the importer's own converter and
// prints what would be imported, with every note (unmapped cards, split credits, fallbacks).
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type * as v from "valibot";
import type { GhostImportView } from "../src/editorial/imports/routes";
import { CHUNK_SIZE, chunkBundles, planOf, readGhostExport, SECTION_RULES, type GhostExport, type GhostImportOptionsInput, type GhostTag } from "../src/ghost/export-file";
import { mapPost } from "../src/ghost/import/post-content";

const LOCAL_URL = "http://127.0.0.1:8787"; // scripts/local-dev.ts: where `npm start` serves the Worker
const API = "/api/editorial/v1";
const DEFAULT_CONCURRENCY = 3;
const MAX_CONCURRENCY = 8;
const WARM_UP = 2; // chunks sent one at a time before the others go `concurrency` at a time
const ATTEMPTS = 4; // per chunk: a dropped connection or a 5xx is retried, a refusal (4xx) is not
type SectionRule = (typeof SECTION_RULES)[number];

const USAGE = `Usage: npm run import:ghost -- <export.json> [options]

  --dry-run                  convert locally and print what would be imported (no server)
  --remote                   import into the deployed Worker (PUBLIC_API_ORIGIN in wrangler.toml, or --url)
  --url <origin>             the Worker to import into (default ${LOCAL_URL}, the local \`npm start\`)
  --token <cdk_…>            an admin API token (default: $COPYDESK_TOKEN)
  --site-url <url>           the old Ghost site's URL, e.g. https://news.example (replaces __GHOST_URL__;
                             links to it that name an imported post become links between our articles)
  --section-from <rule>      primary-tag (default) | map | default: how each post's section is chosen
  --section-map <t=s,…>      Ghost tag slug → section slug, for --section-from map
  --default-section <slug>   the section for posts no rule places (required for --section-from default)
  --fetch-images             copy images from their original URLs into R2 (default: keep them external)
  --concurrency <n>          chunks sent at once, 1–${MAX_CONCURRENCY} (default ${DEFAULT_CONCURRENCY}; 1 sends them one at a time)
  --json <file>              also write the import's report as JSON to <file>
  -h, --help                 this text

Interrupted or failed? Run the same command again: every post is sent again, the Worker skips the
ones already imported and unchanged (keyed by Ghost's post id), and nothing is created twice.`;

/** What the operator asked for, checked before anything is read or sent. */
interface CliOptions {
  file: string;
  dryRun: boolean;
  remote: boolean;
  url: string | null;
  token: string | null;
  siteUrl: string | null;
  sectionFrom: SectionRule;
  sectionMap: Record<string, string>;
  defaultSection: string | null;
  fetchImages: boolean;
  json: string | null;
  /** Chunks in flight at once: the Worker counts each post once whatever the order (ghost_import_posts). */
  concurrency: number;
}

class UsageError extends Error {}

function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions | "help" {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "dry-run": { type: "boolean", default: false },
      remote: { type: "boolean", default: false },
      url: { type: "string" },
      token: { type: "string" },
      "site-url": { type: "string" },
      "section-from": { type: "string" },
      "section-map": { type: "string" },
      "default-section": { type: "string" },
      "fetch-images": { type: "boolean", default: false },
      json: { type: "string" },
      concurrency: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return "help";
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `Give one export file, not ${positionals.length}.` : "Give the export file Ghost wrote.");
  const sectionMap = parseSectionMap(values["section-map"] ?? "");
  const sectionFrom = (values["section-from"] ?? (values["section-map"] ? "map" : "primary-tag")) as SectionRule;
  if (!SECTION_RULES.includes(sectionFrom)) throw new UsageError(`--section-from must be one of ${SECTION_RULES.join(", ")}, not "${sectionFrom}".`);
  if (sectionFrom === "map" && !Object.keys(sectionMap).length) throw new UsageError("--section-from map needs --section-map tag=section,…");
  if (sectionFrom === "default" && !values["default-section"]) throw new UsageError("--section-from default needs --default-section <slug>.");
  const siteUrl = values["site-url"] ?? null;
  // Ghost's export does not say where the site lived, and every internal link and image depends on it.
  if (siteUrl === null && !values["dry-run"]) throw new UsageError("--site-url is required: the old Ghost site's address (e.g. https://news.example), which Ghost's __GHOST_URL__ placeholders stand for.");
  if (siteUrl !== null && !/^https?:\/\/[^/?#\s]+/i.test(siteUrl)) throw new UsageError(`--site-url must be an http(s) URL such as https://news.example, not "${siteUrl}".`);
  const url = values.url ?? null;
  if (url !== null && !/^https?:\/\/[^/?#\s]+\/?$/i.test(url)) throw new UsageError(`--url must be an origin such as https://api.news.example, not "${url}".`);
  const concurrency = values.concurrency === undefined ? DEFAULT_CONCURRENCY : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new UsageError(`--concurrency must be a whole number from 1 to ${MAX_CONCURRENCY}, not "${values.concurrency}".`);
  }
  return {
    file: positionals[0]!,
    dryRun: values["dry-run"],
    remote: values.remote,
    url: url?.replace(/\/+$/, "") ?? null,
    token: values.token ?? env.COPYDESK_TOKEN ?? null,
    siteUrl: siteUrl?.replace(/\/+$/, "") ?? null,
    sectionFrom,
    sectionMap,
    defaultSection: values["default-section"] ?? null,
    fetchImages: values["fetch-images"],
    json: values.json ?? null,
    concurrency,
  };
}

function parseSectionMap(text: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const pair of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [tag, section, extra] = pair.split("=").map((s) => s.trim());
    if (!tag || !section || extra !== undefined) throw new UsageError(`--section-map takes tag=section pairs separated by commas; "${pair}" is not one.`);
    map[tag] = section;
  }
  return map;
}

/** The Worker to talk to: --url, else the deployed one for --remote, else the local `npm start`. */
function targetOrigin(opts: CliOptions): string {
  if (opts.url) return opts.url;
  if (!opts.remote) return LOCAL_URL;
  const toml = readFileSync(resolve(import.meta.dirname, "../wrangler.toml"), "utf8");
  const origin = /^\s*PUBLIC_API_ORIGIN\s*=\s*"([^"]*)"/m.exec(toml)?.[1]?.trim();
  if (!origin) throw new UsageError("--remote: PUBLIC_API_ORIGIN is empty in wrangler.toml; pass --url https://<your worker> instead.");
  return origin.replace(/\/+$/, "");
}

const MINT_TOKEN = `No API token. Import with an admin's token: --token cdk_… or COPYDESK_TOKEN=cdk_…
Mint one signed in as an admin: the admin's "API tokens" page (role: admin, expires in 30 days), or
  curl -c jar -H 'content-type: application/json' -H 'origin: <url>' \\
    -d '{"email":"<admin email>","password":"…"}' <url>${API}/session
  curl -b jar -H 'content-type: application/json' -H 'origin: <url>' \\
    -d '{"name":"ghost import","role":"admin"}' <url>${API}/tokens     # prints the secret once
(no admin yet? npm run create-admin -- --email you@newsroom.example [--remote])`;

// ---------------------------------------------------------------------------------------------
// Reading the file

function readExport(path: string): GhostExport {
  const full = resolve(path);
  let text: string;
  try {
    process.stderr.write(`Reading ${full} (${(statSync(full).size / 1024 / 1024).toFixed(1)} MB)…\n`);
    // A few hundred MB parse fine in one piece; the bodies are what is large and we need them all.
    text = readFileSync(full, "utf8");
  } catch (err) {
    throw new UsageError(`Cannot read ${full}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${full} is not JSON (${(err as Error).message}). Give the file Ghost's Settings → Labs → Export wrote.`);
  }
  try {
    return readGhostExport(raw);
  } catch (err) {
    throw new UsageError(`${full} is not a Ghost export Copydesk can read: ${(err as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Talking to the Worker

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

async function runImport(opts: CliOptions, origin: string, token: string, exp: GhostExport): Promise<void> {
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

class ImportFailed extends Error {}

function importOptions(opts: CliOptions): GhostImportOptionsInput {
  return {
    site_url: opts.siteUrl!,
    section_from: opts.sectionFrom,
    section_map: opts.sectionMap,
    default_section: opts.defaultSection,
    fetch_images: opts.fetchImages,
  };
}

// ---------------------------------------------------------------------------------------------
// --dry-run: the converter, locally

/** The placeholder the dry run converts with when no --site-url is given (links to it match nothing). */
const NO_SITE = "https://old-site.invalid";

/**
 * Every post through the importer's own mapping (src/ghost/import/post-content.ts: the converter,
 * caption/credit split, dates, SEO fields), with stand-ins for what only the server knows (article,
 * media and contributor ids): the notes are the ones the import would write.
 */
async function dryRun(opts: CliOptions, exp: GhostExport): Promise<void> {
  const siteUrl = opts.siteUrl ?? NO_SITE;
  const postBySlug = new Map(exp.postIndex.map((p) => [p.slug.toLowerCase(), p.id]));
  const users = new Set(exp.users.map((u) => u.id));
  const tags = new Map(exp.tags.map((t) => [t.id, t]));
  const images = new Set<string>();
  const statuses = new Map<string, number>();
  const sections = new Map<string, number>();
  const codes = new Map<string, number>();
  let failed = 0;
  const lines: string[] = [];
  for (const bundle of exp.bundles) {
    const { post } = bundle;
    statuses.set(post.status, (statuses.get(post.status) ?? 0) + 1);
    const section = sectionFor(bundle.tags.flatMap((id) => tags.get(id) ?? []), opts);
    sections.set(section ?? "(none)", (sections.get(section ?? "(none)") ?? 0) + 1);
    let notes: { code: string; message: string }[];
    try {
      const mapped = await mapPost(bundle, {
        siteUrl,
        articleForSlug: (slug) => postBySlug.get(slug.toLowerCase()) ?? null,
        mediaFor: (url) => (images.add(url), url),
        contributorFor: (id) => (users.has(id) ? id : null),
        tagFor: (id) => (tags.has(id) ? id : null),
        sectionId: section,
        language: "en",
      });
      notes = mapped.notes;
      if ("skip" in mapped) {
        failed++;
        notes = [...notes, { code: "skipped", message: mapped.skip }];
      }
    } catch (err) {
      failed++;
      notes = [{ code: "convert_failed", message: (err as Error).message }];
    }
    if (!notes.length) continue;
    for (const n of notes) codes.set(n.code, (codes.get(n.code) ?? 0) + 1);
    lines.push(`${post.slug} (${post.id})`, ...notes.map((n) => `  ${n.code}: ${n.message}`));
  }
  const count = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, n]) => `${n} ${k}`).join(", ");
  const out = [
    `Dry run: nothing was sent. ${exp.bundles.length - failed} posts would be imported from ${opts.file} (Ghost ${exp.version}${exp.siteTitle ? `, "${exp.siteTitle}"` : ""}).`,
    `  posts: ${count(statuses) || "none"}${failed ? `; ${failed} would be skipped (below)` : ""}`,
    `  ${exp.users.length} authors as contributors (no logins, no emails), ${exp.tags.length} tags`,
    `  sections (${describeSectionRule(opts)}): ${count(sections) || "none"}`,
    `  ${images.size} images, ${opts.fetchImages ? "copied into R2" : "left at their original URLs"}`,
    `  old site URL: ${opts.siteUrl ?? "not given (--site-url): links to the old site were not recognised"}`,
    ...exp.skipped.map((r) => `  not imported: ${r.slug ?? r.id}: ${r.reason}`),
    "",
    lines.length ? `Notes (${count(codes)}):` : "No notes: every post converts as it is.",
    ...lines,
  ];
  process.stdout.write(`${out.join("\n")}\n`);
}

/** The importer's section rule (GhostImportOptions in src/ghost/export-file.ts), by slug. */
function sectionFor(tags: GhostTag[], opts: CliOptions): string | null {
  if (opts.sectionFrom === "primary-tag") {
    const primary = tags.find((t) => (t.visibility ?? (t.name.startsWith("#") ? "internal" : "public")) === "public");
    if (primary) return primary.slug;
  }
  if (opts.sectionFrom === "map") {
    const hit = tags.find((t) => opts.sectionMap[t.slug]);
    if (hit) return opts.sectionMap[hit.slug]!;
  }
  return opts.defaultSection;
}

function describeSectionRule(opts: CliOptions): string {
  if (opts.sectionFrom === "map") return `by tag (${Object.entries(opts.sectionMap).map(([t, s]) => `${t} → ${s}`).join(", ")})${opts.defaultSection ? `, else ${opts.defaultSection}` : ""}`;
  if (opts.sectionFrom === "default") return `all in ${opts.defaultSection}`;
  return `the primary tag's${opts.defaultSection ? `, else ${opts.defaultSection}` : ""}`;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  let opts: CliOptions | "help";
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (opts === "help") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    if (opts.dryRun) {
      await dryRun(opts, readExport(opts.file));
      return 0;
    }
    // Where to and as whom, settled before a large file is read.
    const origin = targetOrigin(opts);
    if (!opts.token) throw new UsageError(MINT_TOKEN.replaceAll("<url>", origin));
    await runImport(opts, origin, opts.token, readExport(opts.file));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) process.stderr.write(`${err.message}\n`);
    else if (err instanceof ImportFailed) process.stderr.write(`Import failed: ${err.message}\nRe-run the same command to resume: posts already imported are skipped as unchanged, nothing is created twice.\n`);
    else if (err instanceof HttpError) process.stderr.write(`Import failed: ${err.message}\n`);
    else process.stderr.write(`Import failed: ${(err as Error).stack ?? err}\n`);
    return 1;
  }
}

if (import.meta.main ?? process.argv[1] === import.meta.filename) process.exitCode = await main();
