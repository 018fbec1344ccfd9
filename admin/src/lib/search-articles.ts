// Article search for pickers (related stories, cards, collections), newest change first. Published
// stories only unless asked: a draft linked from a live story is left out of every public surface
// without a word, so pickers offer what readers will actually see.
import { api, qs } from "../api/client";
import type { ArticleListItem, Status } from "../api/model";
import type { PickOption } from "../components/search-picker";
import { rememberHeadline } from "../editor/headline-cache";

export async function searchArticles(q: string, status: Status | "any" = "published"): Promise<PickOption[]> {
  const r = await api<{ articles: ArticleListItem[] }>("GET", `/articles${qs({ q, status: status === "any" ? undefined : status, limit: 10 })}`);
  return r.articles.map((a) => {
    rememberHeadline(a.id, a.headline);
    return { key: a.id, label: a.headline, detail: `${a.status} · ${a.bylines.map((b) => b.name).join(", ")}`, value: a };
  });
}
