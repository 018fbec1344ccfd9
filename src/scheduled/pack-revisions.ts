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
// is looked at when its newest revision goes cold, which is when it becomes packable.
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
/** Articles packed per run: each may cost ~10 R2 GETs (its archived snapshots) and one PUT. */
export const PACK_ARTICLES = 5;

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
 * Of these articles, the ones to pack now: still there (the trash's are left to the trash), no
 * pending working copy, no revision since the cutoff, and at least one row besides the newest and
 * the deletion markers. With the pack each already has.
 */
const coldQuery = (ids: string[], cutoff: string) =>
  sql`SELECT a.id AS id, p.pack_sha AS packSha FROM articles a LEFT JOIN revision_packs p ON p.article_id = a.id
      WHERE a.id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))
        AND NOT EXISTS (SELECT 1 FROM working_copies w WHERE w.article_id = a.id AND w.content IS NOT NULL)
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
}

/** One run: walk from `from`, pack up to `maxArticles` cold articles. Returns where the next run goes on. */
export async function packRevisions(db: DB, bucket: R2Bucket, now: Date, from: WalkPlace, opts: { walk?: number; maxArticles?: number; deadline?: number } = {}): Promise<PackResult> {
  const cutoff = new Date(now.getTime() - PACK_AFTER_MS).toISOString();
  const walked = await db.all<{ rid: number; articleId: string; at: string }>(walkQuery(from, cutoff, opts.walk ?? PACK_WALK));
  if (!walked.length) return { articles: 0, revisions: 0, place: from };
  const ids = [...new Set(walked.map((r) => r.articleId))];
  const cold = new Map((await db.all<{ id: string; packSha: string | null }>(coldQuery(ids, cutoff))).map((r) => [r.id, r.packSha]));
  // The first few cold articles in walk order; the walk stops before the first row of any other
  // cold one, so the next run starts there.
  const chosen = [...cold.keys()].sort((a, b) => ids.indexOf(a) - ids.indexOf(b)).slice(0, opts.maxArticles ?? PACK_ARTICLES);
  let place = from;
  for (const r of walked) {
    if (cold.has(r.articleId) && !chosen.includes(r.articleId)) break;
    place = { at: r.at, rowid: r.rid };
  }
  if (!chosen.length) return { articles: 0, revisions: 0, place };

  const rows = await db.all<StoredRow>(packableQuery(chosen));
  const packs: { a: string; s: string; n: number; v: number; ids: string[] }[] = [];
  await Promise.all(
    chosen.map(async (articleId) => {
      try {
        const mine = rows.filter((r) => r.article_id === articleId);
        const fresh = await Promise.all(mine.map(async ({ snapshot_key, ...row }) => (snapshot_key ? { ...row, snapshot: await archivedText(bucket, snapshot_key) } : row)));
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
  // Out of lease: the objects stay unreferenced (collected after the grace period); the walk goes over these rows again.
  if (!packs.length || Date.now() > (opts.deadline ?? Infinity)) return { articles: 0, revisions: 0, place: packs.length ? from : place };
  const pointers = JSON.stringify(packs.map(({ a, s, n, v }) => ({ a, s, n, v })));
  const gone = JSON.stringify(packs.flatMap(({ a, s, ids: list }) => list.map((id) => ({ id, a, s }))));
  const [, deleted] = await db.batch([
    rawRun(db, 
      sql`INSERT INTO revision_packs (article_id, pack_sha, revisions, through_version)
          SELECT json_extract(value, '$.a'), json_extract(value, '$.s'), json_extract(value, '$.n'), json_extract(value, '$.v') FROM json_each(${pointers}) WHERE ${noExportRunning}
          ON CONFLICT (article_id) DO UPDATE SET pack_sha = excluded.pack_sha, revisions = excluded.revisions, through_version = excluded.through_version`,
    ),
    // Only rows whose article's pointer names the pack that holds them (none, if an export started
    // since the lease: the pointer above was not written).
    rawRun(db, 
      sql`DELETE FROM revisions WHERE id IN (SELECT json_extract(j.value, '$.id') FROM json_each(${gone}) j
          JOIN revision_packs p ON p.article_id = json_extract(j.value, '$.a') AND p.pack_sha = json_extract(j.value, '$.s'))`,
    ),
  ]);
  return { articles: packs.length, revisions: deleted.meta.changes ?? 0, place };
}
