// Cron: pack the revision rows of cold articles into one R2 object per article (docs/design/cold-history.md).
//
// An article is cold when none of its revisions is younger than PACK_AFTER_MS and it has no pending
// working copy (whose conflicts and publish read its base revision: a story being worked on stays
// in D1 whole). Its revisions, all but the newest and the deletion markers, go into
// history/revisions/<article id>/<sha-256 of the pack's JSON>, each row as the export writes it,
// snapshot inline (read back from R2 where the snapshot archiver had put it). D1 keeps:
// - the newest revision: the unique (article_id, version) index still sees the current version, so
//   two saves racing from it still collide, and every new version is above every packed one;
// - deletion markers: the trash list, its restore and the purge read them with SQL;
// - one revision_packs row naming the pack (and its highest version, so a read of a version the
//   article never had costs no R2 GET).
// Put first, then one batch points the row and deletes the packed rows (the DELETE only if the
// pointer names that pack), so a row leaves D1 only once its pack exists. A pack already there is
// merged into the new one; the old object, like any a failed batch leaves, is collected
// (cold-history.ts) once no pointer names it.
//
// The walk: revisions in created_at order (revisions_created_idx) from where the last run stopped,
// only rows older than PACK_AFTER_MS. Every row is passed once as it goes cold, so every article
// is looked at when its newest revision goes cold, which is when it becomes packable. An article
// the walk passes while it has a pending working copy would never be met again if the copy were
// discarded (that makes no revision): such articles are kept in a short revisit list (saved with
// the walk's place) and looked at again each run until they are packed or no longer wait on a copy.
//
// A run's R2 reads are bounded (PACK_READS: each archived snapshot once, each older pack once), not
// only its articles: an article with more archived snapshots than that is packed in slices over
// several runs (its oldest versions first, merged into its pack), the walk staying before it.
import { sql } from "drizzle-orm";
import type { DB } from "../db/client";
import { rawRun } from "../ghost/import/raw";
import { archivedText } from "../articles/snapshot-store";
import { encodePack, packKey, PACK_FORMAT, readPack, type PackedRow } from "../articles/revision-packs";
import { noExportRunning } from "./cron-lease";

/** No revision for this long: the story has gone cold (a month: corrections and follow-ups come sooner). */
export const PACK_AFTER_MS = 30 * 86_400_000;
/** Revision rows walked per run (one statement, the index alone). */
export const PACK_WALK = 50;
/** Articles looked at for packing per run (their rows are read in one statement). */
export const PACK_ARTICLES = 5;
/** R2 GETs per run at most: distinct archived snapshots plus older packs read back. */
export const PACK_READS = 50;
/** Articles waiting on a working copy kept for another look (oldest dropped beyond this). */
export const REVISIT_MAX = 200;

