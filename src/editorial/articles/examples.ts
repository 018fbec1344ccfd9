// The reference article (tests/helpers/reference-article.ts, shared/reference/article-shape.md) as
// the API reference shows it: what a client sends to create it, and what the API answers. The body
// is cut to its first paragraphs, a quote and one related card; ids are placeholders.
// tests/api/articles-contract.test.ts checks both against the schemas, so they cannot go stale.
import { escapeHtml } from "../../body/render-html";

const paragraph = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });
const P1 = `Paragraph 1 reports what the officials said at the site, with figures & names checked twice before filing "We are bringing the workshop closer to the sky it defends," the minister told reporters on Friday in a short statement.`;
const QUOTE = "“Every system in a warehouse is a system not protecting a city.”";
const RELATED_A = "art_01JC9ZQ7W5R2M4T6V8X0Y2A4B6";
const RELATED_B = "art_01JC9ZR3K7N9P1Q3S5U7W9Y1Z3";
const MEDIA = "med_01JCA0B2D4F6H8J0K2M4N6P8Q0";

const body = { type: "doc", content: [paragraph(P1), { type: "blockquote", content: [paragraph(QUOTE)] }, { type: "relatedCard", attrs: { article_id: RELATED_A } }] };

/** POST /articles: the reference article as an editor's program sends it. */
export const ARTICLE_INPUT_EXAMPLE = {
  headline: "Minister vows 'no launcher left idle' as a Norway-backed repair hub opens",
  dek: "The hub will refurbish damaged launchers with Norwegian help.",
  summary: "A repair hub near Lviv will return up to a dozen launchers a month, officials said.",
  section: "world",
  tags: ["News Feed", "Taras Velychko", "Ukraine", "Air Defence", "Surface-to-Air Missiles", "Norway"],
  bylines: [
    { contributor: "ilona-marchuk", role: null },
    { contributor: "courier-news-desk", role: null },
  ],
  body,
  featured_image: {
    media_id: MEDIA,
    alt: "Technicians inspect a truck-mounted launcher in a workshop",
    caption: "Illustrative purposes: technicians during a maintenance drill in Lviv on October 29, 2024",
    credit: "Marek Dzyuba/Eastgate Press via Northlight Images",
  },
  audio: { url: "https://media.example.org/audio/repair-hub.mp3", disclosure: "This audio is created with AI assistance" },
  related: [{ article_id: RELATED_A }, { article_id: RELATED_B }],
  comments_enabled: true,
};

const SITE = "https://courier.example";
/** Images are served by the Worker (the API's origin), not the public site. */
const API_ORIGIN = "https://cms.courier.example";
const EDITOR = { id: "usr_01JC9Y0A2C4E6G8J0L2N4Q6S8U", name: "Mira Kowalczyk" };
const SLUG = "minister-vows-no-launcher-left-idle-as-a-norway-backed-repair-hub-opens";
const card = (id: string, slug: string, headline: string, summary: string, by: { slug: string; name: string }) => ({
  type: "article" as const,
  article_id: id,
  headline,
  summary,
  url: `${SITE}/world/${slug}`,
  status: "published",
  bylines: [{ ...by, kind: "person" }],
});
const WELDERS = card(RELATED_A, "european-arms-makers-struggle-to-hire-welders", "European arms makers struggle to hire welders", "A shortage of welders, not money, now slows production.", {
  slug: "devin-okafor-lind",
  name: "Devin Okafor-Lind",
});
const OUTAGES = card(RELATED_B, "counting-the-dark-hours-of-a-winter-of-outages", "Counting the dark hours of a winter of outages", "Evenings, not nights, take the biggest hit.", {
  slug: "petra-voskuijlen",
  name: "Petra Voskuijlen",
});

/** The answer: the reference article once published (its Kyiv time 00:34 on 2 November is 22:34 UTC on 1 November). */
export const ARTICLE_EXAMPLE = {
  id: "art_01JCA0C3E5G7J9L1N3Q5S7U9W1",
  slug: SLUG,
  url: `${SITE}/world/${SLUG}`,
  headline: ARTICLE_INPUT_EXAMPLE.headline,
  dek: ARTICLE_INPUT_EXAMPLE.dek,
  summary: ARTICLE_INPUT_EXAMPLE.summary,
  body,
  body_html: [
    `<p>${escapeHtml(P1)}</p>`,
    `<blockquote><p>${QUOTE}</p></blockquote>`,
    `<aside class="related-card"><a href="${WELDERS.url}">${WELDERS.headline}</a><p>${escapeHtml(WELDERS.summary)}</p><p class="byline">By Devin Okafor-Lind</p></aside>`,
  ].join("\n"),
  reading_time: 2,
  section: { id: "sec_01JC9XW2Y4A6C8E0G2J4L6N8Q0", slug: "world", name: "World" },
  bylines: [
    { role: null, contributor: { id: "ctb_01JC9XX1Z3B5D7F9H1K3M5P7R9", slug: "ilona-marchuk", name: "Ilona Marchuk", kind: "person" as const, job_title: "Staff reporter" } },
    { role: null, contributor: { id: "ctb_01JC9XX8B0D2F4H6K8M0P2R4T6", slug: "courier-news-desk", name: "Courier news desk", kind: "organization" as const, job_title: null } },
  ],
  tags: ARTICLE_INPUT_EXAMPLE.tags.map((name, i) => ({ id: `tag_01JC9XZ${i}`, slug: name.toLowerCase().replace(/[^a-z0-9]+/g, "-"), name })),
  related: [WELDERS, OUTAGES],
  featured_image: { ...ARTICLE_INPUT_EXAMPLE.featured_image, url: `${API_ORIGIN}/media/${MEDIA}`, width: 1600, height: 1067 },
  audio: ARTICLE_INPUT_EXAMPLE.audio,
  canonical_url: null,
  language: "en",
  seo_title: null,
  seo_description: null,
  comments_enabled: true,
  status: "published" as const,
  scheduled_at: null,
  published_at: "2024-11-01T22:34:00.000Z",
  first_published_at: "2024-11-01T22:34:00.000Z",
  embargoed_until: null,
  created_at: "2024-11-01T21:58:12.000Z",
  updated_at: "2024-11-01T22:34:05.000Z",
  last_major_update_at: "2024-11-01T22:34:05.000Z",
  created_by: EDITOR.id,
  updated_by: EDITOR.id,
  updated_by_name: EDITOR.name,
  version: 3,
  allowed_actions: ["update", "unpublish", "archive", "delete", "restore"],
  submitted_for_editing: null,
  working_copy: null,
  stage: "ready",
  stage_name: "Ready",
  assignees: [EDITOR],
  due_at: "2024-11-01T22:30:00.000Z",
  kind: "article",
  live: null,
};
