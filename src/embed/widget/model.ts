// What the feed widget shows, taken from a JSON Feed 1.1 document (ours carries `_copydesk`; any
// other JSON Feed works with what its standard fields give). Pure: no DOM, no fetch, so it runs and
// is tested in workerd. The feed is someone else's text as far as the page is concerned: nothing
// here is ever HTML (the element sets textContent), and a link or image address that is not http(s)
// drops the item or the image, so a `javascript:` URL in a feed can never become a clickable link.
import { textDirection } from "../../lib/text-direction";

export interface WidgetImage {
  url: string;
  width: number | null;
  height: number | null;
  /** "" when the feed gives none: the image is then decorative (the headline names the link). */
  alt: string;
  credit: string | null;
}

export interface WidgetItem {
  headline: string;
  url: string;
  dek: string | null;
  /** The whole byline as the newsroom writes it ("A, B and Courier desk"), "" when none. */
  byline: string;
  /** ISO 8601 (UTC), or null when the feed's date is missing or unreadable. */
  published: string | null;
  image: WidgetImage | null;
  /** BCP 47, the item's own else the feed's; null when neither is usable. */
  language: string | null;
  dir: "rtl" | "auto";
}

export interface WidgetView {
  title: string;
  items: WidgetItem[];
}

export const LIMIT = { min: 1, max: 50, fallback: 5 } as const;
// At least 10 s: every poll of every open partner page reaches the Worker (a 304 from the public
// cache, which still reads the content version), so a page set to poll every second or two would
// multiply one newsroom's readers into thousands of requests a second.
export const REFRESH = { min: 10, max: 86_400, fallback: 60 } as const;


const str = (x: unknown): string | null => (typeof x == "string" && x.trim() ? x.trim() : null);
const obj = (x: unknown): Record<string, unknown> | null => (x && typeof x == "object" && !Array.isArray(x) ? (x as Record<string, unknown>) : null);
const size = (x: unknown): number | null => (typeof x == "number" && x > 0 && x < 1e5 ? Math.round(x) : null);

/** An absolute http(s) URL, normalised; anything else (javascript:, data:, relative, junk) is null. */
function web(x: unknown): string | null {
  const s = str(x);
  if (!s) return null;
  try {
    const u = new URL(s);
    return /^https?:$/.test(u.protocol) ? u.href : null;
  } catch {
    return null;
  }
}

/** An integer attribute value within [min, max]; missing or not a number gives the fallback. */
function clamp(raw: string | null | undefined, { min, max, fallback }: { min: number; max: number; fallback: number }): number {
  const n = raw == null || raw.trim() == "" ? NaN : Math.floor(Number(raw));
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

/** The `limit` attribute: 1–50, default 5. */
export const limitOf = (raw: string | null | undefined) => clamp(raw, LIMIT);

/** The `refresh` attribute in seconds: default 60, at least 10, at most a day; 0 (or less) never polls. */
export const refreshOf = (raw: string | null | undefined) => (raw != null && Number(raw) <= 0 && raw.trim() != "" ? 0 : clamp(raw, REFRESH));

/** A BCP 47 tag as far as `lang` needs one; null for anything else. */
const lang = (x: unknown) => {
  const s = str(x);
  return s && /^[a-z]{2,8}(-[a-z0-9]{1,8})*$/i.test(s) ? s : null;
};

/**
 * rtl where the language is written right to left (the card's rule: src/lib/text-direction.ts);
 * otherwise `auto`, which lets the browser follow the text itself: it suits a mixed or mislabelled feed.
 */
export function dirOf(language: string | null): "rtl" | "auto" {
  return language && textDirection(language) === "rtl" ? "rtl" : "auto";
}

/** "A", "A and B", "A, B and C": the feed's own `_copydesk.byline` is preferred; this is for other feeds. */
function joinNames(authors: unknown): string {
  const names = Array.isArray(authors) ? authors.map((a) => str(obj(a)?.name)).filter((n): n is string => !!n) : [];
  return names.length < 2 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

function imageOf(item: Record<string, unknown>, ext: Record<string, unknown> | null): WidgetImage | null {
  // Without the extension there is only the standard `image` address: no size, alt or credit.
  const img = ext ? obj(ext.image) : { url: item.image };
  const url = img && web(img.url);
  if (!img || !url) return null;
  return { url, width: size(img.width), height: size(img.height), alt: str(img.alt) ?? "", credit: str(img.credit) };
}

function itemOf(x: unknown, feedLanguage: string | null): WidgetItem | null {
  const item = obj(x);
  const headline = str(item?.title);
  const url = web(item?.url);
  if (!item || !headline || !url) return null;
  const ext = obj(item._copydesk);
  const date = new Date(str(item.date_published) ?? NaN);
  const language = lang(item.language) ?? feedLanguage;
  return {
    headline,
    url,
    dek: str(ext?.dek),
    byline: str(ext?.byline) ?? joinNames(item.authors),
    published: isNaN(+date) ? null : date.toISOString(),
    image: imageOf(item, ext),
    language,
    dir: dirOf(language),
  };
}

/** The first `limit` well-formed items of a JSON Feed; anything that is not a feed gives an empty view. */
export function feedView(doc: unknown, limit: number): WidgetView {
  const feed = obj(doc);
  const language = lang(feed?.language);
  const items: WidgetItem[] = [];
  for (const x of Array.isArray(feed?.items) ? feed.items : []) {
    if (items.length >= limit) break;
    const item = itemOf(x, language);
    if (item) items.push(item);
  }
  return { title: str(feed?.title) ?? "", items };
}
