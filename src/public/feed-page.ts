// A feed's page as items, rendering only the stories this isolate has not rendered at this content
// version (src/public/feed-item-cache.ts). Never more than three statements, the version read
// included:
// - nothing kept at this version yet (the first miss after a publish, a new isolate): the page read
//   whole and its references, as every public page is (loadPublishedPage), and every item kept;
// - else the page's ids, versions and change times only (a few bytes a row, the same index path), then
//   the stories not kept, whole, with their references in the same statement (loadPublishedByIds).
// A page whose every story is kept costs that one small statement and renders nothing.
import { sql } from "drizzle-orm";
import { lastChangeAt } from "../amendments/domain";
import { selectArticlePage } from "../articles/query";
import { readContentVersion } from "../cache/content-version";
import { keptContentVersion } from "../cache/version-memo";
import { articles } from "../db/schema";
import type { DB } from "../db/client";
import { parseSettingsJson, SETTINGS_JSON, type StoredSettings } from "../editorial/settings/domain";
import type { SiteUrls } from "../lib/urls";
import { feedItemKey, feedItems, keepItem, keptItem, type FeedEntry } from "./feed-item-cache";
import { loadPublishedByIds, loadPublishedPage, type ListedArticle } from "./load";
import type { PublicFilters } from "./query";
import { toFeedItem } from "./views";

export interface FeedPage {
  entries: FeedEntry[];
  nextCursor: string | null;
  /** The site settings at this version; null when the page is empty and none were kept (read them alone). */
  settings: StoredSettings | null;
}

const KEY_FIELDS = { id: articles.id, version: articles.version, updatedAt: articles.updatedAt, lastMajorUpdateAt: articles.lastMajorUpdateAt };
const WITH_SETTINGS = { ...KEY_FIELDS, siteJson: sql<string | null>`${SETTINGS_JSON}`.as("site_json") };

export async function loadFeedPage(db: DB, f: PublicFilters, urls: SiteUrls): Promise<FeedPage> {
  // The version this isolate keeps (the cache in front read it for this request; no statement then).
  const { token } = await keptContentVersion(() => readContentVersion(db));
  const kept = feedItems(token, urls);
  if (kept.entries.size === 0) {
    const page = await loadPublishedPage(db, f, urls);
    kept.settings ??= page.settings;
    const entries = page.articles.map((a) => {
      const entry = entryOf(a, urls);
      keepItem(kept, feedItemKey(a.row), entry);
      return entry;
    });
    return { entries, nextCursor: page.nextCursor, settings: page.settings };
  }
  // The settings ride along (one value on every row) only until this version has them.
  const { rows, nextCursor } = await selectArticlePage(db, kept.settings ? KEY_FIELDS : WITH_SETTINGS, { ...f, publishedOnly: true });
  const first = rows[0] as { siteJson?: string | null } | undefined;
  if (!kept.settings && first) kept.settings = parseSettingsJson(first.siteJson);
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
