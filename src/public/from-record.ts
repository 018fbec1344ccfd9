// STUB (owned by the previews helper): an article record (its live content, a working copy's or a
// revision's, via recordWithContent) as the public loader would give it, so the content API's
// mappers (toArticleSummary / toArticleFull) can show any version exactly as readers get it.
import type { ArticleRecord } from "../articles/load";
import type { DB } from "../db/client";
import type { SiteUrls } from "../lib/urls";
import type { PublicArticle } from "./load";

export async function publicArticleOf(_db: DB, _rec: ArticleRecord, _urls: SiteUrls): Promise<PublicArticle> {
  throw new Error("not implemented yet");
}
