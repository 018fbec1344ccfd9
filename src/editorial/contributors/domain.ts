import { asc, count, eq, or, and, type SQL } from "drizzle-orm";
import { contributorArticleCount } from "../../articles/query-counts";
import { bumpContentVersion } from "../../cache/content-version";
import type { DB } from "../../db/client";
import { bylines, contributors, liveEntryBylines, media, users, type ContributorKind } from "../../db/schema";
import { AppError, notFound, orNotFound } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { slugify } from "../../lib/slug";
import { constraintProblem } from "../../db/constraint-errors";
import { inUse } from "../shared";
import { taxonomyEvent } from "../../outbox/events";
import type { AuditBy } from "../../audit/record";
import { taxonomyEntry } from "../../audit/summaries";
import * as v from "valibot";
import { CONTRIBUTOR_KINDS } from "../../db/schema";
import { likeContains, SearchTerm } from "../../lib/like";

export type ContributorRow = typeof contributors.$inferSelect;
export interface ContributorInput {
  slug?: string | undefined;
  kind?: ContributorKind | undefined;
  name?: string | undefined;
  job_title?: string | null | undefined;
  bio?: string | null | undefined;
  avatar_media_id?: string | null | undefined;
  links?: { label: string; url: string }[] | undefined;
  user_id?: string | null | undefined;
}

/** `GET /contributors?q=&kind=`: q searches names and slugs (LIKE, so measured in bytes). */
export const ContributorListQuery = v.object({ q: v.optional(SearchTerm), kind: v.optional(v.picklist(CONTRIBUTOR_KINDS)) });

export async function listContributors(db: DB, q: { q?: string | undefined; kind?: ContributorKind | undefined }) {
  const where: SQL[] = [];
  if (q.q) where.push(or(likeContains(contributors.name, q.q), likeContains(contributors.slug, q.q))!);
  if (q.kind) where.push(eq(contributors.kind, q.kind));
  return db
    .select({ contributor: contributors, articleCount: contributorArticleCount(false) })
    .from(contributors)
    .where(and(...where))
    .orderBy(asc(contributors.name))
    .all();
}

export async function getContributor(db: DB, id: string) {
  const row = await db.select().from(contributors).where(eq(contributors.id, id)).get();
  if (!row) throw notFound("Contributor");
  return row;
}

async function checkRefs(db: DB, input: ContributorInput) {
  if (input.avatar_media_id) {
    const m = await db.select({ id: media.id }).from(media).where(eq(media.id, input.avatar_media_id)).get();
    if (!m) throw new AppError("validation_failed", "Invalid avatar_media_id.", { errors: [{ path: "avatar_media_id", message: "No media item has this id." }] });
  }
  if (input.user_id) {
    const u = await db.select({ id: users.id }).from(users).where(eq(users.id, input.user_id)).get();
    if (!u) throw new AppError("validation_failed", "Invalid user_id.", { errors: [{ path: "user_id", message: "No user has this id." }] });
  }
}

const columns = (input: ContributorInput) => ({
  ...(input.slug !== undefined && { slug: input.slug }),
  ...(input.kind !== undefined && { kind: input.kind }),
  ...(input.name !== undefined && { name: input.name }),
  ...(input.job_title !== undefined && { jobTitle: input.job_title || null }),
  ...(input.bio !== undefined && { bio: input.bio || null }),
  ...(input.avatar_media_id !== undefined && { avatarMediaId: input.avatar_media_id || null }),
  ...(input.links !== undefined && { links: input.links }),
  ...(input.user_id !== undefined && { userId: input.user_id || null }),
});

export async function createContributor(db: DB, input: ContributorInput & { name: string; kind: ContributorKind }, by: AuditBy) {
  await checkRefs(db, input);
  const slug = input.slug ?? (slugify(input.name) || newId("c").replace("_", "-"));
  const id = newId("ctb");
  try {
    // One batch: the row, the public cache token and the event commit together.
    const [rows] = await db.batch([
      db.insert(contributors).values({ id, ...columns(input), slug, name: input.name, kind: input.kind }).returning(),
      bumpContentVersion(db),
      taxonomyEvent(db, { entity: "contributor", id, slug, action: "created" }),
      taxonomyEntry(db, by, "contributor", id, { after: { name: input.name, slug } }),
    ]);
    return rows[0]!;
  } catch (err) {
    throw constraintProblem(err, { slug }) ?? err;
  }
}

export async function updateContributor(db: DB, id: string, input: ContributorInput, by: AuditBy) {
  const before = await getContributor(db, id);
  await checkRefs(db, input);
  try {
    const [rows] = await db.batch([
      db.update(contributors).set({ ...columns(input), updatedAt: new Date().toISOString() }).where(eq(contributors.id, id)).returning(),
      bumpContentVersion(db),
      taxonomyEvent(db, { entity: "contributor", id, slug: input.slug ?? before.slug, previousSlug: before.slug, action: "updated" }),
      taxonomyEntry(db, by, "contributor", id, { before, after: { name: input.name ?? before.name, slug: input.slug ?? before.slug }, input }),
    ]);
    return orNotFound(rows[0], "Contributor");
  } catch (err) {
    throw constraintProblem(err, { slug: input.slug }) ?? err;
  }
}

/** Refused while any article or live-blog entry carries the byline: a deletion must never leave a dangling byline. */
export async function deleteContributor(db: DB, id: string, by: AuditBy) {
  const before = await getContributor(db, id);
  const [onStories, onEntries] = await db.batch([
    db.select({ n: count() }).from(bylines).where(eq(bylines.contributorId, id)),
    db.select({ n: count() }).from(liveEntryBylines).where(eq(liveEntryBylines.contributorId, id)),
  ]);
  const used = { n: (onStories[0]?.n ?? 0) + (onEntries[0]?.n ?? 0) };
  if (used && used.n > 0) throw inUse("contributor", used.n, "bylines");
  await db.batch([
    db.delete(contributors).where(eq(contributors.id, id)),
    bumpContentVersion(db),
    taxonomyEvent(db, { entity: "contributor", id, slug: before.slug, action: "deleted" }),
    taxonomyEntry(db, by, "contributor", id, { before }),
  ]);
}
