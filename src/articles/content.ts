// The resolved, id-based form of an article's editable content. It is what a save writes, what a
// revision stores as its snapshot, and what a restore puts back, so the three cannot drift apart.
import type { BodyDoc } from "../body/schema";
import type { ArticleStatus } from "../db/schema";
import { canonicalJson } from "../lib/canonical-json";

export type RelatedContent =
  | { article_id: string }
  | { url: string; title: string; summary: string | null; source: string | null };

export interface ArticleContent {
  slug: string;
  headline: string;
  dek: string | null;
  summary: string | null;
  body: BodyDoc;
  section_id: string | null;
  bylines: { contributor_id: string; role: string | null }[];
  tag_ids: string[];
  related: RelatedContent[];
  featured_image: { media_id: string; alt: string; caption: string | null; credit: string | null } | null;
  audio: { url: string; disclosure: string | null } | null;
  canonical_url: string | null;
  language: string;
  seo_title: string | null;
  seo_description: string | null;
  comments_enabled: boolean;
}

export interface PublicationState {
  status: ArticleStatus;
  scheduled_at: string | null;
  published_at: string | null;
  first_published_at: string | null;
}

export interface Snapshot {
  content: ArticleContent;
  state: PublicationState;
}

export const CONTENT_KEYS = [
  "slug",
  "headline",
  "dek",
  "summary",
  "body",
  "section_id",
  "bylines",
  "tag_ids",
  "related",
  "featured_image",
  "audio",
  "canonical_url",
  "language",
  "seo_title",
  "seo_description",
  "comments_enabled",
] as const satisfies readonly (keyof ArticleContent)[];

// Canonical JSON (sorted keys) so equal content compares equal whatever order keys arrived in;
// shared with the admin, which must call the same things "unchanged".
export { canonicalJson };

// Reported under the names clients send (`section`, `tags`), not the id-based internal ones.
const INPUT_NAME: Partial<Record<(typeof CONTENT_KEYS)[number], string>> = { section_id: "section", tag_ids: "tags" };

/** The top-level fields that differ, as input field names: shown to an editor whose save lost a race. */
export function changedFields(before: Snapshot, after: Snapshot): string[] {
  const out: string[] = [];
  for (const key of CONTENT_KEYS) {
    if (canonicalJson(before.content[key]) !== canonicalJson(after.content[key])) out.push(INPUT_NAME[key] ?? key);
  }
  for (const key of ["status", "scheduled_at", "published_at"] as const) {
    if (before.state[key] !== after.state[key]) out.push(key);
  }
  return out;
}

export const sameContent = (a: ArticleContent, b: ArticleContent) => canonicalJson(a) === canonicalJson(b);
