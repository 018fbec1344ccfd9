// `npm run mutation:check`: do the tests notice when a security rule breaks? Each mutant below is one
// small change to a security-critical module (permissions, sessions and tokens, cache invalidation,
// escaping); the tests named with it are run against it and must fail ("killed"). A mutant that
// survives is a rule no test holds in place.
//
// Works in a throwaway `git worktree` of HEAD (or --ref), never in the tree you are editing: the
// mutated file is restored after each mutant and the worktree removed at the end, even on failure
// or Ctrl-C. Not part of `npm test`: it runs the named test files once per mutant (minutes).
//
//   npm run mutation:check                      # every mutant
//   npm run mutation:check -- --only P1,S2      # some of them
//   npm run mutation:check -- --ref main~1      # another commit
//   MUTATION_VERBOSE=1 npm run mutation:check   # print each mutant's test output
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface Mutant {
  id: string;
  /** The broken rule, as a reviewer would say it. */
  what: string;
  file: string;
  /** Must occur exactly once in the file: a mutant that no longer applies is reported, not skipped. */
  find: string;
  replace: string;
  /** Other spellings of the same change, tried in order when `find` is absent (code in flux). */
  or?: [find: string, replace: string][];
  /** The tests that should notice; kept small so each mutant costs one short vitest run. */
  tests: string[];
}

const MATRIX = "tests/security/article-rights-matrix.test.ts";
const ROLES = "tests/api/articles-roles.test.ts";
const ROUTE_ROLES = "tests/security/route-roles.test.ts";
const SESSIONS = "tests/api/session-tokens.test.ts";
const CREDENTIALS = "tests/api/credentials.test.ts";
const FEEDS = "tests/api/feeds-delivery.test.ts";
const CACHE = "tests/api/cache-invalidation.test.ts";
const INJECTION = "tests/security/injection.test.ts";
const PERMS = "src/editorial/permissions.ts";
const SERVICE = "src/editorial/articles/service.ts";

