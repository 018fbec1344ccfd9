// The editor's working copy of an article, in the API's input shape plus what the form displays
// (contributor names, related headlines). Saves send only the fields that differ from the version
// the editor started from, so a conflict can keep "mine" for exactly what this editor changed.
import type { ArticleView, ContributorKind, Status } from "../api/model";
import { same } from "../lib/same";
import { normalizeBody, type BodyDoc } from "./body-json";

export interface BylineItem {
  contributor: string;
  name: string;
  kind: ContributorKind;
  role: string;
}
export type RelatedItem =
  | { article_id: string; headline: string; status?: Status | undefined }
  | { url: string; title: string; summary: string; source: string };
export interface FeaturedImage {
  media_id: string;
  alt: string;
  caption: string;
  credit: string;
}

export interface ArticleForm {
  headline: string;
  dek: string;
  summary: string;
  slug: string;
  section: string;
  body: BodyDoc;
  bylines: BylineItem[];
  tags: string[];
  related: RelatedItem[];
  featured_image: FeaturedImage | null;
  audio: { url: string; disclosure: string };
  canonical_url: string;
  language: string;
  seo_title: string;
  seo_description: string;
  comments_enabled: boolean;
}
export type FieldKey = keyof ArticleForm;

export const FIELD_KEYS: FieldKey[] = [
  "headline", "dek", "summary", "slug", "section", "body", "bylines", "tags", "related",
  "featured_image", "audio", "canonical_url", "language", "seo_title", "seo_description", "comments_enabled",
];

export const FIELD_LABELS: Record<string, string> = {
  headline: "Headline", dek: "Dek", summary: "Summary", slug: "Slug", section: "Section", section_id: "Section",
  body: "Body", bylines: "Bylines", tags: "Tags", tag_ids: "Tags", related: "Related stories",
  featured_image: "Featured image", audio: "Audio", canonical_url: "Canonical URL", language: "Language",
  seo_title: "SEO title", seo_description: "SEO description", comments_enabled: "Comments",
  status: "Status", scheduled_at: "Schedule", published_at: "Publication date",
};

/** The server's snapshot names (`section_id`, `tag_ids`) → our form fields. */
export const toFieldKey = (serverField: string): FieldKey | null =>
  serverField === "section_id" ? "section" : serverField === "tag_ids" ? "tags" : (FIELD_KEYS as string[]).includes(serverField) ? (serverField as FieldKey) : null;

export const emptyForm = (): ArticleForm => ({
  headline: "", dek: "", summary: "", slug: "", section: "", body: { type: "doc", content: [] },
  bylines: [], tags: [], related: [], featured_image: null, audio: { url: "", disclosure: "" },
  canonical_url: "", language: "en", seo_title: "", seo_description: "", comments_enabled: true,
});

export function fromView(a: ArticleView): ArticleForm {
  return {
    headline: a.headline,
    dek: a.dek ?? "",
    summary: a.summary ?? "",
    slug: a.slug,
    section: a.section?.slug ?? "",
    body: normalizeBody(a.body),
    bylines: a.bylines.map((b) => ({ contributor: b.contributor.slug, name: b.contributor.name, kind: b.contributor.kind, role: b.role ?? "" })),
    tags: a.tags.map((t) => t.name),
    related: a.related.map((r) =>
      r.type === "external"
        ? { url: r.url ?? "", title: r.title ?? "", summary: r.summary ?? "", source: r.source ?? "" }
        : "missing" in r
          ? { article_id: r.article_id, headline: `Missing article ${r.article_id}` }
          : { article_id: r.article_id, headline: r.headline, status: r.status },
    ),
    featured_image: a.featured_image
      ? { media_id: a.featured_image.media_id, alt: a.featured_image.alt, caption: a.featured_image.caption ?? "", credit: a.featured_image.credit ?? "" }
      : null,
    audio: { url: a.audio?.url ?? "", disclosure: a.audio?.disclosure ?? "" },
    canonical_url: a.canonical_url ?? "",
    language: a.language,
    seo_title: a.seo_title ?? "",
    seo_description: a.seo_description ?? "",
    comments_enabled: a.comments_enabled,
  };
}

const orNull = (s: string) => (s.trim() === "" ? null : s.trim());

/** One field as the API takes it. */
export function inputValue(f: ArticleForm, key: FieldKey): unknown {
  switch (key) {
    case "headline":
      return f.headline.trim();
    case "slug":
      return f.slug.trim() || undefined;
    case "section":
      return f.section || null;
    case "language":
      return f.language.trim() || "en";
    case "body":
      return normalizeBody(f.body);
    case "bylines":
      return f.bylines.map((b) => ({ contributor: b.contributor, role: orNull(b.role) }));
    case "tags":
      return f.tags;
    case "related":
      return f.related.map((r) =>
        "article_id" in r ? { article_id: r.article_id } : { url: r.url.trim(), title: r.title.trim(), summary: orNull(r.summary), source: orNull(r.source) },
      );
    case "featured_image": {
      const i = f.featured_image;
      return i ? { media_id: i.media_id, alt: i.alt.trim(), caption: orNull(i.caption), credit: orNull(i.credit) } : null;
    }
    case "audio":
      return f.audio.url.trim() ? { url: f.audio.url.trim(), disclosure: orNull(f.audio.disclosure) } : null;
    case "comments_enabled":
      return f.comments_enabled;
    default:
      return orNull(f[key] as string);
  }
}

export function toInput(f: ArticleForm, keys: readonly FieldKey[] = FIELD_KEYS): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    const v = inputValue(f, k);
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** Fields whose API value differs between two working copies. */
export const changedKeys = (a: ArticleForm, b: ArticleForm): FieldKey[] => FIELD_KEYS.filter((k) => !same(inputValue(a, k), inputValue(b, k)));

/** A field's value in a sentence, for the conflict dialog. */
export function describeValue(f: ArticleForm, key: FieldKey): string {
  switch (key) {
    case "body":
      return bodyText(f.body).slice(0, 400) || "(empty)";
    case "bylines":
      return f.bylines.map((b) => b.name + (b.role ? ` (${b.role})` : "")).join(", ") || "(none)";
    case "tags":
      return f.tags.join(", ") || "(none)";
    case "related":
      return f.related.map((r) => ("article_id" in r ? r.headline : r.title)).join("; ") || "(none)";
    case "featured_image":
      return f.featured_image ? `${f.featured_image.alt || "(no alt)"} — ${f.featured_image.caption}` : "(none)";
    case "audio":
      return f.audio.url || "(none)";
    case "comments_enabled":
      return f.comments_enabled ? "on" : "off";
    default:
      return String(f[key] || "(empty)");
  }
}

function bodyText(doc: BodyDoc): string {
  const out: string[] = [];
  const walk = (nodes: BodyDoc["content"]) => {
    for (const n of nodes) {
      if (n.text) out.push(n.text);
      if (n.content) walk(n.content);
      if (n.type === "paragraph" || n.type === "heading") out.push(" ");
    }
  };
  walk(doc.content);
  return out.join("").replace(/\s+/g, " ").trim();
}
