// Article search for pickers (related stories, cards, collections), newest change first.
import { api, qs } from "../api/client";
import type { ArticleListItem } from "../api/types";
import type { PickOption } from "../components/search-picker";
import { rememberHeadline } from "../editor/headline-cache";

export async function searchArticles(q: string, status?: string): Promise<PickOption[]> {
  const r = await api<{ articles: ArticleListItem[] }>("GET", `/articles${qs({ q, status, limit: 10 })}`);
  return r.articles.map((a) => {
    rememberHeadline(a.id, a.headline);
    return { key: a.id, label: a.headline, detail: `${a.status} · ${a.bylines.map((b) => b.name).join(", ")}`, value: a };
  });
}
