// What the Ghost-compatible Content API answers, as Ghost 5 shapes it: each resource is a valibot
// schema typing its mapper (so the content document, src/public/openapi.ts, describes exactly what
// is sent) and an allow-list mapper. Fields Ghost has and Copydesk does not (og_*, twitter_*, code
// injection) are null, never left out: Ghost themes and front-ends read them without checking.
import * as v from "valibot";
import type { GhostListedArticle, PublicByline } from "../public/load";
import type { SiteUrls } from "../lib/urls";
import { captionHtml } from "./caption";
import { bodyWithAmendmentsHtml } from "../amendments/doc";
import { publicChangedAt } from "../amendments/domain";
import { GHOST_EXCERPT_UNITS } from "../articles/search-index";

const str = v.string();
const nstr = v.nullable(v.string());
const time = (what: string) => v.pipe(v.string(), v.description(`${what}: Ghost's form, ISO 8601 with an offset ("2024-12-01T12:46:09.000+00:00").`));

// Ghost's social-card fields (Open Graph and X/Twitter overrides): Copydesk keeps none, so they are
// always null; one list for every resource that carries them (tags, posts, settings).
const SOCIAL_CARD = ["og_image", "og_title", "og_description", "twitter_image", "twitter_title", "twitter_description"] as const;
type SocialCard = { [K in (typeof SOCIAL_CARD)[number]]: null };
export const NO_SOCIAL_CARD = Object.fromEntries(SOCIAL_CARD.map((k) => [k, null])) as SocialCard;
/** As nullable strings (Ghost's type for them), where a shape is shared with Ghost's own. */
export const SocialCardFields = Object.fromEntries(SOCIAL_CARD.map((k) => [k, nstr])) as { [K in (typeof SOCIAL_CARD)[number]]: typeof nstr };
/** As null, where the schema says what we send. */
const NoSocialCardFields = Object.fromEntries(SOCIAL_CARD.map((k) => [k, v.null()])) as { [K in (typeof SOCIAL_CARD)[number]]: v.NullSchema<undefined> };

// --- authors and tags -------------------------------------------------------------------------

const Count = v.optional(v.pipe(v.object({ posts: v.pipe(v.number(), v.integer()) }), v.description("With `include=count.posts`: published posts.")));

export const GhostAuthorView = v.object({
  id: str,
  name: str,
  slug: str,
  profile_image: v.pipe(nstr, v.description("The contributor's picture.")),
  cover_image: nstr,
  bio: nstr,
  website: nstr,
  location: nstr,
  facebook: nstr,
  twitter: nstr,
  meta_title: nstr,
  meta_description: nstr,
  url: v.pipe(str, v.description("The contributor's page on the site.")),
  count: Count,
});
export type GhostAuthor = v.InferOutput<typeof GhostAuthorView>;

export const GhostTagView = v.object({
  id: str,
  name: str,
  slug: str,
  description: nstr,
  feature_image: nstr,
  visibility: v.pipe(v.literal("public"), v.description("Internal tags (Ghost's `#tags`) are never shown here.")),
  ...SocialCardFields,
  meta_title: nstr,
  meta_description: nstr,
  codeinjection_head: nstr,
  codeinjection_foot: nstr,
  canonical_url: nstr,
  accent_color: nstr,
  url: v.pipe(str, v.description("The tag's page on the site.")),
  count: Count,
});
export type GhostTag = v.InferOutput<typeof GhostTagView>;

export interface AuthorSource {
  id: string;
  slug: string;
  name: string;
  bio: string | null;
  avatarUrl: string | null;
  links: { label: string; url: string }[];
  posts?: number | undefined;
}

const linkOn = (links: AuthorSource["links"], hosts: RegExp) => links.find((l) => hosts.test(hostOf(l.url)));
const hostOf = (url: string) => {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return "";
  }
};
const handle = (url: string) => new URL(url).pathname.split("/").filter(Boolean)[0] ?? null;

/** Ghost keeps `twitter` as "@handle" and `facebook` as the page name; a contributor's links say the same. */
export function toGhostAuthor(a: AuthorSource, urls: SiteUrls): GhostAuthor {
  const twitter = linkOn(a.links, /^(twitter\.com|x\.com)$/);
  const facebook = linkOn(a.links, /^facebook\.com$/);
  const website = a.links.find((l) => l !== twitter && l !== facebook);
  const tw = twitter ? handle(twitter.url) : null;
  return {
    id: a.id,
    name: a.name,
    slug: a.slug,
    profile_image: a.avatarUrl,
    cover_image: null,
    bio: a.bio,
    website: website?.url ?? null,
    location: null,
    facebook: facebook ? handle(facebook.url) : null,
    twitter: tw ? `@${tw}` : null,
    meta_title: null,
    meta_description: null,
    url: urls.contributor(a.slug),
    ...(a.posts !== undefined && { count: { posts: a.posts } }),
  };
}

export function toGhostTag(t: { id: string; slug: string; name: string; description: string | null; posts?: number | undefined }, urls: SiteUrls): GhostTag {
  return {
    id: t.id,
    name: t.name,
    slug: t.slug,
    description: t.description,
    feature_image: null,
    visibility: "public",
    ...NO_SOCIAL_CARD,
    meta_title: null,
    meta_description: null,
    codeinjection_head: null,
    codeinjection_foot: null,
    canonical_url: null,
    accent_color: null,
    url: urls.tag(t.slug),
    ...(t.posts !== undefined && { count: { posts: t.posts } }),
  };
}

// --- posts ------------------------------------------------------------------------------------

