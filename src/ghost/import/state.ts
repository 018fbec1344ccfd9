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
  /** Counts, plus the next note's seq (notes are numbered across chunks). */
  counts: Counts & { next_note?: number };
  createdAt: string;
  updatedAt: string;
}

/** The import without its slug index (which may be a megabyte: SQL drops it before it reaches us). */
export async function loadImport(db: DB, id: string): Promise<ImportState> {
  const row = await db
    .select({
      id: ghostImports.id,
      status: ghostImports.status,
      options: sql<string>`json_remove(${ghostImports.options}, '$.post_slugs')`,
      totalPosts: ghostImports.totalPosts,
      processedPosts: ghostImports.processedPosts,
      counts: ghostImports.counts,
      createdAt: ghostImports.createdAt,
      updatedAt: ghostImports.updatedAt,
    })
    .from(ghostImports)
    .where(eq(ghostImports.id, id))
    .get();
  if (!row) throw notFound("Import");
  return { ...row, options: JSON.parse(row.options), counts: { ...emptyCounts(), ...(row.counts as Counts) } };
}

/** One statement: every note of a chunk, numbered from `seq`, as one JSON parameter. */
export function notesStatement(db: DB, importId: string, seq: number, notes: Note[]) {
  const rows = JSON.stringify(notes.map((n, i) => [seq + i, n.ghost_post_id, n.slug, n.code, n.message]));
  return db
    .insert(ghostImportNotes)
    .select(
      sql`SELECT ${importId}, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4 FROM json_each(${rows}) j`,
    );
}

export function add(counts: Counts, entity: Entity, outcome: Outcome, n = 1) {
  counts[entity][outcome] += n;
}
