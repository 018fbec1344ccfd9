// The schema of an article's `json_ld`: schema.org NewsArticle (LiveBlogPosting for a live blog) as src/seo/json-ld.ts builds it. Only
// a description for the content document and the type of the article view (views.ts); the object
// itself is built and escaped in src/seo.
import * as v from "valibot";
import { text } from "./view-fields";

const optional = <S extends v.GenericSchema>(schema: S) => v.optional(schema);
const JsonLdImageObject = v.object({
  "@type": v.literal("ImageObject"),
  url: v.string(),
  width: optional(v.number()),
  height: optional(v.number()),
  caption: optional(v.string()),
  creditText: optional(v.string()),
  description: optional(text("The image's alt text.")),
});
const Author = v.array(v.object({ "@type": v.picklist(["Person", "Organization"]), name: v.string(), url: optional(v.string()) }));

/** What a NewsArticle and a LiveBlogPosting share: properties with nothing to say are left out. */
const articleEntries = {
  "@context": v.literal("https://schema.org"),
  headline: v.string(),
  alternativeHeadline: optional(v.string()),
  description: optional(v.string()),
  mainEntityOfPage: v.string(),
  url: v.string(),
  datePublished: text("RFC 3339, UTC, whole seconds."),
  dateModified: text("RFC 3339, UTC, whole seconds; never before datePublished."),
  author: optional(Author),
  image: optional(v.array(JsonLdImageObject)),
  articleSection: optional(v.string()),
  keywords: optional(v.array(v.string())),
  inLanguage: v.string(),
  timeRequired: optional(text("ISO 8601 duration in whole minutes (`PT2M`).")),
  publisher: v.object({
    "@type": v.literal("Organization"),
    name: v.string(),
    url: v.string(),
    logo: optional(v.object({ "@type": v.literal("ImageObject"), url: v.string(), width: optional(v.number()), height: optional(v.number()) })),
  }),
  isAccessibleForFree: v.literal(true),
  audio: optional(v.object({ "@type": v.literal("AudioObject"), contentUrl: v.string(), description: optional(v.string()) })),
  correction: optional(
    v.pipe(
      v.array(v.object({ "@type": v.literal("CorrectionComment"), text: v.string(), datePublished: text("RFC 3339, UTC, whole seconds.") })),
      v.description("The story's public corrections (kind `correction`), oldest first; left out without any."),
    ),
  ),
};

const NewsArticle = v.object({ ...articleEntries, "@type": v.literal("NewsArticle") });

const BlogPosting = v.object({
  "@type": v.literal("BlogPosting"),
  headline: text("The entry's title, else the opening of its text."),
  articleBody: text("The entry's text, plain."),
  url: text("The blog's page at the entry's anchor (`#entry-{id}`)."),
  datePublished: text("RFC 3339, UTC, whole seconds."),
  dateModified: text("RFC 3339, UTC, whole seconds; never before datePublished."),
  author: optional(Author),
});

const LiveBlogPosting = v.object({
  ...articleEntries,
  "@type": v.literal("LiveBlogPosting"),
  coverageStartTime: text("When the coverage began (the desk's coverage start, else the first publication). RFC 3339, UTC, whole seconds."),
  coverageEndTime: optional(text("When the coverage ended; left out while it runs.")),
  liveBlogUpdate: optional(v.pipe(v.array(BlogPosting), v.description("The newest published entries (at most 20), newest first."))),
});

/** schema.org NewsArticle, or LiveBlogPosting for a live blog, as src/seo/json-ld.ts builds them. */
export const JsonLdView = v.pipe(
  v.variant("@type", [NewsArticle, LiveBlogPosting]),
  v.description("schema.org `NewsArticle` structured data (`LiveBlogPosting` for a live blog), holding the text as written. To put it in a page use `json_ld_script`, never a bare `JSON.stringify`."),
);
