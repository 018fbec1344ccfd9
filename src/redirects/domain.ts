// The redirects table's one query module: the editorial desk, the bulk import, the Ghost import,
// the public table and the Worker's own 301s all read and write through these (each takes a db).
// Every write replaces the content version in the same batch: the public table and the Worker's
// cached lookups are keyed by it (src/public/cache.ts, src/public/redirect-routes.ts).
import { and, asc, eq, gt, inArray, notInArray, sql, type SQL } from "drizzle-orm";
import { auditEntry, type AuditBy } from "../audit/record";
import { sentFields, short } from "../audit/summaries";
import * as v from "valibot";
import { bumpContentVersion } from "../cache/content-version";
import type { DB } from "../db/client";
import { constraintProblem } from "../db/constraint-errors";
import { redirects } from "../db/schema";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { AppError, notFound, orNotFound, type FieldIssue } from "../lib/errors";
import { newId } from "../lib/ids";
import { escapeLike } from "../lib/like";
import { normalisePath, parseTarget, pathSpellings, REDIRECT_PATH_MAX, REDIRECT_STATUSES, targetAsFromPath, type RedirectStatus, type Target } from "./paths";

export type RedirectRow = typeof redirects.$inferSelect;
export type RedirectSource = "editor" | "ghost-import";
export const BULK_MAX = 500;

// --- input schemas (the editorial routes declare these; the admin's types derive from them) ----

const FromPath = v.pipe(
  v.string(),
  v.maxLength(REDIRECT_PATH_MAX, `At most ${REDIRECT_PATH_MAX} characters.`),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const path = normalisePath(dataset.value);
    if (path === null) {
      addIssue({ message: "Not a usable path: no control characters or backslashes, at most 2,000 characters once encoded." });
      return NEVER;
    }
    return path;
  }),
  v.description("The old path: a leading slash, no query; `/x` and `/x/` are one (stored without the trailing slash), percent-encoding normalised. An absolute URL gives its path."),
);
const ToUrl = v.pipe(
  v.string(),
  v.maxLength(REDIRECT_PATH_MAX, `At most ${REDIRECT_PATH_MAX} characters.`),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const target = parseTarget(dataset.value);
    if ("error" in target) {
      addIssue({ message: target.error });
      return NEVER;
    }
    return target.value;
  }),
  v.description("An absolute http(s) URL, or a path on this server starting with `/` (feeds, sitemaps, `/media`, `/api/content`)."),
);
const StatusCode = v.pipe(
  v.picklist(REDIRECT_STATUSES, "Use 301, 302, 307 or 308."),
  v.description("301 (default) or 308 for a permanent move, 302 or 307 for a temporary one."),
);

export const RedirectCreate = v.object({ from_path: FromPath, to_url: ToUrl, status_code: v.optional(StatusCode) });
export const RedirectUpdate = v.object({ from_path: v.optional(FromPath), to_url: v.optional(ToUrl), status_code: v.optional(StatusCode) });
export const RedirectBulk = v.object({
  redirects: v.pipe(v.array(RedirectCreate), v.minLength(1, "Send at least one redirect."), v.maxLength(BULK_MAX, `At most ${BULK_MAX} redirects at once.`)),
});
export type RedirectInput = v.InferOutput<typeof RedirectCreate>;

// --- checks that need the table ---------------------------------------------------------------

const invalid = (errors: FieldIssue[], detail = "Some redirects cannot be saved.") => new AppError("validation_failed", detail, { errors });

/** What makes a target comparable with from_paths: paths here, and URLs on the site or this Worker. */
export interface Origins {
  /** The public site's and this Worker's origins: absolute targets there are "here" too. */
  local: readonly string[];
}

const targetOf = (value: string) => parseTarget(value) as Target;

interface Issue {
  row: number;
  field: "from_path" | "to_url";
  message: string;
}

/**
 * What would make a front-end loop or hop twice: a redirect to its own path, a target that is
 * itself an old path (a chain), and an old path some other redirect leads to (which would make
 * that one a chain). `rows` are checked together and against the table (minus the ids in
 * `replacing`), in two statements whatever their number (json_each: one bound parameter each).
 */
