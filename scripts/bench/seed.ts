// Fills a fresh local D1 through its binding (inside workerd, see helper-worker.ts): every migration
// in order, then the newsroom and N articles as multi-row INSERTs of at most 100 bound parameters
// (D1's per-statement limit), many statements per db.batch(). The FTS5 index is filled by
// migration 0002's triggers, as in production.
import { createHash, randomBytes } from "node:crypto";
import { setImmediate } from "node:timers";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { unstable_splitSqlQuery } from "wrangler";
import { D1_MAX_PARAMS } from "../../src/lib/chunk";
import { articleGenerator } from "./generate/articles";
import { buildNewsroom } from "./generate/newsroom";
import { progressBar } from "./progress";
import type { Row } from "./generate/newsroom";
import type { Statement } from "./helper-worker";

/** Articles per db.batch(): ~2 MB of SQL parameters, large enough to amortise the round trip. */
const ARTICLES_PER_BATCH = 150;
/** Statements per batch for the small tables. */
const STATEMENTS_PER_BATCH = 400;

export interface Seeded {
  articles: number;
  seconds: number;
  statements: number;
  batches: number;
  admin: { userId: string; token: string };
}

type Exec = (statements: Statement[]) => Promise<unknown>;

export async function applyMigrations(exec: Exec, root: string) {
  const dir = join(root, "migrations");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".sql")).sort()) {
    // The same splitter `wrangler d1 migrations apply` uses, so trigger bodies stay whole.
    const statements = unstable_splitSqlQuery(readFileSync(join(dir, file), "utf8"));
    await exec(statements.map((sql): Statement => [sql, []]));
  }
}

/** The media an article uses, as articleMediaRows (src/articles/write.ts) derives them at every save: its body's images and its featured image. */
function articleMedia(article: Row): Row[] {
  const ids = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "media_id" && typeof value === "string") ids.add(value);
      else walk(value);
    }
  };
  walk(JSON.parse(String(article.body)));
  if (article.featured_media_id) ids.add(String(article.featured_media_id));
  return [...ids].map((media_id) => ({ article_id: article.id!, media_id }));
}

const isHex = (v: unknown): v is { hex: string } => typeof v === "object" && v !== null && "hex" in v;

export function inserter() {
  const sqlCache = new Map<string, string>();
  let statements = 0;
  /** Multi-row INSERTs for rows of one shape, each within the bound-parameter limit. */
  const insert = (table: string, rows: Row[]): Statement[] => {
    if (!rows.length) return [];
    const columns = Object.keys(rows[0]!);
    const perStatement = Math.max(1, Math.floor(D1_MAX_PARAMS / columns.length));
    const out: Statement[] = [];
    for (let i = 0; i < rows.length; i += perStatement) {
      const chunk = rows.slice(i, i + perStatement);
      const key = `${table}:${chunk.length}`;
      let sql = sqlCache.get(key);
      if (!sql) {
        // A BLOB column ({ hex }) is bound as text and made bytes by SQLite: binding bytes through
        // the helper Worker's JSON cost ~15 ms a row (1,000 articles: 18 s to seed against 3).
        const tuple = `(${columns.map((c) => (isHex(rows[0]![c]) ? "unhex(?)" : "?")).join(",")})`;
        sql = `INSERT INTO ${table} (${columns.join(",")}) VALUES ${Array(chunk.length).fill(tuple).join(",")}`;
        sqlCache.set(key, sql);
      }
      out.push([sql, chunk.flatMap((r) => columns.map((c) => { const v = r[c] ?? null; return isHex(v) ? v.hex : v; }))]);
    }
    statements += out.length;
    return out;
  };
  return { insert, count: () => statements };
}

export async function seed(exec: Exec, root: string, total: number): Promise<Seeded> {
  const started = performance.now();
  await applyMigrations(exec, root);
  const { insert, count } = inserter();
  let batches = 0;
  const run = async (stmts: Statement[]) => {
    for (let i = 0; i < stmts.length; i += STATEMENTS_PER_BATCH) {
      await exec(stmts.slice(i, i + STATEMENTS_PER_BATCH));
      batches++;
    }
  };

  const now = Date.now();
  const created = new Date(now).toISOString();
  // An admin with an API token: the editorial phases authenticate as a real program would.
  const token = `cdk_${randomBytes(32).toString("base64url")}`;
  const userId = "usr_bench_admin";
  await run([
    ...insert("users", [{ id: userId, email: "bench-admin@copydesk.example", name: "Bench Admin", role: "admin", password_hash: "!unusable", created_at: created, updated_at: created }]),
    ...insert("api_tokens", [{ id: "tok_bench", user_id: userId, name: "bench", token_hash: createHash("sha256").update(token).digest("hex"), role: "admin", created_at: created, last_used_at: null, revoked_at: null }]),
  ]);

  const room = buildNewsroom(200 + Math.ceil(total / 2), now);
  // Order matters: D1 enforces foreign keys (contributors → media, articles → sections and media).
  await run([...insert("sections", room.sections), ...insert("tags", room.tags), ...insert("media", room.media)]);
  await run(insert("contributors", [...room.people, ...room.desks]));

  const next = articleGenerator(room, total, now, userId);
  const bar = progressBar(`seeding ${total.toLocaleString("en-US")} articles`, total);
  // One batch in flight while the next is generated: Node builds rows while workerd writes them.
  let inflight: Promise<unknown> = Promise.resolve();
  for (let start = 0; start < total; start += ARTICLES_PER_BATCH) {
    const group = [];
    for (let k = 0; k < Math.min(ARTICLES_PER_BATCH, total - start); k++) {
      group.push(next(start + k));
      // Let the event loop upload the batch in flight, or workerd would idle while we generate.
      if (k % 10 === 9) await new Promise(setImmediate);
    }
    const stmts = [
      ...insert("articles", group.map((g) => g.article)),
      // As every save does: through migration 0022's trigger, which writes articles_fts and search_terms.
      ...insert("search_index_in", group.map(({ search: { rowid, ...text } }) => ({ search_id: rowid ?? null, ...text }))),
      ...insert("bylines", group.flatMap((g) => g.bylines)),
      ...insert("article_tags", group.flatMap((g) => g.tags)),
      ...insert("related_links", group.flatMap((g) => g.related)),
      // Every save writes these (articleMediaRows): without them the archive's bytes would be short.
      ...insert("article_media", group.flatMap((g) => articleMedia(g.article))),
    ];
    await inflight;
    bar.update(start);
    inflight = exec(stmts);
    batches++;
  }
  await inflight;
  bar.done();
  return { articles: total, seconds: (performance.now() - started) / 1000, statements: count(), batches, admin: { userId, token } };
}
