// The one answer every article route gives: the editorial view of the record, with its version as
// the ETag (and its Location when created). Workflow and embargo routes answer the same way.
import type { Context } from "hono";
import type { ArticleRecord } from "../../articles/load";
import type { AuthedEnv } from "../../http/app-env";
import { buildArticleView } from "./view";

export const articleViewOf = (c: Context<AuthedEnv>, rec: ArticleRecord) => buildArticleView(c.var.db, rec, c.var.urls, c.var.actor);

export async function respondArticle(c: Context<AuthedEnv>, rec: ArticleRecord, status: 200 | 201 = 200) {
  const view = await articleViewOf(c, rec);
  c.header("etag", `"${view.version}"`);
  if (status === 201) c.header("location", `/api/editorial/v1/articles/${view.id}`);
  return c.json({ article: view }, status);
}