async function loopAndChainIssues(db: DB, rows: { from: string; to: string }[], origins: Origins, replacing: string[] = []): Promise<Issue[]> {
  const issues: Issue[] = [];
  const targets = rows.map((r) => targetAsFromPath(targetOf(r.to), origins.local));
  const froms = new Map(rows.map((r, i) => [r.from, i]));
  const chain = (t: string) => `${t} is itself redirected: point at its final destination.`;
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    if (seen.has(r.from)) issues.push({ row: i, field: "from_path", message: "This path is listed twice." });
    seen.add(r.from);
    if (targets[i] === r.from) issues.push({ row: i, field: "to_url", message: "A redirect cannot point at its own path." });
    else if (targets[i] && froms.has(targets[i]!)) issues.push({ row: i, field: "to_url", message: chain(targets[i]!) });
  });
  if (issues.length) return issues;

  const wanted = [...new Set(targets.filter((t): t is string => t !== null))];
  const spellings = rows.flatMap((r) => pathSpellings(r.from).flatMap((p) => [p, ...origins.local.map((o) => o + p)]));
  const notReplaced = replacing.length ? notInArray(redirects.id, sql`(SELECT value FROM json_each(${JSON.stringify(replacing)}))`) : undefined;
  const inJson = (values: string[]) => sql`(SELECT value FROM json_each(${JSON.stringify(values)}))`;
  const [chained, pointing] = await db.batch([
    db.select({ fromPath: redirects.fromPath }).from(redirects).where(and(inArray(redirects.fromPath, inJson(wanted)), notReplaced)),
    db.select({ fromPath: redirects.fromPath, toUrl: redirects.toUrl }).from(redirects).where(and(inArray(redirects.toUrl, inJson(spellings)), notReplaced)),
  ]);
  const chainedSet = new Set(chained.map((r) => r.fromPath));
  targets.forEach((t, i) => {
    if (t && chainedSet.has(t)) issues.push({ row: i, field: "to_url", message: chain(t) });
  });
  for (const p of pointing) {
    const target = targetAsFromPath(targetOf(p.toUrl), origins.local);
    const i = target === null ? undefined : froms.get(target);
    // A row of this same request replacing the one pointing here was checked above.
    if (i !== undefined && !froms.has(p.fromPath)) issues.push({ row: i, field: "from_path", message: `${p.fromPath} redirects here: this path would make it a chain.` });
  }
  return issues;
}

/** The same, refused as one 400 naming each field (`at(i)`: "" for one row, "redirects.3." in bulk). */
async function refuseLoopsAndChains(db: DB, rows: { from: string; to: string }[], origins: Origins, at: (i: number) => string, replacing: string[] = []) {
  const issues = await loopAndChainIssues(db, rows, origins, replacing);
  if (issues.length) throw invalid(issues.map((x) => ({ path: `${at(x.row)}${x.field}`, message: x.message })));
}

// --- reads ------------------------------------------------------------------------------------

export interface RedirectPage {
  rows: RedirectRow[];
  nextCursor: string | null;
}

/**
 * A page in path order. The cursor carries the last row's id (a path may be 2,000 characters, a
 * cursor at most 200): its path is read back in the same batch, and a cursor whose row has since
 * been deleted is refused (400) rather than silently ending the list.
 */
