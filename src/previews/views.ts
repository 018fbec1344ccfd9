// What previews answer: the story in the content API's shape (derived from its ArticleView, so the
// two cannot drift), honest about a draft having no publication date and about having no
// structured data (a search engine must never take a preview for the story's page), its share
// metadata saying `noindex` (a front-end's preview page shows the social card it will get); and the
// editorial view of a link, which never carries the token or its hash.
import * as v from "valibot";
import { ARTICLE_STATUSES } from "../db/schema";
import type { SiteSettings } from "../editorial/settings/domain";
import type { SiteUrls } from "../lib/urls";
import { PreviewShareView } from "../public/share-view";
import { time } from "../public/view-fields";
import { ArticleView, shareInput, toArticleWithoutJsonLd } from "../public/views";
import { toFeedItem } from "../public/feed-item";
import { previewShareMetadata } from "../seo/share";
import type { PreviewContent } from "./content";
import { linkState, type PreviewLinkListed } from "./links";

/** ArticleView, but `published_at` may be null (a draft) and there is no JSON-LD. */
export const PreviewArticleView = v.pipe(
  v.object({
    ...ArticleView.entries,
    published_at: v.nullable(time("When the story was (last) published; null for a story never published.")),
    share: PreviewShareView,
    json_ld: v.pipe(v.null(), v.description("Always null: a preview is not the story's page, and must not be indexed as one.")),
    json_ld_script: v.pipe(v.null(), v.description("Always null, as `json_ld`.")),
  }),
  v.description("The story as the content API will give it (`GET /api/content/v1/articles/{slug}`), from the version the preview shows."),
);

export const PreviewSourceView = v.object({
  source: v.pipe(
    v.picklist(["working_copy", "article", "revision"]),
    v.description("`revision`: the version the link was pinned to; `working_copy`: a published story's pending changes; `article`: the story as it is."),
  ),
  revision: v.pipe(v.nullable(v.pipe(v.number(), v.integer())), v.description("The version shown; null for a working copy (not a version yet).")),
  status: v.pipe(v.picklist(ARTICLE_STATUSES), v.description("The story's publication state now.")),
});

/** GET /api/content/v1/preview/{token}. */
export const PreviewAnswer = v.object({
  article: PreviewArticleView,
  preview: v.object({
    ...PreviewSourceView.entries,
    expires_at: time("When this link stops working."),
    // A partner given the link learns here when they may publish what it shows.
    embargoed_until: v.nullable(time("When the story's embargo ends: nothing from it may be published before then; null when no embargo holds it (none, or passed).")),
  }),
});

/** `site`: the site settings (the share metadata's site name and language). */
export function toPreviewArticle(p: PreviewContent, urls: SiteUrls, site: SiteSettings): v.InferOutput<typeof PreviewArticleView> {
  const a = p.article;
  const share = previewShareMetadata(shareInput(a, toFeedItem(a, urls), site), a.row.publishedAt);
  return { ...toArticleWithoutJsonLd(a, urls), published_at: a.row.publishedAt, share, json_ld: null, json_ld_script: null };
}

/** The embargo still holding the story the preview shows (the article's own, whatever the version), or null. */
export function previewEmbargo(p: PreviewContent, now = new Date()): string | null {
  const until = p.article.row.embargoedUntil;
  return until && until > now.toISOString() ? until : null;
}

export const toPreviewSource = (p: PreviewContent): v.InferOutput<typeof PreviewSourceView> => ({
  source: p.source,
  revision: p.revision,
  status: p.article.row.status,
});

// --- the editorial view of a link --------------------------------------------------------------

export const PreviewLinkView = v.object({
  id: v.string(),
  article_id: v.string(),
  revision: v.pipe(v.nullable(v.pipe(v.number(), v.integer())), v.description("The pinned version; null: the latest saved changes when opened.")),
  note: v.pipe(v.string(), v.description("Who it was for, for the newsroom's own reference; never shown to whoever opens the link.")),
  created_by: v.nullable(v.object({ id: v.string(), name: v.string() })),
  created_at: time("When it was made."),
  expires_at: time("When it stops working."),
  revoked_at: v.nullable(time("When it was revoked.")),
  state: v.pipe(v.picklist(["active", "expired", "revoked"]), v.description("Whether it opens now.")),
});

export const toPreviewLinkView = (l: PreviewLinkListed, now = new Date()): v.InferOutput<typeof PreviewLinkView> => ({
  id: l.id,
  article_id: l.articleId,
  revision: l.revision,
  note: l.note,
  created_by: l.createdBy ? { id: l.createdBy, name: l.createdByName ?? "Former user" } : null,
  created_at: l.createdAt,
  expires_at: l.expiresAt,
  revoked_at: l.revokedAt,
  state: linkState(l, now),
});
