// Live blogs, editorial side (src/live): making a story a live blog, and its entries — list, file,
// edit, publish, unpublish, pin, delete, history. Mounted under /articles by src/editorial/index.ts.
// Role rights on the route line (`can`); ownership, the blog's state and the entry's in the domain
// (src/auth/live-rules.ts), after the blog and the entry are found: an unknown id is a 404 for any
// role that may act at all.
import { Hono, type Context } from "hono";
import * as v from "valibot";
import type { ArticleRecord } from "../../articles/load";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import type { ErrorCode } from "../../lib/errors";
import { Cursor, PageLimit } from "../../lib/paging";
import { LIVE_ENTRY_STATUSES } from "../../db/schema";
import { LiveEntryView, entryViews } from "../../live/desk-view";
import { EntryTitleInput, LIVE_LIMITS, LiveEntryBodyInput } from "../../live/doc";
import * as live from "../../live/domain";
import { EntryBylinesInput } from "../../live/entry-bylines";
import { assertLive, getEntryOrThrow, lastDeskEventId, listDeskEntries, listEntryRevisions } from "../../live/entry-read";
import type { LiveEntryRecord } from "../../live/record";
import { LiveSettingsInput, setLiveSettings } from "../../live/settings";
import { MAX_VERSION } from "../articles/input-schema";
import { getArticleOrThrow } from "../articles/service";
import { BODY_ERRORS, IdParam } from "../shared";

type C = Context<AuthedEnv>;

// --- inputs ---------------------------------------------------------------------------------------

const EntryParam = v.object({ ...IdParam.entries, entry_id: v.string() });

/** `"<n>"` as the entry's ETag says it; anything else is a 400 naming If-Match. */
const EntryIfMatch = v.object({
  "If-Match": v.optional(
    v.pipe(
      v.string(),
      v.description('The entry\'s ETag as this API sent it, `"<version>"`.'),
      v.regex(/^\s*"\d{1,10}"\s*$/, 'Send the entry\'s ETag, e.g. "3".'),
      v.transform((s) => Number(s.trim().slice(1, -1))),
      v.maxValue(MAX_VERSION, "Not a version this API issued."),
    ),
  ),
});
const expectedOf = (c: { req: { valid: (t: "header") => v.InferOutput<typeof EntryIfMatch> } }) => c.req.valid("header")["If-Match"] ?? null;

const DeskListQuery = v.object({
  status: v.optional(v.picklist(LIVE_ENTRY_STATUSES)),
  limit: PageLimit,
  cursor: v.optional(Cursor),
});

const KeyEvent = v.pipe(v.boolean(), v.description("A key moment of the coverage (readers' JSON-LD and the page can pick these out)."));

const CreateEntrySchema = v.object({
  body: LiveEntryBodyInput,
  title: EntryTitleInput,
  bylines: v.optional(EntryBylinesInput),
  key_event: v.optional(KeyEvent),
  pinned: v.optional(v.pipe(v.boolean(), v.description("Pin it at once (editors; at most 3 pinned)."))),
  status: v.optional(v.pipe(v.picklist(LIVE_ENTRY_STATUSES), v.description("`draft` (default) or `published` (needs the right to publish it)."))),
});

const UpdateEntrySchema = v.object({
  body: v.optional(LiveEntryBodyInput),
  title: EntryTitleInput,
  bylines: v.optional(EntryBylinesInput),
  key_event: v.optional(KeyEvent),
});

const PinSchema = v.object({ pinned: v.boolean() });

// --- answers --------------------------------------------------------------------------------------

const tags = ["live"];
const EntryOne = v.object({ entry: LiveEntryView });
const ETAG_HEADER = { ETag: { description: 'The entry\'s version as an ETag, `"<version>"`: send it as If-Match with a change.', required: true } };
const entryOk = (description: string) => ({ description, schema: EntryOne, headers: ETAG_HEADER });

export const LiveSettingsView = v.object({
  kind: v.pipe(v.picklist(["article", "live"]), v.description("`live`: a live blog carrying entries.")),
  coverage_start_at: v.nullable(v.pipe(v.string(), v.description("When the coverage starts (UTC, RFC 3339)."))),
  coverage_end_at: v.nullable(v.pipe(v.string(), v.description("When it ends (UTC, RFC 3339); null while it goes on."))),
  entry_count: v.pipe(v.number(), v.description("Entries, drafts included, not deleted.")),
  last_event_id: v.pipe(v.number(), v.description("The blog's desk stream's last event id (GET …/live/events resumes after it); 0 before any change.")),
});

const RevisionView = v.object({
  version: v.number(),
  action: v.pipe(v.string(), v.description("`create`, `edit`, `publish`, `unpublish` or `delete`.")),
  by: v.nullable(v.object({ id: v.string(), name: v.string() })),
  at: v.pipe(v.string(), v.description("UTC, RFC 3339.")),
  snapshot: v.pipe(v.record(v.string(), v.unknown()), v.description("`{status, title, body, bylines: [{contributor_id, role}], key_event}` as this version left them.")),
});