export async function listRedirects(db: DB, q: { limit: number; cursor?: string | undefined; prefix?: string | undefined }): Promise<RedirectPage> {
  const where: SQL[] = [];
  if (q.prefix) where.push(sql`${redirects.fromPath} LIKE ${`${escapeLike(q.prefix)}%`} ESCAPE '\\'`);
  let afterId: string | null = null;
  if (q.cursor) {
    afterId = decodeCursor(q.cursor, (k) => k === "r").id;
    where.push(gt(redirects.fromPath, sql`(SELECT from_path FROM redirects WHERE id = ${afterId})`));
  }
  const page = db.select().from(redirects).where(where.length ? and(...where) : undefined).orderBy(asc(redirects.fromPath)).limit(q.limit + 1);
  const [rows, anchor] = afterId
    ? await db.batch([page, db.select({ id: redirects.id }).from(redirects).where(eq(redirects.id, afterId))])
    : [await page.all(), null];
  if (anchor && anchor.length === 0) {
    throw new AppError("validation_failed", "The cursor's redirect was deleted meanwhile: start the list again.", { errors: [{ path: "cursor", message: "No longer valid." }] });
  }
  const more = rows.length > q.limit;
  const shown = more ? rows.slice(0, q.limit) : rows;
  return { rows: shown, nextCursor: more ? encodeCursor("r", shown[shown.length - 1]!.id) : null };
}

export async function getRedirect(db: DB, id: string): Promise<RedirectRow> {
  const row = await db.select().from(redirects).where(eq(redirects.id, id)).get();
  if (!row) throw notFound("Redirect");
  return row;
}

/** The redirect for a canonical path, if any: one probe of the unique index. */
export async function findRedirect(db: DB, fromPath: string): Promise<Pick<RedirectRow, "toUrl" | "statusCode"> | null> {
  return (await db.select({ toUrl: redirects.toUrl, statusCode: redirects.statusCode }).from(redirects).where(eq(redirects.fromPath, fromPath)).get()) ?? null;
}

// --- writes -----------------------------------------------------------------------------------

const fromTaken = (from: string) => (err: unknown) => {
  const problem = constraintProblem(err);
  if (problem?.code === "conflict") throw new AppError("conflict", `A redirect for ${from} already exists.`, { errors: [{ path: "from_path", message: "Already redirected." }] });
  throw problem ?? err;
};

const redirectFields = (r: { fromPath: string; toUrl: string; statusCode: number }) => ({ from_path: short(r.fromPath), to_url: short(r.toUrl), status_code: r.statusCode });

export async function createRedirect(db: DB, input: RedirectInput, origins: Origins, source: RedirectSource = "editor", by: AuditBy): Promise<RedirectRow> {
  await refuseLoopsAndChains(db, [{ from: input.from_path, to: input.to_url }], origins, () => "");
  const values = { id: newId("rdr"), fromPath: input.from_path, toUrl: input.to_url, statusCode: input.status_code ?? 301, source };
  const entry = auditEntry(db, { ...by, action: "redirect.create", target: { type: "redirect", id: values.id, label: short(values.fromPath) }, summary: { after: redirectFields(values) } });
  const [rows] = await db.batch([db.insert(redirects).values(values).returning(), bumpContentVersion(db), entry]).catch(fromTaken(input.from_path));
  return rows[0]!;
}

/** An editor's change makes the row theirs: a later Ghost re-import leaves it alone. */
export async function updateRedirect(db: DB, id: string, input: v.InferOutput<typeof RedirectUpdate>, origins: Origins, by: AuditBy): Promise<RedirectRow> {
  const current = await getRedirect(db, id);
  const from = input.from_path ?? current.fromPath;
  const to = input.to_url ?? current.toUrl;
  await refuseLoopsAndChains(db, [{ from, to }], origins, () => "", [id]);
  const changes = {
    fromPath: from,
    toUrl: to,
    ...(input.status_code !== undefined && { statusCode: input.status_code }),
    source: "editor",
    updatedAt: new Date().toISOString(),
  };
  const entry = auditEntry(db, {
    ...by,
    action: "redirect.update",
    target: { type: "redirect", id, label: short(from) },
    summary: { before: redirectFields(current), after: { ...redirectFields({ fromPath: from, toUrl: to, statusCode: input.status_code ?? current.statusCode }), changed_fields: sentFields(input) } },
  });
  const [rows] = await db.batch([db.update(redirects).set(changes).where(eq(redirects.id, id)).returning(), bumpContentVersion(db), entry]).catch(fromTaken(from));
  return orNotFound(rows[0], "Redirect");
}

