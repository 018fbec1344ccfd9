// What the editor tells about each field, without Preact: the API's 400 `errors[].path` sorted to
// the field it names, the length limits the server enforces (shown as counters, never by cutting
// text), the body's word count, and what the caller may do to this article (`allowed_actions`).
import { allowed } from "@shared/auth/permission-table";
import type { Role } from "@shared/auth/roles";
import { ApiError } from "../api/client";
import type { ArticleAction, ArticleView } from "../api/model";
import { bodyToPlainText, countWords, WORDS_PER_MINUTE } from "../../../src/body/plain-text";
import { FIELD_LABELS, toFieldKey, type ArticleForm, type FieldKey } from "./article-form";
import type { BodyDoc } from "./body-json";

/** src/editorial/articles/input-schema.ts: the server trims, then refuses anything longer. */
export const LIMITS = { headline: 300, dek: 500, summary: 1000, slug: 120, seo_title: 300, seo_description: 1000 } as const;
export type LimitedField = keyof typeof LIMITS;
export const LIMITED_FIELDS = Object.keys(LIMITS) as LimitedField[];

/** The length the server checks (after its trim), in UTF-16 units as valibot's maxLength counts. */
export const measured = (text: string) => text.trim().length;

/** A counter speaks up only once it matters: from 90% of the limit. */
export const nearLimit = (length: number, max: number) => length >= Math.floor(max * 0.9);

export interface OverLimit {
  field: LimitedField;
  length: number;
  max: number;
}

export function overLimits(form: ArticleForm): OverLimit[] {
  return LIMITED_FIELDS.map((field) => ({ field, length: measured(form[field]), max: LIMITS[field] })).filter((o) => o.length > o.max);
}

export const overLimitMessage = (o: OverLimit) =>
  `${FIELD_LABELS[o.field] ?? o.field} is ${o.length - o.max} character${o.length - o.max === 1 ? "" : "s"} over its limit of ${o.max}; shorten it to save.`;

export interface FieldIssue {
  path: string;
  message: string;
  /** The form field the path starts with; null when it names none (shown in the summary only). */
  field: FieldKey | null;
}

/** A refused save's field issues (400 validation_failed), each sorted to its field. */
export function fieldIssues(err: unknown): FieldIssue[] {
  if (!(err instanceof ApiError) || err.status !== 400) return [];
  return (err.problem.errors ?? []).map((e) => ({ path: e.path, message: e.message, field: toFieldKey(e.path.split(".")[0] ?? "") }));
}

/** "bylines.1.contributor" → "Byline 2"; "body.content.3.attrs.media_id" → "Block 4". */
export function issueWhere(path: string): string {
  const parts = path.split(".");
  const n = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) + 1 : null);
  if (parts[0] === "body" && parts[1] === "content" && n(parts[2])) return `Block ${n(parts[2])}`;
  if (parts[0] === "bylines" && n(parts[1])) return `Byline ${n(parts[1])}`;
  if (parts[0] === "tags" && n(parts[1])) return `Tag ${n(parts[1])}`;
  if (parts[0] === "related" && n(parts[1])) return `Related story ${n(parts[1])}`;
  return "";
}

/** The id of the element a summary link focuses and a message describes. */
export const FIELD_DOM_IDS: Record<FieldKey, string> = {
  headline: "headline",
  dek: "dek",
  summary: "summary",
  slug: "slug",
  section: "section",
  body: "body-group",
  bylines: "bylines-field",
  tags: "tags-field",
  related: "related-field",
  featured_image: "featured-image-group",
  audio: "audio-url",
  canonical_url: "canonical-url",
  language: "language",
  seo_title: "seo-title",
  seo_description: "seo-description",
  comments_enabled: "comments-enabled",
};
export const errorIdFor = (field: FieldKey) => `${FIELD_DOM_IDS[field]}-error`;

export interface BodyCounts {
  words: number;
  characters: number;
  minutes: number;
}

/** Counted exactly as the server counts for `reading_time` (src/body/plain-text.ts). */
export function bodyCounts(doc: BodyDoc): BodyCounts {
  const text = bodyToPlainText(doc as unknown as Parameters<typeof bodyToPlainText>[0]);
  const words = countWords(text);
  // Code points, so an emoji is one character; the blank lines between blocks are not counted.
  const characters = [...text.replace(/\n+/g, " ")].length;
  return { words, characters, minutes: Math.max(1, Math.ceil(words / WORDS_PER_MINUTE)) };
}

/** The verbs the server may offer (the Article schema's allowed_actions), not a copy of them. */
export type Verb = ArticleAction;

/** The fields added to the article view by issue 10; read defensively (an older answer lacks them). */
export interface RoleFields {
  allowed_actions?: string[];
  updated_by_name?: string | null;
  submitted_for_editing?: { by: { id: string; name: string } | null; at: string } | null;
}
export const roleFields = (view: ArticleView | null): RoleFields => (view ?? {}) as RoleFields;

/** May the caller do this now? Without a view (a new article) nothing but writing is possible. */
export function allows(view: ArticleView | null, verb: Verb): boolean {
  if (!view) return verb === "update";
  const acts = roleFields(view).allowed_actions;
  // A server from before allowed_actions: editing stays open (it still refuses what it must).
  if (!acts) return verb === "update";
  return acts.includes(verb);
}

/** Why the editor is read-only, in plain words; null when the caller may edit. */
export function readOnlyReason(view: ArticleView | null, role: Role): string | null {
  if (allows(view, "update") || !view) return null;
  if (view.status === "archived") return "Archived: only editors can change it.";
  const wasPublished = view.status !== "draft" || view.first_published_at !== null;
  if (view.status === "published") return "This story is published; only an editor or a bylined author can change it.";
  if (view.status === "scheduled") return "This story is scheduled; only an editor or a bylined author can change it.";
  if (wasPublished) return "This story has been published before; only an editor or a bylined author can change it.";
  // Who may not publish at all (a contributor) changes only their own drafts, by the server's table.
  return !allowed(role, "articles.publish")
    ? "This draft is a colleague's; a contributor changes only their own drafts."
    : "This draft is a colleague's; only its creator, its bylined authors or an editor can change it.";
}
