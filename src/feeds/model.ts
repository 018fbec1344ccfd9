// The feed model: everything a feed shows, with absolute URLs, already resolved from D1.
// Renderers are pure functions of (site, items): no clock, no I/O, so an unchanged feed is
// byte-identical and every case can be tested from fixtures.
import type { AmendmentKind, ShownAmendment } from "../amendments/doc";

export interface FeedSite {
  title: string;
  description: string;
  /** The front-end page this feed describes (site home, section page, tag page, contributor page). */
  homeUrl: string;
  /** This feed's own URL (atom:link rel="self", JSON Feed feed_url). */
  feedUrl: string;
  /** The next (older) page, or null on the last page (RFC 5005 rel="next", JSON Feed next_url). */
  nextUrl: string | null;
  /** BCP 47, from the site settings; an item whose own language differs says so where the format can. */
  language: string;
  /** RFC 3339 instant of the newest change shown (never "now"); null for an empty feed. */
  updated: string | null;
  iconUrl?: string | null;
  /**
   * WebSub hubs (W3C WebSub §4) to name as rel="hub", with `feedUrl` as rel="self" (the topic a
   * subscriber asks the hub for). Absent or empty: no hub link at all.
   */
  hubs?: readonly string[];
  /**
   * Who an entry without bylines is by (Atom requires an author on each): the newsroom's name.
   * Absent: the feed's title, which for a newsroom's own feeds is that name.
   */
  authorName?: string;
}

export interface FeedPerson {
  name: string;
  kind: "person" | "organization";
  role: string | null;
  url: string | null;
  avatarUrl: string | null;
}

export interface FeedImage {
  url: string;
  mimeType: string;
  width: number | null;
  height: number | null;
  alt: string;
  caption: string | null;
  credit: string | null;
}

export type FeedRelated =
  | { kind: "article"; id: string; url: string; headline: string; summary: string | null; bylines: string[]; imageUrl: string | null }
  | { kind: "external"; url: string; title: string; summary: string | null; source: string | null };

export interface FeedItem {
  /** Stable id that never changes when a headline or slug is edited, e.g. "urn:copydesk:article:art_x". */
  id: string;
  url: string;
  headline: string;
  /** The line under the headline (standfirst), plain text; null when the story has none. */
  dek: string | null;
  summary: string | null;
  /**
   * What every format shows as the item's summary, never empty: the summary, else an excerpt of
   * the body's plain text (whole words, ~300 characters, "…"), else the headline. Plain text.
   */
  description: string;
  /** The rendered body, escaped and safe, every URL absolute; no figure or related list yet. */
  bodyHtml: string;
  publishedAt: string;
  updatedAt: string;
  language: string;
  readingTime: number;
  bylines: FeedPerson[];
  section: { name: string; url: string | null } | null;
  tags: { name: string; slug: string }[];
  image: FeedImage | null;
  audio: { url: string; disclosure: string | null } | null;
  related: FeedRelated[];
  /** Public corrections and updates, oldest first: a block at the end of the content, `correction` in JSON-LD. */
  amendments?: ShownAmendment[];
  /**
   * Set on an item that is an amendment (the corrections feeds), not a story: its kind and the story
   * it amends. Its JSON Feed extension then says that instead of describing a story (no bylines,
   * section, tags or reading time of its own).
   */
  amendmentOf?: { kind: AmendmentKind; article: { id: string; url: string } };
  /**
   * Set on an item that is a live blog's entry (a blog's own feeds), not a story: the blog it belongs
   * to and what the desk marked it. Its JSON Feed extension says that instead of describing a story.
   */
  liveEntryOf?: { blog: { id: string; url: string }; keyEvent: boolean; pinned: boolean };
}
