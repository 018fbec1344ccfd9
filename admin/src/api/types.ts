// The shapes the editorial API answers with (see README "An article"); only what the admin reads.
import type { BodyDoc } from "../editor/body-json";

export type Role = "admin" | "editor" | "author" | "contributor";
export type Status = "draft" | "scheduled" | "published" | "archived";
export type ContributorKind = "person" | "organization";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface ContributorRef {
  id: string;
  slug: string;
  name: string;
  kind: ContributorKind;
  job_title: string | null;
}

export interface Contributor extends ContributorRef {
  bio: string | null;
  avatar: { media_id: string; url: string } | null;
  links: { label: string; url: string }[];
  user_id: string | null;
  article_count?: number;
}

export interface Tag {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  article_count?: number;
}

export interface Section {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  position: number;
  article_count?: number;
}

export interface Media {
  id: string;
  url: string;
  mime_type: string;
  width: number | null;
  height: number | null;
  alt: string;
  caption: string | null;
  credit: string | null;
  // The library's fields (GET /media and /media/{id}); absent from older answers.
  size?: number;
  filename?: string | null;
  created_at?: string;
  usage_count?: number;
  used_by?: { id: string; headline: string; status: Status; url: string }[];
}

export type RelatedView =
  | { type: "article"; article_id: string; headline?: string; summary?: string | null; url?: string; status?: Status; missing?: true }
  | { type: "external"; url: string; title: string; summary: string | null; source: string | null };

export interface ArticleView {
  id: string;
  slug: string;
  url: string;
  headline: string;
  dek: string | null;
  summary: string | null;
  body: BodyDoc;
  body_html: string;
  reading_time: number;
  section: { id: string; slug: string; name: string } | null;
  bylines: { role: string | null; contributor: ContributorRef }[];
  tags: { id: string; slug: string; name: string }[];
  related: RelatedView[];
  featured_image: { media_id: string; url: string; width: number | null; height: number | null; alt: string; caption: string | null; credit: string | null } | null;
  audio: { url: string; disclosure: string | null } | null;
  canonical_url: string | null;
  language: string;
  seo_title: string | null;
  seo_description: string | null;
  comments_enabled: boolean;
  status: Status;
  scheduled_at: string | null;
  published_at: string | null;
  first_published_at: string | null;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  updated_by: string | null;
  version: number;
  // Issue 10: who saved last, what this caller may do, a contributor's hand-over, pending changes.
  updated_by_name?: string | null;
  allowed_actions?: ArticleAction[];
  submitted_for_editing?: { by: { id: string; name: string } | null; at: string } | null;
  working_copy?: WorkingCopySummary | null;
}

export type ArticleAction = "update" | "publish" | "schedule" | "unpublish" | "archive" | "delete" | "restore" | "submit";

/** The pending changes to a published article (the API's `working_copy`); its ETag is "<base>.<seq>". */
export interface WorkingCopySummary {
  etag: string;
  version: number;
  base_version: number;
  updated_at: string;
  updated_by: { id: string; name: string } | null;
  restored_from: number | null;
  /** A scheduled "update live story", and why one did not go out. */
  publish_at?: string | null;
  publish_note?: string | null;
}

export interface WorkingCopy extends WorkingCopySummary {
  /** The article as it will read once published: content from the copy, state from the live story. */
  article: ArticleView;
}

/** GET /articles/{id}/version: what an open editor polls. */
export interface VersionSummary {
  version: number;
  updated_at: string;
  updated_by: { id: string; name: string } | null;
  status: Status;
  working_copy: WorkingCopySummary | null;
}

export interface ArticleListItem {
  id: string;
  slug: string;
  headline: string;
  summary: string | null;
  status: Status;
  section: { slug: string; name: string | null } | null;
  bylines: { slug: string; name: string; kind: ContributorKind; role: string | null }[];
  tags: { slug: string; name: string }[];
  scheduled_at: string | null;
  published_at: string | null;
  updated_at: string;
  version: number;
}

export interface Revision {
  id: string;
  version: number;
  action: string;
  created_by: string | null;
  created_at: string;
  // Absent from servers older than issue 10.
  author?: { id: string; name: string } | null;
  restored_from?: number | null;
}

/** A revision's stored snapshot; the admin reads its publication state (content comes as `article`). */
export interface RevisionSnapshot {
  state: { status: Status; scheduled_at: string | null; published_at: string | null; first_published_at: string | null };
}

export interface RevisionDetail extends Revision {
  snapshot: RevisionSnapshot;
  /** The same version as an article view (names of its section, people and tags as they are now). */
  article: ArticleView;
}

export interface Collection {
  id: string;
  slug: string;
  name: string;
  description: string | null;
  article_count?: number;
  articles?: { id: string; slug: string; headline: string; status: Status }[];
}

export interface User extends SessionUser {
  created_at: string;
  updated_at: string;
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  expires_at: string | null;
  secret?: string;
}
