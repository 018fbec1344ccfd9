// A Ghost import's row (ghost_imports): options, progress, counts, and the notes it writes.
import { eq, sql } from "drizzle-orm";
import type { DB } from "../../db/client";
import { ghostImportNotes, ghostImports } from "../../db/schema";
import { notFound } from "../../lib/errors";
import type { GhostImportOptions } from "../export-file";

export const OUTCOMES = ["created", "updated", "unchanged", "skipped"] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const ENTITIES = ["posts", "contributors", "tags", "sections", "media", "redirects"] as const;
export type Entity = (typeof ENTITIES)[number];
export type Counts = Record<Entity, Record<Outcome, number>>;

export const emptyCounts = (): Counts =>
  Object.fromEntries(ENTITIES.map((e) => [e, Object.fromEntries(OUTCOMES.map((o) => [o, 0]))])) as Counts;

export interface Note {
  ghost_post_id: string | null;
  slug: string | null;
  code: string;
  message: string;
}

/**
 * What the import row stores in `options`: the options as given, plus `post_slugs` ({ghost slug:
 * ghost post id}) for every post of the plan. A bookmark to a post converted in a later chunk finds
 * that post's reserved article id through it; it is only ever read by SQL (json_each), never loaded
 * whole, and stays under D1's 2 MB row limit for 10,000 posts (~80 bytes each).
 */
export interface StoredOptions extends GhostImportOptions {
  post_slugs?: Record<string, string>;
}

export interface ImportState {
  id: string;
  status: "running" | "complete";
  options: GhostImportOptions;
  totalPosts: number;
  processedPosts: number;
  counts: Counts;
  createdAt: string;
  updatedAt: string;
}

/**
 * The import without its slug index (which may be a megabyte: SQL drops it before it reaches us).
 * Post counts, the media and sections the chunks counted, and progress are summed over
 * ghost_import_posts (one row per processed post, first outcome wins), added to what the row stores
 * (the plan's counts; an import begun before that table kept its chunks' counts in the row too).
 */
export function importQuery(db: DB, id: string) {
  const mine = sql`FROM ghost_import_posts p WHERE p.import_id = ${ghostImports.id}`;
  const outcome = (o: Outcome) => sql`(SELECT count(*) ${mine} AND p.outcome = ${o})`;
  return db
    .select({
      id: ghostImports.id,
      status: ghostImports.status,
      options: sql<string>`json_remove(${ghostImports.options}, '$.post_slugs')`,
      totalPosts: ghostImports.totalPosts,
      processedPosts: sql<number>`min(${ghostImports.totalPosts}, ${ghostImports.processedPosts} + (SELECT count(*) ${mine}))`,
      counts: sql<string>`json_object('stored', json(${ghostImports.counts}),
        'posts', json_object('created', ${outcome("created")}, 'updated', ${outcome("updated")}, 'unchanged', ${outcome("unchanged")}, 'skipped', ${outcome("skipped")}),
        'media', (SELECT json_object('created', coalesce(sum(p.media_created), 0), 'updated', coalesce(sum(p.media_updated), 0), 'unchanged', coalesce(sum(p.media_unchanged), 0)) ${mine}),
        'sections', (SELECT json_object('created', coalesce(sum(p.sections_created), 0)) ${mine}))`,
      createdAt: ghostImports.createdAt,
      updatedAt: sql<string>`max(${ghostImports.updatedAt}, coalesce((SELECT max(p.created_at) ${mine}), ''))`,
    })
    .from(ghostImports)
    .where(eq(ghostImports.id, id));
}

type ImportRow = Awaited<ReturnType<ReturnType<typeof importQuery>["get"]>>;

/** The row importQuery read, as the import's state (the stored counts plus the per-post sums). */
export function toState(row: ImportRow): ImportState {
  if (!row) throw notFound("Import");
  const parts = JSON.parse(row.counts) as { stored: Partial<Counts>; posts: Record<Outcome, number>; media: Partial<Record<Outcome, number>>; sections: Partial<Record<Outcome, number>> };
  const counts = { ...emptyCounts(), ...parts.stored };
  for (const e of ENTITIES) counts[e] = { ...emptyCounts()[e], ...counts[e] };
  for (const o of OUTCOMES) {
    counts.posts[o] += parts.posts[o];
    counts.media[o] += parts.media[o] ?? 0;
    counts.sections[o] += parts.sections[o] ?? 0;
  }
  return { ...row, options: JSON.parse(row.options), counts };
}

export async function loadImport(db: DB, id: string): Promise<ImportState> {
  return toState(await importQuery(db, id).get());
}

/**
 * One statement: the chunk's notes, numbered after the import's last (in SQL, so chunks sent at once
 * never collide), for the posts the import has not processed yet: a chunk sent again adds none.
 * Must run before the chunk's ghost_import_posts rows are written, in the same batch.
 */
export function notesStatement(db: DB, importId: string, notes: Note[]) {
  const rows = JSON.stringify(notes.map((n, i) => [i, n.ghost_post_id, n.slug, n.code, n.message]));
  return db
    .insert(ghostImportNotes)
    .select(
      sql`SELECT ${importId}, (SELECT coalesce(max(seq), -1) + 1 FROM ghost_import_notes WHERE import_id = ${importId}) + (j.value ->> 0), j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4
        FROM json_each(${rows}) j
        WHERE j.value ->> 1 IS NULL OR NOT EXISTS (SELECT 1 FROM ghost_import_posts p WHERE p.import_id = ${importId} AND p.ghost_id = j.value ->> 1)`,
    );
}

export function add(counts: Counts, entity: Entity, outcome: Outcome, n = 1) {
  counts[entity][outcome] += n;
}
