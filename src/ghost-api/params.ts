// The query parameters of Ghost's Content API, as its client sends them (lists joined by commas).
// A value that cannot be read is Ghost's 422 ValidationError naming the parameter; unknown
// parameters (the client also sends `slug` on a read by slug) are ignored, as Ghost does.
import * as v from "valibot";

/** Ghost 6 caps a page at 100 too; `limit=all` is read as that maximum, and `meta.pagination` leads on. */
export const GHOST_MAX_LIMIT = 100;
export const GHOST_DEFAULT_LIMIT = 15;
const MAX_PAGE = 100_000;

const described = <S extends v.GenericSchema>(schema: S, description: string) => v.pipe(v.optional(schema), v.description(description));
const list = (max: number) => v.pipe(v.string(), v.maxLength(max), v.transform((s) => new Set(s.split(",").map((x) => x.trim()).filter(Boolean))));

const Key = described(v.pipe(v.string(), v.maxLength(64)), "The Content API key (26 hex characters), from the admin's \"Content API keys\" page. Without a valid one: 401.");

const Limit = described(
  v.pipe(
    v.string(),
    v.regex(/^(all|\d{1,6})$/, "A whole number, or all."),
    v.transform((s) => (s === "all" ? GHOST_MAX_LIMIT : Number(s))),
    v.check((n) => n >= 1, "At least 1."),
    v.transform((n) => Math.min(n, GHOST_MAX_LIMIT)),
  ),
  `Items per page: 1–${GHOST_MAX_LIMIT} (more is read as ${GHOST_MAX_LIMIT}; \`all\` too), default ${GHOST_DEFAULT_LIMIT}.`,
);
const Page = described(
  v.pipe(v.string(), v.regex(/^\d{1,6}$/, "A whole number."), v.transform(Number), v.check((n) => n >= 1 && n <= MAX_PAGE, `From 1 to ${MAX_PAGE}.`)),
  "Page number, from 1.",
);

/** `order=published_at desc, title asc`: only the named keys, each mapped to what it sorts. */
function order<K extends string>(keys: Record<string, K>) {
  return described(
    v.pipe(
      v.string(),
      v.maxLength(200),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        const out: { key: K; dir: "asc" | "desc" }[] = [];
        for (const part of dataset.value.split(",")) {
          const m = /^\s*([a-z_.]+)(?:\s+(asc|desc))?\s*$/i.exec(part);
          const key = m ? keys[m[1]!.toLowerCase()] : undefined;
          if (!m || !key) {
            addIssue({ message: `Order by ${Object.keys(keys).join(", ")}, each optionally asc or desc.` });
            return NEVER;
          }
          out.push({ key, dir: (m[2]?.toLowerCase() as "asc" | "desc" | undefined) ?? "asc" });
        }
        return out.slice(0, 4);
      }),
    ),
    `Comma-separated \`field asc|desc\`; fields: ${Object.keys(keys).join(", ")}.`,
  );
}

const Fields = described(list(1000), "Only these fields of each item (comma-separated).");
const Include = described(list(200), "Related data: `authors,tags` on posts; `count.posts` on authors and tags.");
const Formats = described(list(200), "`html` (the default) and/or `plaintext`.");
const Filter = described(v.string(), "Ghost's filter syntax (NQL): `tag:news+published_at:>'2024-01-01'`, `authors:[ana,ben]`, `featured:true`, `id:-abc`…");

export const PostOrderKeys = { published_at: "published_at", updated_at: "updated_at", created_at: "created_at", title: "headline", slug: "slug" } as const;
export const DirectoryOrderKeys = { name: "name", slug: "slug", "count.posts": "count" } as const;

export const KeyQuery = v.object({ key: Key });
export const PostBrowseQuery = v.object({ key: Key, limit: Limit, page: Page, order: order(PostOrderKeys), fields: Fields, formats: Formats, include: Include, filter: Filter });
export const PostReadQuery = v.object({ key: Key, fields: Fields, formats: Formats, include: Include });
export const DirectoryBrowseQuery = v.object({ key: Key, limit: Limit, page: Page, order: order(DirectoryOrderKeys), fields: Fields, include: Include, filter: Filter });
export const DirectoryReadQuery = v.object({ key: Key, fields: Fields, include: Include });

// Any id or slug is looked up (a bound parameter) and is simply not found: Ghost's 404, never a 422.
const PathValue = v.pipe(v.string(), v.maxLength(4000));
export const IdParams = v.object({ id: PathValue });
export const SlugParams = v.object({ slug: PathValue });

export type PostBrowse = v.InferOutput<typeof PostBrowseQuery>;
export type DirectoryBrowse = v.InferOutput<typeof DirectoryBrowseQuery>;

/** Ghost's `meta.pagination`. */
export function pagination(page: number, limit: number, total: number) {
  const pages = Math.max(1, Math.ceil(total / limit));
  return { page, limit, pages, total, next: page < pages ? page + 1 : null, prev: page > 1 ? page - 1 : null };
}

/** `fields=title,slug`: only those (Ghost ignores names it does not know, and so do we). */
export function pick<T extends object>(item: T, fields: Set<string> | undefined): Partial<T> {
  if (!fields?.size) return item;
  return Object.fromEntries(Object.entries(item).filter(([k]) => fields.has(k))) as Partial<T>;
}
