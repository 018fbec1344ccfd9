// An article record (its live content, a working copy's or a revision's, via recordWithContent) as
// the public loader (src/public/load.ts) would give it, so the content API's mappers
// (toArticleSummary / toArticleFull) show any version exactly as readers get it: webhook payloads
// (the version an event wrote) and preview links (a draft, a working copy, a pinned revision).
// Two statements: what the record does not carry (tag visibility, avatars, the image's type and
// alt) in one, then the cards and body images through the loader's own resolveReferences.
import { sql } from "drizzle-orm";
import { collectReferences, type BodyDoc } from "../body";
import { resolveReferences } from "../articles/cards";
import type { ArticleRecord } from "../articles/load";
import { renderResolvedBody } from "../articles/render-body";
import type { DB } from "../db/client";
import type { SiteUrls } from "../lib/urls";
import type { PublicArticle } from "./load";
import { parsePublicAmendments, publicAmendmentsJson } from "../amendments/domain";
import { liveBlockJson, parseLiveJson } from "./live-load";

interface Extras {
  /** Ids of the record's tags that readers may see (internal tags never leave). */
  tags: string;
  avatars: string;
  image: string | null;
  /** The story's public amendments (src/amendments), whichever version is shown. */
  amendments: string | null;
  /** A live blog's block (its entries as readers see them now); null for any other story. */
  live: string | null;
}

export async function publicArticleOf(db: DB, rec: ArticleRecord, urls: SiteUrls): Promise<PublicArticle> {
  const row = rec.row;
  const found = await db.get<Extras>(sql`SELECT
    (SELECT json_group_array(t.id) FROM json_each(${JSON.stringify(rec.tags.map((t) => t.id))}) j
      CROSS JOIN tags t ON t.id = j.value WHERE t.visibility = 'public') AS tags,
    (SELECT json_group_array(json_object('id', c.id, 'avatar', c.avatar_media_id)) FROM json_each(${JSON.stringify(rec.bylines.map((b) => b.contributor.id))}) j
      CROSS JOIN contributors c ON c.id = j.value) AS avatars,
    (SELECT json_object('mime', m.mime_type, 'width', m.width, 'height', m.height, 'alt', m.alt) FROM media m WHERE m.id = ${row.featuredMediaId}) AS image,
    ${publicAmendmentsJson(sql`${row.id}`)} AS amendments,
    ${row.kind === "live" ? liveBlockJson(sql`${row.id}`) : sql`NULL`} AS live`);
  const publicTags = new Set(JSON.parse(found?.tags ?? "[]") as string[]);
  const avatars = new Map((JSON.parse(found?.avatars ?? "[]") as { id: string; avatar: string | null }[]).map((a) => [a.id, a.avatar]));
  const image = found?.image ? (JSON.parse(found.image) as { mime: string; width: number | null; height: number | null; alt: string }) : null;

  const body = row.body as BodyDoc;
  const refs = collectReferences(body);
  // Readers get cards of published stories only, as the loader resolves them.
  const { cards, mediaById } = await resolveReferences(
    db,
    [...rec.related.flatMap((l) => (l.targetArticleId ? [l.targetArticleId] : [])), ...refs.articleIds],
    refs.mediaIds,
    urls,
    { publishedOnly: true },
  );
  const section = rec.section;
  return {
    row,
    url: urls.article(section?.slug ?? null, row.slug, row.id),
    section: section ? { slug: section.slug, name: section.name } : null,
    bylines: rec.bylines.map(({ role, contributor: c }) => ({
      role,
      id: c.id,
      slug: c.slug,
      name: c.name,
      kind: c.kind,
      job_title: c.jobTitle,
      avatar_media_id: avatars.get(c.id) ?? null,
      user_id: c.userId,
    })),
    tags: rec.tags.filter((t) => publicTags.has(t.id)).map((t) => ({ slug: t.slug, name: t.name })),
    image: row.featuredMediaId && image ? { id: row.featuredMediaId, mimeType: image.mime, width: image.width, height: image.height, alt: image.alt } : null,
    related: rec.related.flatMap((l): PublicArticle["related"] => {
      if (!l.targetArticleId) return [{ kind: "external", url: l.url ?? "", title: l.title ?? "", summary: l.summary, source: l.sourceName }];
      const card = cards.get(l.targetArticleId);
      return card ? [{ kind: "article", card }] : [];
    }),
    bodyHtml: renderResolvedBody(body, mediaById, cards, urls),
    amendments: parsePublicAmendments(found?.amendments),
    live: row.kind === "live" ? (parseLiveJson(found?.live) ?? { lastEventId: 0, updates: [] }) : null,
  };
}
