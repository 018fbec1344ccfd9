// What the article routes answer, as valibot schemas. The mappers (view.ts, routes.ts) are typed
// from them and the OpenAPI document is built from them, so the reference cannot promise a field
// the code does not send, nor miss one it does (tests close every object: an undeclared field fails).
import * as v from "valibot";
import { BodyDocSchema } from "../../body/schema";
import { ARTICLE_KINDS, ARTICLE_STATUSES, CONTRIBUTOR_KINDS } from "../../db/schema";
import { ARTICLE_EXAMPLE } from "./examples";

const at = (what: string) => v.pipe(v.string(), v.isoTimestamp(), v.description(`${what} (UTC, RFC 3339).`));
const nullableAt = (what: string) => v.nullable(at(what));
const text = v.nullable(v.string());
const Version = v.pipe(v.number(), v.integer(), v.minValue(1));

/** A user, by id and display name (who saved, who scheduled). */
export const UserRef = v.object({ id: v.string(), name: v.string() });

const Status = v.pipe(v.picklist(ARTICLE_STATUSES), v.description("Where the story is in its life: `draft`, `scheduled`, `published` or `archived`."));

/** The verbs `allowed_actions` may offer (service.ts OFFERED): the mapper fails to compile if they drift. */
export const OFFERED_ACTIONS = ["update", "publish", "schedule", "unpublish", "archive", "delete", "restore", "submit", "lift_embargo"] as const;

export const ContributorRef = v.object({
  id: v.string(),
  slug: v.string(),
  name: v.string(),
  kind: v.picklist(CONTRIBUTOR_KINDS),
  job_title: text,
});

const CardByline = v.object({ slug: v.string(), name: v.string(), kind: v.string() });

const RelatedView = v.union([
  v.object({
    type: v.literal("external"),
    url: text,
    title: text,
    summary: text,
    source: text,
  }),
  v.pipe(
    v.object({
      type: v.literal("article"),
      article_id: v.string(),
      headline: v.string(),
      summary: text,
      url: v.string(),
      status: v.pipe(v.picklist(ARTICLE_STATUSES), v.description("The linked story's status: editors see cards for drafts too.")),
      bylines: v.array(CardByline),
    }),
    v.description("Another story of ours, resolved when read."),
  ),
  v.pipe(
    v.object({ type: v.literal("article"), article_id: v.string(), missing: v.literal(true) }),
    v.description("A link to a story that no longer exists (deleted since)."),
  ),
]);

/** The summary of a published story's pending changes (its working copy), on the article and the version poll. */
export const WorkingCopySummary = v.object({
  etag: v.pipe(v.string(), v.description('The working copy\'s ETag, `"<base version>.<n>"`: send it as If-Match to save, publish, schedule or discard the copy.')),
  version: v.pipe(v.number(), v.integer(), v.description("The copy's own save counter (the `n` of its ETag); never repeats for an article.")),
  base_version: v.pipe(v.number(), v.integer(), v.description("The live version the copy starts from.")),
  updated_at: at("When the copy was last saved"),
  updated_by: v.nullable(UserRef),
  restored_from: v.pipe(v.nullable(v.number()), v.description("The revision a restore brought into the copy, if any.")),
  publish_at: nullableAt("When the cron updates the live story with this copy; null when not scheduled"),
  publish_note: v.pipe(text, v.description("Why a scheduled update did not go out (the story changed or was unpublished meanwhile).")),
});

/** Editorial workflow metadata (outside the versioned content: changing it makes no revision). */
const WorkflowFields = {
  stage: v.pipe(v.string(), v.description("The editorial stage's id (GET /stages): where an unpublished story is on its way to publication.")),
  stage_name: v.pipe(text, v.description("The stage's name as the newsroom calls it now.")),
  due_at: nullableAt("When the desk wants the story; null when no due time is set"),
};

