// The editorial representation of an article (snake_case, drafts included). Built by an explicit
// mapper from the loaded record: no row is serialised as it is. Its shape is ArticleView
// (schemas.ts), which the OpenAPI document shows, so the two cannot diverge.
import type * as v from "valibot";
import { collectReferences, type BodyDoc } from "../../body";
import { renderResolvedBody } from "../../articles/render-body";
import { resolveReferences } from "../../articles/cards";
import type { ArticleRecord } from "../../articles/load";
import type { DB } from "../../db/client";
import type { SiteUrls } from "../../lib/urls";
import type { Actor } from "../../auth/actor";
import type { ArticleView as ArticleViewSchema, ContributorRef } from "./schemas";
import { allowedActions } from "./service";
import { publicModifiedAt } from "../../amendments/domain";
import { pendingCopy, workingCopySummary } from "./working-copy";

export const contributorRef = (c: ArticleRecord["bylines"][number]["contributor"]): v.InferOutput<typeof ContributorRef> => ({
  id: c.id,
  slug: c.slug,
  name: c.name,
  kind: c.kind,
  job_title: c.jobTitle,
});

export type ArticleView = v.InferOutput<typeof ArticleViewSchema>;

export async function buildArticleView(db: DB, rec: ArticleRecord, urls: SiteUrls, actor: Actor): Promise<ArticleView> {
  const r = rec.row;
  const body = r.body as BodyDoc;
  const refs = collectReferences(body);
  const relatedIds = rec.related.flatMap((l) => (l.targetArticleId ? [l.targetArticleId] : []));
  // Editors see cards for drafts too (it is their own newsroom); the public API does not.
  const { cards, mediaById } = await resolveReferences(db, [...relatedIds, ...refs.articleIds], refs.mediaIds, urls, { publishedOnly: false });
  const bodyHtml = renderResolvedBody(body, mediaById, cards, urls);
  const fm = rec.featuredMedia;
  return {
    id: r.id,
    slug: r.slug,
    url: urls.article(rec.section?.slug ?? null, r.slug, r.id),
    headline: r.headline,
    dek: r.dek,
    summary: r.summary,
    body,
    body_html: bodyHtml,
    reading_time: r.readingTime,
    section: rec.section ? { id: rec.section.id, slug: rec.section.slug, name: rec.section.name } : null,
    bylines: rec.bylines.map((b) => ({ role: b.role, contributor: contributorRef(b.contributor) })),
    tags: rec.tags.map((t) => ({ id: t.id, slug: t.slug, name: t.name })),
    related: rec.related.map((l) => {
      if (!l.targetArticleId) return { type: "external" as const, url: l.url, title: l.title, summary: l.summary, source: l.sourceName };
      const card = cards.get(l.targetArticleId);
      return { type: "article" as const, article_id: l.targetArticleId, ...(card ? { headline: card.headline, summary: card.summary, url: card.url, status: card.status, bylines: card.bylines } : { missing: true }) };
    }),
    featured_image: fm
      ? {
          media_id: fm.id,
          url: urls.media(fm.id),
          width: fm.width,
          height: fm.height,
          alt: r.featuredAlt ?? "",
          caption: r.featuredCaption,
          credit: r.featuredCredit,
        }
      : null,
    audio: r.audioUrl ? { url: r.audioUrl, disclosure: r.audioDisclosure } : null,
    canonical_url: r.canonicalUrl,
    language: r.language,
    seo_title: r.seoTitle,
    seo_description: r.seoDescription,
    comments_enabled: r.commentsEnabled,
    status: r.status,
    scheduled_at: r.scheduledAt,
    published_at: r.publishedAt,
    first_published_at: r.firstPublishedAt,
    embargoed_until: r.embargoedUntil,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    last_major_update_at: publicModifiedAt(r),
    created_by: r.createdBy,
    updated_by: r.updatedBy,
    updated_by_name: rec.current.updatedBy?.name ?? null,
    version: r.version,
    // The caller's rights on this article now, so a client offers nothing the API would refuse.
    allowed_actions: allowedActions(actor, rec),
    submitted_for_editing: rec.current.action === "submit" ? { by: rec.current.updatedBy, at: r.updatedAt } : null,
    working_copy: workingCopySummary(pendingCopy(rec)),
    stage: r.stage,
    stage_name: rec.workflow.stageName,
    due_at: r.dueAt,
    assignees: rec.workflow.assignees,
    kind: r.kind,
    live:
      r.kind === "live"
        ? { coverage_start_at: r.coverageStartAt, coverage_end_at: r.coverageEndAt, entry_count: rec.live?.entryCount ?? 0, last_event_id: rec.live?.lastEventId ?? 0 }
        : null,
  };
}
