// The feed items this isolate rendered lately, so a feed miss renders only the stories it has not
// seen (issue 17: "cache rendered feed items by (article id, version) where that pays"). An item
// shows more than its own row: its section's, tags' and bylines' names, its cards and images (other
// stories and media rows, filled at read time), its amendments, the site's URLs. Every write that
// changes any of that replaces the content version (src/cache/content-version.ts), so the items are
// kept under the version they were rendered at and all dropped when it moves: the same rule as every
// cached public page, the version read in the same statement as the page's ids (src/public/
// feed-page.ts). Within a version
// an item is keyed by its row's id, version and change times (an amendment moves the story's time,
// not its version). So the cache pays where one version is read many times (many feeds and formats
// sharing stories, pages of a feed evicted from the Cache API, other isolates' misses); the first
// miss after a publish renders every story, as before.
import type { FeedFormat, FeedItem } from "../feeds";
import type { StoredSettings } from "../editorial/settings/domain";
import type { SiteUrls } from "../lib/urls";

/** What a feed route needs of a story beside its item: its last change and the names its scope is told by. */
export interface FeedEntry {
  item: FeedItem;
  /** lastChangeAt of the row: the feed's Last-Modified. */
  changedAt: string;
  section: { slug: string; name: string } | null;
  tags: { slug: string; name: string }[];
  bylines: { slug: string; name: string }[];
  /**
   * The item's text in each format once rendered, with what beside the item it was rendered for (the
   * site's language, Atom's distinct <updated> and author name): src/public/feed-routes.ts.
   */
  texts: Partial<Record<FeedFormat, { context: string; text: string }>>;
}

/**
 * An item holds its body (~7 KB in the bench's newsroom) and up to three formats' texts (~8–10 KB
 * each): ~35 KB, so ~10 MB at most against the isolate's 128 MB. More than the newest stories every
 * feed and format shares, and a 100-item page three times over.
 */
export const FEED_ITEM_LIMIT = 300;

/** The row fields an item's key is made of. */
export interface ItemRow {
  id: string;
  version: number;
  updatedAt: string;
  lastMajorUpdateAt: string | null;
}

export const feedItemKey = (r: ItemRow) => `${r.id}:${r.version}:${r.updatedAt}:${r.lastMajorUpdateAt ?? ""}`;

interface Generation {
  /** The content version and the URLs the items were built with (in one isolate, env differs only in tests). */
  scope: string;
  entries: Map<string, FeedEntry>;
  /** The site settings as read at this version: a warm page need not read them again. */
  settings: StoredSettings | null;
}

let current: Generation = { scope: "", entries: new Map(), settings: null };

/** The URLs an item is built with, as one string: a different origin or article pattern is another generation. */
const urlsScope = (urls: SiteUrls) => `${urls.origin} ${urls.home} ${urls.article("s", "a", "i")} ${urls.media("m")} ${urls.contributor("c")} ${urls.section("s")} ${urls.tag("t")}`;

/** The generation of this version and these URLs, started empty when either moved. */
export function feedItems(token: string, urls: SiteUrls): Generation {
  const scope = `${token}\n${urlsScope(urls)}`;
  if (current.scope !== scope) current = { scope, entries: new Map(), settings: null };
  return current;
}

export function keptItem(g: Generation, key: string): FeedEntry | undefined {
  const entry = g.entries.get(key);
  if (entry) {
    // Least recently used goes first: re-inserting moves it to the end of the Map's order.
    g.entries.delete(key);
    g.entries.set(key, entry);
  }
  return entry;
}

export function keepItem(g: Generation, key: string, entry: FeedEntry): void {
  g.entries.delete(key);
  g.entries.set(key, entry);
  if (g.entries.size > FEED_ITEM_LIMIT) g.entries.delete(g.entries.keys().next().value!);
}

/** Tests: how many items the current generation holds. */
export const heldFeedItems = () => current.entries.size;

/** Tests: start cold, as a new isolate does. */
export function forgetFeedItems(): void {
  current = { scope: "", entries: new Map(), settings: null };
}
