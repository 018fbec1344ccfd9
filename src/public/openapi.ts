// The public document: the content API, feeds, sitemaps and images — everything a reader's client
// or an embedding site may call without credentials. Paths are absolute on the Worker's origin.
import { BlockSchema, BodyDocSchema } from "../body/schema";
import { buildDocument } from "../http/openapi";
import { JsonFeedView } from "../feeds/json-feed-schema";
import { ArticleSummaryView, ArticleView, CollectionView, ContributorView, SectionView, TagView } from "./views";
import { PreviewArticleView } from "../previews/views";
import { LiveEntryPublicView } from "../live/public-view";

type Routes = Parameters<typeof buildDocument>[0];
let built: ReturnType<typeof buildDocument> | null = null;

export function contentDocument(routes: Routes) {
  return (built ??= anonymous(buildDocument(routes, {
    title: "Copydesk content API",
    version: "1",
    description: [
      "Published stories, their people, desks, sections, tags and collections, as JSON; the same in RSS, Atom and JSON Feed;",
      "sitemaps; images. No credentials, CORS-open (`Access-Control-Allow-Origin: *`), cacheable: send `If-None-Match` or",
      "`If-Modified-Since` and a 304 costs almost nothing. Errors are RFC 9457 problems with a stable `code`.",
      "With `PUBLIC_API_ORIGIN` configured, every read but an image's is refused under any other host (421).",
    ].join(" "),
    basePath: "/",
    // Images are served outside the public middleware (src/app.ts): no host check there.
    // The host check (PUBLIC_API_ORIGIN) guards the reader routes; images and the index are served to any host.
    // The Ghost-compatible routes declare Ghost's error shape as their own 4xx answers (src/ghost-api/routes.ts).
    commonErrors: (_method, op) => (op.tags.includes("media") || op.tags.includes("index") || op.tags.includes("ghost") ? [] : ["misdirected_request"]),
    components: {
      BodyDoc: BodyDocSchema,
      BodyBlock: BlockSchema,
      Article: ArticleView,
      ArticleSummary: ArticleSummaryView,
      Contributor: ContributorView,
      Tag: TagView,
      Section: SectionView,
      Collection: CollectionView,
      JsonFeed: JsonFeedView,
      PreviewArticle: PreviewArticleView,
      LiveEntry: LiveEntryPublicView,
    },
    tags: {
      index: "Where to start: what this server offers and where its references are.",
      articles: "Published stories.",
      directory: "People and desks, sections, tags and collections.",
      feeds: "RSS 2.0, Atom 1.0 and JSON Feed 1.1: site-wide and per section, tag and contributor.",
      corrections: "Corrections and updates newsroom-wide, newest first: a corrections page's source, as JSON and as feeds.",
      sitemaps: "Sitemaps and the Google News sitemap.",
      redirects: "Old URLs (a previous site's) and where they lead now, for front-ends to apply.",
      media: "Images, immutable under their id.",
      embeds: "For sites that embed the newsroom's stories: oEmbed for every published story, its card page for an `<iframe>`, and a demo of both embeds.",
      previews: "Stories before publication, for whoever holds a preview link made in the editorial API: never cached, never indexed.",
      ghost:
        "Ghost's Content API (Ghost 5's shapes), for front-ends built on Ghost: point `@tryghost/content-api` at this origin with a key from the admin's \"Content API keys\" page. Errors are Ghost's `{\"errors\": [...]}`, not problems.",
    },
  })));
}

/** Every operation here is answered without credentials: said once, at the root (`security: []`). */
function anonymous(doc: ReturnType<typeof buildDocument>) {
  const { openapi, info, servers, ...rest } = doc;
  return { openapi, info, servers, security: [], ...rest };
}
