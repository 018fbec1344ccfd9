// The editors' redirects desk: old URLs and where they lead now. Five routes like the taxonomy's
// (but paged, and a redirect has no slug), plus a whole-or-nothing bulk import. The rules (what a
// path or target may be, no loops, no chains) live in src/redirects.
import { Hono, type Context } from "hono";
import { auditBy } from "../../audit/record";
import * as v from "valibot";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { SearchTerm } from "../../lib/like";
import { Cursor, PageLimit } from "../../lib/paging";
import { workerOrigin } from "../../lib/urls";
import * as domain from "../../redirects/domain";
import { REDIRECT_STATUSES } from "../../redirects/paths";
import { BODY_ERRORS, IdParam } from "../shared";

const Utc = (what: string) => v.pipe(v.string(), v.description(`${what} (UTC, RFC 3339).`));

export const RedirectView = v.object({
  id: v.string(),
  from_path: v.pipe(v.string(), v.description("The old path, canonical: leading slash, no query, no trailing slash (it matches with or without), percent-encoding normalised.")),
  to_url: v.pipe(v.string(), v.description("An absolute http(s) URL, or a path on this server (answered by the Worker itself with a redirect).")),
  status_code: v.pipe(v.picklist(REDIRECT_STATUSES), v.description("The HTTP status the redirect answers with.")),
  source: v.pipe(v.picklist(["editor", "ghost-import"]), v.description("`ghost-import` rows are replaced by a re-import; an editor's change makes a row `editor`.")),
  created_at: Utc("When it was added"),
  updated_at: Utc("When it last changed"),
});

const toView = (r: domain.RedirectRow): v.InferOutput<typeof RedirectView> => ({
  id: r.id,
  from_path: r.fromPath,
  to_url: r.toUrl,
  status_code: r.statusCode as v.InferOutput<typeof RedirectView>["status_code"],
  source: r.source as v.InferOutput<typeof RedirectView>["source"],
  created_at: r.createdAt,
  updated_at: r.updatedAt,
});

export const RedirectListQuery = v.object({
  // The shared schemas as they are (the limits suite finds them by identity): q is a path prefix here.
  q: v.optional(SearchTerm),
  limit: PageLimit,
  cursor: v.optional(Cursor),
});

const One = v.object({ redirect: RedirectView });
const Page = v.object({
  redirects: v.array(RedirectView),
  next_cursor: v.pipe(v.nullable(v.string()), v.description("Pass as `cursor` for the next page; null on the last.")),
});
const BulkResult = v.object({
  created: v.pipe(v.number(), v.description("New old paths.")),
  updated: v.pipe(v.number(), v.description("Old paths that were already redirected, now replaced.")),
});

/** Absolute targets on the public site or this Worker are "here": loops and chains through them are refused too. */
function origins(c: Context<AuthedEnv>): domain.Origins {
  return { local: [new URL(c.var.urls.home).origin, workerOrigin(c.env, c.req.url)] };
}

const tags = ["redirects"];
const WRITE_ERRORS = [...BODY_ERRORS, "conflict"] as const;

export const redirectRoutes = new Hono<AuthedEnv>()
  .get("/",
    route({ summary: "List redirects, in path order", description: "`q` keeps old paths starting with it (e.g. `/tag/`; at most 48 bytes once `%`, `_` and `\\` are escaped); `limit` is 1–100 (default 20).", tags, ok: { 200: Page }, errors: ["validation_failed"] }),
    can("redirects.manage"), input("query", RedirectListQuery),
    async (c) => {
      const { q, limit, cursor } = c.req.valid("query");
      const page = await domain.listRedirects(c.var.db, { prefix: q, limit, cursor });
      return c.json({ redirects: page.rows.map(toView), next_cursor: page.nextCursor });
    })
  .post("/",
    route({
      summary: "Add a redirect",
      description: "Refused (400) when it points at its own path, at another old path (a chain), or when another redirect leads to its path; 409 when the path is already redirected.",
      tags, ok: { 201: One }, errors: WRITE_ERRORS,
    }),
    can("redirects.manage"), input("json", domain.RedirectCreate),
    async (c) => c.json({ redirect: toView(await domain.createRedirect(c.var.db, c.req.valid("json"), origins(c), "editor", auditBy(c.var.actor))) }, 201))
  .post("/bulk",
    route({
      summary: "Add or replace many redirects at once",
      description: `At most ${domain.BULK_MAX}. Every row is checked first (errors name \`redirects.{i}.field\`); then all are written, or none. A path already redirected is replaced.`,
      tags, ok: { 200: BulkResult }, errors: BODY_ERRORS,
    }),
    can("redirects.manage"), input("json", domain.RedirectBulk),
    async (c) => c.json(await domain.bulkUpsertRedirects(c.var.db, c.req.valid("json").redirects, origins(c), auditBy(c.var.actor))))
  .get("/:id",
    route({ summary: "Get a redirect", tags, ok: { 200: One }, errors: ["not_found"] }),
    can("redirects.manage"), input("param", IdParam),
    async (c) => c.json({ redirect: toView(await domain.getRedirect(c.var.db, c.req.valid("param").id)) }))
  .patch("/:id",
    route({ summary: "Change a redirect", tags, ok: { 200: One }, errors: [...WRITE_ERRORS, "not_found"] }),
    can("redirects.manage"), input("param", IdParam), input("json", domain.RedirectUpdate),
    async (c) => c.json({ redirect: toView(await domain.updateRedirect(c.var.db, c.req.valid("param").id, c.req.valid("json"), origins(c), auditBy(c.var.actor))) }))
  .delete("/:id",
    route({ summary: "Delete a redirect", tags, ok: { 204: { description: "Deleted" } }, errors: ["not_found"] }),
    can("redirects.manage"), input("param", IdParam),
    async (c) => {
      await domain.deleteRedirect(c.var.db, c.req.valid("param").id, auditBy(c.var.actor));
      return c.body(null, 204);
    });
