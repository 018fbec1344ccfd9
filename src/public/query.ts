// The public side of the shared article query (src/articles/query.ts): what readers may filter by,
// and those filters as SQL conditions for "published and matching" (the feeds' scope check uses it).
import type { SQL } from "drizzle-orm";
import { articleConditions } from "../articles/query";
import type { DB } from "../db/client";

export { ftsQuery } from "../articles/search-match";

export interface PublicFilters {
  section?: string | undefined;
  tag?: string | undefined;
  contributor?: string | undefined;
  collection?: string | undefined;
  q?: string | undefined;
  since?: string | undefined;
  until?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** Conditions for "published and matching the filters"; null when the filters can match nothing. */
export function filterConditions(db: DB, f: PublicFilters): SQL[] | null {
  return articleConditions(db, { ...f, publishedOnly: true });
}
