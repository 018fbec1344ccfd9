// The `share` object of the content API's article (and of previews): Open Graph, X card fields and
// the ready-to-render <meta> list that src/seo/share.ts derives. A schema like the other views in
// ./views.ts, kept apart for size: the content document describes the answer from it.
import * as v from "valibot";
import { link, pixels, text } from "./view-fields";

const rfc3339 = (description: string) => text(`${description} RFC 3339, UTC, whole seconds (as \`json_ld\`).`);
const MetaTagView = v.union([
  v.object({ property: text("An Open Graph (`og:`, `article:`) property."), content: v.string() }),
  v.object({ name: text("An X card (`twitter:`) name, or `robots` in a preview."), content: v.string() }),
]);
const OpenGraphEntries = {
  type: v.literal("article"),
  title: v.string(),
  description: v.string(),
  url: v.string(),
  site_name: text("The site settings' title."),
  locale: v.nullable(text("`ll_TT` (`en_GB`, `uk_UA`) from the story's language: its own region, else the site language's when it is the same language, else the language's likely region; null when none can be told.")),
  image: v.nullable(
    v.object({
      url: link("The featured image, served by this server."),
      width: pixels,
      height: pixels,
      alt: v.nullable(text("The image's alt text for this story; null for a decorative image (empty alt).")),
      type: text("Its MIME type."),
    }),
  ),
  published_time: rfc3339("`article:published_time`:"),
  modified_time: rfc3339("`article:modified_time`: never before `published_time`;"),
  authors: v.pipe(v.array(v.string()), v.description("`article:author`: each byline's page on the site, in byline order (desks too).")),
  author_names: v.pipe(v.array(v.string()), v.description("The same bylines' names, in the same order.")),
  section: v.nullable(text("`article:section`: the section's name.")),
  tags: v.pipe(v.array(v.string()), v.description("`article:tag`: the public tags' names, in order.")),
};
const ShareEntries = {
  title: text("The SEO title, else the headline; never cut."),
  description: text("The SEO description, else the summary, else the dek, else an excerpt of the body; at most 200 characters, cut between words with \"…\"."),
  url: text("The canonical URL, else the story's page."),
  open_graph: v.object(OpenGraphEntries),
  twitter: v.object({
    card: v.pipe(v.picklist(["summary_large_image", "summary"]), v.description("The large card when the image is a JPEG, PNG, WebP or GIF of at least 300×157; else `summary`.")),
    title: v.string(),
    description: v.string(),
    image: v.nullable(v.object({ url: v.string(), alt: v.nullable(text("At most 420 characters (X's limit).")) })),
  }),
  meta: v.pipe(
    v.array(MetaTagView),
    v.description("The same as `<meta>` tags in the order a head wants them (`og:image` before its `:type`/`:width`/`:height`/`:alt`, one `article:author` and `article:tag` per value); empty values left out. Plain text: escape each value once as an attribute."),
  ),
};
/** Open Graph and X card fields, derived by src/seo/share.ts. */
export const ShareView = v.pipe(
  v.object({
    ...ShareEntries,
    oembed: v.pipe(
      v.object({ json: link("`/oembed` asked about this story, as JSON."), xml: link("The same, as XML.") }),
      v.description("oEmbed discovery: `<link rel=\"alternate\" type=\"application/json+oembed\" href=…>` (and `text/xml+oembed`)."),
    ),
  }),
  v.description("Share metadata: Open Graph (with `article:` properties) and X card fields from the story and its SEO fields, and the same as ready-to-render `<meta>` tags."),
);
/** A preview's share metadata: maybe never published, robots `noindex` first in `meta`, no oEmbed. */
export const PreviewShareView = v.pipe(
  v.object({
    ...ShareEntries,
    open_graph: v.object({ ...OpenGraphEntries, published_time: v.nullable(rfc3339("`article:published_time`; null for a story never published:")) }),
    oembed: v.pipe(v.null(), v.description("Always null: oEmbed knows published stories only.")),
  }),
  v.description("As the story's `share`, for the version the preview shows; `meta` starts with `robots` `noindex, nofollow`: a preview page must not be indexed."),
);

