// Resolves what a body and its related links point at — other articles (as cards) and images —
// in ONE statement, however many there are: ids travel as a JSON array through json_each, so
// D1's 100-parameter cap never applies, and children come back as JSON built by SQLite.
// CROSS JOIN fixes the join order (SQLite does not reorder it): walk the few ids and look each up
// by primary key, rather than let the planner scan every published article for matches.
import { sql, type SQL } from "drizzle-orm";
import type { DB } from "../db/client";
import type { ArticleStatus, media } from "../db/schema";
import type { SiteUrls } from "../lib/urls";

export interface ArticleCard {
  id: string;
  slug: string;
  headline: string;
  summary: string | null;
  status: ArticleStatus;
  url: string;
  bylines: { slug: string; name: string; kind: string }[];
  image: { url: string; width: number | null; height: number | null; alt: string } | null;
  published_at: string | null;
}

export type MediaSize = Pick<typeof media.$inferSelect, "id" | "width" | "height">;

interface CardRow {
  id: string;
  slug: string;
  headline: string;
  summary: string | null;
  // The articles table's CHECK constraint keeps it to these.
  status: ArticleStatus;
  published_at: string | null;
  section: string | null;
  media_id: string | null;
  width: number | null;
  height: number | null;
  alt: string | null;
  bylines: { slug: string; name: string; kind: string }[];
}

/**
 * The cards and media of `articleIds` and `mediaIds` (each a statement or subquery yielding ids in a
 * column named `value`, such as json_each of a JSON array) as two JSON columns, `cards` and `media`:
 * the one definition both resolveReferences and a statement that reads its article's references
 * in the same round trip (src/public/load.ts) use.
 */
export function referencesJson(articleIds: SQL, mediaIds: SQL, opts: { publishedOnly: boolean }) {
  const statusFilter = opts.publishedOnly ? sql`a.status = 'published' AND` : sql``;
  return {
    cards: sql<string>`(SELECT json_group_array(json_object(
          'id', a.id, 'slug', a.slug, 'headline', a.headline, 'summary', a.summary, 'status', a.status,
          'published_at', a.published_at, 'section', s.slug, 'media_id', a.featured_media_id,
          'width', m.width, 'height', m.height, 'alt', a.featured_alt,
          'bylines', json((SELECT json_group_array(json_object('slug', c.slug, 'name', c.name, 'kind', c.kind) ORDER BY b.position)
                           FROM bylines b JOIN contributors c ON c.id = b.contributor_id WHERE b.article_id = a.id))))
        FROM (${articleIds}) j
        CROSS JOIN articles a ON a.id = j.value
        LEFT JOIN sections s ON s.id = a.section_id
        LEFT JOIN media m ON m.id = a.featured_media_id
        WHERE ${statusFilter} 1)`,
    media: sql<string>`(SELECT json_group_array(json_object('id', m.id, 'width', m.width, 'height', m.height))
        FROM (${mediaIds}) j CROSS JOIN media m ON m.id = j.value)`,
  };
}

/**
 * Cards and media keyed by id. With publishedOnly, drafts and deleted articles are simply absent,
 * so a card never leaks an unpublished headline.
 */
export async function resolveReferences(db: DB, articleIds: string[], mediaIds: string[], urls: SiteUrls, opts: { publishedOnly: boolean }) {
  if (!articleIds.length && !mediaIds.length) return { cards: new Map<string, ArticleCard>(), mediaById: new Map<string, MediaSize>() };
  const ids = (list: string[]) => sql`SELECT value FROM json_each(${JSON.stringify([...new Set(list)])})`;
  const refs = referencesJson(ids(articleIds), ids(mediaIds), opts);
  const row = await db.get<{ cards: string; media: string }>(sql`SELECT ${refs.cards} AS cards, ${refs.media} AS media`);
  return referencesFromJson(row?.cards ?? null, row?.media ?? null, urls);
}

/** referencesJson's two columns as resolveReferences answers them. */
export function referencesFromJson(cardsJson: string | null, mediaJson: string | null, urls: SiteUrls) {
  const cards = new Map<string, ArticleCard>();
  const mediaById = new Map<string, MediaSize>();
  for (const r of JSON.parse(cardsJson ?? "[]") as CardRow[]) {
    cards.set(r.id, {
      id: r.id,
      slug: r.slug,
      headline: r.headline,
      summary: r.summary,
      status: r.status,
      url: urls.article(r.section, r.slug, r.id),
      bylines: r.bylines,
      image: r.media_id ? { url: urls.media(r.media_id), width: r.width, height: r.height, alt: r.alt ?? "" } : null,
      published_at: r.published_at,
    });
  }
  for (const m of JSON.parse(mediaJson ?? "[]") as MediaSize[]) mediaById.set(m.id, m);
  return { cards, mediaById };
}
