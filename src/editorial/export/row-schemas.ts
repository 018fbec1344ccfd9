// What an imported row may hold: the editorial API's own rules (slugs, statuses, lengths, http(s)
// URLs, body documents), applied to rows as stored. An import must not be a way around them: a
// `javascript:` related link or audio URL would otherwise reach feeds and the content API.
// Declarations only: check-row.ts applies them to a row and to the JSON text its columns hold.
// The schemas stay unexported, reached through the two tables below, and in this one file:
// tests/security/limits.test.ts knows it by name as the rows of an import file, not a route's input.
import * as v from "valibot";
import { ARTICLE_KINDS, ARTICLE_STATUSES, CONTRIBUTOR_KINDS, LIVE_ENTRY_ACTIONS, LIVE_ENTRY_STATUSES, ROLES, TAG_VISIBILITIES } from "../../db/schema";
import { LIVE_LIMITS } from "../../live/doc";
import { isRealInstant } from "../../lib/time";
import { MAX_UPLOAD_BYTES } from "../../media/library";
import { HttpUrl, LanguageTag, SlugSchema } from "../shared";
import { normalisePath, parseTarget, REDIRECT_STATUSES } from "../../redirects/paths";
import { ANCHOR_LIMITS } from "../../notes/anchor";
import { NOTE_BODY_MAX } from "../../notes/views";
import { AMENDMENT_KINDS, AmendmentDocSchema } from "../../amendments/doc";
import { STAGE_ID, STAGE_LIMITS } from "../../auth/stages";

const Id = v.pipe(v.string(), v.minLength(1), v.maxLength(64), v.regex(/^[A-Za-z0-9_-]+$/, "Not a Copydesk id."));
const OptId = v.nullable(Id);
// Stored instants are toISOString() output: fixed width, so they sort as text. Nothing else is stored.
const Stamp = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, "Use a UTC timestamp such as 2024-11-01T22:34:00.000Z."),
  v.check(isRealInstant, "Not a real instant."),
);
const OptStamp = v.nullable(Stamp);
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const OptText = (max: number) => v.nullable(Text(max));
const Required = (max: number) => v.pipe(v.string(), v.minLength(1, "Required."), v.maxLength(max));
const Int = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const Name = Required(200);

const MIME = ["image/jpeg", "image/png", "image/gif", "image/webp", "image/avif"] as const;
/** Base64 of the largest upload: four characters per three bytes. */
export const MAX_MEDIA_DATA_CHARS = Math.ceil(MAX_UPLOAD_BYTES / 3) * 4;

const ContributorLink = v.object({
  label: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  url: v.pipe(v.string(), v.maxLength(2048), v.url(), v.check((u) => /^(https?:|mailto:)/i.test(u), "Only http(s) and mailto links.")),
});

/** A note's anchor as src/notes stores it: a quote with its context either side. */
const StoredAnchor = v.strictObject({ quote: Required(ANCHOR_LIMITS.quote), prefix: Text(ANCHOR_LIMITS.context), suffix: Text(ANCHOR_LIMITS.context) });

const RelatedContent = v.union(
  [
    v.object({ article_id: Id }),
    v.object({ url: HttpUrl, title: Required(300), summary: OptText(1000), source: OptText(200) }),
  ],
  "Give either article_id, or url with title.",
);

/** A revision's snapshot: restoring one writes it back without the API's input checks, so check it here. */
const SnapshotSchema = v.object({
  content: v.object({
    slug: SlugSchema,
    headline: Required(300),
    dek: OptText(500),
    summary: OptText(1000),
    body: v.unknown(),
    section_id: OptId,
    bylines: v.pipe(v.array(v.object({ contributor_id: Id, role: OptText(80) })), v.maxLength(20)),
    tag_ids: v.pipe(v.array(Id), v.maxLength(20)),
    related: v.pipe(v.array(RelatedContent), v.maxLength(20)),
    featured_image: v.nullable(v.object({ media_id: Id, alt: Text(1000), caption: OptText(2000), credit: OptText(500) })),
    audio: v.nullable(v.object({ url: HttpUrl, disclosure: OptText(500) })),
    canonical_url: v.nullable(HttpUrl),
    language: LanguageTag,
    seo_title: OptText(300),
    seo_description: OptText(1000),
    comments_enabled: v.boolean(),
  }),
  state: v.object({
    status: v.picklist(ARTICLE_STATUSES),
    scheduled_at: OptStamp,
    published_at: OptStamp,
    first_published_at: OptStamp,
  }),
});

