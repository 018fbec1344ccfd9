// A realistic history for a seeded article: the revisions rows (and their audit entries) that N
// saves through the app would have left, each snapshot shaped as src/articles/write.ts builds it
// ({content, state}, the id-based ArticleContent), so the bench can measure what history costs D1.
import type { ArticleContent, Snapshot } from "../../../src/articles/content";
import type { BodyDoc } from "../../../src/body/schema";
import { newId } from "../../../src/lib/ids";
import type { Row } from "./newsroom";

/** An article as D1 holds it (the row's columns by their SQL names), with its ordered children. */
export interface StoredArticle {
  row: Record<string, unknown>;
  bylines: { contributor_id: string; role: string | null }[];
  tag_ids: string[];
  /** related_links rows: a story of ours (target_article_id), or an outside link (the rest). */
  related: { target_article_id: string | null; url: string | null; title: string | null; summary: string | null; source_name: string | null }[];
}

/** The content a save would snapshot, from the stored row (the same mapping as toContent in src/articles/load.ts). */
export function contentOf(a: StoredArticle): ArticleContent {
  const r = a.row as Record<string, any>;
  return {
    slug: r.slug,
    headline: r.headline,
    dek: r.dek,
    summary: r.summary,
    body: JSON.parse(r.body) as BodyDoc,
    section_id: r.section_id,
    bylines: a.bylines,
    tag_ids: a.tag_ids,
    related: a.related.map((l) => (l.target_article_id ? { article_id: l.target_article_id } : { url: l.url ?? "", title: l.title ?? "", summary: l.summary, source: l.source_name })),
    featured_image: r.featured_media_id ? { media_id: r.featured_media_id, alt: r.featured_alt ?? "", caption: r.featured_caption, credit: r.featured_credit } : null,
    audio: r.audio_url ? { url: r.audio_url, disclosure: r.audio_disclosure } : null,
    canonical_url: r.canonical_url,
    language: r.language,
    seo_title: r.seo_title,
    seo_description: r.seo_description,
    comments_enabled: Boolean(r.comments_enabled),
  };
}

/**
 * Revision k of n: an earlier draft of the same story, one paragraph's wording different (an edit
 * between saves), so snapshots are as big as the story, as every save's is, but not identical.
 */
function edited(body: BodyDoc, k: number): BodyDoc {
  const copy = structuredClone(body) as { content?: { type: string; content?: { type: string; text?: string }[] }[] };
  const paragraphs = (copy.content ?? []).filter((b) => b.type === "paragraph" && b.content?.[0]?.type === "text");
  const p = paragraphs.length ? paragraphs[k % paragraphs.length]! : null;
  if (p) p.content![0]!.text = `${p.content![0]!.text} (draft ${k})`;
  return copy as unknown as BodyDoc;
}

const SECOND = 1000;

/**
 * The n revisions (and audit entries) of one article, oldest first: created as a draft, saved
 * n − 3 more times, published, then updated once live, so the last snapshot is the row as stored
 * and the article's version is n. Times run back from its last update.
 */
export function revisionHistory(a: StoredArticle, n: number, actor: { userId: string; label: string }): { revisions: Row[]; audit: Row[] } {
  const r = a.row as Record<string, any>;
  const current = contentOf(a);
  const last = Date.parse(r.updated_at);
  const published = r.status === "published" || r.status === "archived";
  const revisions: Row[] = [];
  const audit: Row[] = [];
  for (let version = 1; version <= n; version++) {
    // Live from the second-to-last save on (when the story is published at all).
    const live = published && version >= n - 1;
    const action = version === 1 ? "create" : published && version === n - 1 ? "publish" : "update";
    const at = new Date(last - (n - version) * 600 * SECOND).toISOString();
    const state: Snapshot["state"] = live
      ? { status: r.status, scheduled_at: r.scheduled_at, published_at: r.published_at, first_published_at: r.first_published_at }
      : { status: version === n ? r.status : "draft", scheduled_at: version === n ? r.scheduled_at : null, published_at: null, first_published_at: null };
    const snapshot: Snapshot = { content: version === n ? current : { ...current, body: edited(current.body, version) }, state };
    revisions.push({ id: newId("rev"), article_id: r.id, version, snapshot: JSON.stringify(snapshot), action, created_by: actor.userId, created_at: at, restored_from: null });
    // What articleWriteEntry records beside each save: states and changed field names, never the text.
    const before = version === 1 ? null : { status: live && action !== "publish" ? r.status : "draft", scheduled_at: null, published_at: live && action !== "publish" ? r.published_at : null };
    audit.push({
      id: newId("aud"),
      at,
      actor_user_id: actor.userId,
      actor_token_id: null,
      actor_label: actor.label,
      actor_role: "admin",
      action: `article.${action}`,
      target_type: "article",
      target_id: r.id,
      target_label: current.headline,
      summary: JSON.stringify({ before, after: { status: state.status, scheduled_at: state.scheduled_at, published_at: state.published_at, version, ...(version > 1 && { changed_fields: ["body"] }) } }),
      request_id: null,
    });
  }
  return { revisions, audit };
}
