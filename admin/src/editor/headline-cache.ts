// Related-story cards in the body store only an article id; the editor shows that article's headline.
import { api } from "../api/client";
import type { ArticleView } from "../api/model";

const cache = new Map<string, Promise<string | null>>();

/** Remember what a search already returned, so inserting a card needs no extra request. */
export const rememberHeadline = (id: string, headline: string) => cache.set(id, Promise.resolve(headline));

export function headlineFor(id: string): Promise<string | null> {
  let hit = cache.get(id);
  if (!hit) {
    hit = api<{ article: ArticleView }>("GET", `/articles/${encodeURIComponent(id)}`).then(
      (r) => r.article.headline,
      () => null,
    );
    cache.set(id, hit);
  }
  return hit;
}
