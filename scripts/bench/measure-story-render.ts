// The story-by-slug miss's pure parts, timed in Node on a bench-shaped story (npx tsx
// scripts/bench/measure-story-render.ts): workerd has no --cpu-prof, and its timers do not move
// within a request, so this is where the parts after D1 can be weighed against each other.
import { performance } from "node:perf_hooks";
import { renderPreparedBody } from "../../src/articles/render-body";
import type { ArticleCard } from "../../src/articles/cards";
import type { BodyDoc } from "../../src/body/schema";
import { siteUrls } from "../../src/lib/urls";
import type { PublicArticle } from "../../src/public/load";
import { toArticleFull } from "../../src/public/views";
import { toFeedItem } from "../../src/public/feed-item";
import { jsonLdScript } from "../../src/seo/json-ld";
import { splicedJson } from "../../src/public/responses";
import { buildBody } from "./generate/body";
import { createRng } from "./generate/prng";

const rng = createRng(3);
const body: BodyDoc = buildBody(rng, { mediaId: (r) => `med_${r.int(1, 50)}`, relatedArticleId: (r) => `art_${r.int(1, 50)}` });
const urls = siteUrls({ PUBLIC_SITE_URL: "https://news.example", ARTICLE_URL_PATTERN: "/{section}/{slug}" } as never, "https://api.example/x");
const cards = new Map<string, ArticleCard>();
for (let i = 1; i <= 50; i++) {
  cards.set(`art_${i}`, { id: `art_${i}`, slug: `s${i}`, url: `https://news.example/s${i}`, headline: `Card ${i}`, summary: "A summary of it.", bylines: [{ slug: "p", name: "P Q", kind: "person" }], image: null, published_at: "2026-01-01T00:00:00.000Z" } as unknown as ArticleCard);
}
const mediaById = new Map(Array.from({ length: 50 }, (_, i) => [`med_${i + 1}`, { id: `med_${i + 1}`, width: 1600, height: 900 }]));
const row = {
  id: "art_x", kind: "story", slug: "a-story", headline: "A story & more", dek: "Dek", summary: "Summary", status: "published", version: 3,
  language: "en", readingTime: 4, publishedAt: "2026-01-01T00:00:00.000Z", firstPublishedAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-02T00:00:00.000Z",
  lastMajorUpdateAt: null, featuredMediaId: "med_1", featuredAlt: "Alt", featuredCaption: "Cap", featuredCredit: "Cred", audioUrl: null, audioDisclosure: null,
  canonicalUrl: null, seoTitle: null, seoDescription: null, commentsEnabled: true, coverageStartAt: null, coverageEndAt: null, body,
};
const article = {
  row, url: "https://news.example/world/a-story", section: { slug: "world", name: "World" },
  bylines: [{ slug: "p", name: "P Q", kind: "person", role: null, avatar_media_id: null }], tags: [{ slug: "t", name: "T" }, { slug: "u", name: "U" }],
  image: { id: "med_1", mimeType: "image/jpeg", width: 1600, height: 900, alt: "Alt" }, related: [], bodyHtml: "", amendments: [], live: null,
} as unknown as PublicArticle;
const site = { title: "Courier", description: null, language: "en", logo: null };

function time(label: string, n: number, f: () => unknown) {
  for (let i = 0; i < 200; i++) f();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) f();
  console.log(`${label.padEnd(40)} ${(((performance.now() - t0) / n) * 1000).toFixed(1)} µs`);
}
article.bodyHtml = renderPreparedBody({ tree: body }, mediaById, cards, urls);
const full = toArticleFull(article, urls, site);
console.log(`body JSON ${JSON.stringify(body).length} B, HTML ${article.bodyHtml.length} B, answer ${jsonLdScript({ article: full }).length} B`);
time("JSON.parse(body)", 2000, () => JSON.parse(JSON.stringify(body)));
time("renderPreparedBody (tree)", 2000, () => renderPreparedBody({ tree: body }, mediaById, cards, urls));
time("toFeedItem", 2000, () => toFeedItem(article, urls));
time("toArticleFull", 2000, () => toArticleFull(article, urls, site));
time("jsonLdScript({ article })", 2000, () => jsonLdScript({ article: full }));
time("JSON.stringify({ article })", 2000, () => JSON.stringify({ article: full }));
const bodyText = JSON.stringify(body);
if (splicedJson((slot) => ({ article: { ...full, body: slot } }), bodyText) !== jsonLdScript({ article: full })) throw new Error("the spliced answer differs");
time("splicedJson (body as stored text)", 2000, () => splicedJson((slot) => ({ article: { ...full, body: slot } }), bodyText));
