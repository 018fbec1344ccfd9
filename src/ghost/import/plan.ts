// Starting a Ghost import: the import row, Ghost's authors as contributors, its tags, and an article
// id reserved for every post of the plan, so a bookmark to a post converted in a later chunk already
// knows which article it points at. Every list travels as ONE JSON parameter (json_each): a plan of
// thousands of tags or 10,000 posts stays within D1's 100 parameters and 50 queries per request.
import { sql } from "drizzle-orm";
import { auditEntry, type AuditBy } from "../../audit/record";
import type { BatchItem } from "drizzle-orm/batch";
import * as v from "valibot";
import { resolveGhostUrl } from "../convert";
import { ChunkImages } from "./images";
import { rawRun } from "./raw";
import { bumpContentVersion } from "../../cache/content-version";
import type { DB } from "../../db/client";
import { ghostImports } from "../../db/schema";
import { AppError, type FieldIssue } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { SLUG_PATTERN, slugify } from "../../lib/slug";
import { GhostImportPlan, type GhostTag, type GhostUser } from "../export-file";
import { add, emptyCounts, type Counts } from "./state";

export type Plan = v.InferOutput<typeof GhostImportPlan>;

/** Posts per reservation statement: the JSON parameter stays well under D1's 2 MB value limit. */
const RESERVE_SLICE = 5000;

const okSlug = (s: string) => s.length <= 120 && SLUG_PATTERN.test(s);
/** Ghost's slug when it is one of ours; otherwise one made from the name ("#desk" → "hash-desk", as Ghost does). */
export function localSlug(slug: string, name: string): string {
  if (okSlug(slug)) return slug;
  const made = slugify(slug) || slugify(name);
  return name.startsWith("#") && !made.startsWith("hash-") ? `hash-${made}` : made || "untitled";
}

