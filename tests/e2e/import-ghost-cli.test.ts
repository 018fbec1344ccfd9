// The operator's way in: `npm run import:ghost` run as a child process, the way a newsroom moving
// from Ghost runs it, against the real Worker the e2e harness started (wrangler dev). A small variant
// of the Ghost fixture keeps CI lean; the importer's fidelity (every post, byline, tag, caption) is
// checked in the workerd suites, this file checks the client: exit codes, progress, the report, the
// re-run that changes nothing, and --dry-run with no server at all.
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { buildGhostExport, GHOST_SITE_URL, MIN_POSTS } from "../fixtures/ghost/build-export";
import { ROOT } from "./harness/worker";

// The smallest export with every feature; the page among them is not an article (19 posts import).
// The admin page's browser test imports the same file: whichever runs second sees it unchanged.
const ROWS = MIN_POSTS;
const POSTS = ROWS - 1;
const baseUrl = () => inject("baseUrl");
let dir: string;
let file: string;
let token: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI as `npm run import:ghost -- …` would (tsx, from the repository root). */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const { COPYDESK_TOKEN: _ignored, ...inherited } = process.env;
    execFile(join(ROOT, "node_modules/.bin/tsx"), ["scripts/import-ghost.ts", ...args], { cwd: ROOT, env: { ...inherited, FORCE_COLOR: "0", ...env }, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** An admin's API token, minted the way the CLI's help tells an operator to: sign in, POST /tokens. */
async function adminToken(): Promise<string> {
  const origin = baseUrl();
  const json = { "content-type": "application/json", origin };
  const signIn = await fetch(`${origin}/api/editorial/v1/session`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ email: "admin@copydesk.example", password: "copydesk-demo-password" }),
  });
  expect(signIn.status).toBe(201);
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const minted = await fetch(`${origin}/api/editorial/v1/tokens`, { method: "POST", headers: { ...json, cookie }, body: JSON.stringify({ name: "ghost import test", role: "admin" }) });
  expect(minted.status).toBe(201);
  return ((await minted.json()) as { token: { secret: string } }).token.secret;
}

/**
 * A proxy in front of the Worker that answers the n-th chunk request (POST …/posts) itself with
 * `status`: how a dropped or refused chunk looks to the CLI, without touching the Worker.
 */
