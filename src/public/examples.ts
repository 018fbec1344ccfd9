// Examples for the content document: the reference article (tests/helpers/reference-article.ts,
// shared/reference/article-shape.md) as the content API serves it, its body abridged to three
// blocks. tests/api/content-api-document.test.ts checks each example against its own schema.
import { jsonLdScript } from "../seo/json-ld";

const SITE = "https://news.example";
const API = "https://api.news.example";
const HEADLINE = "Minister vows 'no launcher left idle' as a Norway-backed repair hub opens";
const SLUG = "minister-vows-no-launcher-left-idle-as-a-norway-backed-repair-hub-opens";
const STORY_URL = `${SITE}/world/${SLUG}`;
const PUBLISHED = "2024-11-01T22:34:00.000Z";
const UPDATED = "2024-11-02T06:10:00.000Z";
const IMAGE = {
  url: `${API}/media/med_4k2n8x1q7c3v9p0d`,
  alt: "Technicians inspect a truck-mounted launcher in a workshop",
  caption: "Illustrative purposes: technicians during a maintenance drill in Lviv on October 29, 2024",
  credit: "Marek Dzyuba/Eastgate Press via Northlight Images",
};
const TAGS = ["News Feed", "Taras Velychko", "Ukraine", "Air Defence", "Surface-to-Air Missiles", "Norway"];
const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
const QUOTE = `"We are bringing the workshop closer to the sky it defends," the minister told reporters on Friday in a short statement.`;
const paragraph = (n: number) => `Paragraph ${n} reports what the officials said at the site, with figures & names checked twice before filing ${QUOTE}`;
const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;");

export const ARTICLE_SUMMARY_EXAMPLE = {
  id: "art_9t3m5w2k8r1x6b4z",
  kind: "article",
  slug: SLUG,
  url: STORY_URL,
  headline: HEADLINE,
  dek: "The hub will refurbish damaged launchers with Norwegian help.",
  summary: "A repair hub near Lviv will return up to a dozen launchers a month, officials said.",
  section: { slug: "world", name: "World" },
  bylines: [
    { slug: "ilona-marchuk", name: "Ilona Marchuk", kind: "person", role: null, job_title: "Staff reporter", avatar: null, url: `${SITE}/authors/ilona-marchuk` },
    { slug: "courier-news-desk", name: "Courier news desk", kind: "organization", role: null, job_title: null, avatar: null, url: `${SITE}/authors/courier-news-desk` },
  ],
  tags: TAGS.map((name) => ({ slug: slugOf(name), name })),
  featured_image: { url: IMAGE.url, mime_type: "image/jpeg", width: 1600, height: 1067, alt: IMAGE.alt, caption: IMAGE.caption, credit: IMAGE.credit },
  reading_time: 2,
  language: "en",
  published_at: PUBLISHED,
  updated_at: UPDATED,
  last_major_update_at: UPDATED,
};

const WELDERS = {
  slug: "european-arms-makers-struggle-to-hire-welders",
  headline: "European arms makers struggle to hire welders",
  summary: "A shortage of welders, not money, now slows production.",
};

const jsonLd = {
  "@context": "https://schema.org",
  "@type": "NewsArticle",
  headline: HEADLINE,
  alternativeHeadline: ARTICLE_SUMMARY_EXAMPLE.dek,
  description: ARTICLE_SUMMARY_EXAMPLE.summary,
  mainEntityOfPage: STORY_URL,
  url: STORY_URL,
  datePublished: "2024-11-01T22:34:00Z",
  dateModified: "2024-11-02T06:10:00Z",
  author: [
    { "@type": "Person", name: "Ilona Marchuk", url: `${SITE}/authors/ilona-marchuk` },
    { "@type": "Organization", name: "Courier news desk", url: `${SITE}/authors/courier-news-desk` },
  ],
  image: [{ "@type": "ImageObject", url: IMAGE.url, width: 1600, height: 1067, caption: IMAGE.caption, creditText: IMAGE.credit, description: IMAGE.alt }],
  articleSection: "World",
  keywords: TAGS,
  inLanguage: "en",
  timeRequired: "PT2M",
  publisher: { "@type": "Organization", name: "The Copydesk Courier", url: `${SITE}/` },
  isAccessibleForFree: true,
  audio: { "@type": "AudioObject", contentUrl: "https://media.example.org/audio/repair-hub.mp3", description: "This audio is created with AI assistance" },
};

