// Importing a Ghost export (admins): the plan, the posts in chunks, finish, progress and the report.
// The CLI (scripts/import-ghost.ts) and the admin's "Import from Ghost" page drive these routes with
// the shared reader (src/ghost/export-file.ts); the work is in src/ghost/import.
import { Hono } from "hono";
import { auditBy } from "../../audit/record";
import * as v from "valibot";
import { GhostImportPlan, GhostPostsChunk, CHUNK_SIZE, SECTION_RULES } from "../../ghost/export-file";
import * as ghost from "../../ghost/import";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { readJson } from "../../http/json-body";
import { isLocalEnvironment } from "../../http/production-guard";
import { parseOrThrow } from "../../lib/validate";
import { BODY_ERRORS, IdParam } from "../shared";

/** The plan lists every post (10,000 ≈ 1.2 MB); a chunk carries each post's body up to three times. */
export const PLAN_MAX_BYTES = 8 * 1024 * 1024;
export const CHUNK_MAX_BYTES = 8 * 1024 * 1024;

const Utc = (what: string) => v.pipe(v.string(), v.description(`${what} (UTC, RFC 3339).`));
const Count = v.object({ created: v.number(), updated: v.number(), unchanged: v.number(), skipped: v.number() });
const CountsView = v.pipe(
  v.object(Object.fromEntries(ghost.ENTITIES.map((e) => [e, Count])) as Record<(typeof ghost.ENTITIES)[number], typeof Count>),
  v.description("Per entity, how many were created, updated, left unchanged (a re-run) or skipped (see the notes)."),
);

export const GhostImportView = v.object({
  id: v.string(),
  status: v.pipe(v.picklist(["running", "complete"]), v.description("`complete` once finish has written the redirects.")),
  options: v.object({
    site_url: v.string(),
    section_from: v.picklist(SECTION_RULES),
    section_map: v.record(v.string(), v.string()),
    default_section: v.nullable(v.string()),
    fetch_images: v.boolean(),
  }),
  total_posts: v.pipe(v.number(), v.description("Posts in the plan.")),
  processed_posts: v.pipe(v.number(), v.description("Posts sent in chunks so far (progress).")),
  counts: CountsView,
  created_at: Utc("When the import started"),
  updated_at: Utc("When it last progressed"),
});