export const MUTANTS: Mutant[] = [
  // Who may do what to an article.
  { id: "P1", what: "contributors may publish (role table)", file: PERMS, find: `"articles.publish": ["admin", "editor", "author"]`, replace: `"articles.publish": ["admin", "editor", "author", "contributor"]`, tests: [MATRIX] },
  { id: "P2", what: "contributors may schedule (role table)", file: PERMS, find: `"articles.schedule": ["admin", "editor", "author"]`, replace: `"articles.schedule": ["admin", "editor", "author", "contributor"]`, tests: [MATRIX] },
  { id: "P3", what: "authors may archive (role table)", file: PERMS, find: `"articles.archive": ["admin", "editor"]`, replace: `"articles.archive": ["admin", "editor", "author"]`, tests: [MATRIX] },
  { id: "P4", what: "publishing needs no byline", file: PERMS, find: "if (!bylined) {", replace: "if (false) {", tests: [MATRIX] },
  { id: "P5", what: "creating an article counts as holding a byline", file: PERMS, find: "const bylined = article.bylinedUserIds.includes(actor.userId);", replace: "const bylined = article.bylinedUserIds.includes(actor.userId) || article.createdBy === actor.userId;", tests: [MATRIX] },
  { id: "P6", what: "a draft that was published counts as private (status, not history)", file: PERMS, find: `article.status === "draft" && !article.everPublished`, replace: `article.status === "draft"`, tests: [MATRIX] },
  { id: "P7", what: "owners may change archived articles", file: PERMS, find: `if (article.status === "archived") throw`, replace: `if (false) throw`, tests: [MATRIX] },
  { id: "P8", what: "contributors may edit what has left their private draft", file: PERMS, find: `if (actor.role === "contributor") {`, replace: "if (false) {", tests: [MATRIX] },
  { id: "P9", what: "an unpublished story forgets it was published", file: SERVICE, find: `const everPublished = r.firstPublishedAt !== null || r.publishedAt !== null || r.status === "published";`, replace: `const everPublished = r.status === "published";`, tests: [MATRIX] },
  { id: "P10", what: "every transition checks only the publish right", file: SERVICE, find: "access(actor, TRANSITION_ACTION[kind], rec);", replace: `access(actor, "articles.publish", rec);`, tests: [MATRIX] },
  { id: "P11", what: "restoring a revision needs only the read right", file: SERVICE, find: `access(actor, "revisions.restore", rec);`, replace: `access(actor, "revisions.read", rec);`, tests: [MATRIX] },
  { id: "P12", what: "deleting checks no rights", file: SERVICE, find: `access(actor, "articles.delete", rec);`, replace: "", tests: [MATRIX] },
  // Credentials.
  { id: "S1", what: "an expired session still signs in", file: "src/auth/sessions.ts", find: ", gt(sessions.expiresAt, now.toISOString())", replace: "", tests: [ROUTE_ROLES, SESSIONS] },
  { id: "S2", what: "a revoked API token still works", file: "src/auth/api-tokens.ts", find: "await sha256Hex(secret)), isNull(apiTokens.revokedAt))", replace: "await sha256Hex(secret)))", or: [["isNull(apiTokens.revokedAt),\n", "\n"]], tests: [SESSIONS, ROUTE_ROLES] },
  { id: "S3", what: "a token acts with its owner's role, not its narrower scope", file: "src/editorial/auth-middleware.ts", find: "role: narrowerRole(found.tokenRole, found.role),", replace: "role: found.role,", tests: [ROLES, SESSIONS] },
  { id: "S4", what: "cookie writes from another origin are accepted (CSRF)", file: "src/editorial/auth-middleware.ts", find: "if (origin !== own) throw", replace: "if (false) throw", tests: [ROUTE_ROLES, SESSIONS] },
  { id: "S5", what: "an API token past its expires_at still works", file: "src/auth/api-tokens.ts", find: "        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now.toISOString())),\n", replace: "", tests: [CREDENTIALS] },
  { id: "S6", what: "a bearer token may mint further tokens", file: "src/editorial/tokens/routes.ts", find: `if (actor.via !== "session") throw`, replace: "if (false) throw", tests: [CREDENTIALS, SESSIONS] },
  { id: "S7", what: "one's own password change leaves one's API tokens alive", file: "src/editorial/session/sign-in.ts", find: "    db.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt))),\n", replace: "", tests: [CREDENTIALS] },
  { id: "S8", what: "an admin's password reset leaves the user's API tokens alive", file: "src/editorial/users/domain.ts", find: "if (patch.password !== undefined) {\n    statements.push(db.update(apiTokens)", replace: "if (false) {\n    statements.push(db.update(apiTokens)", tests: [CREDENTIALS] },
  { id: "S9", what: "the last admin may be demoted or deleted", file: "src/editorial/users/domain.ts", find: "sql`(not exists", replace: "sql`(1 or not exists", tests: ["tests/api/last-admin.test.ts"] },
  // Password guessing: attempts are reserved before the check, in buckets nobody else shares.
  { id: "L1", what: "sign-in verifies passwords without reserving an attempt", file: "src/editorial/session/sign-in.ts", find: "  await reserveSignIn(db, keys);\n", replace: "", tests: ["tests/api/sign-in-limits.test.ts"] },
  { id: "L2", what: "every user's password changes share one bucket", file: "src/auth/rate-limit.ts", find: "export const passwordChangeKey = (userId: string) => `pwd:${userId}`;", replace: "export const passwordChangeKey = (_userId: string) => `pwd:everyone`;", tests: ["tests/api/sign-in-limits.test.ts", "tests/api/password-change.test.ts"] },
  // The public cache: a forged Host must not fill the entry everyone else is served.
  { id: "C4", what: "the public cache keys on the path alone", file: "src/public/cache.ts", find: "/${url.protocol.slice(0, -1)}/${url.host}${url.pathname}", replace: "${url.pathname}", tests: ["tests/security/public-scope.test.ts"] },
  // Public cache invalidation: nothing unpublished may be served from the cache after the call.
  { id: "C1", what: "unpublishing leaves the public cache valid", file: "src/articles/write.ts", find: ` || w.previousStatus === "published"`, replace: "", tests: [FEEDS, CACHE] },
  { id: "C2", what: "publishing leaves the public cache valid", file: "src/articles/write.ts", find: `if (w.state.status === "published" || `, replace: "if (", tests: [FEEDS, CACHE] },
  { id: "C3", what: "deleting a published article leaves the public cache valid", file: SERVICE, find: `...(rec.row.status === "published" ? [bumpContentVersion(db)] : []),`, replace: "", tests: [CACHE, FEEDS] },
  // Escaping: hostile text must stay text.
  { id: "E1", what: "feed XML escaping lets `<` through", file: "src/feeds/xml.ts", find: `/[&<>"']/g`, replace: `/[&>"']/g`, tests: ["tests/unit/feeds-xml.test.ts", INJECTION] },
  { id: "E2", what: "feed XML escaping lets `&` through", file: "src/feeds/xml.ts", find: `/[&<>"']/g`, replace: `/[<>"']/g`, tests: ["tests/unit/feeds-xml.test.ts", INJECTION] },
  { id: "E3", what: "CDATA sections do not split `]]>`", file: "src/feeds/xml.ts", find: `.replaceAll("]]>", "]]]]><![CDATA[>")`, replace: "", tests: ["tests/unit/feeds-xml.test.ts", INJECTION] },
  { id: "E4", what: "JSON-LD lets `<` through (</script> breaks out)", file: "src/seo/json-ld.ts", find: "/[<>&\\u2028\\u2029]/g", replace: "/[>&\\u2028\\u2029]/g", tests: ["tests/unit/seo-json-ld.test.ts", INJECTION] },
  { id: "E6", what: "RSS titles and descriptions are escaped once (readers decode them as HTML)", file: "src/feeds/xml.ts", find: "return stripControlChars(value).replace(/[&<>]/g, (ch) => HTML_IN_XML[ch]!);", replace: "return escapeFeedXml(value);", tests: ["tests/unit/feeds-rss.test.ts", "tests/security/injection-readers.test.ts"] },
  { id: "E5", what: "body HTML attributes let `\"` through", file: "src/body/render-html.ts", find: `return value.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);`, replace: `return value.replace(/[&<>']/g, (ch) => ESCAPES[ch]!);`, tests: ["tests/unit/body-render.test.ts", INJECTION] },
];