async function faultyProxy(failChunk: number, status: number, times: number): Promise<{ url: string; close: () => void; chunkRequests: () => number }> {
  let chunks = 0;
  let failed = 0;
  const server: Server = createServer(async (req, res) => {
    const body: Buffer[] = [];
    for await (const part of req) body.push(part as Buffer);
    if (req.method === "POST" && /\/posts$/.test(req.url ?? "") && ++chunks >= failChunk && failed < times) {
      failed++;
      res.writeHead(status, { "content-type": "application/problem+json" });
      return res.end(JSON.stringify({ status, code: status === 503 ? "unavailable" : "validation_failed", detail: "Injected by the test's proxy." }));
    }
    const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !["host", "connection", "content-length"].includes(k))) as Record<string, string>;
    const answer = await fetch(baseUrl() + req.url, { method: req.method, headers, body: body.length ? Buffer.concat(body) : undefined });
    res.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "text/plain" });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => server.close(), chunkRequests: () => chunks };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "copydesk-ghost-cli-"));
  file = join(dir, "ghost-export.json");
  writeFileSync(file, JSON.stringify(buildGhostExport({ posts: ROWS })));
  token = await adminToken();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run import:ghost", () => {
  test("--dry-run converts every post locally, with its notes, and needs no server or token", async () => {
    // Port 9 (discard) on loopback: nothing listens, so any request would fail the run.
    const run = await cli([file, "--dry-run", "--url", "http://127.0.0.1:9", "--site-url", GHOST_SITE_URL]);
    expect(run.stderr).not.toMatch(/Import failed/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Dry run: nothing was sent\./);
    expect(run.stdout).toMatch(new RegExp(`\\b${POSTS} posts would be imported`));
    expect(run.stdout).toContain("not imported: about-the-harbour-ledger: A Ghost page is not an article.");
    // The fixture's unrepresentable cards are reported, never silently dropped; so is a split credit.
    expect(run.stdout).toMatch(/^how-we-verify-a-tip-from-the-quay \(\w+\)\n {2}unmapped_card: Ghost "html" card/m);
    expect(run.stdout).toMatch(/^ {2}credit_split: /m);
  });

  test("without a token it says how to mint one and exits non-zero", async () => {
    const run = await cli([file, "--url", baseUrl(), "--site-url", GHOST_SITE_URL]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/No API token/);
    expect(run.stderr).toContain(`${baseUrl()}/api/editorial/v1/tokens`);
  });

  test("a revoked or wrong token is refused with the API's reason", async () => {
    const run = await cli([file, "--url", baseUrl(), "--site-url", GHOST_SITE_URL, "--token", "cdk_not-a-real-token"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/Import failed: 401 unauthorized/);
  });

  test("imports the export through the API with progress and prints the report; a second run changes nothing", async () => {
    const jsonPath = join(dir, "report.json");
    const args = [file, "--url", baseUrl(), "--site-url", GHOST_SITE_URL, "--json", jsonPath];
    const first = await cli(args, { COPYDESK_TOKEN: token });
    expect(first.stderr).not.toMatch(/Import failed/);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain(`posts ${POSTS}/${POSTS} (100%)`);
    expect(first.stderr).toMatch(/posts\/s/);
    expect(first.stdout).toMatch(new RegExp(`^Ghost import \\S+ — complete, ${POSTS} of ${POSTS} posts processed$`, "m"));
    expect(first.stdout).toMatch(/^ {4}\[unmapped_card\] /m);
    const report = JSON.parse(readFileSync(jsonPath, "utf8"));
    expect(report.import.status).toBe("complete");
    const posts = report.import.counts.posts;
    expect(posts.created + posts.updated + posts.unchanged, "every post counted once").toBe(POSTS);

    // Re-running is how an operator resumes: everything is sent again and nothing is written twice.
    const second = await cli(args, { COPYDESK_TOKEN: token });
    expect(second.code).toBe(0);
    expect(JSON.parse(readFileSync(jsonPath, "utf8")).import.counts.posts).toEqual({ created: 0, updated: 0, unchanged: POSTS, skipped: 0 });
    expect(second.stdout).toMatch(new RegExp(`^posts\\s+0\\s+0\\s+${POSTS}\\s+0$`, "m"));
  });

  test("a chunk the Worker fails is sent again; one it refuses stops the run with how to resume", async () => {
    // The second chunk answers 503 once: retried after a pause, and the import completes.
    const flaky = await faultyProxy(2, 503, 1);
    try {
      const run = await cli([file, "--url", flaky.url, "--site-url", GHOST_SITE_URL], { COPYDESK_TOKEN: token });
      expect(run.stderr).toMatch(/Posts 4–6 failed \(503 unavailable: Injected by the test's proxy\.\); trying again in 1 s \(attempt 2 of 4\)/);
      expect(run.code).toBe(0);
      expect(flaky.chunkRequests()).toBe(Math.ceil(POSTS / 3) + 1);
    } finally {
      flaky.close();
    }
    // A refusal (4xx) is not retried: the run stops at once, says how far it got and how to resume.
    const refusing = await faultyProxy(2, 400, 1);
    try {
      const run = await cli([file, "--url", refusing.url, "--site-url", GHOST_SITE_URL], { COPYDESK_TOKEN: token });
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`Import failed: 400 validation_failed: Injected by the test's proxy\\.\\n3 of ${POSTS} posts were sent \\(import gim_\\w+\\)\\.\\nRe-run the same command to resume`));
      expect(refusing.chunkRequests()).toBe(2);
    } finally {
      refusing.close();
    }
  });
});
