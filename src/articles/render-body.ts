// Renders a stored body with its images and related cards resolved: one place for both the
// editorial preview and the public outputs, so they cannot drift apart. A body rendered at save
// time (articles.body_html, src/body/stored-html.ts) is filled from the same context.
import { renderBodyHtml, type BodyDoc, type RenderContext } from "../body";
import { fillStoredBody, type PreparedBody } from "../body/stored-html";
import type { SiteUrls } from "../lib/urls";
import type { ArticleCard, MediaSize } from "./cards";

/** What the renderer asks about images and cards, answered from resolveReferences' maps. */
export function resolvedContext(mediaById: Map<string, MediaSize>, cards: Map<string, ArticleCard>, urls: SiteUrls): RenderContext {
  return {
    media: (id) => {
      const m = mediaById.get(id);
      return m ? { url: urls.media(m.id), width: m.width, height: m.height } : null;
    },
    related: (id) => {
      const c = cards.get(id);
      return c ? { url: c.url, headline: c.headline, summary: c.summary, bylines: c.bylines.map((b) => b.name) } : null;
    },
  };
}

export function renderResolvedBody(body: BodyDoc, mediaById: Map<string, MediaSize>, cards: Map<string, ArticleCard>, urls: SiteUrls) {
  return renderBodyHtml(body, resolvedContext(mediaById, cards, urls));
}

/** The stored rendering filled in, else (none stored in this format) the tree rendered: the same bytes either way. */
export function renderPreparedBody(body: { stored: PreparedBody } | { tree: BodyDoc }, mediaById: Map<string, MediaSize>, cards: Map<string, ArticleCard>, urls: SiteUrls) {
  const ctx = resolvedContext(mediaById, cards, urls);
  return "stored" in body ? fillStoredBody(body.stored, ctx) : renderBodyHtml(body.tree, ctx);
}
