// Shared by the feed-index tests: every article_tags and bylines row whose copies of its article's
// status and published_at (migration 0015) differ from the article's own.
import { env } from "cloudflare:workers";
import { expect } from "vitest";

type Drift = { table: string; article_id: string; status: string | null; published_at: string | null; article_status: string; article_published_at: string | null };

export async function driftedRows(): Promise<Drift[]> {
  const out: Drift[] = [];
  for (const table of ["article_tags", "bylines"]) {
    const { results } = await env.DB.prepare(
      `SELECT '${table}' AS "table", x.article_id, x.status, x.published_at, a.status AS article_status, a.published_at AS article_published_at
       FROM ${table} x JOIN articles a ON a.id = x.article_id
       WHERE x.status IS NOT a.status OR x.published_at IS NOT a.published_at`,
    ).all<Drift>();
    out.push(...results);
  }
  return out;
}

/**
 * No row anywhere is out of step, and each of `ids` has tag and byline rows to check (a story whose
 * rows were never written would pass the first test vacuously).
 */
export async function expectInStep(ids: string[]) {
  expect(await driftedRows()).toEqual([]);
  for (const id of ids) {
    const { results } = await env.DB.prepare("SELECT (SELECT count(*) FROM article_tags WHERE article_id = ?1) AS tags, (SELECT count(*) FROM bylines WHERE article_id = ?1) AS bylines").bind(id).all<{ tags: number; bylines: number }>();
    expect(results[0]!.tags, `tag rows of ${id}`).toBeGreaterThan(0);
    expect(results[0]!.bylines, `byline rows of ${id}`).toBeGreaterThan(0);
  }
}
