// One Ghost post as our article: the body converted, the fields mapped, and a digest of the result
// (source_hash) so a re-run skips a post whose conversion is unchanged.
import type { ArticleContent, PublicationState } from "../../articles/content";
import { canonicalizeBody } from "../../body/canonical";
import { parseBody } from "../../body/schema";
import { canonicalJson } from "../../lib/canonical-json";
import { sha256Hex } from "../../lib/ids";
import { convertGhostBody, resolveGhostUrl, splitCaptionCredit } from "../convert";
import { ghostInstant, type GhostPostBundle } from "../export-file";
import { localSlug } from "./plan";
import type { Note } from "./state";

/** As many as the editor allows (src/editorial/articles/input-schema.ts): the rest are reported. */
export const MAX_BYLINES = 20;
export const MAX_TAGS = 20;

export interface PostLookups {
  siteUrl: string;
  /** Our article id for a Ghost slug of this import (reserved at start), or null. */
  articleForSlug(slug: string): string | null;
  /** A media id for a resolved image URL (see ChunkImages.idFor). */
  mediaFor(url: string, meta: { alt: string; width?: number; height?: number }): string;
  contributorFor(ghostUserId: string): string | null;
  tagFor(ghostTagId: string): string | null;
  sectionId: string | null;
  language: string;
}

export interface MappedPost {
  content: ArticleContent;
  state: PublicationState;
  featured: boolean;
  hash: string;
  notes: Note[];
}

/** Ghost post URLs are `/{slug}/` (or `/{yyyy}/{mm}/{slug}/` with a dated permalink): the last segment. */
export function slugOfSiteUrl(url: string, siteUrl: string): string | null {
  let u: URL;
  let site: URL;
  try {
    u = new URL(resolveGhostUrl(url, siteUrl));
    site = new URL(siteUrl);
  } catch {
    return null;
  }
  if (u.host !== site.host) return null;
  const segments = u.pathname.slice(site.pathname.replace(/\/+$/, "").length).split("/").filter(Boolean);
  return segments.length ? decodeURIComponent(segments.at(-1)!) : null;
}

