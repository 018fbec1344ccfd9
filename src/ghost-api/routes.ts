// The Ghost-compatible Content API's routes, relative to /ghost/api/content. Each answers with and
// without the trailing slash (Ghost's client always sends it; hand-written fetches often do not).
// Declared like every route (route, input, view schemas), so the content document describes them
// under the "ghost" tag; Ghost's error shape is declared as each route's 4xx answers.
import { Hono, type Context, type MiddlewareHandler } from "hono";
import * as v from "valibot";
import { effectiveSettings, loadSettings } from "../editorial/settings/domain";
import type { AppEnv } from "../http/app-env";
import { input, route, type ResponseSpec } from "../http/contract";
import { cachedJson } from "../public/responses";
import { jsonLdScript } from "../seo/json-ld";
import { GhostErrorsView, notFound } from "./errors";
import { parseFilter } from "./filter";
import { loadAuthors, loadPosts, loadTags, pageOf, type DirectoryQuery } from "./load";
import {
  DirectoryBrowseQuery, DirectoryReadQuery, GHOST_DEFAULT_LIMIT, IdParams, KeyQuery, pagination, pick, PostBrowseQuery, PostReadQuery, SlugParams,
  type DirectoryBrowse, type PostBrowse,
} from "./params";
import { GhostSettingsView, toGhostSettings } from "./settings";
import { GhostAuthorView, GhostPostView, GhostTagView, toGhostAuthor, toGhostPost, toGhostTag } from "./views";

const tags = ["ghost"];
const Pagination = v.object({
  page: v.number(),
  limit: v.number(),
  pages: v.number(),
  total: v.number(),
  next: v.nullable(v.number()),
  prev: v.nullable(v.number()),
});
const Meta = v.object({ pagination: Pagination });
/** With `fields`, only the fields named: every field is then optional. */
const item = <S extends v.ObjectSchema<v.ObjectEntries, undefined>>(s: S) => v.union([s, v.pipe(v.partial(s), v.description("With `fields`: only the fields named."))]);
const browse = (name: string, s: v.ObjectSchema<v.ObjectEntries, undefined>) => v.object({ [name]: v.array(item(s)), meta: Meta });
const one = (name: string, s: v.ObjectSchema<v.ObjectEntries, undefined>) => v.object({ [name]: v.pipe(v.array(item(s)), v.maxLength(1)) });

const GHOST_ERRORS: Record<number, ResponseSpec> = {
  400: { description: "BadRequestError: a filter that cannot be read.", schema: GhostErrorsView },
  401: { description: "UnauthorizedError: no `key`, or one that is unknown or revoked.", schema: GhostErrorsView },
  404: { description: "NotFoundError.", schema: GhostErrorsView },
  421: { description: "With `PUBLIC_API_ORIGIN` set, another host.", schema: GhostErrorsView },
  422: { description: "ValidationError: a parameter that cannot be read (`property` names it).", schema: GhostErrorsView },
};
const ok = (schema: v.GenericSchema) => ({ ...cachedJson(schema), ...GHOST_ERRORS });

/** Ghost's answers as JSON with `<`, `>` and `&` escaped (the same values), like our own content API. */
const send = (c: Context<AppEnv>, body: unknown) => c.body(jsonLdScript(body), 200, { "content-type": "application/json; charset=utf-8" });

const POST_ORDER = [{ key: "published_at" as const, dir: "desc" as const }];
const formats = (f: Set<string> | undefined) => ({ html: !f?.size || f.has("html"), plaintext: !!f?.has("plaintext") });