function toView(s: ghost.ImportState): v.InferOutput<typeof GhostImportView> {
  const o = s.options;
  return {
    id: s.id,
    status: s.status,
    options: { site_url: o.site_url, section_from: o.section_from, section_map: o.section_map ?? {}, default_section: o.default_section ?? null, fetch_images: o.fetch_images },
    total_posts: s.totalPosts,
    processed_posts: s.processedPosts,
    counts: Object.fromEntries(ghost.ENTITIES.map((e) => [e, s.counts[e]])) as v.InferOutput<typeof CountsView>,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

const NoteView = v.object({
  ghost_post_id: v.nullable(v.string()),
  slug: v.nullable(v.string()),
  code: v.pipe(v.string(), v.description("e.g. `unmapped_card`, `credit_split`, `html_fallback`, `image_not_fetched`, `slug_taken`, `code_injection`.")),
  message: v.string(),
});
const ResultView = v.object({
  ghost_id: v.string(),
  slug: v.string(),
  article_id: v.nullable(v.string()),
  outcome: v.picklist(ghost.OUTCOMES),
  notes: v.pipe(v.number(), v.description("Notes written for this post (see the report).")),
});
const One = v.object({ import: GhostImportView });
const ReportView = v.object({
  import: GhostImportView,
  notes_total: v.number(),
  notes: v.pipe(v.array(NoteView), v.description(`Per-post findings in post order (at most ${ghost.REPORT_NOTES_MAX}).`)),
});
const ReportQuery = v.object({ format: v.optional(v.picklist(["json", "text"]), "json") });

const tags = ["newsroom"];
const SECTION_RULE_DOC =
  "Sections (`options.section_from`): `primary-tag` (default) — the post's first public tag names its section (a section with that tag's slug, created from the tag's name when missing); " +
  "`map` — `options.section_map` {ghost tag slug: section slug}, the first of the post's tags found there; `default` — `options.default_section` for every post. " +
  "Without a match a post goes to `options.default_section` when given, else it has no section.";

export const ghostImportRoutes = new Hono<AuthedEnv>()
  .post("/ghost",
    route({
      summary: "Start a Ghost import: authors, tags and the index of every post",
      description: [
        "Authors become contributors (no login; Ghost's email and password hash are never kept), tags keep their visibility (internal `#…` tags never reach public output), and every post of the index gets its article id now, so links between posts resolve whichever chunk they arrive in.",
        "Keyed by Ghost's ids: re-running an import creates nothing twice.",
        SECTION_RULE_DOC,
        `At most ${PLAN_MAX_BYTES / 1024 / 1024} MB.`,
      ].join(" "),
      tags,
      requestBody: { description: "The plan (readGhostExport + planOf in src/ghost/export-file.ts).", content: { "application/json": { schema: GhostImportPlan } } },
      ok: { 201: One },
      errors: BODY_ERRORS,
    }),
    can("newsroom.import"),
    // Read here with its own limit: a 10,000-post plan is larger than input("json") takes.
    async (c) => {
      const plan = parseOrThrow(GhostImportPlan, await readJson(c, PLAN_MAX_BYTES));
      const id = await ghost.startImport(c.var.db, plan, c.var.actor.userId, new Date(), auditBy(c.var.actor));
      return c.json({ import: toView(await ghost.loadImport(c.var.db, id)) }, 201);
    })
  .post("/ghost/:id/posts",
    route({
      summary: "Import a chunk of posts",
      description: [
        `At most ${CHUNK_SIZE} posts per request (D1 allows 50 queries per request; every post is one batch through the article write path, with an \`import\` revision).`,
        "A post whose conversion is unchanged since the last run is left alone (`unchanged`); a changed one is updated in place.",
        "Anything the body had that we cannot represent is reported per post (the report), never imported as raw HTML.",
        `At most ${CHUNK_MAX_BYTES / 1024 / 1024} MB.`,
      ].join(" "),
      tags,
      requestBody: { content: { "application/json": { schema: GhostPostsChunk } } },
      ok: { 200: v.object({ import: GhostImportView, results: v.array(ResultView) }) },
      errors: [...BODY_ERRORS, "not_found", "conflict", "slug_taken", "version_conflict"],
    }),
    can("newsroom.import"),
    input("param", IdParam),
    async (c) => {
      const chunk = parseOrThrow(GhostPostsChunk, await readJson(c, CHUNK_MAX_BYTES));
      const deps = { bucket: c.env.MEDIA, fetcher: fetch, allowPrivate: isLocalEnvironment(c.env) };
      // Every query counts against D1's 50 per request: the answer is the state the chunk left, not a re-read.
      const done = await ghost.importPosts(c.var.db, c.req.valid("param").id, chunk.posts, deps, c.var.actor.userId);
      return c.json({ import: toView(done.import), results: done.results });
    })
  .post("/ghost/:id/finish",
    route({
      summary: "Finish a Ghost import: redirects for Ghost's URLs",
      description:
        "Writes a 301 for each of Ghost's public URLs to ours: `/{slug}/` (published posts), `/tag/{slug}/`, `/author/{slug}/`, `/rss/` and the tag and author `/rss/` feeds. Replaces the redirects an earlier import wrote; an editor's own redirect for the same path is kept.",
      tags,
      ok: { 200: One },
      errors: ["not_found"],
    }),
    can("newsroom.import"),
    input("param", IdParam),
    async (c) => c.json({ import: toView(await ghost.finishImport(c.var.db, c.req.valid("param").id, c.var.urls, new Date(), auditBy(c.var.actor))) }))
  .get("/ghost/:id",
    route({ summary: "A Ghost import's progress and counts", tags, ok: { 200: One }, errors: ["not_found"] }),
    can("newsroom.import"),
    input("param", IdParam),
    async (c) => c.json({ import: toView(await ghost.loadImport(c.var.db, c.req.valid("param").id)) }))
  .get("/ghost/:id/report",
    route({
      summary: "A Ghost import's report",
      description: "Counts per entity and every post's notes (unmapped cards, credits split from captions, images left at their address…). `?format=text` answers the same as readable text.",
      tags,
      ok: { 200: { schema: ReportView, content: { "text/plain": { description: "The report as readable text (format=text)." } } } },
      errors: ["not_found", "validation_failed"],
    }),
    can("newsroom.import"),
    input("param", IdParam),
    input("query", ReportQuery),
    async (c) => {
      const report = await ghost.importReport(c.var.db, c.req.valid("param").id);
      if (c.req.valid("query").format === "text") return c.text(ghost.reportText(report));
      return c.json({ import: toView(report.import), notes_total: report.notes_total, notes: report.notes });
    });
