// What the Ghost-compatible API reads. Posts go through the public loader and the one article query
// module (src/public/load.ts → src/articles/query.ts: published only, same rendering as our own API)
// with a few Ghost-only columns read in the same statement, and the list's total read from the kept
// counts where it can be (./totals.ts); authors and tags are the public directory's lists
// (src/public/directory.ts, their counts kept by migration 0024), filtered, ordered and paged here: a
// newsroom has hundreds of them, not tens of thousands.
import { sql, type SQL } from "drizzle-orm";
import type { DB } from "../db/client";
import { articles, media } from "../db/schema";
import type { SiteUrls } from "../lib/urls";
import * as dir from "../public/directory";
import { loadPublishedOffsetPage, type PublicByline } from "../public/load";
import type { ARTICLE_ORDER_COLUMNS } from "../articles/offset-page";
import { matches, type FilterNode } from "./filter";
import { FEATURED_SQL, postFilterSql } from "./filter-sql";
import { postTotalSql } from "./totals";
import type { AuthorSource, PostExtras } from "./views";

const OUTER_ID = sql.raw(`"articles"."id"`);

// Read with each page's rows: Ghost's ids for an imported post, `featured`, an external image's
// address, and which of its tags are internal (left out of every answer).
const ghostColumns = {
  ghostJson: sql<string | null>`(SELECT json_object('uuid', g.ghost_uuid, 'id', g.ghost_id) FROM ghost_map g WHERE g.kind = 'post' AND g.local_id = ${OUTER_ID} LIMIT 1)`.as("ghost_json"),
  ghostFeatured: sql<number>`${FEATURED_SQL}`.as("ghost_featured"),
  imageSourceUrl: sql<string | null>`${media.sourceUrl}`.as("image_source_url"),
  // Every tag's id and visibility in order: the first decides primary_tag even when readers never see it.
  // The bylines' bios and links, for Ghost's full author objects (the public byline carries neither).
  authorDetailsJson: sql<string>`(SELECT json_group_array(json_object('id', c.id, 'bio', c.bio, 'links', json(c.links))) FROM bylines b JOIN contributors c ON c.id = b.contributor_id WHERE b.article_id = ${OUTER_ID})`.as("author_details_json"),
  tagVisibilityJson: sql<string>`(SELECT json_group_array(json_array(t.id, t.visibility) ORDER BY x.position) FROM article_tags x JOIN tags t ON t.id = x.tag_id WHERE x.article_id = ${OUTER_ID})`.as("tag_visibility_json"),
};

export interface PostQuery {
  page: number;
  limit: number;
  order: { key: keyof typeof ARTICLE_ORDER_COLUMNS; dir: "asc" | "desc" }[];
  filter?: FilterNode | undefined;
  /** One post: by id or by slug. */
  only?: { id: string } | { slug: string } | undefined;
}

/** `plainText`: the posts' whole plain text (Ghost's `formats=plaintext`), made from each body's tree. */
export async function loadPosts(db: DB, q: PostQuery, urls: SiteUrls, opts: { plainText?: boolean } = {}) {
  const conditions: SQL[] = [];
  if (q.filter) conditions.push(postFilterSql(q.filter));
  if (q.only) conditions.push("id" in q.only ? sql`${articles.id} = ${q.only.id}` : sql`${articles.slug} = ${q.only.slug}`);
  // One post by id or slug has no total to give; a list's is read from the kept counts when it can be.
  const counted = q.only ? null : postTotalSql(q.filter);
  const { articles: found, total } = await loadPublishedOffsetPage(
    db,
    {
      where: conditions.length ? sql.join(conditions, sql.raw(" AND ")) : undefined,
      order: q.order,
      limit: q.limit,
      offset: (q.page - 1) * q.limit,
      total: counted ? { sql: counted.total, kept: counted.kept } : undefined,
    },
    ghostColumns,
    urls,
    opts,
  );
  const posts = await Promise.all(
    found.map(async ({ article, extra }) => {
      const ghost = extra.ghostJson ? (JSON.parse(extra.ghostJson) as { uuid: string | null; id: string }) : null;
      const extras: PostExtras = {
        uuid: ghost?.uuid ?? (await uuidFromId(article.row.id)),
        ghostId: ghost?.id ?? null,
        featured: !!extra.ghostFeatured,
        imageSourceUrl: extra.imageSourceUrl,
        tagVisibility: JSON.parse(extra.tagVisibilityJson ?? "[]") as [string, string][],
        authors: authorsOf(article.bylines, extra.authorDetailsJson, urls),
      };
      return { article, extras };
    }),
  );
  return { posts, total };
}

