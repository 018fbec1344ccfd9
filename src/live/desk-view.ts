// The newsroom's representation of a live-blog entry (drafts included), by an explicit mapper from
// the loaded record. The desk's change payloads carry it without the per-viewer `allowed_actions`
// (the admin computes those with src/auth/live-rules.ts); the editorial routes answer with it.
import * as v from "valibot";
import { BodyDocSchema, collectReferences, type BodyDoc } from "../body";
import { resolveReferences, type ArticleCard, type MediaSize } from "../articles/cards";
import { renderResolvedBody } from "../articles/render-body";
import type { ArticleRecord } from "../articles/load";
import { LIVE_ENTRY_VERB_LIST, allowedEntryActions, type LiveActor } from "../auth/live-rules";
import type { DB } from "../db/client";
import { CONTRIBUTOR_KINDS, LIVE_ENTRY_STATUSES } from "../db/schema";
import type { SiteUrls } from "../lib/urls";
import { entryFacts } from "./entry-read";
import type { LiveEntryRecord } from "./record";

const at = (what: string) => v.pipe(v.string(), v.description(`${what} (UTC, RFC 3339).`));

const EntryByline = v.object({
  role: v.nullable(v.string()),
  contributor: v.object({ id: v.string(), slug: v.string(), name: v.string(), kind: v.picklist(CONTRIBUTOR_KINDS), job_title: v.nullable(v.string()) }),
});

export const LiveEntryDeskView = v.object({
  id: v.string(),
  article_id: v.pipe(v.string(), v.description("The live blog it belongs to.")),
  status: v.pipe(v.picklist(LIVE_ENTRY_STATUSES), v.description("`draft`: the newsroom's only; `published`: readers see it (while the blog is published).")),
  title: v.nullable(v.string()),
  body: BodyDocSchema,
  text: v.pipe(v.string(), v.description("The body as plain text.")),
  html: v.pipe(v.string(), v.description("The body rendered as readers would get it (cards of drafts shown too, as in the article view).")),
  bylines: v.array(EntryByline),
  pinned: v.pipe(v.boolean(), v.description("Held at the top of the blog (at most 3). Metadata: pinning changes no version.")),
  key_event: v.boolean(),
  published_at: v.nullable(at("When it first went out; it never moves, and stays set when the entry is unpublished")),
  version: v.pipe(v.number(), v.integer(), v.minValue(1), v.description("Counts the entry's saves, publications and deletion; pinning does not.")),
  etag: v.pipe(v.string(), v.description('`"<version>"`: send it as If-Match with PATCH, publish, unpublish (and optionally DELETE).')),
  created_at: at("When it was started"),
  created_by: v.nullable(v.pipe(v.string(), v.description("The user who started it (an id)."))),
  updated_at: at("Its last change (a pin included)"),
  updated_by: v.nullable(v.string()),
});
export type LiveEntryDesk = v.InferOutput<typeof LiveEntryDeskView>;

export const LiveEntryView = v.object({
  ...LiveEntryDeskView.entries,
  allowed_actions: v.pipe(
    v.array(v.picklist(LIVE_ENTRY_VERB_LIST)),
    v.description("What the caller may do to this entry now, by the rules the endpoints apply (`pin` covers pinning and unpinning; `publish` only on a draft, `unpublish` only on a published entry)."),
  ),
});
export type LiveEntryOut = v.InferOutput<typeof LiveEntryView>;

/** Cards (drafts' too: it is the newsroom's own view) and images for all these bodies, in one statement (none without references). */
export async function deskReferences(db: DB, bodies: BodyDoc[], urls: SiteUrls): Promise<{ cards: Map<string, ArticleCard>; mediaById: Map<string, MediaSize> }> {
  const refs = bodies.map(collectReferences);
  return resolveReferences(db, refs.flatMap((r) => r.articleIds), refs.flatMap((r) => r.mediaIds), urls, { publishedOnly: false });
}

export type DeskRefs = Awaited<ReturnType<typeof deskReferences>>;

export function toDeskView(e: LiveEntryRecord, refs: DeskRefs, urls: SiteUrls): LiveEntryDesk {
  return {
    id: e.id,
    article_id: e.articleId,
    status: e.status,
    title: e.title,
    body: e.body,
    text: e.bodyText,
    html: renderResolvedBody(e.body, refs.mediaById, refs.cards, urls),
    bylines: e.bylines.map((b) => ({ role: b.role, contributor: { id: b.id, slug: b.slug, name: b.name, kind: b.kind, job_title: b.job_title } })),
    pinned: e.pinned,
    key_event: e.keyEvent,
    published_at: e.publishedAt,
    version: e.version,
    etag: `"${e.version}"`,
    created_at: e.createdAt,
    created_by: e.createdBy,
    updated_at: e.updatedAt,
    updated_by: e.updatedBy,
  };
}

/** The entries as `actor` sees them, with what they may do to each. One statement for all their references. */
export async function entryViews(db: DB, urls: SiteUrls, actor: LiveActor, blog: ArticleRecord, entries: LiveEntryRecord[]): Promise<LiveEntryOut[]> {
  const refs = await deskReferences(db, entries.map((e) => e.body), urls);
  return entries.map((e) => ({ ...toDeskView(e, refs, urls), allowed_actions: allowedEntryActions(actor, { ...entryFacts(blog, e), entry: entryFacts(blog, e).entry! }) }));
}
