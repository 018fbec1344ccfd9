// Where an article's cold revisions live once the cron packed them (src/scheduled/pack-revisions.ts):
// one gzip JSON object per article, history/revisions/<article id>/<sha-256 of the JSON>, holding each
// revision's row as the export writes it (its snapshot inline, as stored text). D1 keeps the newest
// revision, deletion markers and a revision_packs row pointing at the pack (docs/design/cold-history.md).
//
// Readers ask D1 first (the recent versions, most reads) and come here only for a version D1 no
// longer has: packedRevision() and packedRevisions() give rows shaped like drizzle's revisions row,
// so loadSnapshot reads their snapshot like any inline one.
import { and, eq } from "drizzle-orm";
import type { DB } from "../db/client";
import { revisionPacks, revisions } from "../db/schema";
import { AppError } from "../lib/errors";
import { snapshotBucket } from "./snapshot-store";
import { sha256Hex } from "../lib/ids";
import { lru } from "../lib/lru";

export const PACK_PREFIX = "history/revisions/";
export const PACK_FORMAT = "copydesk-revision-pack";

/** One revision as a pack (and the export) holds it: the table's columns, snapshot as stored text. */
export interface PackedRow {
  id: string;
  article_id: string;
  version: number;
  snapshot: string;
  action: string;
  created_by: string | null;
  created_at: string;
  restored_from: number | null;
}

export interface Pack {
  format: typeof PACK_FORMAT;
  article_id: string;
  /** Oldest first. */
  revisions: PackedRow[];
}

/** A packed revision as the readers' drizzle selects give a D1 row (snapshotKey null: the text is here). */
export interface RevisionRow {
  id: string;
  articleId: string;
  version: number;
  snapshot: unknown;
  snapshotKey: string | null;
  action: string;
  createdBy: string | null;
  createdAt: string;
  restoredFrom: number | null;
}

export const packKey = (articleId: string, sha: string) => `${PACK_PREFIX}${articleId}/${sha}`;

export const toRevisionRow = (r: PackedRow): RevisionRow => ({
  id: r.id,
  articleId: r.article_id,
  version: r.version,
  snapshot: r.snapshot,
  snapshotKey: null,
  action: r.action,
  createdBy: r.created_by,
  createdAt: r.created_at,
  restoredFrom: r.restored_from,
});

/** The pack's bytes and name: JSON, its SHA-256 (hex), and the JSON gzipped as stored. */
export async function encodePack(pack: Pack): Promise<{ sha: string; body: Uint8Array }> {
  const json = JSON.stringify(pack);
  return { sha: await sha256Hex(json), body: await gzip(new TextEncoder().encode(json)) };
}

export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export const gunzipText = (body: ReadableStream<Uint8Array>) => new Response(body.pipeThrough(new DecompressionStream("gzip"))).text();

// Packs never change (a new pack is a new key), so an isolate may keep the last few it read: a
// revisions list followed by a detail or a restore of the same story reads R2 once.
// Bounded by bytes too (a pack holds every packed snapshot of a story: a much-edited long one is
// many MB): at most 16 MiB in all, none over a quarter of it (weighed by its JSON text, UTF-16).
const CACHE_SIZE = 16;
const CACHE_BYTES = 16 * 2 ** 20;
const cache = lru<{ pack: Pack; bytes: number }>({ maxKeys: CACHE_SIZE, maxWeight: CACHE_BYTES, weigh: (e) => e.bytes });

/**
 * The pack at `key`. Missing from R2 (damage no client caused): logged, and a 500 `internal`
 * naming the key, as for a missing snapshot (loadSnapshotOrNull's callers then drop the detail).
 */
export async function readPack(bucket: R2Bucket | undefined, key: string): Promise<Pack> {
  const hit = cache.get(key);
  if (hit) return hit.pack;
  if (!bucket) throw new AppError("misconfigured", "Revisions are packed in R2, but no bucket is bound (MEDIA).");
  const object = await bucket.get(key);
  if (!object) {
    console.error(`revision pack missing from R2: ${key}`);
    throw new AppError("internal", `This story's older revisions (${key}) are missing from storage.`);
  }
  const text = await gunzipText(object.body);
  const pack = JSON.parse(text) as Pack;
  if (2 * text.length <= CACHE_BYTES / 4) cache.set(key, { pack, bytes: 2 * text.length });
  return pack;
}

/** The article's pack pointer, if the cron packed any of its revisions. */
export const packPointer = (db: DB, articleId: string) => db.select().from(revisionPacks).where(eq(revisionPacks.articleId, articleId)).get();

/**
 * The pack a pointer names. A repack may replace it between our pointer read and our GET, and the
 * collector may then delete the old one (its upload is old): the pointer is read once more, and a
 * pack it now names instead is read. Only a pack missing under the current pointer is damage.
 */
async function currentPack(db: DB, articleId: string, sha: string): Promise<Pack> {
  try {
    return await readPack(snapshotBucket(db), packKey(articleId, sha));
  } catch (err) {
    const now = err instanceof AppError && err.code === "internal" ? await packPointer(db, articleId) : undefined;
    if (!now || now.packSha === sha) throw err;
    return readPack(snapshotBucket(db), packKey(articleId, now.packSha));
  }
}

/** Every packed revision of an article, oldest first (none if nothing was packed). */
export async function packedRevisions(db: DB, articleId: string): Promise<RevisionRow[]> {
  const p = await packPointer(db, articleId);
  if (!p) return [];
  return (await currentPack(db, articleId, p.packSha)).revisions.map(toRevisionRow);
}

/**
 * A version D1 no longer has: from the pack, when the article has one reaching that far. Null when
 * the article never had that version (no R2 read for a version above the pack's).
 */
export async function packedRevision(db: DB, articleId: string, version: number): Promise<RevisionRow | null> {
  const p = await packPointer(db, articleId);
  if (!p || version > p.throughVersion) return null;
  const pack = await currentPack(db, articleId, p.packSha);
  const found = pack.revisions.find((r) => r.version === version);
  return found ? toRevisionRow(found) : null;
}

/**
 * One version of an article wherever it is kept: its row in D1, else its pack (a version the cron
 * packed, src/scheduled/pack-revisions.ts). Null when the article never had it. Every reader of a
 * single revision goes through this, so none forgets the packs.
 */
export async function findRevision(db: DB, articleId: string, version: number): Promise<RevisionRow | null> {
  const row = await db.select().from(revisions).where(and(eq(revisions.articleId, articleId), eq(revisions.version, version))).get();
  return row ?? packedRevision(db, articleId, version);
}

/** findRevision for reads that only add detail: a pack missing from R2 (logged) is no revision. */
export async function findRevisionOrNull(db: DB, articleId: string, version: number): Promise<RevisionRow | null> {
  const row = await db.select().from(revisions).where(and(eq(revisions.articleId, articleId), eq(revisions.version, version))).get();
  return row ?? packedRevisionOrNull(db, articleId, version);
}

/** For reads that only add detail (a conflict's changed_fields, a webhook's article): a missing pack is no revision. */
export function packedRevisionOrNull(db: DB, articleId: string, version: number): Promise<RevisionRow | null> {
  return packedRevision(db, articleId, version).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "internal") return null;
    throw err;
  });
}