const og = {
  type: "article",
  title: HEADLINE,
  description: ARTICLE_SUMMARY_EXAMPLE.summary,
  url: STORY_URL,
  site_name: "The Copydesk Courier",
  locale: "en_US",
  image: { url: IMAGE.url, width: 1600, height: 1067, alt: IMAGE.alt, type: "image/jpeg" },
  published_time: "2024-11-01T22:34:00Z",
  modified_time: "2024-11-02T06:10:00Z",
  authors: [`${SITE}/authors/ilona-marchuk`, `${SITE}/authors/courier-news-desk`],
  author_names: ["Ilona Marchuk", "Courier news desk"],
  section: "World",
  tags: TAGS,
};
const twitter = { card: "summary_large_image", title: HEADLINE, description: og.description, image: { url: IMAGE.url, alt: IMAGE.alt } };
const share = {
  title: HEADLINE,
  description: og.description,
  url: STORY_URL,
  open_graph: og,
  twitter,
  meta: [
    ...(["type", "title", "description", "url", "site_name", "locale"] as const).map((k) => ({ property: `og:${k}`, content: og[k] })),
    { property: "og:image", content: IMAGE.url },
    { property: "og:image:type", content: "image/jpeg" },
    { property: "og:image:width", content: "1600" },
    { property: "og:image:height", content: "1067" },
    { property: "og:image:alt", content: IMAGE.alt },
    { property: "article:published_time", content: og.published_time },
    { property: "article:modified_time", content: og.modified_time },
    ...og.authors.map((content) => ({ property: "article:author", content })),
    { property: "article:section", content: "World" },
    ...TAGS.map((content) => ({ property: "article:tag", content })),
    { name: "twitter:card", content: twitter.card },
    { name: "twitter:title", content: HEADLINE },
    { name: "twitter:description", content: og.description },
    { name: "twitter:image", content: IMAGE.url },
    { name: "twitter:image:alt", content: IMAGE.alt },
  ],
  oembed: {
    json: `${API}/oembed?url=${encodeURIComponent(STORY_URL)}&format=json`,
    xml: `${API}/oembed?url=${encodeURIComponent(STORY_URL)}&format=xml`,
  },
};

export const ARTICLE_EXAMPLE = {
  ...ARTICLE_SUMMARY_EXAMPLE,
  first_published_at: PUBLISHED,
  audio: { url: "https://media.example.org/audio/repair-hub.mp3", disclosure: "This audio is created with AI assistance" },
  body: {
    type: "doc",
    content: [
      { type: "paragraph", content: [{ type: "text", text: paragraph(3) }] },
      { type: "relatedCard", attrs: { article_id: "art_2h7d0q5n3y8c1f6j" } },
      { type: "blockquote", content: [{ type: "paragraph", content: [{ type: "text", text: "“Every system in a warehouse is a system not protecting a city.”" }] }] },
    ],
  },
  body_html: [
    `<p>${escapeHtml(paragraph(3))}</p>`,
    `<aside class="related-card"><a href="${SITE}/world/${WELDERS.slug}">${WELDERS.headline}</a><p>${WELDERS.summary}</p><p class="byline">By Devin Okafor-Lind</p></aside>`,
    "<blockquote><p>“Every system in a warehouse is a system not protecting a city.”</p></blockquote>",
  ].join("\n"),
  related: [
    {
      type: "article",
      ...WELDERS,
      url: `${SITE}/world/${WELDERS.slug}`,
      bylines: [{ slug: "devin-okafor-lind", name: "Devin Okafor-Lind", kind: "person", url: `${SITE}/authors/devin-okafor-lind` }],
      image: null,
      published_at: "2024-10-30T09:00:00.000Z",
    },
  ],
  canonical_url: null,
  seo_title: null,
  seo_description: null,
  comments_enabled: true,
  // Not a live blog (README "Live blogs"): no entries, stream or feeds of its own.
  live: null,
  // Corrections and updates (README "Corrections and updates"): none on this story.
  amendments: [],
  share,
  json_ld: jsonLd,
  json_ld_script: jsonLdScript(jsonLd),
};