const LOOKUP = ["not_found", "not_live"] as const satisfies readonly ErrorCode[];
/** A write can lose a race (the revision lock), meet a limit or a contributor deleted meanwhile; its batch can fail on our side. */
const WRITE_ERRORS = [...LOOKUP, "version_conflict", "conflict", "internal"] as const satisfies readonly ErrorCode[];
/** If-Match that is not an entry ETag: 400 naming it. */
const GUARDED = [...WRITE_ERRORS, "validation_failed", "precondition_required"] as const satisfies readonly ErrorCode[];

async function blogOf(c: C, id: string): Promise<ArticleRecord> {
  const blog = await getArticleOrThrow(c.var.db, id);
  assertLive(blog);
  return blog;
}

async function respondEntry(c: C, blog: ArticleRecord, entry: LiveEntryRecord, status: 200 | 201 = 200) {
  const [view] = await entryViews(c.var.db, c.var.urls, c.var.actor, blog, [entry]);
  c.header("etag", view!.etag);
  if (status === 201) c.header("location", `/api/editorial/v1/articles/${blog.row.id}/entries/${entry.id}`);
  return c.json({ entry: view! }, status);
}

const ctxOf = (c: C): live.LiveCtx => ({ db: c.var.db, actor: c.var.actor, urls: c.var.urls });

const settingsView = (rec: ArticleRecord): v.InferOutput<typeof LiveSettingsView> => ({
  kind: rec.row.kind,
  coverage_start_at: rec.row.coverageStartAt,
  coverage_end_at: rec.row.coverageEndAt,
  entry_count: rec.live?.entryCount ?? 0,
  last_event_id: rec.live?.lastEventId ?? 0,
});

// --- the routes -----------------------------------------------------------------------------------