export const GhostPostView = v.object({
  id: str,
  uuid: v.pipe(str, v.description("Ghost's uuid for an imported post; for others a stable UUID derived from the id.")),
  title: str,
  slug: str,
  html: v.optional(v.pipe(str, v.description("The body rendered by our own renderer (with `formats` unset or naming html)."))),
  plaintext: v.optional(v.pipe(str, v.description("With `formats=plaintext`."))),
  comment_id: v.pipe(str, v.description("Ghost's post id for an imported post (comment threads keep working), else the id.")),
  feature_image: v.pipe(nstr, v.description("An image left at its original address is given as that address.")),
  feature_image_alt: nstr,
  feature_image_caption: v.pipe(nstr, v.description("The caption and the credit, as HTML.")),
  featured: v.pipe(v.boolean(), v.description("In the `featured` collection.")),
  visibility: v.literal("public"),
  created_at: time("Created"),
  updated_at: time("Last changed"),
  published_at: time("Published"),
  custom_excerpt: nstr,
  codeinjection_head: v.null(),
  codeinjection_foot: v.null(),
  custom_template: v.null(),
  canonical_url: nstr,
  url: v.pipe(str, v.description("The story's page on the site.")),
  excerpt: v.pipe(str, v.description("custom_excerpt, else the first 500 characters of the text.")),
  reading_time: v.pipe(v.number(), v.integer()),
  access: v.literal(true),
  comments: v.boolean(),
  ...NoSocialCardFields,
  meta_title: nstr,
  meta_description: nstr,
  email_subject: v.null(),
  frontmatter: v.null(),
  primary_author: v.nullable(GhostAuthorView),
  primary_tag: v.pipe(v.nullable(GhostTagView), v.description("The first tag, unless it is internal.")),
  authors: v.optional(v.pipe(v.array(GhostAuthorView), v.description("With `include=authors`, in byline order."))),
  tags: v.optional(v.pipe(v.array(GhostTagView), v.description("With `include=tags`, in order; internal tags left out."))),
});
export type GhostPost = v.InferOutput<typeof GhostPostView>;

export interface PostExtras {
  uuid: string;
  ghostId: string | null;
  featured: boolean;
  imageSourceUrl: string | null;
  /** All the post's tags in order, internal ones too: [id, visibility]. */
  tagVisibility: [string, string][];
  authors: Map<string, AuthorSource>;
}

/** Ghost's form of an instant: the offset spelled out, never "Z". */
export const ghostTime = (iso: string) => new Date(iso).toISOString().replace("Z", "+00:00");

export function toGhostPost(a: GhostListedArticle, x: PostExtras, opts: { html: boolean; plaintext: boolean; authors: boolean; tags: boolean }, urls: SiteUrls): GhostPost {
  const r = a.row;
  const author = (b: PublicByline): GhostAuthor =>
    toGhostAuthor(x.authors.get(b.id) ?? { id: b.id, slug: b.slug, name: b.name, bio: null, avatarUrl: b.avatar_media_id ? urls.media(b.avatar_media_id) : null, links: [] }, urls);
  const internal = new Set(x.tagVisibility.filter(([, vis]) => vis !== "public").map(([id]) => id));
  const tags = (a.tags as { id: string; slug: string; name: string }[]).filter((t) => !internal.has(t.id));
  // Ghost's primary tag is the first tag; when that one is internal there is none to show.
  const [firstId, firstVisibility] = x.tagVisibility[0] ?? [];
  const primaryTag = firstVisibility === "public" ? (tags.find((t) => t.id === firstId) ?? null) : null;
  const tag = (t: { id: string; slug: string; name: string }) => toGhostTag({ ...t, description: null }, urls);
  return {
    id: r.id,
    uuid: x.uuid,
    title: r.headline,
    slug: r.slug,
    // As our own body_html: a theme shows the corrections where the story ends.
    ...(opts.html && { html: bodyWithAmendmentsHtml(a.bodyHtml, a.amendments) }),
    ...(opts.plaintext && { plaintext: r.plainText ?? "" }),
    comment_id: x.ghostId ?? r.id,
    feature_image: a.image ? (x.imageSourceUrl ?? urls.media(a.image.id)) : null,
    // As stored: an empty alt (a decorative image) stays "", as Ghost keeps it.
    feature_image_alt: a.image ? (r.featuredAlt ?? a.image.alt) : null,
    feature_image_caption: a.image ? captionHtml(r.featuredCaption, r.featuredCredit) : null,
    featured: x.featured,
    visibility: "public",
    created_at: ghostTime(r.createdAt),
    // Ghost moves it on every edit; an amendment is one.
    updated_at: ghostTime(publicChangedAt(r)),
    // Only published stories are loaded here, and a published story has a date.
    published_at: ghostTime(r.publishedAt!),
    custom_excerpt: r.summary,
    codeinjection_head: null,
    codeinjection_foot: null,
    custom_template: null,
    canonical_url: r.canonicalUrl,
    url: a.url,
    // The opening of the text, stored for a story without a summary (src/articles/search-index.ts storedExcerpt).
    excerpt: r.summary ?? (r.excerptText ?? "").slice(0, GHOST_EXCERPT_UNITS),
    reading_time: r.readingTime,
    access: true,
    comments: r.commentsEnabled,
    ...NO_SOCIAL_CARD,
    meta_title: r.seoTitle,
    meta_description: r.seoDescription,
    email_subject: null,
    frontmatter: null,
    primary_author: a.bylines[0] ? author(a.bylines[0]) : null,
    primary_tag: primaryTag ? tag(primaryTag) : null,
    ...(opts.authors && { authors: a.bylines.map(author) }),
    ...(opts.tags && { tags: tags.map(tag) }),
  };
}
