// The public document: the content API, feeds, sitemaps and images — everything a reader's client
// or an embedding site may call without credentials. Paths are absolute on the Worker's origin.
import { BlockSchema, BodyDocSchema } from "../body/schema";
import { buildDocument } from "../http/openapi";

type Routes = Parameters<typeof buildDocument>[0];
let built: ReturnType<typeof buildDocument> | null = null;

export function contentDocument(routes: Routes) {
  return (built ??= buildDocument(routes, {
    title: "Copydesk content API",
    version: "1",
    description: [
      "Published stories, their people, desks, sections, tags and collections, as JSON; the same in RSS, Atom and JSON Feed;",
      "sitemaps; images. No credentials, CORS-open (`Access-Control-Allow-Origin: *`), cacheable: send `If-None-Match` or",
      "`If-Modified-Since` and a 304 costs almost nothing. Errors are RFC 9457 problems with a stable `code`.",
    ].join(" "),
    basePath: "/",
    commonErrors: () => ["misdirected_request"],
    components: { BodyDoc: BodyDocSchema, BodyBlock: BlockSchema },
    tags: {
      articles: "Published stories.",
      directory: "People and desks, sections, tags and collections.",
      feeds: "RSS 2.0, Atom 1.0 and JSON Feed 1.1: site-wide and per section, tag and contributor.",
      sitemaps: "Sitemaps and the Google News sitemap.",
      media: "Images, immutable under their id.",
    },
  }));
}