/** A redirect target as the API stores it: one parseTarget accepts and leaves unchanged. */
function isStoredTarget(t: string) {
  const parsed = parseTarget(t);
  return !("error" in parsed) && parsed.value === t;
}

// strictObject: a column this version does not know is refused by name rather than dropped.
export const ROW_SCHEMAS: Record<string, v.GenericSchema> = {
  users: v.strictObject({ id: Id, email: v.pipe(v.string(), v.maxLength(254), v.email()), name: Name, role: v.picklist(ROLES), created_at: Stamp, updated_at: Stamp }),
  sections: v.strictObject({ id: Id, slug: SlugSchema, name: Name, description: OptText(2000), position: Int(0, 10_000), created_at: Stamp, updated_at: Stamp }),
  // visibility arrived with the Ghost import (migration 0008): an older export's tags are public.
  tags: v.strictObject({ id: Id, slug: SlugSchema, name: Name, description: OptText(2000), visibility: v.optional(v.picklist(TAG_VISIBILITIES)), created_at: Stamp, updated_at: Stamp }),
  media: v.strictObject({
    id: Id,
    r2_key: v.pipe(v.string(), v.regex(/^media\/[A-Za-z0-9_-]{1,64}\.(jpg|png|gif|webp|avif)$/, "Not a Copydesk media key.")),
    mime_type: v.picklist(MIME),
    size: Int(0, MAX_UPLOAD_BYTES),
    width: v.nullable(Int(1, 30_000)),
    height: v.nullable(Int(1, 30_000)),
    alt: Text(1000),
    caption: OptText(2000),
    credit: OptText(500),
    filename: OptText(255),
    // An image left at its original address by a Ghost import (no bytes: `data` is null).
    source_url: v.optional(v.nullable(HttpUrl)),
    created_by: OptId,
    created_at: Stamp,
    // null only when the image was already missing from storage when the export was made.
    data: v.nullable(v.pipe(v.string(), v.maxLength(MAX_MEDIA_DATA_CHARS, "Larger than the largest upload."))),
  }),
  site_settings: v.strictObject({
    id: v.literal(1),
    // The settings API's limits (SETTINGS_LIMITS in settings/routes.ts).
    title: OptText(200),
    description: OptText(500),
    language: LanguageTag,
    logo_media_id: OptId,
    updated_at: Stamp,
    updated_by: OptId,
  }),
  contributors: v.strictObject({
    id: Id,
    slug: SlugSchema,
    kind: v.picklist(CONTRIBUTOR_KINDS),
    name: Name,
    job_title: OptText(200),
    bio: OptText(5000),
    avatar_media_id: OptId,
    links: v.string(),
    user_id: OptId,
    created_at: Stamp,
    updated_at: Stamp,
  }),
  articles: v.strictObject({
    id: Id,
    slug: SlugSchema,
    headline: Required(300),
    dek: OptText(500),
    summary: OptText(1000),
    body: v.string(),
    section_id: OptId,
    status: v.picklist(ARTICLE_STATUSES),
    scheduled_at: OptStamp,
    published_at: OptStamp,
    first_published_at: OptStamp,
    featured_media_id: OptId,
    featured_alt: OptText(1000),
    featured_caption: OptText(2000),
    featured_credit: OptText(500),
    audio_url: v.nullable(HttpUrl),
    audio_disclosure: OptText(500),
    canonical_url: v.nullable(HttpUrl),
    language: LanguageTag,
    seo_title: OptText(300),
    seo_description: OptText(1000),
    comments_enabled: v.picklist([0, 1]),
    version: Int(1, Number.MAX_SAFE_INTEGER),
    search_id: v.nullable(Int(1, Number.MAX_SAFE_INTEGER)),
    created_by: OptId,
    updated_by: OptId,
    created_at: Stamp,
    updated_at: Stamp,
    // Workflow columns (issue 15). Exports written before them have none: no embargo, first stage,
    // and every save was major (the import's last_major_update_at is then its updated_at).
    embargoed_until: v.optional(OptStamp, null),
    stage: v.optional(v.pipe(v.string(), v.maxLength(STAGE_LIMITS.id), v.regex(STAGE_ID, "Not a stage id.")), "draft"),
    due_at: v.optional(OptStamp, null),
    last_major_update_at: v.optional(OptStamp, null),
    // Live blogs (issue 16); a file from before them holds ordinary stories.
    kind: v.optional(v.picklist(ARTICLE_KINDS), "article"),
    coverage_start_at: v.optional(OptStamp, null),
    coverage_end_at: v.optional(OptStamp, null),
  }),
  bylines: v.strictObject({ article_id: Id, position: Int(0, 19), contributor_id: Id, role: OptText(80) }),
  article_tags: v.strictObject({ article_id: Id, position: Int(0, 19), tag_id: Id }),
  // As the redirects API stores them: a canonical old path, a target it would accept (src/redirects/paths.ts).
  redirects: v.strictObject({
    id: Id,
    from_path: v.pipe(v.string(), v.check((p) => normalisePath(p) === p, "Not a canonical old path (leading slash, no query, no trailing slash, escapes normalised).")),
    to_url: v.pipe(v.string(), v.check(isStoredTarget, "Use an absolute http(s) URL or a path starting with /.")),
    status_code: v.picklist(REDIRECT_STATUSES),
    source: v.picklist(["editor", "ghost-import"]),
    created_at: Stamp,
    updated_at: Stamp,
  }),
  related_links: v.pipe(
    v.strictObject({
      article_id: Id,
      position: Int(0, 19),
      target_article_id: OptId,
      url: v.nullable(HttpUrl),
      title: OptText(300),
      summary: OptText(1000),
      source_name: OptText(200),
    }),
    v.check((r) => (r.target_article_id !== null) !== (r.url !== null && r.title !== null), "Give either target_article_id, or url with title."),
  ),
  collections: v.strictObject({ id: Id, slug: SlugSchema, name: Name, description: OptText(2000), created_at: Stamp, updated_at: Stamp }),
  collection_items: v.strictObject({ collection_id: Id, position: Int(0, 100_000), article_id: Id }),
  revisions: v.strictObject({
    id: Id,
    article_id: Id,
    version: Int(1, Number.MAX_SAFE_INTEGER),
    snapshot: v.string(),
    action: v.pipe(v.string(), v.regex(/^[a-z_]{1,32}$/, "Not a revision action.")),
    created_by: OptId,
    created_at: Stamp,
    // Exports written before restores were recorded have no such column.
    restored_from: v.optional(v.nullable(Int(1, Number.MAX_SAFE_INTEGER))),
  }),
  // A published story's pending changes travel with the backup: no edit is lost by a restore.
  working_copies: v.strictObject({
    article_id: Id,
    base_version: Int(0, Number.MAX_SAFE_INTEGER),
    seq: Int(0, Number.MAX_SAFE_INTEGER),
    content: v.nullable(v.string()),
    restored_from: v.nullable(Int(1, Number.MAX_SAFE_INTEGER)),
    updated_by: OptId,
    updated_at: Stamp,
    publish_at: v.optional(OptStamp),
    publish_by: v.optional(OptId),
    publish_note: v.optional(OptText(500)),
  }),
  // The audit log travels as stored (summary: JSON text); an import appends it (INSERT OR IGNORE by id).
  audit_log: v.strictObject({
    id: Id,
    at: Stamp,
    actor_user_id: OptId,
    actor_token_id: OptId,
    actor_label: Required(200),
    actor_role: OptText(32),
    action: v.pipe(v.string(), v.regex(/^[a-z_]{1,32}\.[a-z_]{1,32}$/, "Not an audit action (`<target>.<verb>`).")),
    target_type: v.pipe(v.string(), v.regex(/^[a-z_]{1,32}$/, "Not an audit target type.")),
    target_id: OptText(200),
    target_label: OptText(500),
    summary: v.pipe(
      v.string(),
      v.maxLength(20_000),
      v.check((s) => {
        try {
          const parsed: unknown = JSON.parse(s);
          return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
        } catch {
          return false;
        }
      }, "Not a JSON object."),
    ),
    request_id: OptText(100),
  }),
  // Corrections and updates readers see: public once public_at is set, so an import checks the text as
  // the API does (paragraphs, marks and safe links only).
  article_amendments: v.strictObject({
    id: Id,
    article_id: Id,
    kind: v.picklist(AMENDMENT_KINDS),
    body: v.string(),
    created_at: Stamp,
    created_by: OptId,
    public_at: OptStamp,
    supersedes_id: OptId,
    deleted_at: OptStamp,
    deleted_by: OptId,
  }),
  // The newsroom's internal notes travel with its backup (never in anything public); the anchor is
  // JSON text as stored, checked below.
  article_notes: v.strictObject({
    id: Id,
    article_id: Id,
    parent_id: OptId,
    author_id: OptId,
    body: Required(NOTE_BODY_MAX),
    anchor: v.nullable(v.string()),
    resolved_at: OptStamp,
    resolved_by: OptId,
    created_at: Stamp,
    updated_at: Stamp,
  }),
  // The newsroom's own stages: an import replaces the defaults with them (staging.ts).
  workflow_stages: v.strictObject({
    id: v.pipe(v.string(), v.maxLength(STAGE_LIMITS.id), v.regex(STAGE_ID, "Not a stage id.")),
    name: Required(STAGE_LIMITS.name),
    position: Int(0, STAGE_LIMITS.max - 1),
    enter_role: v.picklist(ROLES),
    updated_at: Stamp,
  }),
  article_assignees: v.strictObject({ article_id: Id, user_id: Id, assigned_by: OptId, assigned_at: Stamp }),
  // Live blogs' entries: the body is checked by the entry's own parser (check-row.ts), its plain text derived.
  live_entries: v.strictObject({
    id: Id,
    article_id: Id,
    status: v.picklist(LIVE_ENTRY_STATUSES),
    title: OptText(LIVE_LIMITS.title),
    body: v.string(),
    pinned: v.picklist([0, 1]),
    key_event: v.picklist([0, 1]),
    published_at: OptStamp,
    version: Int(1, Number.MAX_SAFE_INTEGER),
    created_at: Stamp,
    created_by: OptId,
    updated_at: Stamp,
    updated_by: OptId,
    deleted_at: OptStamp,
    deleted_by: OptId,
  }),
  live_entry_bylines: v.strictObject({ entry_id: Id, position: Int(0, LIVE_LIMITS.bylines - 1), contributor_id: Id, role: OptText(80) }),
  live_entry_revisions: v.strictObject({
    entry_id: Id,
    version: Int(1, Number.MAX_SAFE_INTEGER),
    article_id: Id,
    action: v.picklist(LIVE_ENTRY_ACTIONS),
    snapshot: v.string(),
    created_by: OptId,
    created_at: Stamp,
  }),
};

/** A live entry's revision snapshot, as src/live/domain.ts writes it. */
const EntrySnapshotSchema = v.strictObject({
  status: v.picklist(LIVE_ENTRY_STATUSES),
  title: OptText(LIVE_LIMITS.title),
  body: v.unknown(),
  bylines: v.pipe(v.array(v.strictObject({ contributor_id: Id, role: OptText(80) })), v.maxLength(LIVE_LIMITS.bylines)),
  key_event: v.boolean(),
});

/**
 * The JSON text some columns hold, by table and column, checked once the row itself passed
 * (check-row.ts). A body inside is then checked by the body's own parser there.
 */
export const JSON_COLUMNS = {
  revisions: { snapshot: SnapshotSchema },
  // The same content a revision stores: it becomes an article when published.
  working_copies: { content: SnapshotSchema.entries.content },
  article_amendments: { body: AmendmentDocSchema },
  article_notes: { anchor: StoredAnchor },
  contributors: { links: v.pipe(v.array(ContributorLink), v.maxLength(20)) },
  live_entry_revisions: { snapshot: EntrySnapshotSchema },
};
