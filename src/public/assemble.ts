// The shared assembly of every public read (a page's loaders in load.ts, a story read whole in
// load-whole.ts): the columns each statement selects in common, and `assemble`, which turns those rows
// into the articles readers see (stored bodies filled or trees rendered, references resolved once
// for the whole page, or taken from what the row's statement resolved).
import { getTableColumns, sql } from "drizzle-orm";
import { collectReferences, type BodyDoc } from "../body";
import { prepareStoredBody, type PreparedBody } from "../body/stored-html";
import { loadBodyText } from "../articles/body-store";
import { unpackStoredBody } from "../body/stored-html-pack";
import { referencesFromJson, resolveReferences } from "../articles/cards";
import { parseChildren, publicChildrenJson } from "../articles/children-json";
import type { ArticleRow } from "../articles/query";
import { renderPreparedBody } from "../articles/render-body";
import { keepStoredBody, storedBodyKey } from "../articles/stored-body-cache";
import type { DB } from "../db/client";
import { SETTINGS_JSON } from "../editorial/settings/domain";
import { articles, blobBytes, media, sections } from "../db/schema";
import type { SiteUrls } from "../lib/urls";
import { parsePublicAmendments, publicAmendmentsJson } from "../amendments/domain";
import type { PublicLive } from "./live-load";
import type { PublicArticle, PublicArticleOf, PublicRow } from "./load";

export const common = {
  ...publicColumns(),
  sectionSlug: sql<string | null>`${sections.slug}`.as("section_slug"),
  sectionName: sql<string | null>`${sections.name}`.as("section_name"),
  imageMime: sql<string | null>`${media.mimeType}`.as("image_mime"),
  imageWidth: sql<number | null>`${media.width}`.as("image_width"),
  imageHeight: sql<number | null>`${media.height}`.as("image_height"),
  imageAlt: sql<string | null>`${media.alt}`.as("image_alt"),
  // Internal tags never leave: readers get public tags only.
  ...publicChildrenJson,
  // The same value on every row, computed once by SQLite: the settings ride along for free.
  siteJson: sql<string | null>`${SETTINGS_JSON}`.as("site_json"),
  amendmentsJson: publicAmendmentsJson(sql.raw(`"articles"."id"`)).as("amendments_json"),
};

function publicColumns() {
  const { body: _body, excerptText: _text, bodyHtml: _html, bodyHtmlZ: _z, ...columns } = getTableColumns(articles);
  return columns;
}
const PUBLIC_COLUMN_KEYS = Object.keys(publicColumns()) as (keyof PublicRow)[];

type CommonRow = ArticleRow<typeof common>;

/**
 * What a loader takes from its rows beside the common columns: the tree (parsed, or its JSON when
 * the statement read it only for want of a stored rendering), the columns its consumers read, and a
 * live block when it read one.
 */
type StoredSource = { storedHtml: string | null; storedZ: ArrayBuffer | number[] | null; treeJson: string | null; held?: ReadonlyMap<string, PreparedBody> };
type BodySource<Extra> = ({ tree: BodyDoc } | StoredSource) & {
  extra: Extra;
  live?: PublicLive | null;
  /** The row's references already resolved by its statement (referencesJson): no statement of their own. */
  references?: { cards: string | null; media: string | null };
};

