// The command line of scripts/import-ghost.ts: its usage text and options, checked before anything is
// read or sent, and where to send (the Worker's origin).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { SECTION_RULES } from "../../src/ghost/export-file";
import { API, LOCAL_URL } from "./client";

export const DEFAULT_CONCURRENCY = 3;
export const MAX_CONCURRENCY = 8;
type SectionRule = (typeof SECTION_RULES)[number];

export const USAGE = `Usage: npm run import:ghost -- <export.json> [options]

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
export interface CliOptions {
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

export class UsageError extends Error {}

export function parseCli(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions | "help" {
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
export function targetOrigin(opts: CliOptions): string {
  if (opts.url) return opts.url;
  if (!opts.remote) return LOCAL_URL;
  const toml = readFileSync(resolve(import.meta.dirname, "../../wrangler.toml"), "utf8");
  const origin = /^\s*PUBLIC_API_ORIGIN\s*=\s*"([^"]*)"/m.exec(toml)?.[1]?.trim();
  if (!origin) throw new UsageError("--remote: PUBLIC_API_ORIGIN is empty in wrangler.toml; pass --url https://<your worker> instead.");
  return origin.replace(/\/+$/, "");
}

export const MINT_TOKEN = `No API token. Import with an admin's token: --token cdk_… or COPYDESK_TOKEN=cdk_…
Mint one signed in as an admin: the admin's "API tokens" page (role: admin, expires in 30 days), or
  curl -c jar -H 'content-type: application/json' -H 'origin: <url>' \\
    -d '{"email":"<admin email>","password":"…"}' <url>${API}/session
  curl -b jar -H 'content-type: application/json' -H 'origin: <url>' \\
    -d '{"name":"ghost import","role":"admin"}' <url>${API}/tokens     # prints the secret once
(no admin yet? npm run create-admin -- --email you@newsroom.example [--remote])`;
