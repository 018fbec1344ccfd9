// A feed's page as items, rendering only the stories this isolate has not rendered at this content
// version (src/public/feed-item-cache.ts). Two statements at most, three with the cache's version
// read in front: the page's ids, versions and change times, with the content version and the site
// settings (a few bytes a row, the same index path as the whole page); then the stories not kept,
// whole, with their references resolved in the same statement (loadPublishedByIds). A page whose
// every story is kept costs the first alone and renders nothing.
// The version comes with the ids, not from the isolate's kept one (src/cache/version-memo.ts): the
// items are keyed by the version their rows were read at, and a miss that skips the cache in front
// (the bench's) shares no read with another request, whose end could take that read down with it.
import { sql } from "drizzle-orm";
import { lastChangeAt } from "../amendments/domain";
import { selectArticlePage } from "../articles/query";
import { articles, siteState } from "../db/schema";
import type { DB } from "../db/client";
import { parseSettingsJson, SETTINGS_JSON, type StoredSettings } from "../editorial/settings/domain";
import type { SiteUrls } from "../lib/urls";
import { feedItemKey, feedItems, keepItem, keptItem, type FeedEntry } from "./feed-item-cache";
import { loadPublishedByIds, type ListedArticle } from "./load";
import type { PublicFilters } from "./query";
import { toFeedItem } from "./feed-item";
import { CONTENT_KEY } from "../cache/content-version";

export interface FeedPage {
  entries: FeedEntry[];
  nextCursor: string | null;
  /** The site settings, read with the page; null when the page is empty (read them alone). */
  settings: StoredSettings | null;
}

const FIELDS = {
  id: articles.id,
  version: articles.version,
  updatedAt: articles.updatedAt,
  lastMajorUpdateAt: articles.lastMajorUpdateAt,
  // The same two values on every row, computed once by SQLite ('content': src/cache/content-version.ts).
  token: sql<string | null>`(SELECT ${siteState.value} FROM ${siteState} WHERE ${siteState.key} = ${CONTENT_KEY})`.as("content_token"),
  siteJson: sql<string | null>`${SETTINGS_JSON}`.as("site_json"),
};

export async function loadFeedPage(db: DB, f: PublicFilters, urls: SiteUrls): Promise<FeedPage> {
  const { rows, nextCursor } = await selectArticlePage(db, FIELDS, { ...f, publishedOnly: true });
  const first = rows[0];
  if (!first) return { entries: [], nextCursor, settings: null };
  const kept = feedItems(first.token ?? "none", urls);
  kept.settings ??= parseSettingsJson(first.siteJson);
  const found = rows.map((r) => keptItem(kept, feedItemKey(r)));
  const missing = rows.flatMap((r, i) => (found[i] ? [] : [r.id]));
  const loaded = new Map<string, FeedEntry>();
  for (const a of await loadPublishedByIds(db, missing, urls)) {
    const entry = entryOf(a, urls);
    // Under the row as read now: a save that landed between the two statements keys its own item.
    keepItem(kept, feedItemKey(a.row), entry);
    loaded.set(a.row.id, entry);
  }
  // A story unpublished between the two statements is left out: the page is one item short.
  const entries = rows.flatMap((r, i) => {
    const entry = found[i] ?? loaded.get(r.id);
    return entry ? [entry] : [];
  });
  return { entries, nextCursor, settings: kept.settings };
}

function entryOf(a: ListedArticle, urls: SiteUrls): FeedEntry {
  return {
    item: toFeedItem(a, urls),
    changedAt: lastChangeAt(a.row),
    section: a.section,
    tags: a.tags.map(({ slug, name }) => ({ slug, name })),
    bylines: a.bylines.map(({ slug, name }) => ({ slug, name })),
    texts: {},
  };
}
