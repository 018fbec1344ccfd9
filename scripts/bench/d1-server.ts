// D1 in a process of its own, for the bench's "D1 apart" measurement (phase-d1-apart.ts): the local
// database file served over HTTP with node:sqlite, speaking what workerd's D1 binding sends its
// fetcher (POST /query or /execute, `resultsFormat`, the session bookmark header) as it arrives
// through Miniflare's remote-binding proxy client (`MF-URL`, `MF-Header-*`). The app's workerd then
// spends no CPU running SQLite or building D1's answers: what is left in its process is the
// Worker's isolate, the D1 binding's client side (its request, its `toJson` of the answer), the
// cache and workerd's HTTP: what Cloudflare bills a Worker for, plus the proxy's hop (a trivial
// statement's share of it is the `floor-d1` row measured the same way).
//   node --import tsx scripts/bench/d1-server.ts <database.sqlite>   → prints "listening <port>"
// Mirrors Miniflare's D1DatabaseObject (workers/d1/database.worker.js): each request's statements run
// in one transaction, rows as [columns, rows] or objects, blobs as byte arrays; of the meta fields,
// `changes` and `last_row_id` as Miniflare computes them (the only ones our code reads), the others
// approximate (`rows_read` is rows returned, `size_after` 0). Integers beyond 2^53 are not supported
// (node:sqlite refuses them: the request fails). Speaks the binding's fetch protocol only: were the
// project to enable `d1_binding_jsrpc`, every query would fail here (and the apart rows be unusable).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { appendFileSync } from "node:fs";
import { DatabaseSync, type SQLInputValue } from "node:sqlite";

type Query = { sql: string; params?: (number | string | null | number[])[] | null };

const file = process.argv[2];
if (!file) throw new Error("usage: d1-server.ts <database.sqlite>");
const db = new DatabaseSync(file);
// As workerd's Durable Object storage runs SQLite: foreign keys on, WAL journal.
db.exec("PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;");
const counters = db.prepare("SELECT total_changes() AS total, last_insert_rowid() AS last");
const prepared = new Map<string, ReturnType<DatabaseSync["prepare"]>>();
let bookmark = 0;
const LOG = process.env.D1_SERVER_LOG;

function statement(sql: string) {
  let s = prepared.get(sql);
  if (!s) {
    s = db.prepare(sql);
    s.setReturnArrays(true);
    if (prepared.size > 500) prepared.clear();
    prepared.set(sql, s);
  }
  return s;
}

function run(q: Query, format: string) {
  // workerd runs every statement of a string; node:sqlite would run only the first, silently.
  if (/;\s*\S/.test(q.sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*/g, ""))) throw new Error("d1-server: one statement per query (several in one string are not supported here)");
  const before = counters.get() as { total: number; last: number };
  const params = (q.params ?? []).map((p): SQLInputValue => (Array.isArray(p) ? new Uint8Array(p) : p));
  const t0 = performance.now();
  const s = statement(q.sql);
  const raw = s.all(...params) as unknown as unknown[][];
  const duration = performance.now() - t0;
  // D1_SERVER_LOG=<file>: each statement's time in SQLite and its text, to see which statement a miss spends on.
  if (LOG) appendFileSync(LOG, `${duration.toFixed(3)}\t${raw.length}\t${q.sql.replace(/\s+/g, " ")}\n`);
  const columns = s.columns().map((c) => c.name);
  const rows = raw.map((row) => row.map((v) => (v instanceof Uint8Array ? Array.from(v) : v)));
  const after = counters.get() as { total: number; last: number };
  const changes = after.total - before.total;
  return {
    success: true,
    results: format === "ROWS_AND_COLUMNS" ? { columns, rows } : rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]]))),
    meta: {
      served_by: "bench.d1-server",
      served_by_primary: true,
      total_attempts: 1,
      timings: { sql_duration_ms: duration },
      duration,
      changes,
      last_row_id: after.last,
      changed_db: changes !== 0 || after.last !== before.last,
      size_after: 0,
      rows_read: rows.length,
      rows_written: changes,
    },
  };
}

function answer(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), "MF-Forwarded-Response": "1", ...headers });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const url = new URL(String(req.headers["mf-url"] ?? req.url), "http://d1");
  if (req.method !== "POST" || (url.pathname !== "/query" && url.pathname !== "/execute")) return answer(res, 404, { success: false, error: `not a D1 request: ${req.method} ${url.pathname}` });
  const parsed = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Query | Query[];
  const queries = (Array.isArray(parsed) ? parsed : [parsed]).filter((q) => q.sql.replace(/^\s*--.*/gm, "").trim().length > 0);
  if (!queries.length) return answer(res, 500, { success: false, error: "No SQL statements detected." });
  const format = url.searchParams.get("resultsFormat") ?? "ARRAY_OF_OBJECTS";
  const wantsBookmark = Boolean(String(req.headers["mf-header-x-cf-d1-session-commit-token"] ?? "").trim());
  db.exec("BEGIN IMMEDIATE");
  try {
    const results = queries.map((q) => run(q, format));
    db.exec("COMMIT");
    answer(res, 200, results, wantsBookmark ? { "x-cf-d1-session-commit-token": String(++bookmark).padStart(16, "0") } : {});
  } catch (e) {
    // A statement may have ended the transaction itself (INSERT OR ROLLBACK, RAISE(ROLLBACK)).
    if (db.isTransaction) db.exec("ROLLBACK");
    answer(res, 500, { success: false, error: e instanceof Error ? e.message : String(e) });
  }
}

const server = createServer((req, res) => {
  handle(req, res).catch((e: unknown) => answer(res, 500, { success: false, error: String(e) }));
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});
const stop = () => server.close(() => (db.close(), process.exit(0)));
process.on("SIGTERM", stop);
// The bench holds our stdin open: when it ends, however it ends, so do we.
process.stdin.on("close", stop);
process.stdin.resume();
