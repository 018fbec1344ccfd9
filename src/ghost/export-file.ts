// The parts of a Ghost 4/5/6 export the importer reads, and how an export is cut into requests.
// Pure (valibot only): the Worker's import routes, the CLI (Node) and the admin page (browser,
// through @shared/ghost/export-file) share these schemas, so all three agree on one request shape.
//
// Ghost exports every table with its database columns; we name only the columns we use. valibot's
// object() drops the rest, so extra tables/columns (members, newsletters, og_*…) are tolerated and a
// user's `email` and `password` (a bcrypt hash) never leave this module.
import * as v from "valibot";

const text = (max: number) => v.nullish(v.pipe(v.string(), v.maxLength(max)), null);
/** Post bodies: Ghost stores Lexical/Mobiledoc as JSON strings; a long feature runs to a few hundred kB. */
const BODY_MAX = 2_000_000;

/** Ghost's instants: "2024-12-01 12:46:09" (UTC, no zone), or ISO 8601 with Z in some exports. */
const GHOST_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?Z?$/;

/** A Ghost time as our stored form (Date#toISOString, always UTC): the same instant, never shifted. */
export function ghostInstant(value: string | null): string | null {
  if (value === null) return null;
  const m = GHOST_TIME.exec(value);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac] = m;
  const ms = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, frac ? Math.round(+frac * 1000) : 0);
  const date = new Date(ms);
  // Date.UTC rolls 30 February over to March: refuse instead of moving the date.
  if (date.getUTCDate() !== +d! || date.getUTCHours() !== +h! || date.getUTCMonth() !== +mo! - 1) return null;
  return date.toISOString();
}

const Time = v.nullish(
  v.pipe(
    v.union([v.string(), v.pipe(v.number(), v.transform((ms) => new Date(ms).toISOString()))]),
    v.check((s) => ghostInstant(s) !== null, 'Use Ghost\'s UTC time "YYYY-MM-DD HH:MM:SS".'),
  ),
  null,
);
const GhostId = v.pipe(v.string(), v.minLength(1), v.maxLength(64));
// Ghost stores booleans as 0/1 (SQLite/MySQL) or true/false depending on the database behind it.
const Flag = v.pipe(
  v.nullish(v.union([v.boolean(), v.number()]), false),
  v.transform((x) => x === true || x === 1),
);

export const GHOST_POST_STATUSES = ["published", "draft", "scheduled", "sent"] as const;

export const GhostPost = v.object({
  id: GhostId,
  uuid: v.pipe(v.string(), v.maxLength(64)),
  title: v.pipe(v.string(), v.maxLength(2000)),
  slug: v.pipe(v.string(), v.minLength(1), v.maxLength(191)),
  status: v.picklist(GHOST_POST_STATUSES),
  lexical: text(BODY_MAX),
  mobiledoc: text(BODY_MAX),
  html: text(BODY_MAX),
  feature_image: text(2000),
  featured: Flag,
  visibility: v.nullish(v.pipe(v.string(), v.maxLength(50)), "public"),
  custom_excerpt: text(2000),
  canonical_url: text(2000),
  created_at: Time,
  updated_at: Time,
  published_at: Time,
  codeinjection_head: text(65_535),
  codeinjection_foot: text(65_535),
});
export type GhostPost = v.InferOutput<typeof GhostPost>;

export const GhostPostMeta = v.object({
  feature_image_alt: text(2000),
  feature_image_caption: text(65_535),
  meta_title: text(2000),
  meta_description: text(2000),
});
export type GhostPostMeta = v.InferOutput<typeof GhostPostMeta>;

/** One post with what the importer needs from the other tables, so a chunk is self-contained. */
export const GhostPostBundle = v.object({
  post: GhostPost,
  meta: v.nullish(GhostPostMeta, null),
  /** Ghost user ids in `posts_authors.sort_order` (0 = primary author first). */
  authors: v.pipe(v.array(GhostId), v.maxLength(50)),
  /** Ghost tag ids in `posts_tags.sort_order` (0 = primary tag first). */
  tags: v.pipe(v.array(GhostId), v.maxLength(100)),
});
export type GhostPostBundle = v.InferOutput<typeof GhostPostBundle>;

/** A Ghost user as a byline: no email, no password hash, no login. */
export const GhostUser = v.object({
  id: GhostId,
  name: v.pipe(v.string(), v.maxLength(191)),
  slug: v.pipe(v.string(), v.minLength(1), v.maxLength(191)),
  bio: text(65_535),
  website: text(2000),
  profile_image: text(2000),
});
export type GhostUser = v.InferOutput<typeof GhostUser>;

