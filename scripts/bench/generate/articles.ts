// One article at a time, oldest first, with its ordered bylines, tags and related links.
// Each story is drawn from its own seed, counted from the newest (the newest story is 0 at every
// size): the pages the bench measures (the newest 20 and 50, the newest stories by slug, the busiest
// tag's newest) hold the same stories, with the same bytes, in every size's archive, so comparing
// sizes measures the archive's size and not a different front page (hits are bound by the bytes
// they move). Its related cards and images are drawn relative to it, so they match too.
// Derived columns (excerpt_text, reading_time, body_html_z) and the search index's row come from
// the app's own functions, as a save would: the public reads then fill the stored rendering
// (src/body/stored-html.ts), as in production.
import { storedExcerpt } from "../../../src/articles/search-index";
import { bodyToPlainText, readingTimeMinutes } from "../../../src/body/plain-text";
import { storeBodyHtml } from "../../../src/body/stored-html";
import { packStoredBody } from "../../../src/body/stored-html-pack";
import { slugify } from "../../../src/lib/slug";
import { buildBody } from "./body";
import { createRng, distinct, stableId, zipfSampler } from "./prng";
import type { Newsroom, Row } from "./newsroom";
import { headline, phrase, sentence, summary } from "./text";
import { SOURCES } from "./vocabulary";

export interface GeneratedArticle {
  article: Row;
  bylines: Row[];
  tags: Row[];
  related: Row[];
  /** Its row in articles_fts (contentless since migration 0018: the save writes the text). */
  search: Row;
}

/** Roughly 60 stories a day: 100,000 articles reach back about four and a half years. */
const INTERVAL_MS = 24 * 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The media a story may show: a window that moves back with the story's age, within the library
 * of the smallest archive for the newest stories (seed.ts: 200 + total / 2 media). */
const MEDIA_WINDOW = 200;

export function articleGenerator(room: Newsroom, total: number, now: number, actorId: string) {
  const ids: string[] = [];
  const usedSlugs = new Set<string>();
  const person = zipfSampler(room.people.length, 0.8);
  const tag = zipfSampler(room.tags.length, 1.0);
  const media = room.media;

  return function next(i: number): GeneratedArticle {
    const age = total - 1 - i;
    const rng = createRng(Math.imul(0x5eed, 0x9e3779b1) ^ Math.imul(age + 1, 0x85ebca6b));
    const id = stableId("art", i, rng);
    // One of the 2,000 stories before it (fewer near the archive's start).
    const earlier = () => (i ? ids[i - rng.int(1, Math.min(2000, i))]! : null);
    const pickMedia = (r: typeof rng) => media[Math.min(media.length - 1, (age >> 1) + r.int(0, MEDIA_WINDOW - 1))]!;
    const body = buildBody(rng, { mediaId: (r) => pickMedia(r).id, relatedArticleId: earlier });
    const title = headline(rng);
    const plainText = bodyToPlainText(body);
    let slug = slugify(title);
    if (usedSlugs.has(slug)) slug = `${slug}-${i.toString(36)}`;
    usedSlugs.add(slug);

    // Oldest first, evenly spaced with jitter smaller than half the spacing, so the order is stable.
    const publishedMs = now - (total - i) * INTERVAL_MS + rng.int(-INTERVAL_MS / 2 + 1000, INTERVAL_MS / 2 - 1000);
    const roll = rng.next();
    const status = roll < 0.94 ? "published" : roll < 0.98 ? "draft" : roll < 0.99 ? "scheduled" : "archived";
    const published = status === "published" || status === "archived";
    const createdMs = publishedMs - rng.int(30, 600) * 60_000;
    const updatedMs = published && rng.chance(0.2) ? Math.min(now, publishedMs + rng.int(10, 3000) * 60_000) : published ? publishedMs : createdMs;
    const image = rng.chance(0.9) ? pickMedia(rng) : null;
    const audio = rng.chance(0.05);

    // In the order the literal below drew them before (the seed's stories stay the same).
    const dek = rng.chance(0.7) ? sentence(rng) : null;
    const storySummary = summary(rng);
    const article: Row = {
      id,
      slug,
      headline: title,
      dek,
      summary: storySummary,
      body: JSON.stringify(body),
      excerpt_text: storedExcerpt(storySummary, plainText),
      body_html: null,
      // JSON carries no bytes: sent in hex, made a BLOB by the INSERT (unhex; seed.ts inserter).
      body_html_z: { hex: Buffer.from(packStoredBody(storeBodyHtml(body))).toString("hex") },
      reading_time: readingTimeMinutes(body),
      section_id: room.sections[rng.int(0, room.sections.length - 1)]!.id,
      status,
      scheduled_at: status === "scheduled" ? iso(now + rng.int(1, 14 * 24) * 3_600_000) : null,
      published_at: published ? iso(publishedMs) : null,
      first_published_at: published ? iso(publishedMs) : null,
      featured_media_id: image ? (image.id as string) : null,
      featured_alt: image ? (image.alt as string) : null,
      featured_caption: image ? sentence(rng) : null,
      featured_credit: image ? (image.credit as string) : null,
      audio_url: audio ? `https://audio.example.org/${id}.mp3` : null,
      audio_disclosure: audio ? "This audio is created with AI assistance" : null,
      canonical_url: null,
      language: "en",
      seo_title: rng.chance(0.2) ? title.slice(0, 60) : null,
      seo_description: null,
      comments_enabled: rng.chance(0.8) ? 1 : 0,
      version: 1,
      created_by: actorId,
      updated_by: actorId,
      created_at: iso(createdMs),
      updated_at: iso(updatedMs),
      // The FTS5 index is keyed by this stable integer (migration 0002).
      search_id: i + 1,
    };

    const bylineCount = rng.chance(0.6) ? 1 : rng.chance(0.75) ? 2 : 3;
    const people = distinct(rng, bylineCount, person).map((p) => room.people[p]!);
    const contributors = rng.chance(0.25) ? [...people.slice(0, Math.max(1, bylineCount - 1)), rng.pick(room.desks)] : people;
    const bylines = contributors.map((c, position) => ({
      article_id: id,
      position,
      contributor_id: c.id as string,
      role: c.kind === "organization" && position > 0 ? "Additional reporting" : position > 0 && rng.chance(0.1) ? "Photography" : null,
    }));
    const tags = distinct(rng, rng.int(3, 6), tag).map((t, position) => ({ article_id: id, position, tag_id: room.tags[t]!.id as string }));
    const related: Row[] = [];
    for (let position = 0, n = rng.int(0, 3); position < n; position++) {
      const target = rng.chance(0.6) ? earlier() : null;
      related.push(
        target
          ? { article_id: id, position, target_article_id: target, url: null, title: null, summary: null, source_name: null }
          : { article_id: id, position, target_article_id: null, url: `https://www.example.org/story/${rng.int(1, 9_999_999)}`, title: phrase(rng), summary: sentence(rng), source_name: rng.pick(SOURCES) },
      );
    }
    ids.push(id);
    const search = { rowid: i + 1, headline: title, summary: storySummary, body_text: plainText };
    return { article, bylines, tags, related, search };
  };
}