const tagVisibility = (t: GhostTag) => t.visibility ?? (t.name.startsWith("#") ? "internal" : "public");
const links = (u: GhostUser) => (u.website && /^https?:\/\//i.test(u.website) ? [{ label: "Website", url: u.website }] : []);
const json = (x: unknown) => JSON.stringify(x);

interface Existing {
  id: string;
  slug: string;
  name: string;
  bio?: string | null;
  description?: string | null;
  links?: string;
  visibility?: string;
}

async function lookups(db: DB, plan: Plan) {
  const ids = (list: string[]) => json([...new Set(list)]);
  const row = await db.get<Record<string, string>>(sql`SELECT
    (SELECT json_group_array(x.slug) FROM json_each(${ids(sectionSlugs(plan))}) j CROSS JOIN sections x ON x.slug = j.value) AS sections,
    (SELECT json_group_array(json_object('ghost', m.ghost_id, 'id', c.id, 'slug', c.slug, 'name', c.name, 'bio', c.bio, 'links', c.links))
       FROM json_each(${ids(plan.users.map((u) => u.id))}) j CROSS JOIN ghost_map m ON m.kind = 'user' AND m.ghost_id = j.value CROSS JOIN contributors c ON c.id = m.local_id) AS mapped_users,
    (SELECT json_group_array(json_object('id', c.id, 'slug', c.slug, 'name', c.name, 'bio', c.bio, 'links', c.links))
       FROM json_each(${ids(plan.users.map((u) => localSlug(u.slug, u.name)))}) j CROSS JOIN contributors c ON c.slug = j.value) AS users_by_slug,
    (SELECT json_group_array(json_object('ghost', m.ghost_id, 'id', t.id, 'slug', t.slug, 'name', t.name, 'description', t.description, 'visibility', t.visibility))
       FROM json_each(${ids(plan.tags.map((t) => t.id))}) j CROSS JOIN ghost_map m ON m.kind = 'tag' AND m.ghost_id = j.value CROSS JOIN tags t ON t.id = m.local_id) AS mapped_tags,
    (SELECT json_group_array(json_object('id', t.id, 'slug', t.slug, 'name', t.name, 'description', t.description, 'visibility', t.visibility))
       FROM json_each(${ids(plan.tags.map((t) => localSlug(t.slug, t.name)))}) j CROSS JOIN tags t ON t.slug = j.value) AS tags_by_slug`);
  const list = <T>(k: string) => JSON.parse(row?.[k] ?? "[]") as T[];
  return {
    sections: new Set(list<string>("sections")),
    mappedUsers: new Map(list<Existing & { ghost: string }>("mapped_users").map((r) => [r.ghost, r])),
    usersBySlug: new Map(list<Existing>("users_by_slug").map((r) => [r.slug, r])),
    mappedTags: new Map(list<Existing & { ghost: string }>("mapped_tags").map((r) => [r.ghost, r])),
    tagsBySlug: new Map(list<Existing>("tags_by_slug").map((r) => [r.slug, r])),
  };
}

const sectionSlugs = (plan: Plan) => [...Object.values(plan.options.section_map), ...(plan.options.default_section ? [plan.options.default_section] : [])];

/** The section rule's sections must exist before any post is converted: refused here, naming the option. */
function checkSections(plan: Plan, existing: Set<string>) {
  const o = plan.options;
  const errors: FieldIssue[] = [];
  if (o.section_from === "default" && !o.default_section) errors.push({ path: "options.default_section", message: 'Required when section_from is "default".' });
  if (o.section_from === "map" && !Object.keys(o.section_map).length) errors.push({ path: "options.section_map", message: 'Required when section_from is "map".' });
  for (const [tag, section] of Object.entries(o.section_map)) {
    if (!existing.has(section)) errors.push({ path: `options.section_map.${tag}`, message: `No section has the slug "${section}".` });
  }
  if (o.default_section && !existing.has(o.default_section)) errors.push({ path: "options.default_section", message: `No section has the slug "${o.default_section}".` });
  if (errors.length) throw new AppError("validation_failed", `Invalid ${errors.map((e) => e.path).join(", ")}.`, { errors });
}

function checkIndex(plan: Plan) {
  const seen = new Set<string>();
  const errors: FieldIssue[] = [];
  plan.posts.forEach((p, i) => {
    if (seen.has(p.id)) errors.push({ path: `posts.${i}.id`, message: "Listed twice." });
    seen.add(p.id);
  });
  if (errors.length) throw new AppError("validation_failed", "Invalid posts.", { errors: errors.slice(0, 20) });
}

export async function startImport(db: DB, plan: Plan, actorId: string | null, now: Date, by: AuditBy) {
  checkIndex(plan);
  const found = await lookups(db, plan);
  checkSections(plan, found.sections);
  const at = now.toISOString();
  const counts: Counts = emptyCounts();

  // Authors → contributors (kind person; no login, no email, no password hash). A new contributor's
  // Ghost profile image becomes their avatar, left at its address (a media row with source_url).
  const avatars = new ChunkImages();
  const profile = (u: GhostUser) => (u.profile_image ? resolveGhostUrl(u.profile_image, plan.options.site_url) : null);
  const newcomers = plan.users.filter((u) => profile(u) && !found.mappedUsers.has(u.id) && !found.usersBySlug.has(localSlug(u.slug, u.name)));
  await avatars.prepare(db, new Map(newcomers.map((u) => [profile(u)!, { ghost_post_id: null, slug: null }])), false, null, actorId);
  const newPeople: unknown[] = [];
  const changedPeople: unknown[] = [];
  const userMap: [string, string][] = [];
  for (const u of plan.users) {
    const want = { name: u.name || u.slug, bio: u.bio, links: json(links(u)) };
    const mapped = found.mappedUsers.get(u.id);
    const slug = localSlug(u.slug, u.name);
    const bySlug = found.usersBySlug.get(slug);
    if (mapped) {
      const same = mapped.name === want.name && (mapped.bio ?? null) === want.bio && mapped.links === want.links;
      if (!same) changedPeople.push([mapped.id, want.name, want.bio, want.links]);
      add(counts, "contributors", same ? "unchanged" : "updated");
    } else if (bySlug) {
      // Someone with this slug is already on the masthead: the same person, not a second byline page.
      userMap.push([u.id, bySlug.id]);
      add(counts, "contributors", "unchanged");
    } else {
      const id = newId("ctb");
      const avatar = profile(u);
      newPeople.push([id, slug, want.name, want.bio, want.links, avatar ? avatars.idFor(avatar, { alt: want.name }) : null]);
      userMap.push([u.id, id]);
      add(counts, "contributors", "created");
    }
  }

  const newTags: unknown[] = [];
  const changedTags: unknown[] = [];
  const tagMap: [string, string][] = [];
  for (const t of plan.tags) {
    const want = { name: t.name || t.slug, description: t.description, visibility: tagVisibility(t) };
    const mapped = found.mappedTags.get(t.id);
    const slug = localSlug(t.slug, t.name);
    const bySlug = found.tagsBySlug.get(slug);
    if (mapped) {
      const same = mapped.name === want.name && (mapped.description ?? null) === want.description && mapped.visibility === want.visibility;
      if (!same) changedTags.push([mapped.id, want.name, want.description, want.visibility]);
      add(counts, "tags", same ? "unchanged" : "updated");
    } else if (bySlug) {
      tagMap.push([t.id, bySlug.id]);
      add(counts, "tags", "unchanged");
    } else {
      const id = newId("tag");
      newTags.push([id, slug, want.name, want.description, want.visibility]);
      tagMap.push([t.id, id]);
      add(counts, "tags", "created");
    }
  }

  const id = newId("gim");
  const postSlugs = Object.fromEntries(plan.posts.map((p) => [p.slug, p.id]));
  const statements: BatchItem<"sqlite">[] = [
    db.insert(ghostImports).values({
      id,
      status: "running",
      options: { ...plan.options, post_slugs: postSlugs },
      totalPosts: plan.posts.length,
      processedPosts: 0,
      counts,
      createdBy: actorId,
      createdAt: at,
      updatedAt: at,
    }),
  ];
  const each = (rows: unknown[]) => json(rows);
  if (newPeople.length) {
    statements.push(...avatars.statements(db, at));
    add(counts, "media", "created", avatars.created);
    statements.push(rawRun(db, sql`INSERT INTO contributors (id, slug, kind, name, bio, links, avatar_media_id, created_at, updated_at)
      SELECT j.value ->> 0, j.value ->> 1, 'person', j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, ${at}, ${at} FROM json_each(${each(newPeople)}) j WHERE true
      ON CONFLICT(slug) DO NOTHING`));
  }
  if (changedPeople.length) {
    statements.push(rawRun(db, sql`UPDATE contributors SET name = j.value ->> 1, bio = j.value ->> 2, links = j.value ->> 3, updated_at = ${at}
      FROM json_each(${each(changedPeople)}) j WHERE contributors.id = j.value ->> 0`));
  }
  if (newTags.length) {
    statements.push(rawRun(db, sql`INSERT INTO tags (id, slug, name, description, visibility, created_at, updated_at)
      SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, ${at}, ${at} FROM json_each(${each(newTags)}) j WHERE true
      ON CONFLICT(slug) DO NOTHING`));
  }
  if (changedTags.length) {
    statements.push(rawRun(db, sql`UPDATE tags SET name = j.value ->> 1, description = j.value ->> 2, visibility = j.value ->> 3, updated_at = ${at}
      FROM json_each(${each(changedTags)}) j WHERE tags.id = j.value ->> 0`));
  }
  for (const [kind, rows] of [["user", userMap], ["tag", tagMap]] as const) {
    if (!rows.length) continue;
    statements.push(rawRun(db, sql`INSERT INTO ghost_map (kind, ghost_id, local_id, updated_at)
      SELECT ${kind}, j.value ->> 0, j.value ->> 1, ${at} FROM json_each(${each(rows)}) j WHERE true
      ON CONFLICT(kind, ghost_id) DO UPDATE SET local_id = excluded.local_id, updated_at = excluded.updated_at`));
  }
  // An article id for every post not imported before (a re-run keeps its ids: keyed by Ghost's id).
  for (let i = 0; i < plan.posts.length; i += RESERVE_SLICE) {
    const slice = plan.posts.slice(i, i + RESERVE_SLICE).map((p) => [p.id, p.uuid]);
    statements.push(rawRun(db, sql`INSERT INTO ghost_map (kind, ghost_id, local_id, ghost_uuid, updated_at)
      SELECT 'post', j.value ->> 0, 'art_' || lower(hex(randomblob(8))), j.value ->> 1, ${at} FROM json_each(${each(slice)}) j WHERE true
      ON CONFLICT(kind, ghost_id) DO UPDATE SET ghost_uuid = excluded.ghost_uuid`));
  }
  // A renamed author or tag shows on public pages at once: cached pages must go.
  if (changedPeople.length || changedTags.length) statements.push(bumpContentVersion(db, now));
  // Authors and tags land now: the start is recorded with them (the finish records the totals).
  statements.push(auditEntry(db, { ...by, now, action: "newsroom.import", target: { type: "newsroom", id, label: "Ghost import" }, summary: { after: { posts: plan.posts.length, contributors: counts.contributors, tags: counts.tags }, note: "Ghost import started" } }));
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return id;
}