export const GhostTag = v.object({
  id: GhostId,
  name: v.pipe(v.string(), v.maxLength(191)),
  slug: v.pipe(v.string(), v.minLength(1), v.maxLength(191)),
  description: text(65_535),
  // Exports older than Ghost's internal tags have no column: a "#" name is internal all the same.
  visibility: v.nullish(v.picklist(["public", "internal"]), null),
});
export type GhostTag = v.InferOutput<typeof GhostTag>;

export const GhostPostRef = v.object({ id: GhostId, uuid: v.pipe(v.string(), v.maxLength(64)), slug: v.pipe(v.string(), v.maxLength(191)) });
export type GhostPostRef = v.InferOutput<typeof GhostPostRef>;

/** Every post this import may write, also the ones converted in later chunks; 10,000 and more fit. */
export const MAX_INDEX = 50_000;
/**
 * Posts per chunk request; the route refuses more. D1 allows 50 queries per request and every post is
 * written through the one article write path (one batch each, up to 10 statements for an update),
 * next to the chunk's own reads, image fetches and bookkeeping (≤ 17): 3 × 10 + 17 ≤ 50.
 */
export const CHUNK_SIZE = 3;

export const SECTION_RULES = ["primary-tag", "map", "default"] as const;

// The import's options. How a post gets its section (section_from):
//  - "primary-tag": the post's first PUBLIC tag (Ghost's primary tag) is its section: a section with
//    that tag's slug is used, or created with the tag's name. No public tag → default_section, if any.
//  - "map": section_map {tag_slug: section_slug}; the first of the post's tags (in order) found in the
//    map names an existing section. No match → default_section, if any.
//  - "default": every post goes to default_section (required).
export const GhostImportOptions = v.object({
  /** The old site's URL: replaces Ghost's __GHOST_URL__ and tells links to the old site apart. */
  site_url: v.pipe(v.string(), v.maxLength(500), v.url("Use the old site's absolute URL, e.g. https://news.example.com.")),
  section_from: v.optional(v.picklist(SECTION_RULES), "primary-tag"),
  section_map: v.optional(v.pipe(v.record(v.pipe(v.string(), v.maxLength(191)), v.pipe(v.string(), v.maxLength(120))), v.check((m) => Object.keys(m).length <= 1000, "At most 1000 entries.")), {}),
  default_section: v.optional(v.nullable(v.pipe(v.string(), v.maxLength(120))), null),
  /** Copy every image into our storage (R2) instead of leaving it at its original URL. */
  fetch_images: v.optional(v.boolean(), false),
});
export type GhostImportOptions = v.InferOutput<typeof GhostImportOptions>;
export type GhostImportOptionsInput = v.InferInput<typeof GhostImportOptions>;

/** POST /imports/ghost: the plan (who, which tags, which posts) before any post is converted. */
export const GhostImportPlan = v.object({
  options: GhostImportOptions,
  users: v.pipe(v.array(GhostUser), v.maxLength(5000)),
  tags: v.pipe(v.array(GhostTag), v.maxLength(20_000)),
  posts: v.pipe(v.array(GhostPostRef), v.maxLength(MAX_INDEX)),
});
export type GhostImportPlan = v.InferInput<typeof GhostImportPlan>;

/** POST /imports/ghost/{id}/posts */
export const GhostPostsChunk = v.object({ posts: v.pipe(v.array(GhostPostBundle), v.minLength(1), v.maxLength(CHUNK_SIZE)) });

export interface GhostSkipped {
  id: string;
  slug: string | null;
  reason: string;
}

export interface GhostExport {
  version: string;
  siteTitle: string | null;
  users: GhostUser[];
  tags: GhostTag[];
  /** Every post bundled below (the plan's index), in export order. */
  postIndex: GhostPostRef[];
  bundles: GhostPostBundle[];
  /** Rows not imported: pages (not articles), unknown statuses, rows missing required columns. */
  skipped: GhostSkipped[];
}

export class GhostExportError extends Error {
  constructor(
    message: string,
    readonly issues: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = "GhostExportError";
  }
}

const Row = v.looseObject({});
const Envelope = v.object({
  meta: v.optional(v.looseObject({ version: v.optional(v.string()) }), {}),
  data: v.record(v.string(), v.unknown()),
});

function rowsOf(data: Record<string, unknown>, table: string): Record<string, unknown>[] {
  const rows = data[table];
  if (rows === undefined) return [];
  if (!Array.isArray(rows)) throw new GhostExportError(`"${table}" is not a list of rows.`, [{ path: `data.${table}`, message: "Expected an array." }]);
  return rows.filter((r): r is Record<string, unknown> => v.is(Row, r));
}

function issuesOf(issues: readonly v.BaseIssue<unknown>[]): { path: string; message: string }[] {
  return issues.map((i) => ({ path: v.getDotPath(i) ?? "(root)", message: i.message }));
}