async function posts(c: Context<AppEnv>, q: Partial<PostBrowse> & { only?: { id: string } | { slug: string } }) {
  const page = q.page ?? 1;
  const limit = q.limit ?? GHOST_DEFAULT_LIMIT;
  const filter = q.filter ? parseFilter(q.filter) : undefined;
  const opts = { ...formats(q.formats), authors: !!q.include?.has("authors"), tags: !!q.include?.has("tags") };
  const found = await loadPosts(c.var.db, { page, limit, order: q.order ?? POST_ORDER, filter, only: q.only }, c.var.urls, { plainText: opts.plaintext });
  const items = found.posts.map((p) => pick(toGhostPost(p.article, p.extras, opts, c.var.urls), q.fields));
  if (!q.only) return send(c, { posts: items, meta: { pagination: pagination(page, limit, found.total) } });
  if (!items.length) throw notFound("post");
  return send(c, { posts: items });
}

function directory<T>(c: Context<AppEnv>, name: string, all: T[], q: Partial<DirectoryBrowse> & { only?: (i: T) => boolean }, map: (i: T) => object) {
  if (q.only) {
    const found = all.find(q.only);
    if (!found) throw notFound(name.slice(0, -1));
    return send(c, { [name]: [pick(map(found), q.fields)] });
  }
  const dq: DirectoryQuery = { page: q.page ?? 1, limit: q.limit ?? GHOST_DEFAULT_LIMIT, order: q.order, filter: q.filter ? parseFilter(q.filter) : undefined };
  const { items, total } = pageOf(all as never[], dq);
  return send(c, { [name]: items.map((i) => pick(map(i), q.fields)), meta: { pagination: pagination(dq.page, dq.limit, total) } });
}

const counted = (include: Set<string> | undefined) => !!include?.has("count.posts");

export const ghostRoutes = new Hono<AppEnv>();

/** One route at `path` and at `path/`: the same declaration, the same handlers. */
function get(path: string, ...handlers: MiddlewareHandler<AppEnv>[]) {
  for (const p of [path, `${path}/`]) (ghostRoutes.get as (p: string, ...h: MiddlewareHandler<AppEnv>[]) => unknown)(p, ...handlers);
}
type Valid = { req: { valid: (t: string) => any } };
const query = (c: Context<AppEnv>) => (c as unknown as Valid).req.valid("query");
const param = (c: Context<AppEnv>) => (c as unknown as Valid).req.valid("param");

get("/posts", route({ operationId: "ghostBrowsePosts", summary: "Ghost: browse posts", description: "Published stories in Ghost 5's shape, newest first unless `order` says otherwise.", tags, ok: ok(browse("posts", GhostPostView)) }),
  input("query", PostBrowseQuery), async (c) => posts(c, query(c)));
get("/posts/slug/:slug", route({ operationId: "ghostReadPostBySlug", summary: "Ghost: read a post by slug", tags, ok: ok(one("posts", GhostPostView)) }),
  input("param", SlugParams), input("query", PostReadQuery), async (c) => posts(c, { ...query(c), only: { slug: param(c).slug } }));
get("/posts/:id", route({ operationId: "ghostReadPost", summary: "Ghost: read a post by id", tags, ok: ok(one("posts", GhostPostView)) }),
  input("param", IdParams), input("query", PostReadQuery), async (c) => posts(c, { ...query(c), only: { id: param(c).id } }));

// Pages are not a kind of story here: an empty list, and 404 for any one page.
get("/pages", route({ operationId: "ghostBrowsePages", summary: "Ghost: browse pages (always empty)", tags, ok: ok(browse("pages", GhostPostView)) }),
  input("query", PostBrowseQuery), async (c) => send(c, { pages: [], meta: { pagination: pagination(query(c).page ?? 1, query(c).limit ?? GHOST_DEFAULT_LIMIT, 0) } }));
get("/pages/slug/:slug", route({ operationId: "ghostReadPageBySlug", summary: "Ghost: read a page by slug (never found)", tags, ok: ok(one("pages", GhostPostView)) }),
  input("param", SlugParams), input("query", PostReadQuery), async () => { throw notFound("page"); });
