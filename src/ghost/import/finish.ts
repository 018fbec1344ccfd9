// Finishing a Ghost import (the old URL scheme → redirects, the import marked complete) and its report.
import { asc, eq, sql } from "drizzle-orm";
import { auditEntry, type AuditBy } from "../../audit/record";
import type { BatchItem } from "drizzle-orm/batch";
import { bumpContentVersion } from "../../cache/content-version";
import { rawAll, rawRun } from "./raw";
import type { DB } from "../../db/client";
import { ghostImportNotes, ghostImports, redirects } from "../../db/schema";
import type { SiteUrls } from "../../lib/urls";
import { ghostRedirects } from "../../redirects/ghost-scheme";
import { ENTITIES, loadImport, OUTCOMES, type ImportState, type Note } from "./state";

/** Redirect rows per insert statement: one JSON parameter each, well under D1's 2 MB value limit. */
const REDIRECT_SLICE = 2000;
/** Notes a report lists; the total is always given. */
export const REPORT_NOTES_MAX = 10_000;

/**
 * Ghost's URLs for everything this import brought in: /{slug}/ for its published posts, /tag/{slug}/
 * and /author/{slug}/ (with their /rss/) for the Ghost tags and authors we hold, /rss/. Rows a
 * previous import wrote are replaced; an editor's own redirect for the same path is kept (theirs wins).
 */
export async function finishImport(db: DB, importId: string, urls: SiteUrls, now: Date, by: AuditBy) {
  const started = await loadImport(db, importId); // 404 for an unknown import
  const [posts, tags, authors] = await db.batch([
    rawAll<{ slug: string; local_slug: string; id: string; section: string | null }>(db, sql`SELECT s.key AS slug, a.slug AS local_slug, a.id, x.slug AS section
      FROM ghost_imports g, json_each(g.options, '$.post_slugs') s CROSS JOIN ghost_map m ON m.kind = 'post' AND m.ghost_id = s.value
      CROSS JOIN articles a ON a.id = m.local_id LEFT JOIN sections x ON x.id = a.section_id WHERE g.id = ${importId} AND a.status = 'published'`),
    rawAll<{ slug: string; visibility: "public" | "internal" }>(db, sql`SELECT t.slug, t.visibility FROM ghost_map m CROSS JOIN tags t ON t.id = m.local_id WHERE m.kind = 'tag'`),
    rawAll<{ slug: string }>(db, sql`SELECT c.slug FROM ghost_map m CROSS JOIN contributors c ON c.id = m.local_id WHERE m.kind = 'user'`),
  ]);
  const rows = ghostRedirects(
    { posts: posts.map((p) => ({ slug: p.slug, localSlug: p.local_slug, id: p.id, section: p.section })), tags, authors },
    urls,
  );
  const at = now.toISOString();
  const statements: BatchItem<"sqlite">[] = [db.delete(redirects).where(eq(redirects.source, "ghost-import"))];
  for (let i = 0; i < rows.length; i += REDIRECT_SLICE) {
    const slice = JSON.stringify(rows.slice(i, i + REDIRECT_SLICE).map((r) => [r.from_path, r.to_url, r.status_code]));
    statements.push(rawRun(db, sql`INSERT INTO redirects (id, from_path, to_url, status_code, source, created_at, updated_at)
      SELECT 'rdr_' || lower(hex(randomblob(8))), j.value ->> 0, j.value ->> 1, j.value ->> 2, 'ghost-import', ${at}, ${at}
      FROM json_each(${slice}) j WHERE true ON CONFLICT(from_path) DO NOTHING`));
  }
  statements.push(
    db.update(ghostImports).set({ status: "complete", updatedAt: at }).where(eq(ghostImports.id, importId)),
    // Redirects are public output (/api/content/v1/redirects, the Worker's own 301s).
    bumpContentVersion(db, now),
    // The import's one entry with its totals (posts per outcome, as the import counted them).
    auditEntry(db, { ...by, now, action: "newsroom.import", target: { type: "newsroom", id: importId, label: "Ghost import" }, summary: { after: { posts: started.counts.posts, redirects: rows.length }, note: "Ghost import finished" } }),
  );
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  const kept = await db.get<{ n: number }>(sql`SELECT count(*) AS n FROM redirects WHERE source = 'ghost-import'`);
  // Only the redirects' entry is written: the post counts are sums over ghost_import_posts (state.ts).
  const redirectCounts = { created: kept?.n ?? 0, updated: 0, unchanged: 0, skipped: rows.length - (kept?.n ?? 0) };
  await db.update(ghostImports).set({ counts: sql`json_set(${ghostImports.counts}, '$.redirects', json(${JSON.stringify(redirectCounts)}))` }).where(eq(ghostImports.id, importId));
  return loadImport(db, importId);
}

export interface Report {
  import: ImportState;
  notes_total: number;
  notes: Note[];
}

export async function importReport(db: DB, importId: string): Promise<Report> {
  const imp = await loadImport(db, importId);
  const [notes, total] = await db.batch([
    db
      .select({ ghost_post_id: ghostImportNotes.ghostPostId, slug: ghostImportNotes.slug, code: ghostImportNotes.code, message: ghostImportNotes.message })
      .from(ghostImportNotes)
      .where(eq(ghostImportNotes.importId, importId))
      .orderBy(asc(ghostImportNotes.seq))
      .limit(REPORT_NOTES_MAX),
    db.select({ n: sql<number>`count(*)` }).from(ghostImportNotes).where(eq(ghostImportNotes.importId, importId)),
  ]);
  return { import: imp, notes_total: total[0]?.n ?? 0, notes };
}

/** The report as a person reads it: counts per entity, then each post's notes, grouped. */
export function reportText(r: Report): string {
  const i = r.import;
  const lines = [
    `Ghost import ${i.id} — ${i.status}, ${i.processedPosts} of ${i.totalPosts} posts processed`,
    `Old site: ${i.options.site_url}; sections from: ${i.options.section_from}; images ${i.options.fetch_images ? "fetched" : "left at their addresses"}`,
    "",
    `${"".padEnd(14)}${OUTCOMES.map((o) => o.padStart(11)).join("")}`,
    ...ENTITIES.map((e) => `${e.padEnd(14)}${OUTCOMES.map((o) => String(i.counts[e][o]).padStart(11)).join("")}`),
    "",
    `Notes (${r.notes_total}${r.notes_total > r.notes.length ? `, first ${r.notes.length} listed` : ""}):`,
  ];
  let last: string | null = null;
  for (const n of r.notes) {
    const who = n.slug ?? n.ghost_post_id ?? "(import)";
    if (who !== last) lines.push(`  ${who}`);
    last = who;
    lines.push(`    [${n.code}] ${n.message}`);
  }
  if (!r.notes.length) lines.push("  none");
  return `${lines.join("\n")}\n`;
}
