// What an editor's program sends. Taxonomy is referenced by slug (tags by name, created on first
// use); articles by id, because ids never change when a headline or slug is edited.
import * as v from "valibot";
import { ARTICLE_KINDS } from "../../db/schema-live";
import { Slug } from "../../lib/schemas";
import { Instant } from "../../lib/time";
import { HttpUrl, LanguageTag } from "../shared";

/** Versions count saves; anything past this was never issued (and stays an exact SQLite integer). */
export const MAX_VERSION = 2_147_483_647;

const str = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const nonEmpty = (max: number, what: string) => v.pipe(v.string(), v.trim(), v.minLength(1, `${what} is required.`), v.maxLength(max));
const nullableText = (max: number) => v.nullish(str(max));
const httpUrl = v.pipe(v.string(), v.trim(), HttpUrl);
export { Slug };
export { Instant };

const BylineInput = v.object({
  contributor: Slug,
  role: nullableText(80),
});

const RelatedInput = v.union(
  [
    v.object({ article_id: nonEmpty(64, "article_id") }),
    v.object({
      url: httpUrl,
      title: nonEmpty(300, "Title"),
      summary: nullableText(1000),
      source: nullableText(200),
    }),
  ],
  "Give either article_id, or url with title.",
);

const FeaturedImageInput = v.object({
  media_id: nonEmpty(64, "media_id"),
  // Omitted text is copied from the media library; an explicit value is this article's own.
  alt: v.optional(str(1000)),
  caption: nullableText(2000),
  credit: nullableText(500),
});

const AudioInput = v.object({ url: httpUrl, disclosure: nullableText(500) });

/** Every field of an article that a save may set; all optional so PATCH can send any subset. */
export const ArticleFieldsSchema = v.object({
  slug: v.optional(Slug),
  headline: v.optional(nonEmpty(300, "Headline")),
  dek: nullableText(500),
  summary: nullableText(1000),
  // Checked by parseBody (src/body/schema.ts) when the content is resolved, limits before shape, so
  // a hostile depth never reaches valibot's recursion; the document names the shape it checks.
  body: v.optional(
    v.pipe(v.unknown(), v.metadata({ $ref: "#/components/schemas/BodyDoc" }), v.description("The body document (see Body format); unknown node types are refused.")),
  ),
  section: v.nullish(Slug),
  tags: v.optional(v.pipe(v.array(nonEmpty(100, "Tag name")), v.maxLength(20, "At most 20 tags."))),
  bylines: v.optional(v.pipe(v.array(BylineInput), v.maxLength(20, "At most 20 bylines."))),
  related: v.optional(v.pipe(v.array(RelatedInput), v.maxLength(20, "At most 20 related links."))),
  featured_image: v.nullish(FeaturedImageInput),
  audio: v.nullish(AudioInput),
  canonical_url: v.nullish(httpUrl),
  language: v.optional(LanguageTag),
  seo_title: nullableText(300),
  seo_description: nullableText(1000),
  comments_enabled: v.optional(v.boolean()),
  /** Alternative to If-Match for clients that cannot set headers. */
  version: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_VERSION))),
});
export type ArticleFieldsInput = v.InferOutput<typeof ArticleFieldsSchema>;

/** `minor`: a typo or formatting fix of a live story, which readers are not told of as an update. */
const Minor = v.optional(
  v.pipe(
    v.boolean(),
    v.description("A published story's minor change (typo, formatting): the text changes, but `last_major_update_at` — JSON-LD `dateModified`, feed updated times — does not. Ignored unless the story is published."),
  ),
);

/** PATCH: the article's fields, and whether the change is minor. */
export const UpdateArticleSchema = v.object({ ...ArticleFieldsSchema.entries, minor: Minor });

/** "Update the live story" from its working copy: whether the change is minor (the body may be left out). */
export const PublishCopySchema = v.object({ minor: Minor });

/** A working copy's save: any article field, plus the live version a merge now starts from. */
export const WorkingCopyFieldsSchema = v.object({
  ...v.omit(ArticleFieldsSchema, ["version"]).entries,
  base_version: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_VERSION))),
});

export const CreateArticleSchema = v.object({
  ...ArticleFieldsSchema.entries,
  headline: nonEmpty(300, "Headline"),
  kind: v.optional(v.pipe(v.picklist(ARTICLE_KINDS), v.description("`live` creates a live blog (editors: the `articles.live` right); `article` (default) an ordinary story."))),
});

/** Schedules the working copy's "update live story" (null cancels). */
export const ScheduleCopySchema = v.object({ at: v.nullable(Instant) });

export const PublishSchema = v.object({ published_at: v.optional(Instant) });
export const ScheduleSchema = v.object({ at: Instant });
