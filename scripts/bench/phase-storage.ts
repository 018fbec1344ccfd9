// D1 bytes per article (issue 17): the seeded database measured page by page right after seeding,
// then again after giving a sample of articles a realistic history (N revisions each, with their
// audit entries, as N saves through the app leave them), and the arithmetic of when one D1
// database fills. Bytes come from SQLite's dbstat virtual table (node:sqlite has it compiled in),
// read from the local D1 file: every b-tree's pages, so free space inside pages counts, as it does
// against D1's limit.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { revisionHistory, type StoredArticle } from "./generate/revisions";
import { inserter } from "./seed";
import type { Runtime } from "./runtime";

import { D1_LIMITS, PROJECTED_ARTICLES } from "./targets-issue17";

/** Groups that grow with the archive; "other" (users, tags, sections, contributors, settings) does not. */
const SCALED: Record<string, string> = {
  articles: "articles",
  bylines: "children",
  article_tags: "children",
  related_links: "children",
  article_media: "children",
  media: "media",
  revisions: "revisions",
  revision_packs: "revisions",
  audit_log: "audit log",
  audit_archive_parts: "audit log",
};
const HISTORY = ["revisions", "revisions indexes", "audit log", "audit log indexes"];

export interface StorageResult {
  method: string;
  pageSize: number;
  articles: number;
  /** The database file and its WAL, as on disk. */
  fileBytes: number;
  /** Bytes per group (table, its indexes, FTS, other) right after seeding, before any history. */
  seeded: Record<string, number>;
  /** Bytes per b-tree (table or index name) right after seeding. */
  btrees: Record<string, number>;
  /** Mean bytes of each articles column (its stored value, length of the BLOB cast): what moving one elsewhere would save. */
  articleColumns: Record<string, number>;
  history: {
    revisionsPerArticle: number;
    articles: number;
    seconds: number;
    /** Median length of one snapshot's JSON, bytes. */
    snapshotBytes: number;
    /** Bytes per group once the sample has its history. */
    after: Record<string, number>;
  } | null;
  /**
   * The steady state of a large archive: every article cold, so the cron has moved what needs no
   * SQL to R2 (snapshots, bodies and their rendering, packed revisions, audit entries past the
   * retention), measured after the real cron ran with its clock a year and more ahead. Only when
   * every article was given the history (the sample is the whole archive). `perArticle` counts
   * every growing group ÷ articles.
   */
  archived: { cronRuns: number; seconds: number; groups: Record<string, number>; perArticle: number; millionBytes: number } | null;
  perArticle: {
    /** Each scaled group ÷ articles (history groups ÷ the sample, from the growth). */
    groups: Record<string, number>;
    withoutHistory: number;
    withHistory: number | null;
  };
  projection: {
    fixedBytes: number;
    /** Articles (with the measured history, or without when none was added) at which one database fills. */
    fillsAt: { paid: number; free: number };
    millionBytes: number;
    millionWithoutHistoryBytes: number;
  };
}

/** The local D1 file under a runtime's persist directory (the largest .sqlite under d1/). */
export function sqliteFile(persistDir: string): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".sqlite")) files.push(p);
    }
  };
  walk(join(persistDir, "d1"));
  const biggest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!biggest) throw new Error(`no D1 database under ${persistDir}`);
  return biggest;
}

const fileBytes = (path: string) => [path, `${path}-wal`].reduce((n, p) => n + (statSync(p, { throwIfNoEntry: false })?.size ?? 0), 0);

/**
 * Bytes per b-tree and per group, read with dbstat from the file workerd is using (read-only,
 * through SQLite's own locking). Hands back the open connection: measureOnce() closes it.
 */