/** An article as editors see it: drafts included, references resolved, the caller's rights on it. */
export const ArticleView = v.pipe(
  v.object({
    id: v.string(),
    slug: v.string(),
    url: v.pipe(v.string(), v.description("Where the story lives on the public site (PUBLIC_SITE_URL + ARTICLE_URL_PATTERN).")),
    headline: v.string(),
    dek: text,
    summary: text,
    body: BodyDocSchema,
    body_html: v.pipe(v.string(), v.description("The body rendered to HTML, with related cards and images resolved.")),
    reading_time: v.pipe(v.number(), v.integer(), v.description("Minutes, derived from the body.")),
    section: v.nullable(v.object({ id: v.string(), slug: v.string(), name: v.string() })),
    bylines: v.pipe(v.array(v.object({ role: text, contributor: ContributorRef })), v.description("In order; people and desks alike.")),
    tags: v.pipe(v.array(v.object({ id: v.string(), slug: v.string(), name: v.string() })), v.description("In order; the first is the primary tag.")),
    related: v.array(RelatedView),
    featured_image: v.nullable(
      v.object({
        media_id: v.string(),
        url: v.string(),
        width: v.nullable(v.number()),
        height: v.nullable(v.number()),
        alt: v.string(),
        caption: text,
        credit: text,
      }),
    ),
    audio: v.nullable(v.object({ url: v.string(), disclosure: text })),
    canonical_url: text,
    language: v.pipe(v.string(), v.description("BCP 47 language tag.")),
    seo_title: text,
    seo_description: text,
    comments_enabled: v.boolean(),
    status: Status,
    scheduled_at: nullableAt("When the cron publishes it"),
    published_at: nullableAt("The publication date readers see"),
    first_published_at: nullableAt("When readers first saw it; survives unpublishing"),
    embargoed_until: nullableAt(
      "No public surface shows the story before this instant, whatever its status. Publishing it earlier holds it (status `scheduled`) until then; PUT /articles/{id}/embargo sets it, an editor lifts it early (POST /articles/{id}/lift-embargo). Kept after it passes, as the record",
    ),
    created_at: at("Created"),
    updated_at: at("Last saved"),
    last_major_update_at: at(
      "What readers are told is the story's last update (JSON-LD `dateModified`, feed updated times, the content API's `updated_at`): a minor save leaves it, every other save and every amendment moves it",
    ),
    created_by: v.pipe(text, v.description("User id.")),
    updated_by: v.pipe(text, v.description("User id of whoever saved this version.")),
    updated_by_name: text,
    version: v.pipe(Version, v.description('Counts saves; the ETag is `"<version>"`. Send it as If-Match (or `version`) with a change.')),
    allowed_actions: v.pipe(
      v.array(v.picklist(OFFERED_ACTIONS)),
      v.description("What the caller may do to this story now, from the checks the endpoints run: offer nothing else."),
    ),
    submitted_for_editing: v.pipe(
      v.nullable(v.object({ by: v.nullable(UserRef), at: at("Submitted") })),
      v.description("A contributor's or author's draft handed to an editor, until the next save."),
    ),
    working_copy: v.pipe(v.nullable(WorkingCopySummary), v.description("A published story's pending changes, or null.")),
    ...WorkflowFields,
    assignees: v.pipe(v.array(UserRef), v.description("Who the desk assigned the story to (PUT /articles/{id}/assignees), by name.")),
    kind: v.pipe(v.picklist(ARTICLE_KINDS), v.description("`live`: a live blog, whose entries are filed one by one (GET /articles/{id}/entries); `article` otherwise.")),
    live: v.pipe(
      v.nullable(
        v.object({
          coverage_start_at: nullableAt("When the coverage starts"),
          coverage_end_at: nullableAt("When it ends; null while it goes on"),
          entry_count: v.pipe(v.number(), v.integer(), v.description("Entries, drafts included, not deleted.")),
          last_event_id: v.pipe(v.number(), v.integer(), v.description("The desk stream's last event id (GET …/live/events resumes after it); 0 before any change.")),
        }),
      ),
      v.description("A live blog's coverage window and counts (PUT /articles/{id}/live); null for an ordinary story."),
    ),
  }),
  v.metadata({ examples: [ARTICLE_EXAMPLE] }),
);
export type ArticleViewOut = v.InferOutput<typeof ArticleView>;