/** Ghost's `{"db":[{meta, data}]}` (or the bare `{meta, data}` some tools write) as what we import. */
export function readGhostExport(json: unknown): GhostExport {
  const root = json && typeof json === "object" && "db" in json && Array.isArray((json as { db: unknown }).db) ? (json as { db: unknown[] }).db[0] : json;
  const env = v.safeParse(Envelope, root);
  if (!env.success) throw new GhostExportError("Not a Ghost export: expected {\"db\":[{\"meta\":…,\"data\":…}]}.", issuesOf(env.issues));
  const data = env.output.data;
  const version = env.output.meta.version ?? "unknown";
  const siteTitle = rowsOf(data, "settings").find((r) => r.key === "title");

  const skipped: GhostSkipped[] = [];
  const metaByPost = new Map<string, GhostPostMeta>();
  for (const row of rowsOf(data, "posts_meta")) {
    const m = v.safeParse(GhostPostMeta, row);
    if (m.success && typeof row.post_id === "string") metaByPost.set(row.post_id, m.output);
  }
  const ordered = (table: string, key: string) => {
    const out = new Map<string, { id: string; order: number }[]>();
    for (const row of rowsOf(data, table)) {
      if (typeof row.post_id !== "string" || typeof row[key] !== "string") continue;
      const list = out.get(row.post_id) ?? [];
      list.push({ id: row[key] as string, order: typeof row.sort_order === "number" ? row.sort_order : list.length });
      out.set(row.post_id, list);
    }
    // A stable sort: equal sort_orders keep the export's order.
    return (postId: string) => (out.get(postId) ?? []).sort((a, b) => a.order - b.order).map((x) => x.id);
  };
  const authorsOf = ordered("posts_authors", "author_id");
  const tagsOf = ordered("posts_tags", "tag_id");

  const bundles: GhostPostBundle[] = [];
  for (const row of rowsOf(data, "posts")) {
    const id = typeof row.id === "string" ? row.id : "(no id)";
    const slug = typeof row.slug === "string" ? row.slug : null;
    if (row.type !== undefined && row.type !== null && row.type !== "post") {
      skipped.push({ id, slug, reason: `A Ghost ${String(row.type)} is not an article.` });
      continue;
    }
    const post = v.safeParse(GhostPost, row);
    if (!post.success) {
      skipped.push({ id, slug, reason: issuesOf(post.issues).map((i) => `${i.path}: ${i.message}`).join("; ") });
      continue;
    }
    // Ghost 3 and older kept meta fields on the post row itself.
    const legacy = v.safeParse(GhostPostMeta, row);
    const meta = metaByPost.get(id) ?? (legacy.success && (legacy.output.meta_title || legacy.output.meta_description) ? legacy.output : null);
    let authors = authorsOf(id);
    // Ghost 0.x/1.x: a single author_id column instead of posts_authors.
    if (authors.length === 0 && typeof row.author_id === "string") authors = [row.author_id];
    bundles.push({ post: post.output, meta, authors: [...new Set(authors)], tags: [...new Set(tagsOf(id))] });
  }

  // Only the people and tags the imported posts use: staff who never wrote get no byline page.
  const usedUsers = new Set(bundles.flatMap((b) => b.authors));
  const usedTags = new Set(bundles.flatMap((b) => b.tags));
  const users = rowsOf(data, "users").flatMap((r) => {
    const u = v.safeParse(GhostUser, r);
    return u.success && usedUsers.has(u.output.id) ? [u.output] : [];
  });
  const tags = rowsOf(data, "tags").flatMap((r) => {
    const t = v.safeParse(GhostTag, r);
    return t.success && usedTags.has(t.output.id) ? [t.output] : [];
  });
  return {
    version,
    siteTitle: typeof siteTitle?.value === "string" ? siteTitle.value : null,
    users,
    tags,
    postIndex: bundles.map((b) => ({ id: b.post.id, uuid: b.post.uuid, slug: b.post.slug })),
    bundles,
    skipped,
  };
}

/** The bundles cut into requests of `size` posts (the posts route takes at most CHUNK_SIZE). */
export function chunkBundles(bundles: readonly GhostPostBundle[], size = CHUNK_SIZE): GhostPostBundle[][] {
  const n = Math.max(1, Math.min(size, CHUNK_SIZE));
  const out: GhostPostBundle[][] = [];
  for (let i = 0; i < bundles.length; i += n) out.push(bundles.slice(i, i + n));
  return out;
}

/** The plan's body for POST /imports/ghost from a read export. */
export function planOf(exp: GhostExport, options: GhostImportOptionsInput): GhostImportPlan {
  return { options, users: exp.users, tags: exp.tags, posts: exp.postIndex };
}