/** Every slug a body could point at (links to the old site), read from the raw sources before converting. */
export function candidateSlugs(b: GhostPostBundle, siteUrl: string): string[] {
  const raw = [b.post.lexical, b.post.mobiledoc, b.post.html].filter(Boolean).join("\n");
  const site = siteUrl.replace(/\/+$/, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`(?:__GHOST_URL__|${site})((?:\\\\?/[A-Za-z0-9%._~-]+)+)`, "g");
  const out = new Set<string>();
  for (const m of raw.matchAll(re)) {
    const last = m[1]!.replace(/\\\//g, "/").split("/").filter(Boolean).at(-1);
    if (last) out.add(last.toLowerCase());
  }
  return [...out];
}

const isHttp = (u: string) => /^https?:\/\/[^\s]+$/i.test(u);

export async function mapPost(b: GhostPostBundle, ctx: PostLookups): Promise<MappedPost | { skip: string; notes: Note[] }> {
  const p = b.post;
  const notes: Note[] = [];
  const note = (code: string, message: string) => notes.push({ ghost_post_id: p.id, slug: p.slug, code, message });

  const converted = convertGhostBody(p, {
    siteUrl: ctx.siteUrl,
    articleForUrl: (url) => {
      const slug = slugOfSiteUrl(url, ctx.siteUrl);
      return slug ? ctx.articleForSlug(slug) : null;
    },
    mediaFor: (src, meta) => ctx.mediaFor(resolveGhostUrl(src, ctx.siteUrl), meta),
  });
  for (const n of converted.notes) note(n.code, n.message);
  const parsed = parseBody(converted.doc);
  if (!parsed.ok) return { skip: `The converted body is not valid: ${parsed.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`, notes };

  const bylines = b.authors.flatMap((id) => {
    const c = ctx.contributorFor(id);
    return c ? [{ contributor_id: c, role: null }] : [];
  });
  if (bylines.length < b.authors.length) note("unknown_author", "An author of this post was not in the import's plan: left off the byline.");
  if (bylines.length > MAX_BYLINES) note("too_many_bylines", `${bylines.length} authors; the first ${MAX_BYLINES} are kept.`);
  const tagIds = [...new Set(b.tags.flatMap((id) => ctx.tagFor(id) ?? []))];
  if (tagIds.length > MAX_TAGS) note("too_many_tags", `${tagIds.length} tags; the first ${MAX_TAGS} are kept.`);

  let featured: ArticleContent["featured_image"] = null;
  if (p.feature_image) {
    const url = resolveGhostUrl(p.feature_image, ctx.siteUrl);
    const split = splitCaptionCredit(b.meta?.feature_image_caption ?? null);
    if (split.split) note("credit_split", `Feature image caption split: caption ${JSON.stringify(split.caption)}, credit ${JSON.stringify(split.credit)}.`);
    const alt = b.meta?.feature_image_alt ?? "";
    featured = { media_id: ctx.mediaFor(url, { alt }), alt, caption: split.caption, credit: split.credit };
  }

  let canonical: string | null = null;
  if (p.canonical_url) {
    const resolved = resolveGhostUrl(p.canonical_url, ctx.siteUrl);
    if (isHttp(resolved) && resolved.length <= 2048) canonical = resolved;
    else note("canonical_url_dropped", `canonical_url ${JSON.stringify(p.canonical_url)} is not an absolute http(s) URL.`);
  }
  if (p.codeinjection_head || p.codeinjection_foot) note("code_injection", "The post's code injection (head/foot) is not imported: add what it did to the front-end.");
  if (p.visibility && p.visibility !== "public") note("members_only", `Ghost visibility "${p.visibility}": imported as a public story; the paywall is the front-end's.`);
  if (!ctx.sectionId) note("no_section", "No section for this post under the import's section rule.");

  // Ghost allows slugs ours do not (non-ASCII, underscores): made one of ours, and the old URL redirects.
  const slug = localSlug(p.slug, p.title);
  if (slug !== p.slug) note("slug_changed", `Ghost's slug "${p.slug}" is not one of ours: imported as "${slug}" (the old URL redirects).`);

  // The editor's limits (src/editorial/articles/input-schema.ts), so the story stays editable: longer text is cut, and said so.
  for (const [field, value, max] of [["headline", p.title, 300], ["summary", p.custom_excerpt, 1000], ["seo_title", b.meta?.meta_title, 300], ["seo_description", b.meta?.meta_description, 1000]] as const) {
    if (value && value.trim().length > max) note("text_cut", `${field} is longer than ${max} characters: cut there.`);
  }
  const content: ArticleContent = {
    slug,
    headline: (p.title.trim() || p.slug).slice(0, 300),
    dek: null,
    summary: p.custom_excerpt?.trim().slice(0, 1000) || null,
    body: canonicalizeBody(parsed.value),
    section_id: ctx.sectionId,
    bylines: bylines.slice(0, MAX_BYLINES),
    tag_ids: tagIds.slice(0, MAX_TAGS),
    related: [],
    featured_image: featured,
    audio: null,
    canonical_url: canonical,
    language: ctx.language,
    seo_title: b.meta?.meta_title?.trim().slice(0, 300) || null,
    seo_description: b.meta?.meta_description?.trim().slice(0, 1000) || null,
    comments_enabled: true,
  };
  const state = stateOf(b, note);
  const hash = await sha256Hex(canonicalJson({ content, state, featured: p.featured }));
  return { content, state, featured: p.featured, hash, notes };
}

/** published and sent (an emailed post) → published at Ghost's instant; scheduled keeps its time. */
function stateOf(b: GhostPostBundle, note: (code: string, message: string) => void): PublicationState {
  const p = b.post;
  const publishedAt = ghostInstant(p.published_at);
  if (p.status === "published" || p.status === "sent") {
    const at = publishedAt ?? ghostInstant(p.created_at) ?? ghostInstant(p.updated_at);
    if (!publishedAt) note("no_published_at", `Published without published_at: dated ${at ?? "now"}.`);
    const when = at ?? new Date().toISOString();
    return { status: "published", scheduled_at: null, published_at: when, first_published_at: when };
  }
  if (p.status === "scheduled") {
    if (publishedAt) return { status: "scheduled", scheduled_at: publishedAt, published_at: null, first_published_at: null };
    note("scheduled_without_time", "Scheduled without a time: imported as a draft.");
  }
  return { status: "draft", scheduled_at: null, published_at: null, first_published_at: null };
}
