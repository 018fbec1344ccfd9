// What the server holds for an article the editor edits: the live story and, while it is
// published, its working copy. One fetch for opening the editor and for every merge.
import { api } from "../api/client";
import type { ArticleView, WorkingCopy } from "../api/model";

export interface ArticleState {
  view: ArticleView;
  workingCopy: WorkingCopy | null;
}

export async function fetchArticleState(id: string): Promise<ArticleState> {
  const path = `/articles/${encodeURIComponent(id)}`;
  const { article } = await api<{ article: ArticleView }>("GET", path);
  // A copy kept aside from before an unpublish is not what a draft's editor edits or merges with.
  const wc = article.working_copy && article.status === "published" ? await api<{ working_copy: WorkingCopy }>("GET", `${path}/working-copy`).catch(() => null) : null;
  return { view: article, workingCopy: wc?.working_copy ?? null };
}