export async function deleteRedirect(db: DB, id: string, by: AuditBy): Promise<void> {
  const before = await getRedirect(db, id);
  const entry = auditEntry(db, { ...by, action: "redirect.delete", target: { type: "redirect", id, label: short(before.fromPath) }, summary: { before: redirectFields(before) } });
  await db.batch([db.delete(redirects).where(eq(redirects.id, id)), bumpContentVersion(db), entry]);
}

/** Rows per INSERT … SELECT FROM json_each: one bound parameter each, small enough for D1's statement limits. */
const INSERT_CHUNK = 100;

function upsertStatements(db: DB, rows: { from_path: string; to_url: string; status_code: RedirectStatus }[], source: RedirectSource, keepEditors: boolean) {
  const now = new Date().toISOString();
  const out = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK).map((r) => [newId("rdr"), r.from_path, r.to_url, r.status_code]);
    // Columns in the table's order (an INSERT … SELECT names them all). `WHERE true` lets SQLite
    // parse the ON CONFLICT after a SELECT. An editor's row survives an import (`keepEditors`).
    const select = sql`SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]'), json_extract(value, '$[3]'), ${source}, ${now}, ${now}
      FROM json_each(${JSON.stringify(chunk)}) WHERE true`;
    out.push(
      db.insert(redirects).select(select).onConflictDoUpdate({
        target: redirects.fromPath,
        set: { toUrl: sql`excluded.to_url`, statusCode: sql`excluded.status_code`, source: sql`excluded.source`, updatedAt: sql`excluded.updated_at` },
        ...(keepEditors && { setWhere: eq(redirects.source, source) }),
      }),
    );
  }
  return out;
}

/**
 * The editors' bulk import: every row checked first (errors name `redirects.{i}.field`), then all
 * written in one batch or none. A path already redirected is replaced (and becomes the editor's).
 */
export async function bulkUpsertRedirects(db: DB, input: RedirectInput[], origins: Origins, by: AuditBy): Promise<{ created: number; updated: number }> {
  const froms = input.map((r) => r.from_path);
  const existing = await db.select({ id: redirects.id }).from(redirects).where(inArray(redirects.fromPath, sql`(SELECT value FROM json_each(${JSON.stringify(froms)}))`)).all();
  await refuseLoopsAndChains(db, input.map((r) => ({ from: r.from_path, to: r.to_url })), origins, (i) => `redirects.${i}.`, existing.map((e) => e.id));
  const rows = input.map((r) => ({ ...r, status_code: r.status_code ?? 301 }));
  const [first, ...rest] = upsertStatements(db, rows, "editor", false);
  const counts = { created: input.length - existing.length, updated: existing.length };
  // One entry for the whole import, with its counts (the rows are in the table itself).
  const entry = auditEntry(db, { ...by, action: "redirect.create", target: { type: "redirect", id: null, label: "bulk" }, summary: { after: counts, note: "bulk import" } });
  await db.batch([first!, ...rest, bumpContentVersion(db), entry]);
  return counts;
}

/**
 * The Ghost import's redirects (ghostRedirects() in ./ghost-scheme.ts): written as source
 * "ghost-import", replacing earlier imported rows but never an editor's. Rows that would loop or
 * chain against the table are skipped and returned, for the import's report. Statements for the
 * caller's own batch (with the content version bump), so an import chunk stays atomic.
 */
export async function ghostRedirectStatements(db: DB, rows: { from_path: string; to_url: string; status_code: RedirectStatus }[], origins: Origins) {
  const issues = await loopAndChainIssues(db, rows.map((r) => ({ from: r.from_path, to: r.to_url })), origins);
  const bad = new Map(issues.map((x) => [x.row, x.message]));
  const clean = rows.filter((_, i) => !bad.has(i));
  const skipped = [...bad].map(([i, reason]) => ({ from_path: rows[i]!.from_path, reason }));
  return { statements: [...upsertStatements(db, clean, "ghost-import", true), bumpContentVersion(db)], skipped };
}