export async function assemble<R extends CommonRow, Extra extends object>(db: DB, rows: R[], urls: SiteUrls, source: (r: R) => BodySource<Extra>): Promise<PublicArticleOf<PublicRow & Extra>[]> {
  const sources = await withArchivedTrees(db, rows, rows.map(source));
  const parsed = rows.map((r, i) => {
    const s = sources[i]!;
    const stored = "tree" in s ? null : storedOf(r, s);
    const tree = stored ? null : "tree" in s ? s.tree : treeOf(s.treeJson);
    const body: { stored: PreparedBody } | { tree: BodyDoc } = stored ? { stored } : { tree: tree! };
    const refs = stored ?? collectReferences(tree!);
    return { r, s, body, refs, ...parseChildren(r) };
  });
  const read = parsed.map((p) => p.s.references);
  const { cards, mediaById } = read.every((r) => r !== undefined)
    ? mergedReferences(read, urls)
    : await resolveReferences(
        db,
        parsed.flatMap((p) => [...p.related.flatMap((l) => (l.target_article_id ? [l.target_article_id] : [])), ...p.refs.articleIds]),
        parsed.flatMap((p) => p.refs.mediaIds),
        urls,
        { publishedOnly: true },
      );
  return parsed.map(({ r, s, body, bylines, tags, related }) => {
    const row = { ...publicRowOf(r), ...s.extra };
    const sectionSlug = r.sectionSlug;
    return {
      row,
      url: urls.article(sectionSlug, row.slug, row.id),
      section: sectionSlug ? { slug: sectionSlug, name: r.sectionName ?? sectionSlug } : null,
      bylines,
      tags,
      image: row.featuredMediaId && r.imageMime ? { id: row.featuredMediaId, mimeType: r.imageMime, width: r.imageWidth, height: r.imageHeight, alt: r.imageAlt ?? "" } : null,
      related: related.flatMap((l): PublicArticle["related"] => {
        if (!l.target_article_id) return [{ kind: "external", url: l.url ?? "", title: l.title ?? "", summary: l.summary, source: l.source_name }];
        const card = cards.get(l.target_article_id);
        return card ? [{ kind: "article", card }] : [];
      }),
      bodyHtml: renderPreparedBody(body, mediaById, cards, urls),
      amendments: parsePublicAmendments(r.amendmentsJson),
      ...(s.live !== undefined ? { live: s.live } : {}),
    };
  });
}

/**
 * A page's row read its tree only for want of a stored rendering (saved before migration 0015, or
 * in another format); when that story is cold, what it read is the marker: its tree comes from R2.
 * Rare (every save since migration 0015 stores a rendering), so one GET per such row, in parallel.
 */
async function withArchivedTrees<Extra>(db: DB, rows: CommonRow[], sources: BodySource<Extra>[]): Promise<BodySource<Extra>[]> {
  const cold = (s: BodySource<Extra>, r: CommonRow) => !("tree" in s) && s.treeJson !== null && r.bodyKey !== null;
  // The usual page: nothing to fetch, and no promise per row on a miss's CPU.
  if (!sources.some((s, i) => cold(s, rows[i]!))) return sources;
  return Promise.all(sources.map(async (s, i) => (cold(s, rows[i]!) ? { ...s, treeJson: await loadBodyText(db, rows[i]!.bodyKey!) } : s)));
}

/** The references each row's statement resolved, in one pair of maps (keyed by id, as resolveReferences gives them). */
function mergedReferences(read: { cards: string | null; media: string | null }[], urls: SiteUrls) {
  const merged = referencesFromJson(null, null, urls);
  for (const r of read) {
    const { cards, mediaById } = referencesFromJson(r.cards, r.media, urls);
    for (const [id, card] of cards) merged.cards.set(id, card);
    for (const [id, m] of mediaById) merged.mediaById.set(id, m);
  }
  return merged;
}

/**
 * The row's stored body, prepared: the isolate's copy when the statement left it out for that, else
 * what it read (kept for the next page); null when there is none of this format (read the tree).
 */
function storedOf(r: CommonRow, s: StoredSource): PreparedBody | null {
  const key = storedBodyKey(r.id, r.version);
  if (s.storedHtml === null && s.storedZ === null && s.treeJson === null) {
    const held = s.held?.get(key);
    if (!held) throw new Error(`The page statement left out a stored body this request does not hold (${key}).`);
    keepStoredBody(key, held);
    return held;
  }
  // Inflated here once per (article, version) and isolate on a page: the cache keeps the prepared body.
  const prepared = prepareStoredBody(s.storedZ === null ? s.storedHtml : unpackStoredBody(blobBytes(s.storedZ)));
  if (prepared && s.held) keepStoredBody(key, prepared);
  return prepared;
}

/** The statement reads the tree whenever the stored rendering is missing or of another format (the CASE in load.ts `listed`). */
function treeOf(json: string | null): BodyDoc {
  if (json === null) throw new Error("An article row came with neither a stored body in this format nor its tree.");
  return JSON.parse(json) as BodyDoc;
}

/** The article's own columns of a row, by name: nothing else the statement read (JSON, extras) rides along. */
function publicRowOf(r: CommonRow): PublicRow {
  const row: Partial<Record<keyof PublicRow, unknown>> = {};
  for (const key of PUBLIC_COLUMN_KEYS) row[key] = r[key];
  return row as PublicRow;
}
