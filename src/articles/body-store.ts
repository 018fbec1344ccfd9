// Where an article's body JSON lives. A save writes it inline (articles.body, in the save's one
// batch: no R2 round trip on the write path); once the article is cold, the cron moves it to R2 under
// its stored text's SHA-256 (src/scheduled/archive-bodies.ts), leaving the object's key in body_key
// and, in `body`, a small marker holding only the body's reference nodes (so SQL that walks the body
// for its images and cards reads the same ids, cold or hot).
// Every reader goes through resolveBody / loadBodyText, as revision snapshots go through loadSnapshot.
//
// The bucket is the db's (createDb(d1, bucket), src/articles/snapshot-store.ts): the same MEDIA
// bucket, reached the same way, so no domain function gains an argument.
import type { BodyDoc } from "../body/schema";
import { collectReferences } from "../body/schema";
import type { DB } from "../db/client";
import { AppError } from "../lib/errors";
import { snapshotBucket } from "./snapshot-store";
import { sha256Hex } from "../lib/ids";
import { lru } from "../lib/lru";

/** Every body object's key starts here; the collector lists this prefix. */
export const BODY_PREFIX = "bodies/";

/**
 * What an archived row's `body` holds: valid JSON (the column is NOT NULL, JSON mode) that is the
 * body's skeleton: its image and related-card nodes only, as the tree has them. So every statement
 * that walks `body` for references with json_tree (the public story's cards and images in
 * src/public/load.ts, the media a save records in src/articles/write.ts) reads the same ids from a
 * cold article as from a hot one, unchanged. Never shown: `r2` tells it from a tree.
 */
export interface ArchivedBodyMarker {
  r2: true;
  content: ({ type: "image"; attrs: { media_id: string } } | { type: "relatedCard"; attrs: { article_id: string } })[];
}

export function bodyMarker(body: BodyDoc): ArchivedBodyMarker {
  const refs = collectReferences(body);
  return {
    r2: true,
    content: [
      ...refs.mediaIds.map((id) => ({ type: "image" as const, attrs: { media_id: id } })),
      ...refs.articleIds.map((id) => ({ type: "relatedCard" as const, attrs: { article_id: id } })),
    ],
  };
}

/** The object key for a body's stored text: identical bodies share one object. */
export async function bodyKeyOf(text: string): Promise<string> {
  return BODY_PREFIX + (await sha256Hex(text));
}

// Bodies are immutable once keyed by their hash: an isolate may keep the few it read last, so a
// cold story read again (a cache miss after a purge, the editor's GET then PATCH) costs no R2 GET.
// Bounded by bytes too (a body's JSON may reach ~1 MB, twice that in memory as UTF-16).
const HELD_MAX = 64;
const held = lru<string>({ maxKeys: HELD_MAX, maxWeight: 8 * 2 ** 20, weigh: (text) => 2 * text.length });

/**
 * The stored text of an archived body, exactly as the save wrote it (the export writes it back byte
 * for byte). An object missing from R2 is damage no client caused: a logged 500 problem naming the
 * key, never a stack or a story shown without its body.
 */
export async function archivedBodyText(bucket: R2Bucket | undefined, key: string): Promise<string> {
  const kept = held.get(key);
  if (kept !== undefined) return kept;
  if (!bucket) throw new AppError("misconfigured", "Article bodies are archived in R2, but no bucket is bound (MEDIA).");
  const object = await bucket.get(key);
  if (!object) {
    console.error(`article body missing from R2: ${key}`);
    throw new AppError("internal", `This article's body (${key}) is missing from storage; its row is intact, its body is not.`);
  }
  const text = await object.text();
  held.set(key, text);
  return text;
}

/** The db's body text for a row's key (null key: the row's own column). */
export const loadBodyText = (db: DB, key: string) => archivedBodyText(snapshotBucket(db), key);

/** An article row's body tree, wherever it is stored: `body` as drizzle returns it (parsed JSON) or its raw text. */
export async function resolveBody(db: DB, row: { body: unknown; bodyKey: string | null }): Promise<BodyDoc> {
  if (row.bodyKey === null) return (typeof row.body === "string" ? JSON.parse(row.body) : row.body) as BodyDoc;
  return JSON.parse(await loadBodyText(db, row.bodyKey)) as BodyDoc;
}

/** For tests: forget the bodies this isolate holds (a missing object must then be missed). */
export function forgetHeldBodies() {
  held.clear();
}