function measure(path: string) {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const pageSize = Number((db.prepare("PRAGMA page_size").get() as { page_size: number }).page_size);
    const owners = new Map<string, { type: string; table: string }>();
    for (const r of db.prepare("SELECT type, name, tbl_name FROM sqlite_schema WHERE type IN ('table', 'index')").all() as { type: string; name: string; tbl_name: string }[]) {
      owners.set(r.name, { type: r.type, table: r.tbl_name });
    }
    const btrees: Record<string, number> = {};
    for (const r of db.prepare("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name").all() as { name: string; bytes: number }[]) btrees[r.name] = Number(r.bytes);
    const groups: Record<string, number> = {};
    for (const [name, bytes] of Object.entries(btrees)) {
      const owner = owners.get(name);
      const table = owner?.table ?? name;
      const base = table.startsWith("articles_fts") ? "FTS" : SCALED[table] ?? "other";
      const group = base !== "FTS" && base !== "other" && owner?.type === "index" ? `${base} indexes` : base;
      groups[group] = (groups[group] ?? 0) + bytes;
    }
    const freelist = Number((db.prepare("PRAGMA freelist_count").get() as { freelist_count: number }).freelist_count);
    if (freelist) groups["free pages"] = freelist * pageSize;
    return { pageSize, btrees, groups, db };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Mean stored bytes per articles column (names from the schema, so a new column shows up). */
function columnBytes(db: DatabaseSync): Record<string, number> {
  const names = (db.prepare("SELECT name FROM pragma_table_info('articles')").all() as { name: string }[]).map((r) => r.name);
  const row = db.prepare(`SELECT ${names.map((n, i) => `avg(coalesce(length(CAST("${n}" AS BLOB)), 0)) AS c${i}`).join(", ")} FROM articles`).get() as Record<string, number>;
  return Object.fromEntries(names.map((n, i) => [n, Math.round(Number(row[`c${i}`] ?? 0))]));
}

function measureOnce(path: string, columns = false) {
  const { db, ...m } = measure(path);
  try {
    return { ...m, columns: columns ? columnBytes(db) : {} };
  } finally {
    db.close();
  }
}

type Exec = Runtime["exec"];

/** Spread through the archive (a fixed permutation of search_id), so old and new stories are both sampled. */
async function sampleIds(exec: Exec, count: number): Promise<string[]> {
  const [rows] = await exec([["SELECT id FROM articles ORDER BY (search_id * 40503) % 65521, search_id LIMIT ?", [count]]]);
  return (rows ?? []).map((r) => String(r.id));
}

async function loadArticles(exec: Exec, ids: string[]): Promise<StoredArticle[]> {
  const [rows] = await exec([
    [
      `SELECT a.*,
        (SELECT json_group_array(json_object('contributor_id', contributor_id, 'role', role)) FROM (SELECT contributor_id, role FROM bylines WHERE article_id = a.id ORDER BY position)) AS bylines_json,
        (SELECT json_group_array(tag_id) FROM (SELECT tag_id FROM article_tags WHERE article_id = a.id ORDER BY position)) AS tags_json,
        (SELECT json_group_array(json_object('target_article_id', target_article_id, 'url', url, 'title', title, 'summary', summary, 'source_name', source_name)) FROM (SELECT * FROM related_links WHERE article_id = a.id ORDER BY position)) AS related_json
      FROM articles a WHERE a.id IN (SELECT value FROM json_each(?))`,
      [JSON.stringify(ids)],
    ],
  ]);
  return (rows ?? []).map((r) => ({ row: r, bylines: JSON.parse(String(r.bylines_json)), tag_ids: JSON.parse(String(r.tags_json)), related: JSON.parse(String(r.related_json)) }));
}

/** Gives `count` articles `revisions` revisions each (their row's version set to match, so later saves follow on). */
async function addHistory(exec: Exec, count: number, revisions: number, actor: { userId: string; label: string }) {
  const ids = await sampleIds(exec, count);
  const { insert } = inserter();
  const snapshotLengths: number[] = [];
  for (let i = 0; i < ids.length; i += 50) {
    const chunk = ids.slice(i, i + 50);
    const stored = await loadArticles(exec, chunk);
    const histories = stored.map((a) => revisionHistory(a, revisions, actor));
    for (const h of histories) snapshotLengths.push(...h.revisions.map((r) => String(r.snapshot).length));
    const statements = [...insert("revisions", histories.flatMap((h) => h.revisions)), ...insert("audit_log", histories.flatMap((h) => h.audit))];
    for (let s = 0; s < statements.length; s += 40) await exec(statements.slice(s, s + 40));
    await exec([["UPDATE articles SET version = ? WHERE id IN (SELECT value FROM json_each(?))", [revisions, JSON.stringify(chunk)]]]);
  }
  snapshotLengths.sort((a, b) => a - b);
  return { articles: ids.length, snapshotBytes: snapshotLengths[Math.floor(snapshotLengths.length / 2)] ?? 0 };
}

/** A year and more ahead of every threshold: 1 h (snapshots), 30 days (bodies, packs), 12 months (audit). */
const FAR_AHEAD_MS = 420 * 24 * 60 * 60 * 1000;
const MAX_CRON_RUNS = 2000;

/** What is still in D1 that the cron moves: when a check shows no change, the archive is as cold as it gets. */
async function inD1(exec: Exec): Promise<string> {
  const [rows] = await exec([
    [
      `SELECT (SELECT count(*) FROM articles WHERE body_key IS NULL) AS bodies, (SELECT count(*) FROM revisions) AS revisions,
        (SELECT count(*) FROM revisions WHERE snapshot_key IS NULL) AS inline, (SELECT count(*) FROM audit_log) AS audit`,
      [],
    ],
  ]);
  return JSON.stringify(rows?.[0] ?? {});
}

/** Runs the real cron, its clock far ahead, until nothing more moves; then measures (see `archived`). */
async function archiveAll(rt: Runtime, path: string, seeded: Record<string, number>): Promise<NonNullable<StorageResult["archived"]>> {
  const t0 = performance.now();
  const at = new Date(Date.now() + FAR_AHEAD_MS);
  let runs = 0;
  for (let last = await inD1(rt.exec); runs < MAX_CRON_RUNS; ) {
    for (let i = 0; i < 10; i++, runs++) await rt.scheduled(at);
    const now = await inD1(rt.exec);
    if (now === last) break;
    last = now;
  }
  const groups = measureOnce(path).groups;
  const growing = Object.entries(groups).filter(([g]) => g !== "other" && g !== "free pages").reduce((n, [, b]) => n + b, 0);
  const count = Number((await rt.exec([["SELECT count(*) AS n FROM articles", []]]))[0]?.[0]?.n ?? 1);
  const perArticle = growing / count;
  return { cronRuns: runs, seconds: (performance.now() - t0) / 1000, groups, perArticle, millionBytes: (seeded.other ?? 0) + PROJECTED_ARTICLES * perArticle };
}

export async function storagePhase(rt: Runtime, articles: number, opts: { revisions: number; sample: number | "all"; archive: boolean; actor: { userId: string; label: string } }): Promise<StorageResult> {
  const path = sqliteFile(rt.persistDir);
  const before = measureOnce(path, true);
  let history: StorageResult["history"] = null;
  const sample = opts.sample === "all" ? articles : Math.min(articles, opts.sample);
  if (opts.revisions > 0 && sample > 0) {
    const t0 = performance.now();
    const added = await addHistory(rt.exec, sample, opts.revisions, opts.actor);
    const seconds = (performance.now() - t0) / 1000;
    history = { revisionsPerArticle: opts.revisions, articles: added.articles, seconds, snapshotBytes: added.snapshotBytes, after: measureOnce(path).groups };
  }
  const archived = opts.archive && history && history.articles === articles ? await archiveAll(rt, path, before.groups) : null;
  const groups: Record<string, number> = {};
  for (const [group, bytes] of Object.entries(before.groups)) {
    if (group === "other" || group === "free pages" || HISTORY.includes(group)) continue;
    groups[group] = bytes / articles;
  }
  const withoutHistory = Object.values(groups).reduce((a, b) => a + b, 0);
  let withHistory: number | null = null;
  if (history) {
    for (const group of HISTORY) groups[group] = ((history.after[group] ?? 0) - (before.groups[group] ?? 0)) / history.articles;
    withHistory = withoutHistory + HISTORY.reduce((n, g) => n + groups[g]!, 0);
  }
  const fixedBytes = (before.groups.other ?? 0) + HISTORY.reduce((n, g) => n + (before.groups[g] ?? 0), 0);
  const per = withHistory ?? withoutHistory;
  return {
    method: "with SQLite's dbstat on the local D1 file (node:sqlite, read-only): sum(pgsize) per b-tree, whole pages, so the free space inside pages counts as it does against D1's limit; free-list pages apart",
    pageSize: before.pageSize,
    articles,
    fileBytes: fileBytes(path),
    seeded: before.groups,
    btrees: before.btrees,
    articleColumns: before.columns,
    history,
    archived,
    perArticle: { groups, withoutHistory, withHistory },
    projection: {
      fixedBytes,
      fillsAt: { paid: Math.floor((D1_LIMITS.paid - fixedBytes) / per), free: Math.floor((D1_LIMITS.free - fixedBytes) / per) },
      millionBytes: fixedBytes + PROJECTED_ARTICLES * per,
      millionWithoutHistoryBytes: fixedBytes + PROJECTED_ARTICLES * withoutHistory,
    },
  };
}