function authorsOf(bylines: PublicByline[], detailsJson: string | null, urls: SiteUrls): Map<string, AuthorSource> {
  const details = new Map((JSON.parse(detailsJson ?? "[]") as { id: string; bio: string | null; links: AuthorSource["links"] | null }[]).map((d) => [d.id, d]));
  return new Map(
    bylines.map((b) => [b.id, { id: b.id, slug: b.slug, name: b.name, bio: details.get(b.id)?.bio ?? null, avatarUrl: b.avatar_media_id ? urls.media(b.avatar_media_id) : null, links: details.get(b.id)?.links ?? [] }]),
  );
}

/** A stable UUID for a post Ghost never saw: SHA-256 of our id, shaped as an RFC 9562 version 8 UUID. */
export async function uuidFromId(id: string): Promise<string> {
  const b = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`copydesk-post:${id}`))).slice(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// --- authors and tags ---------------------------------------------------------------------------

export interface DirectoryItem {
  id: string;
  slug: string;
  name: string;
  posts: number;
}

export interface DirectoryQuery {
  page: number;
  limit: number;
  order?: { key: "name" | "slug" | "count"; dir: "asc" | "desc" }[] | undefined;
  filter?: FilterNode | undefined;
}

/** Filter (in memory, by the same parsed tree), order and page a directory list, Ghost's way. */
export function pageOf<T extends DirectoryItem>(items: T[], q: DirectoryQuery) {
  const kept = q.filter ? items.filter((i) => matches(q.filter!, (f) => directoryField(i, f))) : items;
  const order = q.order?.length ? q.order : [{ key: "name" as const, dir: "asc" as const }];
  const value = (i: T, key: "name" | "slug" | "count") => (key === "count" ? i.posts : i[key].toLowerCase());
  kept.sort((a, b) => {
    for (const o of order) {
      const [x, y] = [value(a, o.key), value(b, o.key)];
      if (x !== y) return (x < y ? -1 : 1) * (o.dir === "asc" ? 1 : -1);
    }
    return a.id < b.id ? -1 : 1;
  });
  return { items: kept.slice((q.page - 1) * q.limit, q.page * q.limit), total: kept.length };
}

function directoryField(i: DirectoryItem, field: string) {
  if (field === "id" || field === "slug" || field === "name") return i[field];
  if (field === "visibility") return "public";
  return undefined;
}

/** People and desks with at least one published story, as Ghost lists authors with posts. */
export async function loadAuthors(db: DB, urls: SiteUrls): Promise<(AuthorSource & DirectoryItem)[]> {
  const rows = await dir.listContributorsWithCounts(db);
  return rows
    .filter((r) => r.article_count > 0)
    .map(({ c, article_count }) => ({ id: c.id, slug: c.slug, name: c.name, bio: c.bio, avatarUrl: c.avatarMediaId ? urls.media(c.avatarMediaId) : null, links: c.links, posts: article_count }));
}

/** Public tags on published stories; internal tags never. */
export async function loadTags(db: DB): Promise<(DirectoryItem & { description: string | null })[]> {
  const rows = await dir.listTagsWithCounts(db);
  return rows.map(({ t, article_count }) => ({ id: t.id, slug: t.slug, name: t.name, description: t.description, posts: article_count }));
}
