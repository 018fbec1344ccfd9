// The JSON Feed 1.1 document with our `_copydesk` extension: src/feeds/render-json-feed.ts is typed
// by it (a field the renderer writes must be named here) and the content document describes
// /feed.json with it, so the reference and the feed cannot drift apart.
import * as v from "valibot";
import { AMENDMENT_KINDS } from "../db/schema-workflow";
import { JSON_FEED_VERSION } from "./render-json-feed";

const nullableString = v.nullable(v.string());

export const RelatedArticle = v.object({
  kind: v.literal("article"),
  id: v.string(),
  url: v.string(),
  headline: v.string(),
  summary: nullableString,
  byline: v.pipe(v.string(), v.description("Its bylines as one line: \"A and B\", \"A, B and C\".")),
  bylines: v.array(v.string()),
  image_url: nullableString,
});
export const RelatedExternal = v.object({ kind: v.literal("external"), url: v.string(), title: v.string(), summary: nullableString, source: nullableString });

export const CopydeskExtension = v.pipe(
  v.object({
    about: v.pipe(v.string(), v.description("Where this extension is documented.")),
    dek: v.pipe(nullableString, v.description("The line under the headline (standfirst), plain text; null when the story has none.")),
    byline: v.string(),
    bylines: v.array(v.object({ name: v.string(), kind: v.picklist(["person", "organization"]), role: nullableString, url: nullableString })),
    section: v.nullable(v.object({ name: v.string(), url: nullableString })),
    tags: v.array(v.object({ name: v.string(), slug: v.string() })),
    reading_time: v.pipe(v.number(), v.integer(), v.description("Minutes.")),
    image: v.nullable(
      v.object({ url: v.string(), width: v.nullable(v.number()), height: v.nullable(v.number()), alt: v.string(), caption: nullableString, credit: nullableString }),
    ),
    audio: v.nullable(v.object({ url: v.string(), disclosure: nullableString })),
    related: v.array(v.variant("kind", [RelatedArticle, RelatedExternal])),
  }),
  v.description("What the standard fields flatten away: the dek, byline kinds and roles, tag slugs, the image's alt, caption and credit, the audio disclosure, related stories. Every key is always present."),
);

/** The corrections feeds' extension: what the entry is and which story it amends, nothing a story has. */
export const AmendmentExtension = v.pipe(
  v.object({
    about: v.pipe(v.string(), v.description("Where this extension is documented.")),
    kind: v.pipe(v.picklist(AMENDMENT_KINDS), v.description("The amendment's kind.")),
    article: v.pipe(v.object({ id: v.string(), url: v.string() }), v.description("The story it amends: its id and URL.")),
  }),
  v.description("An amendment's extension in the corrections feed: its kind and the story it amends. Every key is always present."),
);

/** A live blog's feeds' extension: the blog an entry belongs to and what the desk marked it. */
export const LiveEntryExtension = v.pipe(
  v.object({
    about: v.pipe(v.string(), v.description("Where this extension is documented.")),
    live_blog: v.pipe(v.object({ id: v.string(), url: v.string() }), v.description("The live blog the entry belongs to: its id and page.")),
    key_event: v.pipe(v.boolean(), v.description("Marked by the desk as a key moment of the coverage.")),
    pinned: v.pipe(v.boolean(), v.description("Held at the top of the blog by the desk.")),
  }),
  v.description("A live blog entry's extension in the blog's own feeds. Every key is always present."),
);

export const JsonFeedItem = v.object({
  id: v.pipe(v.string(), v.description("`urn:copydesk:article:<id>`: never changes.")),
  url: v.string(),
  title: v.pipe(v.string(), v.description("Plain text.")),
  summary: v.pipe(v.string(), v.description("Plain text: the summary, else an excerpt of the body, else the headline.")),
  content_html: v.string(),
  date_published: v.pipe(v.string(), v.description("RFC 3339 with the stored milliseconds.")),
  date_modified: v.string(),
  authors: v.optional(v.array(v.object({ name: v.string(), url: v.optional(v.string()), avatar: v.optional(v.string()) }))),
  tags: v.optional(v.pipe(v.array(v.string()), v.description("The section, then the tags in order."))),
  language: v.string(),
  image: v.optional(v.string()),
  attachments: v.optional(v.array(v.object({ url: v.string(), mime_type: v.string(), title: v.optional(v.string()) }))),
  _copydesk: CopydeskExtension,
});

const JsonFeedObject = v.object({
  version: v.literal(JSON_FEED_VERSION),
  title: v.string(),
  home_page_url: v.string(),
  feed_url: v.string(),
  description: v.string(),
  language: v.string(),
  next_url: v.optional(v.pipe(v.string(), v.description("The next (older) page; absent on the last."))),
  icon: v.optional(v.string()),
  hubs: v.optional(
    v.pipe(
      v.array(v.object({ type: v.literal("WebSub"), url: v.string() })),
      v.description("The WebSub hubs to subscribe to `feed_url` through; present only when the site publishes through hubs."),
    ),
  ),
  items: v.array(JsonFeedItem),
});

export const JsonFeedView = v.pipe(JsonFeedObject, v.description("A JSON Feed 1.1 document (https://www.jsonfeed.org/version/1.1/)."));

export const CorrectionsJsonFeedItem = v.object({ ...JsonFeedItem.entries, _copydesk: AmendmentExtension });
export const CorrectionsJsonFeedView = v.pipe(
  v.object({ ...JsonFeedObject.entries, items: v.array(CorrectionsJsonFeedItem) }),
  v.description("A JSON Feed 1.1 document of amendments, one item each, with the corrections `_copydesk` extension."),
);

export const LiveJsonFeedItem = v.object({
  ...JsonFeedItem.entries,
  id: v.pipe(v.string(), v.description("`urn:copydesk:live-entry:<id>`: never changes.")),
  _copydesk: LiveEntryExtension,
});
export const LiveJsonFeedView = v.pipe(
  v.object({ ...JsonFeedObject.entries, items: v.array(LiveJsonFeedItem) }),
  v.description("A JSON Feed 1.1 document of a live blog's entries, one item each, with the live-entry `_copydesk` extension."),
);

export type JsonFeed = v.InferOutput<typeof JsonFeedView>;
export type JsonFeedItemOut = v.InferOutput<typeof JsonFeedItem>;
export type CorrectionsJsonFeedItemOut = v.InferOutput<typeof CorrectionsJsonFeedItem>;
export type LiveJsonFeedItemOut = v.InferOutput<typeof LiveJsonFeedItem>;