get("/pages/:id", route({ operationId: "ghostReadPage", summary: "Ghost: read a page by id (never found)", tags, ok: ok(one("pages", GhostPostView)) }),
  input("param", IdParams), input("query", PostReadQuery), async () => { throw notFound("page"); });

const authorView = (c: Context<AppEnv>, q: { include?: Set<string> | undefined }) => (a: Awaited<ReturnType<typeof loadAuthors>>[number]) =>
  toGhostAuthor({ ...a, posts: counted(q.include) ? a.posts : undefined }, c.var.urls);
get("/authors", route({ operationId: "ghostBrowseAuthors", summary: "Ghost: browse authors", description: "People and desks with a published story.", tags, ok: ok(browse("authors", GhostAuthorView)) }),
  input("query", DirectoryBrowseQuery), async (c) => directory(c, "authors", await loadAuthors(c.var.db, c.var.urls), query(c), authorView(c, query(c))));
get("/authors/slug/:slug", route({ operationId: "ghostReadAuthorBySlug", summary: "Ghost: read an author by slug", tags, ok: ok(one("authors", GhostAuthorView)) }),
  input("param", SlugParams), input("query", DirectoryReadQuery),
  async (c) => directory(c, "authors", await loadAuthors(c.var.db, c.var.urls), { ...query(c), only: (a) => a.slug === param(c).slug }, authorView(c, query(c))));
get("/authors/:id", route({ operationId: "ghostReadAuthor", summary: "Ghost: read an author by id", tags, ok: ok(one("authors", GhostAuthorView)) }),
  input("param", IdParams), input("query", DirectoryReadQuery),
  async (c) => directory(c, "authors", await loadAuthors(c.var.db, c.var.urls), { ...query(c), only: (a) => a.id === param(c).id }, authorView(c, query(c))));

const tagView = (c: Context<AppEnv>, q: { include?: Set<string> | undefined }) => (t: Awaited<ReturnType<typeof loadTags>>[number]) =>
  toGhostTag({ ...t, posts: counted(q.include) ? t.posts : undefined }, c.var.urls);
get("/tags", route({ operationId: "ghostBrowseTags", summary: "Ghost: browse tags", description: "Public tags on published stories.", tags, ok: ok(browse("tags", GhostTagView)) }),
  input("query", DirectoryBrowseQuery), async (c) => directory(c, "tags", await loadTags(c.var.db), query(c), tagView(c, query(c))));
get("/tags/slug/:slug", route({ operationId: "ghostReadTagBySlug", summary: "Ghost: read a tag by slug", tags, ok: ok(one("tags", GhostTagView)) }),
  input("param", SlugParams), input("query", DirectoryReadQuery),
  async (c) => directory(c, "tags", await loadTags(c.var.db), { ...query(c), only: (t) => t.slug === param(c).slug }, tagView(c, query(c))));
get("/tags/:id", route({ operationId: "ghostReadTag", summary: "Ghost: read a tag by id", tags, ok: ok(one("tags", GhostTagView)) }),
  input("param", IdParams), input("query", DirectoryReadQuery),
  async (c) => directory(c, "tags", await loadTags(c.var.db), { ...query(c), only: (t) => t.id === param(c).id }, tagView(c, query(c))));

get("/settings", route({ operationId: "ghostBrowseSettings", summary: "Ghost: the site's settings", tags, ok: ok(v.object({ settings: GhostSettingsView, meta: v.object({}) })) }),
  input("query", KeyQuery),
  async (c) => send(c, { settings: toGhostSettings(effectiveSettings(await loadSettings(c.var.db), c.env), c.env.NEWSROOM_TIME_ZONE, c.var.urls), meta: {} }));

export const GHOST_CONTENT_PATH = "/ghost/api/content";
/** The routes at their full paths, as the content document (src/public/index.ts) describes them. */
export const ghostDocumentRoutes = () => new Hono<AppEnv>().route(GHOST_CONTENT_PATH, ghostRoutes).routes;
