// oEmbed, the embed card and the demo page. Mounted in readerRoutes (src/public/index.ts): host
// check, CORS, a D1 read session and the version-keyed public cache, so an unpublish changes the
// content version and the very next request misses and answers 404. Handlers gather; the pure
// renderers (oembed.ts, card-html.ts, demo-html.ts) write.
import { Hono } from "hono";
import { effectiveSettings, loadSettings } from "../editorial/settings/domain";
import type { AppEnv } from "../http/app-env";
import { input, route } from "../http/contract";
import { notFound } from "../lib/errors";
import { lastModifiedHeader } from "../public/cache";
import { loadPublishedPage } from "../public/load";
import { loadPublishedBySlug } from "../public/load-whole";
import { SlugParams } from "../public/params";
import { cached } from "../public/responses";
import { toFeedItem } from "../public/feed-item";
import { jsonLdScript } from "../seo/json-ld";
import { storyForUrl } from "./resolve";
import { CARD_CSS, cardCsp, renderCard, styleHashSource } from "./card-html";
import { DEMO_CSS, demoCsp, renderDemo } from "./demo-html";
import { cardUrl, DEMO_PATH, OEMBED_PATH, oembedLinks } from "./links";
import { buildOEmbed, frameSize, iframeHtml, OEmbedQuery, OEmbedView, oembedXml } from "./oembed";

const tags = ["embeds"];
const HTML = "text/html; charset=utf-8";

export const embedRoutes = new Hono<AppEnv>()
  .get(OEMBED_PATH,
    route({
      operationId: "getOEmbed",
      summary: "oEmbed for a published story",
      description: [
        "oEmbed 1.0 (https://oembed.com/): a `rich` answer whose `html` is an `<iframe>` of the story's card page, sized 560 × 200 or smaller to fit `maxwidth`/`maxheight`.",
        "`url` is the story's page on the site or its card; a draft, a scheduled or unpublished story, or any other address is 404.",
        "Discover it from a story page: `<link rel=\"alternate\" type=\"application/json+oembed\" href=\"…/oembed?url=…&format=json\">`.",
      ].join(" "),
      tags,
      ok: cached({
        description: "The oEmbed answer, as JSON or (`format=xml`) as the spec's XML.",
        content: {
          "application/json": { schema: OEmbedView },
          "text/xml": { description: "`<oembed>` with one element per field of the JSON answer." },
        },
      }),
      errors: ["validation_failed", "not_found"],
    }),
    input("query", OEmbedQuery),
    async (c) => {
      const q = c.req.valid("query");
      const format = q.format ?? "json";
      const origin = c.var.urls.origin;
      const found = await storyForUrl(c.var.db, c.env, c.var.urls, q.url);
      if (!found) throw notFound("Story for this URL");
      const { article } = found;
      const site = effectiveSettings(found.settings, c.env);
      const o = buildOEmbed({
        item: toFeedItem(article, c.var.urls),
        cardUrl: cardUrl(origin, article.row.slug),
        provider: { name: site.title, url: c.var.urls.home },
        maxwidth: q.maxwidth,
        maxheight: q.maxheight,
      });
      const headers = lastModifiedHeader(article.row.updatedAt);
      if (format === "xml") return c.body(oembedXml(o), 200, { "content-type": "text/xml; charset=utf-8", ...headers });
      // `<`, `>` and `&` as \u escapes (the html field is full of them): the same values to any JSON parser.
      return c.body(jsonLdScript(o), 200, { "content-type": "application/json; charset=utf-8", ...headers });
    })
  .get("/embed/v1/article/:slug",
    route({
      operationId: "getEmbedCard",
      summary: "A story's embed card, for an <iframe>",
      description:
        "A small HTML page: headline (linking to the story, in a new tab), section, whole byline, date, image with its credit, the site's name. No script; framable by any site (`frame-ancestors *`); `noindex`. Put it in `<iframe sandbox=\"allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation\">`, as the oEmbed `html` does.",
      tags,
      ok: cached({
        description: "The card page.",
        content: { "text/html": { description: "HTML5; its CSP allows its own `<style>` (by hash) and images only." } },
        headers: { "Content-Security-Policy": { description: "`default-src 'none'; img-src <this origin> https:; style-src 'sha256-…'; base-uri 'none'; form-action 'none'; frame-ancestors *`: no X-Frame-Options.", required: true } },
      }),
      errors: ["validation_failed", "not_found"],
    }),
    input("param", SlugParams),
    async (c) => {
      const found = await loadPublishedBySlug(c.var.db, c.req.valid("param").slug, c.var.urls);
      if (!found) throw notFound("Story");
      const { article } = found;
      const origin = c.var.urls.origin;
      const html = renderCard({
        item: toFeedItem(article, c.var.urls),
        siteName: effectiveSettings(found.settings, c.env).title,
        timeZone: c.env.NEWSROOM_TIME_ZONE,
        oembed: oembedLinks(origin, article.url),
        canonical: article.row.canonicalUrl,
      });
      return c.body(html, 200, { "content-type": HTML, "content-security-policy": cardCsp(origin, await styleHashSource(CARD_CSS)), ...lastModifiedHeader(article.row.updatedAt) });
    })
  .get(DEMO_PATH,
    route({
      operationId: "getEmbedDemo",
      summary: "The embeds, demonstrated",
      description: "The feed widget and the newest story's oEmbed card, live, each with the snippet to paste. Served under a strict CSP (`script-src 'self'`, styles by hash), as a careful partner's page would be.",
      tags,
      ok: cached({
        description: "The demo page.",
        content: { "text/html": { description: "HTML5." } },
        headers: { "Content-Security-Policy": { description: "`default-src 'none'; script-src 'self'; connect-src 'self'; img-src 'self' https:; frame-src 'self'; style-src 'sha256-…'; …`.", required: true } },
      }),
    }),
    async (c) => {
      const urls = c.var.urls;
      const origin = urls.origin;
      const page = await loadPublishedPage(c.var.db, { limit: 1 }, urls);
      const newest = page.articles[0];
      const site = effectiveSettings(page.settings ?? (await loadSettings(c.var.db)), c.env);
      let card = null;
      if (newest) {
        const { width, height } = frameSize();
        card = {
          html: iframeHtml(cardUrl(origin, newest.row.slug), newest.row.headline, width, height),
          articleUrl: newest.url,
          oembed: oembedLinks(origin, newest.url),
        };
      }
      const html = renderDemo({ siteName: site.title, origin, card });
      return c.body(html, 200, { "content-type": HTML, "content-security-policy": demoCsp(await styleHashSource(DEMO_CSS)) });
    });
