// Where the embeds live, in one place: the widget script, the card page, the demo and oEmbed. The
// routes (src/embed/routes.ts), the share metadata of the content API and the README name these.

/** The feed widget, a static asset built by `npm run build:admin` (admin/vite.config.ts). */
export const WIDGET_PATH = "/embed/v1/feed.js";
export const DEMO_PATH = "/embed/v1/demo";
export const OEMBED_PATH = "/oembed";
const CARD_PREFIX = "/embed/v1/article/";

export type OEmbedFormat = "json" | "xml";

/** `origin`: the Worker's public origin (`workerOrigin(env, c.req.url)`). */
export const cardUrl = (origin: string, slug: string) => `${origin}${CARD_PREFIX}${encodeURIComponent(slug)}`;

/** The oEmbed endpoint asked about one story's page (`articleUrl`: its URL on the public site). */
export const oembedUrl = (origin: string, articleUrl: string, format: OEmbedFormat = "json") =>
  `${origin}${OEMBED_PATH}?url=${encodeURIComponent(articleUrl)}&format=${format}`;

/** Both discovery links of a story page (`<link rel="alternate" type="application/json+oembed">`, `text/xml+oembed`). */
export const oembedLinks = (origin: string, articleUrl: string) => ({ json: oembedUrl(origin, articleUrl, "json"), xml: oembedUrl(origin, articleUrl, "xml") });
