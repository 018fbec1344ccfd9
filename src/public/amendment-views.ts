// What readers get of amendments (src/amendments): the article's `amendments[]`, the corrections
// list's entries and the corrections feeds' items. Valibot views typing the mappers, as views.ts does.
import * as v from "valibot";
import { AMENDMENT_LABELS, AmendmentDocSchema, AmendmentKindSchema, amendmentHtml, amendmentText } from "../amendments/doc";
import type { PublicAmendment } from "../amendments/domain";
import type { FeedItem } from "../feeds/model";
import { time } from "./view-fields";

export const PublicAmendmentView = v.pipe(
  v.object({
    id: v.pipe(v.string(), v.description("Never changes; the entry's anchor in `body_html` is `amendment-{id}`.")),
    kind: AmendmentKindSchema,
    label: v.pipe(v.string(), v.description("The heading readers see: Correction, Clarification, Update, Editor’s note.")),
    body: AmendmentDocSchema,
    text: v.pipe(v.string(), v.description("The text as plain text (paragraphs separated by a blank line).")),
    html: v.pipe(v.string(), v.description("The text rendered by the body renderer: `<p>` per paragraph, every text escaped, links kept.")),
    published_at: time("When it became public (when added to the live story, or when the story went live with it)."),
    supersedes: v.pipe(
      v.nullable(v.string()),
      v.description("The id of the entry this one replaced, which readers no longer see; null for a first entry."),
    ),
  }),
  v.description("A correction, clarification, update or editor's note shown at the foot of the story. Once public it is never edited: a change is a new entry that supersedes it."),
);
export type PublicAmendmentOut = v.InferOutput<typeof PublicAmendmentView>;

export function toPublicAmendment(a: PublicAmendment): PublicAmendmentOut {
  return {
    id: a.id,
    kind: a.kind,
    label: AMENDMENT_LABELS[a.kind],
    body: a.body,
    text: amendmentText(a.body),
    html: amendmentHtml(a.body),
    published_at: a.publishedAt,
    supersedes: a.supersedesId,
  };
}

/** The article an entry of the corrections list belongs to: enough for a link. */
export const CorrectionArticleView = v.object({
  id: v.string(),
  slug: v.string(),
  headline: v.string(),
  url: v.pipe(v.string(), v.url(), v.description("The story's page on the site.")),
});

export const CorrectionEntryView = v.object({
  amendment: PublicAmendmentView,
  article: CorrectionArticleView,
});
export type CorrectionEntryOut = v.InferOutput<typeof CorrectionEntryView>;

export interface CorrectionEntry {
  amendment: PublicAmendment;
  article: { id: string; slug: string; headline: string; url: string; language: string };
}

export const toCorrectionEntry = (e: CorrectionEntry): CorrectionEntryOut => ({
  amendment: toPublicAmendment(e.amendment),
  article: { id: e.article.id, slug: e.article.slug, headline: e.article.headline, url: e.article.url },
});

/**
 * A corrections feed item: the entry is the news. Its id never changes (`urn:copydesk:amendment:<id>`),
 * its link is the story's page at the entry's anchor, its title "Correction: <headline>".
 */
export function correctionFeedItem(e: CorrectionEntry): FeedItem {
  const a = e.amendment;
  const text = amendmentText(a.body);
  return {
    id: `urn:copydesk:amendment:${a.id}`,
    url: `${e.article.url}#amendment-${a.id}`,
    headline: `${AMENDMENT_LABELS[a.kind]}: ${e.article.headline}`,
    dek: null,
    summary: text,
    description: text,
    bodyHtml: amendmentHtml(a.body),
    publishedAt: a.publishedAt,
    updatedAt: a.publishedAt,
    language: e.article.language,
    // Not a story: no reading time, bylines, section or image of its own (the JSON Feed extension
    // says what it is instead, amendmentOf). Its kind stays a category, which RSS and Atom readers
    // filter on.
    readingTime: 0,
    bylines: [],
    section: null,
    tags: [{ name: AMENDMENT_LABELS[a.kind], slug: a.kind }],
    image: null,
    audio: null,
    related: [],
    amendmentOf: { kind: a.kind, article: { id: e.article.id, url: e.article.url } },
  };
}
