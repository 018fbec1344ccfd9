// Loads published articles with everything a reader sees, for up to 100 at a time, in two D1
// round trips: the rows and their children, then what their related links and cards point at.
import { and, asc, eq, inArray } from "drizzle-orm";
import { collectReferences, type BodyDoc } from "../body";
import { renderResolvedBody } from "../articles/render-body";
import { resolveCards, type ArticleCard } from "../articles/cards";
import type { DB } from "../db/client";
import { articles, articleTags, bylines, contributors, media, relatedLinks, sections, tags } from "../db/schema";
import { inChunks } from "../lib/in-chunks";
import type { SiteUrls } from "../lib/urls";

type Row<T extends { $inferSelect: unknown }> = T["$inferSelect"];

export interface PublicArticle {
  row: Row<typeof articles>;
  url: string;
  section: Row<typeof sections> | null;
  bylines: { role: string | null; contributor: Row<typeof contributors> }[];
  tags: Row<typeof tags>[];
  image: Row<typeof media> | null;
  related: (
    | { kind: "article"; card: ArticleCard }
    | { kind: "external"; url: string; title: string; summary: string | null; source: string | null }
  )[];
  bodyHtml: string;
}

export async function loadPublicArticles(db: DB, ids: string[], urls: SiteUrls): Promise<PublicArticle[]> {
  if (!ids.length) return [];
  const onlyPublished = and(inArray(articles.id, ids), eq(articles.status, "published"));
  const [rows, sectionRows, mediaRows, bylineRows, tagRows, relatedRows] = await db.batch([
    db.select().from(articles).where(onlyPublished),
    db.select().from(sections).where(inArray(sections.id, db.select({ id: articles.sectionId }).from(articles).where(inArray(articles.id, ids)))),
    db.select().from(media).where(inArray(media.id, db.select({ id: articles.featuredMediaId }).from(articles).where(inArray(articles.id, ids)))),
    db
      .select({ articleId: bylines.articleId, role: bylines.role, contributor: contributors })
      .from(bylines)
      .innerJoin(contributors, eq(contributors.id, bylines.contributorId))
      .where(inArray(bylines.articleId, ids))
      .orderBy(asc(bylines.articleId), asc(bylines.position)),
    db
      .select({ articleId: articleTags.articleId, tag: tags })
      .from(articleTags)
      .innerJoin(tags, eq(tags.id, articleTags.tagId))
      .where(inArray(articleTags.articleId, ids))
      .orderBy(asc(articleTags.articleId), asc(articleTags.position)),
    db.select().from(relatedLinks).where(inArray(relatedLinks.articleId, ids)).orderBy(asc(relatedLinks.articleId), asc(relatedLinks.position)),
  ]);

  // Second round: related articles and body cards (published only: a draft is left out, not leaked)
  // and the images placed inside bodies.
  const bodies = new Map(rows.map((r) => [r.id, r.body as BodyDoc]));
  const refs = [...bodies.values()].map((b) => collectReferences(b));
  const targetIds = [...relatedRows.flatMap((l) => (l.targetArticleId ? [l.targetArticleId] : [])), ...refs.flatMap((r) => r.articleIds)];
  const bodyMediaIds = refs.flatMap((r) => r.mediaIds);
  const [cards, bodyMedia] = await Promise.all([
    resolveCardsChunked(db, targetIds, urls),
    inChunks(bodyMediaIds, (chunk) => db.select().from(media).where(inArray(media.id, chunk)).all()),
  ]);
  const mediaById = new Map([...mediaRows, ...bodyMedia].map((m) => [m.id, m]));
  const sectionById = new Map(sectionRows.map((s) => [s.id, s]));

  const byId = new Map(
    rows.map((row) => {
      const section = row.sectionId ? (sectionById.get(row.sectionId) ?? null) : null;
      const article: PublicArticle = {
        row,
        url: urls.article(section?.slug ?? null, row.slug, row.id),
        section,
        bylines: bylineRows.filter((b) => b.articleId === row.id).map(({ role, contributor }) => ({ role, contributor })),
        tags: tagRows.filter((t) => t.articleId === row.id).map((t) => t.tag),
        image: row.featuredMediaId ? (mediaById.get(row.featuredMediaId) ?? null) : null,
        related: relatedRows
          .filter((l) => l.articleId === row.id)
          .flatMap((l): PublicArticle["related"] => {
            if (!l.targetArticleId) return [{ kind: "external", url: l.url ?? "", title: l.title ?? "", summary: l.summary, source: l.sourceName }];
            const card = cards.get(l.targetArticleId);
            return card ? [{ kind: "article", card }] : [];
          }),
        bodyHtml: renderResolvedBody(bodies.get(row.id)!, mediaById, cards, urls),
      };
      return [row.id, article] as const;
    }),
  );
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

async function resolveCardsChunked(db: DB, ids: string[], urls: SiteUrls) {
  const merged = new Map<string, ArticleCard>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 90) {
    for (const [k, v] of await resolveCards(db, unique.slice(i, i + 90), urls, { publishedOnly: true })) merged.set(k, v);
  }
  return merged;
}
