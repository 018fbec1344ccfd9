// Renders a stored body with its images and related cards resolved: one place for both the
// editorial preview and the public outputs, so they cannot drift apart.
import { renderBodyHtml, type BodyDoc } from "../body";
import type { SiteUrls } from "../lib/urls";
import type { ArticleCard, MediaSize } from "./cards";

export function renderResolvedBody(body: BodyDoc, mediaById: Map<string, MediaSize>, cards: Map<string, ArticleCard>, urls: SiteUrls) {
  return renderBodyHtml(body, {
    media: (id) => {
      const m = mediaById.get(id);
      return m ? { url: urls.media(m.id), width: m.width, height: m.height } : null;
    },
    related: (id) => {
      const c = cards.get(id);
      return c ? { url: c.url, headline: c.headline, summary: c.summary, bylines: c.bylines.map((b) => b.name) } : null;
    },
  });
}