function git(args: string[], cwd: string) {
  const r = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
}

/**
 * One vitest run; stops at the first failing test, since one failure is all a mutant needs. Timeouts
 * are generous: on a busy machine a slow test must not pass for a killed mutant.
 */
function vitest(cwd: string, files: string[]) {
  const present = files.filter((f) => existsSync(join(cwd, f)));
  // With no file named, vitest would run the whole suite.
  if (!present.length) return { passed: true, files: present, output: "no test file of this mutant exists" };
  const r = spawnSync("npx", ["vitest", "run", "--bail=1", "--reporter=dot", "--maxWorkers=1", "--testTimeout=120000", "--hookTimeout=120000", ...present], { cwd, encoding: "utf8", timeout: 15 * 60_000, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  return { passed: r.status === 0, files: present, output: `${r.stdout}\n${r.stderr}` };
}

/** Applies one mutant, runs its tests, and always puts the file back. */
function tryMutant(dir: string, m: Mutant): { outcome: "killed" | "SURVIVED" | "STALE"; seconds: number; note: string } {
  const path = join(dir, m.file);
  const original = readFileSync(path, "utf8");
  const edit = [[m.find, m.replace] as const, ...(m.or ?? [])].find(([find]) => original.split(find).length === 2);
  if (!edit) return { outcome: "STALE", seconds: 0, note: `its text is not in ${m.file} exactly once; update the mutant` };
  const started = Date.now();
  try {
    writeFileSync(path, original.replace(edit[0], () => edit[1]));
    const run = vitest(dir, m.tests);
    if (process.env.MUTATION_VERBOSE) console.log(run.output.slice(-6000));
    const seconds = Math.round((Date.now() - started) / 1000);
    if (!run.files.length) return { outcome: "STALE", seconds, note: `none of its tests exists: ${m.tests.join(", ")}` };
    if (run.passed) return { outcome: "SURVIVED", seconds, note: `passed: ${run.files.join(", ")}` };
    const failed = /FAIL\s+(\S+\.test\.ts)/.exec(run.output)?.[1];
    const timedOut = /Test(?:Timeout|Hook)Error|timed out/i.test(run.output) ? " (a timeout: check by hand)" : "";
    return { outcome: "killed", seconds, note: `by ${failed ?? run.files.join(", ")}${timedOut}` };
  } finally {
    writeFileSync(path, original);
  }
}

function parseArgs(argv: string[]) {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  return { only: get("--only")?.split(","), ref: get("--ref") ?? "HEAD" };
}

function main() {
  const { only, ref } = parseArgs(process.argv.slice(2));
  const root = git(["rev-parse", "--show-toplevel"], process.cwd());
  const mutants = only ? MUTANTS.filter((m) => only.includes(m.id)) : MUTANTS;
  const dir = mkdtempSync(join(tmpdir(), "copydesk-mutants-"));
  let added = false;
  const cleanUp = () => {
    // The link first, so nothing below can reach into the main tree's node_modules.
    rmSync(join(dir, "node_modules"), { force: true });
    if (added) spawnSync("git", ["worktree", "remove", "--force", dir], { cwd: root });
    rmSync(dir, { recursive: true, force: true });
    spawnSync("git", ["worktree", "prune"], { cwd: root });
    added = false;
  };
  process.on("SIGINT", () => {
    cleanUp();
    process.exit(130);
  });
  const results: { m: Mutant; outcome: "killed" | "SURVIVED" | "STALE"; seconds: number; note: string }[] = [];
  try {
    git(["worktree", "add", "--detach", dir, ref], root);
    added = true;
    // Dependencies are shared read-only with the main tree; assets only need to exist for wrangler.
    symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
    mkdirSync(join(dir, "admin", "dist"), { recursive: true });
    console.log(`Mutation check of ${git(["rev-parse", "--short", ref], root)} in ${dir}`);

    // Unmutated, the same tests must pass, or "killed" would mean nothing.
    const baseline = vitest(dir, [...new Set(mutants.flatMap((m) => m.tests))]);
    if (!baseline.passed) {
      console.error(baseline.output.slice(-4000));
      throw new Error("The tests fail without any mutation: fix them first.");
    }

    for (const m of mutants) {
      const r = { m, ...tryMutant(dir, m) };
      results.push(r);
      console.log(`${m.id.padEnd(4)} ${r.outcome.padEnd(8)} ${String(r.seconds).padStart(4)} s  ${m.what} — ${r.note}`);
    }
  } finally {
    cleanUp();
  }
  const bad = results.filter((r) => r.outcome !== "killed");
  console.log(`\n${results.length - bad.length}/${results.length} mutants killed.`);
  for (const r of bad) console.log(`  ${r.m.id} ${r.outcome}: ${r.m.what} (${r.note})`);
  process.exitCode = bad.length ? 1 : 0;
}

main();