export const parseRevisit = (text: string | null): string[] => {
  try {
    const ids: unknown = text ? JSON.parse(text) : [];
    return Array.isArray(ids) ? ids.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

/** Where the walk stopped: the last row passed, by (created_at, rowid). */
export interface WalkPlace {
  at: string;
  rowid: number;
}

export const parsePlace = (text: string | null): WalkPlace => {
  const i = text ? text.lastIndexOf("|") : -1;
  return text && i > 0 ? { at: text.slice(0, i), rowid: Number(text.slice(i + 1)) || 0 } : { at: "", rowid: 0 };
};
export const formatPlace = (p: WalkPlace) => `${p.at}|${p.rowid}`;

/** The walk's statement (exported so a test can EXPLAIN it): the next rows gone cold, oldest first. */
export const walkQuery = (from: WalkPlace, cutoff: string, limit: number) =>
  sql`SELECT rowid AS rid, article_id AS articleId, created_at AS at FROM revisions INDEXED BY revisions_created_idx
      WHERE created_at >= ${from.at} AND (created_at, rowid) > (${from.at}, ${from.rowid}) AND created_at < ${cutoff}
      ORDER BY created_at, rowid LIMIT ${limit}`;

/**
 * Of these articles, the ones to pack but for a pending working copy (`held`: 1) or to pack now
 * (0): still there (the trash's are left to the trash), no revision since the cutoff, and at least
 * one row besides the newest and the deletion markers. With the pack each already has.
 */
const coldQuery = (ids: string[], cutoff: string) =>
  sql`SELECT a.id AS id, p.pack_sha AS packSha,
        EXISTS (SELECT 1 FROM working_copies w WHERE w.article_id = a.id AND w.content IS NOT NULL) AS held
      FROM articles a LEFT JOIN revision_packs p ON p.article_id = a.id
      WHERE a.id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))
        AND NOT EXISTS (SELECT 1 FROM revisions r WHERE r.article_id = a.id AND r.created_at >= ${cutoff})
        AND EXISTS (SELECT 1 FROM revisions r WHERE r.article_id = a.id AND r.action <> 'delete'
                    AND r.version < (SELECT max(m.version) FROM revisions m WHERE m.article_id = a.id))`;

/** The rows to pack, as stored (snapshot as text, its R2 key if archived), by article then version. */
const packableQuery = (ids: string[]) =>
  sql`SELECT r.id, r.article_id, r.version, r.snapshot, r.action, r.created_by, r.created_at, r.restored_from, r.snapshot_key
      FROM revisions r WHERE r.article_id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) AND r.action <> 'delete'
        AND r.version < (SELECT max(m.version) FROM revisions m WHERE m.article_id = r.article_id)
      ORDER BY r.article_id, r.version`;

type StoredRow = PackedRow & { snapshot_key: string | null };

export interface PackResult {
  articles: number;
  revisions: number;
  place: WalkPlace;
  /** Articles to look at again next run (they waited on a working copy, or were packed in part). */
  revisit: string[];
}

interface Plan {
  articleId: string;
  rows: StoredRow[];
  /** Not every packable row this run (the read budget): the article stays to be looked at again. */
  partial: boolean;
}

/**
 * The articles to pack this run, in order, within `reads` R2 GETs: whole while they fit; the first
 * one, if it alone does not, sliced to its oldest rows that fit (so every run moves something).
 */
export function planPacks(order: string[], rows: StoredRow[], hasPack: (id: string) => boolean, reads: number): Plan[] {
  const plans: Plan[] = [];
  const counted = new Set<string>();
  let used = 0;
  for (const articleId of order) {
    const mine = rows.filter((r) => r.article_id === articleId);
    if (!mine.length) continue;
    const cost = (list: StoredRow[]) => new Set(list.map((r) => r.snapshot_key).filter((k): k is string => k !== null && !counted.has(k))).size + (hasPack(articleId) ? 1 : 0);
    let take = mine;
    if (used + cost(mine) > reads) {
      if (plans.length) break;
      take = [];
      for (const r of mine) {
        if (cost([...take, r]) > reads) break;
        take.push(r);
      }
      if (!take.length) break;
    }
    used += cost(take);
    for (const r of take) if (r.snapshot_key) counted.add(r.snapshot_key);
    plans.push({ articleId, rows: take, partial: take.length < mine.length });
  }
  return plans;
}

/**
 * One run: walk from `from`, pack up to `maxArticles` cold articles (those of `revisit` too) within
 * PACK_READS R2 reads. Returns where the next run goes on and what it should look at again.
 */
export async function packRevisions(
  db: DB,
  bucket: R2Bucket,
  now: Date,
  from: WalkPlace,
  opts: { walk?: number; maxArticles?: number; reads?: number; deadline?: number; revisit?: string[] } = {},
): Promise<PackResult> {
  const cutoff = new Date(now.getTime() - PACK_AFTER_MS).toISOString();
  const revisit = opts.revisit ?? [];
  const walked = await db.all<{ rid: number; articleId: string; at: string }>(walkQuery(from, cutoff, opts.walk ?? PACK_WALK));
  if (!walked.length && !revisit.length) return { articles: 0, revisions: 0, place: from, revisit };
  // Walk order first, then the revisit list's.
  const ids = [...new Set([...walked.map((r) => r.articleId), ...revisit])];
  const found = await db.all<{ id: string; packSha: string | null; held: number }>(coldQuery(ids, cutoff));
  const cold = new Map(found.filter((r) => !r.held).map((r) => [r.id, r.packSha]));
  const held = found.filter((r) => r.held).map((r) => r.id);
  const candidates = [...cold.keys()].sort((a, b) => ids.indexOf(a) - ids.indexOf(b)).slice(0, opts.maxArticles ?? PACK_ARTICLES);
  const rows = candidates.length ? await db.all<StoredRow>(packableQuery(candidates)) : [];
  const plans = planPacks(candidates, rows, (id) => cold.get(id) != null, opts.reads ?? PACK_READS);
  const whole = new Set(plans.filter((p) => !p.partial).map((p) => p.articleId));
  // The walk stops before the first row of any cold article not packed whole this run, so the next run starts there.
  let place = from;
  for (const r of walked) {
    if (cold.has(r.articleId) && !whole.has(r.articleId)) break;
    place = { at: r.at, rowid: r.rid };
  }

  const packs: { a: string; s: string; n: number; v: number; ids: string[] }[] = [];
  // Identical snapshots share one object: each read once.
  const texts = new Map<string, Promise<string>>();
  const archived = (key: string) => texts.get(key) ?? (texts.set(key, archivedText(bucket, key)), texts.get(key)!);
  await Promise.all(
    plans.map(async ({ articleId, rows: mine }) => {
      try {
        const fresh = await Promise.all(mine.map(async ({ snapshot_key, ...row }) => (snapshot_key ? { ...row, snapshot: await archived(snapshot_key) } : row)));
        const oldSha = cold.get(articleId);
        const old = oldSha ? (await readPack(bucket, packKey(articleId, oldSha))).revisions : [];
        const all = [...old.filter((o) => !fresh.some((f) => f.version === o.version)), ...fresh].sort((a, b) => a.version - b.version);
        const { sha, body } = await encodePack({ format: PACK_FORMAT, article_id: articleId, revisions: all });
        await bucket.put(packKey(articleId, sha), body, { httpMetadata: { contentType: "application/gzip" } });
        packs.push({ a: articleId, s: sha, n: all.length, v: all[all.length - 1]!.version, ids: mine.map((r) => r.id) });
      } catch (err) {
        // A snapshot or an older pack missing from R2 (logged by the store): this article stays as
        // it is, in D1; the others go on. The walk passes it (its next revision brings it back).
        console.error(`revision pack of ${articleId} not made:`, err);
      }
    }),
  );
  // Looked at again: those waiting on a working copy (newest first kept), and those packed in part.
  // The rest of the old list is done (packed whole) or no longer waits (a new revision: the walk
  // meets it again; gone; nothing left to pack).
  const partial = plans.filter((p) => p.partial).map((p) => p.articleId);
  const nextRevisit = [...new Set([...revisit.filter((id) => held.includes(id) || partial.includes(id)), ...held, ...partial])].slice(-REVISIT_MAX);
  // Out of lease: the objects stay unreferenced (collected after the grace period); the walk goes over these rows again.
  if (!packs.length || Date.now() > (opts.deadline ?? Infinity)) {
    return { articles: 0, revisions: 0, place: packs.length ? from : place, revisit: packs.length ? revisit : nextRevisit };
  }
  const pointers = JSON.stringify(packs.map(({ a, s, n, v }) => ({ a, s, n, v })));
  const gone = JSON.stringify(packs.flatMap(({ a, s, ids: list }) => list.map((id) => ({ id, a, s }))));
  const [, deleted] = await db.batch([
    rawRun(db, 
      sql`INSERT INTO revision_packs (article_id, pack_sha, revisions, through_version)
          SELECT json_extract(value, '$.a'), json_extract(value, '$.s'), json_extract(value, '$.n'), json_extract(value, '$.v') FROM json_each(${pointers}) WHERE ${noExportRunning}
          ON CONFLICT (article_id) DO UPDATE SET pack_sha = excluded.pack_sha, revisions = excluded.revisions, through_version = excluded.through_version`,
    ),
    // Only rows whose article's pointer names the pack that holds them, and not while an export is
    // being written (as the pointer above and every statement that moves rows).
    rawRun(db,
      sql`DELETE FROM revisions WHERE id IN (SELECT json_extract(j.value, '$.id') FROM json_each(${gone}) j
          JOIN revision_packs p ON p.article_id = json_extract(j.value, '$.a') AND p.pack_sha = json_extract(j.value, '$.s'))
          AND ${noExportRunning}`,
    ),
  ]);
  return { articles: packs.length, revisions: deleted.meta.changes ?? 0, place, revisit: nextRevisit };
}
