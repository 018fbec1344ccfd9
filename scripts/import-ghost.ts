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
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { readGhostExport, type GhostExport, type GhostTag } from "../src/ghost/export-file";
import { mapPost } from "../src/ghost/import/post-content";
import { MINT_TOKEN, parseCli, targetOrigin, USAGE, UsageError, type CliOptions } from "./ghost-import/args";
import { HttpError, ImportFailed, runImport } from "./ghost-import/client";

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
