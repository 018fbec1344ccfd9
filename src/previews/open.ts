// Opening a preview link: the token's live link, its article, and the version it shows. An
// unknown, revoked or expired token, a deleted article (its links go with it) and a pinned
// revision since purged are all the same 404, with the same words: the answer tells a guesser nothing.
import { loadArticle } from "../articles/load";
import type { DB } from "../db/client";
import { AppError } from "../lib/errors";
import type { SiteUrls } from "../lib/urls";
import { previewContent } from "./content";
import { activeLinkFor } from "./links";

const gone = () =>
  new AppError("not_found", "This preview link does not exist, has expired or was revoked.", { headers: { "cache-control": "no-store", "x-robots-tag": "noindex, nofollow" } });

export async function openPreview(db: DB, token: string, urls: SiteUrls, now = new Date()) {
  const link = await activeLinkFor(db, token, now);
  if (!link) throw gone();
  const rec = await loadArticle(db, { id: link.articleId });
  const content = rec && (await previewContent(db, rec, urls, link.revision));
  if (!content) throw gone();
  return { content, expiresAt: link.expiresAt };
}
