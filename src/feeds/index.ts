// Public surface of the feeds module; route handlers import from "../feeds", not the files.
export type { FeedImage, FeedItem, FeedPerson, FeedRelated, FeedSite } from "./model";
export { cdata, escapeFeedXml, htmlTextForXml, instantMillis, rfc3339, rfc3339Fraction, rfc822, stripControlChars } from "./xml";
export { composeContentHtml } from "./content-html";
export { renderRss, rssItemText } from "./render-rss";
export { ATOM_EMPTY_UPDATED, atomEntryText, distinctUpdated, renderAtom } from "./render-atom";
export { COPYDESK_EXTENSION_ABOUT, jsonFeedItemText, JSON_FEED_VERSION, renderJsonFeed } from "./render-json-feed";

/** Content-Type for each feed format; charset explicit because some readers default to Latin-1. */
export const FEED_CONTENT_TYPES = {
  rss: "application/rss+xml; charset=utf-8",
  atom: "application/atom+xml; charset=utf-8",
  json: "application/feed+json; charset=utf-8",
} as const;

export type FeedFormat = keyof typeof FEED_CONTENT_TYPES;