export const liveRoutes = new Hono<AuthedEnv>()
  .put("/:id/live",
    route({
      summary: "Make a story a live blog, or set its coverage window",
      description:
        "`kind: live` makes the story a live blog (entries, the desk and readers' streams); `kind: article` makes it an ordinary story again, only without entries (409 `in_use`). Coverage times left out stay as they are; null clears them. Not a new version of the story. On a published blog readers get a `blog.updated` event.",
      tags,
      ok: { 200: v.object({ live: LiveSettingsView }) },
      errors: [...BODY_ERRORS, "not_found", "in_use", "internal"],
    }),
    can("articles.live"), input("param", IdParam), input("json", LiveSettingsInput),
    async (c) => {
      const { id } = c.req.valid("param");
      await setLiveSettings(ctxOf(c), await getArticleOrThrow(c.var.db, id), c.req.valid("json"));
      return c.json({ live: settingsView(await getArticleOrThrow(c.var.db, id)) });
    })
  .get("/:id/entries",
    route({
      summary: "List a live blog's entries (desk)",
      description: "Newest first by when each was started, drafts included (`status` filters), deleted ones left out. `last_event_id` is the desk stream's id to resume from (GET …/live/events).",
      tags,
      ok: { 200: v.object({ entries: v.array(LiveEntryView), next_cursor: v.nullable(v.string()), last_event_id: v.number() }) },
      errors: [...LOOKUP, "validation_failed"],
    }),
    can("live_entries.read"), input("param", IdParam), input("query", DeskListQuery),
    async (c) => {
      const { id } = c.req.valid("param");
      const blog = await blogOf(c, id);
      // The stream's head first: an entry changed between the two reads is then replayed, never missed.
      const lastEventId = await lastDeskEventId(c.var.db, id);
      const page = await listDeskEntries(c.var.db, id, c.req.valid("query"));
      return c.json({ entries: await entryViews(c.var.db, c.var.urls, c.var.actor, blog, page.entries), next_cursor: page.nextCursor, last_event_id: lastEventId });
    })
  .post("/:id/entries",
    route({
      summary: "File an entry",
      description: `A draft by default; \`status: published\` publishes it at once (authors their own, editors any; contributors draft). Without bylines it is signed by the writer's own contributor, if any. Limits: ${LIVE_LIMITS.entriesPerBlog} entries per blog (409 \`conflict\`), ${LIVE_LIMITS.pinned} pinned (409 naming \`pinned\`), ${LIVE_LIMITS.bylines} bylines, a title of ${LIVE_LIMITS.title} characters, a body of ${LIVE_LIMITS.bodyBytes / 1024} KB.`,
      tags,
      ok: { 201: { ...entryOk("Filed"), headers: { ...ETAG_HEADER, Location: { description: "The new entry's URL.", required: true } } } },
      errors: [...BODY_ERRORS, ...WRITE_ERRORS],
    }),
    can("live_entries.write"), input("param", IdParam), input("json", CreateEntrySchema),
    async (c) => {
      const blog = await blogOf(c, c.req.valid("param").id);
      return respondEntry(c, blog, await live.createEntry(ctxOf(c), blog, c.req.valid("json")), 201);
    })
  .get("/:id/entries/:entry_id",
    route({ summary: "Get an entry", tags, ok: { 200: entryOk("The entry") }, errors: [...LOOKUP] }),
    can("live_entries.read"), input("param", EntryParam),
    async (c) => {
      const { id, entry_id } = c.req.valid("param");
      const blog = await blogOf(c, id);
      return respondEntry(c, blog, await getEntryOrThrow(c.var.db, id, entry_id));
    })
  .patch("/:id/entries/:entry_id",
    route({
      summary: "Edit an entry",
      description: "Title, body, bylines, key event. If-Match is required (428 without; 409 `version_conflict` with `current_etag` and the current `entry` when stale). Authors and contributors edit their own entries (contributors only before it was ever published); editors any. Saving what is there writes nothing.",
      tags,
      ok: { 200: entryOk("The entry") },
      errors: [...BODY_ERRORS, ...GUARDED],
    }),
    can("live_entries.write"), input("param", EntryParam), input("header", EntryIfMatch), input("json", UpdateEntrySchema),
    async (c) => {
      const { id, entry_id } = c.req.valid("param");
      const blog = await blogOf(c, id);
      return respondEntry(c, blog, await live.updateEntry(ctxOf(c), blog, entry_id, c.req.valid("json"), expectedOf(c)));
    })
  .post("/:id/entries/:entry_id/publish",
    route({
      summary: "Publish an entry",
      description: "Readers see it (while the blog is published). Its first publication dates it for good. If-Match required. Authors publish their own entries; a contributor's draft is published by an editor.",
      tags,
      ok: { 200: entryOk("The entry") },
      errors: [...GUARDED],
    }),
    can("live_entries.publish"), input("param", EntryParam), input("header", EntryIfMatch),
    async (c) => {
      const { id, entry_id } = c.req.valid("param");
      const blog = await blogOf(c, id);
      return respondEntry(c, blog, await live.setEntryStatus(ctxOf(c), blog, entry_id, "published", expectedOf(c)));
    })
  .post("/:id/entries/:entry_id/unpublish",
    route({
      summary: "Take an entry back to draft",
      description: "Readers lose it (their stream says `entry.deleted`); the newsroom keeps it as a draft. If-Match required.",
      tags,
      ok: { 200: entryOk("The entry") },
      errors: [...GUARDED],
    }),
    can("live_entries.publish"), input("param", EntryParam), input("header", EntryIfMatch),
    async (c) => {
      const { id, entry_id } = c.req.valid("param");
      const blog = await blogOf(c, id);
      return respondEntry(c, blog, await live.setEntryStatus(ctxOf(c), blog, entry_id, "draft", expectedOf(c)));
    })
  .put("/:id/entries/:entry_id/pin",
    route({
      summary: "Pin or unpin an entry (editors)",
      description: `Metadata: no new version and no If-Match. At most ${LIVE_LIMITS.pinned} pinned (409 \`conflict\` naming \`pinned\`). Idempotent.`,
      tags,
      ok: { 200: entryOk("The entry") },
      errors: [...BODY_ERRORS, ...WRITE_ERRORS],
    }),
    can("live_entries.pin"), input("param", EntryParam), input("json", PinSchema),
    async (c) => {
      const { id, entry_id } = c.req.valid("param");
      const blog = await blogOf(c, id);
      return respondEntry(c, blog, await live.setPinned(ctxOf(c), blog, entry_id, c.req.valid("json").pinned));
    })
  .delete("/:id/entries/:entry_id",
    route({
      summary: "Delete an entry",
      description: "Readers lose it; the newsroom keeps its history (GET …/revisions) and the audit log says who. If-Match optional (a stale one is 409). Authors and contributors delete their own entries (contributors only before it was ever published); editors any.",
      tags,
      ok: { 204: { description: "Deleted" } },
      errors: [...GUARDED],
    }),
    can("live_entries.delete"), input("param", EntryParam), input("header", EntryIfMatch),
    async (c) => {
      const { id, entry_id } = c.req.valid("param");
      const blog = await blogOf(c, id);
      await live.deleteEntry(ctxOf(c), blog, entry_id, expectedOf(c));
      return c.body(null, 204);
    })
  .get("/:id/entries/:entry_id/revisions",
    route({
      summary: "An entry's history",
      description: "Every version, newest first, with what it did and who; a deleted entry's too.",
      tags,
      ok: { 200: v.object({ revisions: v.array(RevisionView) }) },
      errors: [...LOOKUP],
    }),
    can("live_entries.read"), input("param", EntryParam),
    async (c) => {
      const { id, entry_id } = c.req.valid("param");
      await blogOf(c, id);
      const rows = await listEntryRevisions(c.var.db, id, entry_id);
      return c.json({
        revisions: rows.map((r) => ({ version: r.version, action: r.action, by: r.createdBy ? { id: r.createdBy, name: r.createdByName ?? "Former user" } : null, at: r.createdAt, snapshot: r.snapshot })),
      });
    });