export const ArticleOne = v.object({ article: ArticleView });

// ArticleView itself, never a pipe around it: the document refers to the one `Article` component
// (a wrapped copy would be inlined, and every test response would compile it again).

/** The working copy resource: its summary and `article`, the story as it would read once published. */
export const WorkingCopyView = v.object({ ...WorkingCopySummary.entries, article: ArticleView });
export const WorkingCopyOne = v.object({ working_copy: WorkingCopyView });

/** GET /articles/{id}/version: the one small read an open editor polls. */
export const VersionSummary = v.object({
  version: Version,
  updated_at: at("Last saved"),
  updated_by: v.nullable(UserRef),
  status: Status,
  working_copy: v.nullable(WorkingCopySummary),
});

export const RevisionView = v.object({
  id: v.string(),
  version: Version,
  action: v.pipe(
    v.string(),
    v.description(
      "What made this version: create, update, publish, schedule, unpublish, archive, restore, submit, update_live, scheduled_publish, scheduled_update, working_copy (pending changes kept at a delete), delete, undelete or import.",
    ),
  ),
  created_by: v.pipe(text, v.description("User id.")),
  author: v.pipe(v.nullable(UserRef), v.description('Who made it ("Former user" once the account is gone).')),
  created_at: at("Made"),
  restored_from: v.pipe(v.nullable(v.number()), v.description("The version a restore brought back.")),
});

/** A revision's stored content, id-based as saves write it (src/articles/content.ts). */
const Snapshot = v.object({
  content: v.object({
    slug: v.string(),
    headline: v.string(),
    dek: text,
    summary: text,
    body: BodyDocSchema,
    section_id: text,
    bylines: v.array(v.object({ contributor_id: v.string(), role: text })),
    tag_ids: v.array(v.string()),
    related: v.array(v.union([v.object({ article_id: v.string() }), v.object({ url: v.string(), title: v.string(), summary: text, source: text })])),
    featured_image: v.nullable(v.object({ media_id: v.string(), alt: v.string(), caption: text, credit: text })),
    audio: v.nullable(v.object({ url: v.string(), disclosure: text })),
    canonical_url: text,
    language: v.string(),
    seo_title: text,
    seo_description: text,
    comments_enabled: v.boolean(),
  }),
  state: v.object({ status: Status, scheduled_at: text, published_at: text, first_published_at: text }),
});

export const RevisionDetail = v.object({
  revision: v.object({
    ...RevisionView.entries,
    snapshot: v.pipe(Snapshot, v.description("The version as stored: references by id.")),
    // The version as an article view (names of its section, people and tags as they are now).
    article: ArticleView,
  }),
});

/** GET /articles: one page, newest change first. */
export const ArticleListPage = v.object({
  articles: v.array(
    v.object({
      id: v.string(),
      slug: v.string(),
      url: v.string(),
      headline: v.string(),
      summary: text,
      status: Status,
      section: v.nullable(v.object({ slug: v.string(), name: text })),
      bylines: v.array(v.object({ slug: v.string(), name: v.string(), kind: v.string(), role: text })),
      tags: v.array(v.object({ slug: v.string(), name: v.string() })),
      scheduled_at: nullableAt("When the cron publishes it"),
      embargoed_until: nullableAt(
        "No public surface shows the story before this instant. A `scheduled` story goes public at the later of `scheduled_at` and this (a story published under embargo is held until it)",
      ),
      published_at: nullableAt("The publication date readers see"),
      updated_at: at("Last saved"),
      version: Version,
      ...WorkflowFields,
      assignees: v.array(UserRef),
      kind: v.pipe(v.picklist(ARTICLE_KINDS), v.description("`live` for a live blog.")),
    }),
  ),
  next_cursor: v.pipe(v.nullable(v.string()), v.description("Send as `cursor` for the next page; null on the last one.")),
});
