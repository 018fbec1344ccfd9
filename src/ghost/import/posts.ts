// One chunk of a Ghost import: read what the chunk needs in a few set-based queries, convert each
// post, and write the changed ones through the one article write path (one batch per post, an
// "import" revision). Query budget per request (D1: 50): 3 reads, ≤ MAX_FETCHES image fetches,
// ≤ 2 for new sections, ≤ 3 statements before the posts, ≤ 10 per post, ≤ 7 after (see CHUNK_SIZE in
// export-file.ts). A chunk may be sent again or alongside others: see ghost_import_posts.
import { sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { writeArticle } from "../../articles/write";
import { firstStageStatement } from "../../editorial/stages/domain";
import { bumpContentVersion } from "../../cache/content-version";
import { rawAll, rawRun } from "./raw";
import type { DB } from "../../db/client";
import type { ArticleStatus } from "../../db/schema";
import { AppError } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { ghostImageUrls, resolveGhostUrl } from "../convert";
import { ghostInstant, type GhostImportOptions, type GhostPostBundle } from "../export-file";
import { ChunkImages, type ImageDeps } from "./images";
import { localSlug } from "./plan";
import { candidateSlugs, mapPost } from "./post-content";
import { importQuery, loadImport, notesStatement, toState, type Note, type Outcome } from "./state";

export interface PostResult {
  ghost_id: string;
  slug: string;
  article_id: string | null;
  outcome: Outcome;
  notes: number;
}

type Known = { ghost: string; local: string; hash: string | null; version: number | null; status: ArticleStatus | null };
type TagInfo = { ghost: string; id: string; slug: string; name: string; visibility: string };

async function lookups(db: DB, importId: string, bundles: GhostPostBundle[], siteUrl: string) {
  const j = (list: string[]) => JSON.stringify([...new Set(list)]);
  const slugs = bundles.flatMap((b) => candidateSlugs(b, siteUrl));
  const row = await db.get<Record<string, string>>(sql`SELECT
    (SELECT json_group_array(json_object('ghost', m.ghost_id, 'local', m.local_id, 'hash', m.source_hash, 'version', a.version, 'status', a.status))
       FROM json_each(${j(bundles.map((b) => b.post.id))}) x CROSS JOIN ghost_map m ON m.kind = 'post' AND m.ghost_id = x.value LEFT JOIN articles a ON a.id = m.local_id) AS posts,
    (SELECT json_group_array(json_object('slug', a.slug, 'id', a.id)) FROM json_each(${j(bundles.map((b) => localSlug(b.post.slug, b.post.title)))}) x CROSS JOIN articles a ON a.slug = x.value) AS taken,
    (SELECT json_group_array(json_object('slug', s.key, 'id', m.local_id)) FROM ghost_imports g, json_each(g.options, '$.post_slugs') s
       CROSS JOIN ghost_map m ON m.kind = 'post' AND m.ghost_id = s.value WHERE g.id = ${importId} AND s.key IN (SELECT value FROM json_each(${j(slugs)}))) AS linked,
    (SELECT json_group_array(json_object('ghost', m.ghost_id, 'id', m.local_id)) FROM json_each(${j(bundles.flatMap((b) => b.authors))}) x CROSS JOIN ghost_map m ON m.kind = 'user' AND m.ghost_id = x.value) AS users,
    (SELECT json_group_array(json_object('ghost', m.ghost_id, 'id', t.id, 'slug', t.slug, 'name', t.name, 'visibility', t.visibility))
       FROM json_each(${j(bundles.flatMap((b) => b.tags))}) x CROSS JOIN ghost_map m ON m.kind = 'tag' AND m.ghost_id = x.value CROSS JOIN tags t ON t.id = m.local_id) AS tags,
    (SELECT json_group_array(json_object('slug', s.slug, 'id', s.id)) FROM sections s) AS sections,
    (SELECT id FROM collections WHERE slug = 'featured') AS featured,
    (SELECT language FROM site_settings WHERE id = 1) AS language`);
  const list = <T>(k: string) => JSON.parse(row?.[k] ?? "[]") as T[];
  return {
    posts: new Map(list<Known>("posts").map((r) => [r.ghost, r])),
    taken: new Map(list<{ slug: string; id: string }>("taken").map((r) => [r.slug, r.id])),
    linked: new Map(list<{ slug: string; id: string }>("linked").map((r) => [r.slug.toLowerCase(), r.id])),
    users: new Map(list<{ ghost: string; id: string }>("users").map((r) => [r.ghost, r.id])),
    tags: new Map(list<TagInfo>("tags").map((r) => [r.ghost, r])),
    sections: new Map(list<{ slug: string; id: string }>("sections").map((r) => [r.slug, r.id])),
    featured: row?.featured ?? null,
    language: row?.language ?? "en",
  };
}
type Found = Awaited<ReturnType<typeof lookups>>;

/**
 * The section rule (documented on GhostImportOptions): "primary-tag" → the first public tag's slug
 * names the section (created from the tag's name when missing); "map" → the first tag whose Ghost
 * slug is in section_map; "default" → default_section. Without a match: default_section, or none.
 */
function sectionRule(b: GhostPostBundle, o: GhostImportOptions, found: Found, create: Map<string, { id: string; name: string }>): string | null {
  const tags = b.tags.flatMap((id) => found.tags.get(id) ?? []);
  const fallback = o.default_section ? (found.sections.get(o.default_section) ?? null) : null;
  if (o.section_from === "primary-tag") {
    const primary = tags.find((t) => t.visibility === "public");
    if (!primary) return fallback;
    const existing = found.sections.get(primary.slug) ?? create.get(primary.slug)?.id;
    if (existing) return existing;
    const id = newId("sec");
    create.set(primary.slug, { id, name: primary.name });
    return id;
  }
  if (o.section_from === "map") {
    for (const t of tags) {
      const target = o.section_map[t.slug];
      if (target && found.sections.get(target)) return found.sections.get(target)!;
    }
  }
  return fallback;
}

export async function importPosts(db: DB, importId: string, bundles: GhostPostBundle[], deps: ImageDeps, actorId: string | null) {
  const imp = await loadImport(db, importId);
  if (imp.status === "complete") throw new AppError("conflict", "This import is complete: start a new one to import again (nothing is created twice).");
  const o = imp.options;
  const siteUrl = o.site_url;
  const found = await lookups(db, importId, bundles, siteUrl);
  const now = new Date();
  const at = now.toISOString();
  const notes: Note[] = [];

  // Images first: ids for every URL (fetched or left at their address) before any body is converted.
  const images = new ChunkImages();
  const urls = new Map<string, { ghost_post_id: string; slug: string }>();
  for (const b of bundles) {
    const owner = { ghost_post_id: b.post.id, slug: b.post.slug };
    for (const u of [...ghostImageUrls(b.post, siteUrl), ...(b.post.feature_image ? [resolveGhostUrl(b.post.feature_image, siteUrl)] : [])]) if (!urls.has(u)) urls.set(u, owner);
  }
  await images.prepare(db, urls, o.fetch_images, deps, actorId);
  notes.push(...images.notes);

  // Sections before any post is converted: a chunk sent at the same time may create the same one, and
  // its id (whoever's insert won) is what the posts must point at. Counted for the post that made it.
  const newSections = new Map<string, { id: string; name: string }>();
  const sectionOf = new Map<string, string | null>();
  const sectionsMade = new Map<string, number>();
  const madeBy = new Map<string, string>();
  for (const b of bundles) {
    const known = new Set(newSections.keys());
    sectionOf.set(b.post.id, sectionRule(b, o, found, newSections));
    for (const slug of newSections.keys()) if (!known.has(slug)) madeBy.set(slug, b.post.id);
  }
  if (newSections.size) {
    const rows = JSON.stringify([...newSections].map(([slug, s]) => [s.id, slug, s.name]));
    const [, held] = await db.batch([
      rawRun(db, sql`INSERT INTO sections (id, slug, name, created_at, updated_at) SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, ${at}, ${at} FROM json_each(${rows}) j WHERE true ON CONFLICT(slug) DO NOTHING`),
      rawAll<{ id: string; slug: string }>(db, sql`SELECT s.id, s.slug FROM json_each(${JSON.stringify([...newSections.keys()])}) j CROSS JOIN sections s ON s.slug = j.value`),
    ]);
    for (const h of held) {
      const ours = newSections.get(h.slug)!;
      if (h.id === ours.id) sectionsMade.set(madeBy.get(h.slug)!, (sectionsMade.get(madeBy.get(h.slug)!) ?? 0) + 1);
      else for (const [post, id] of sectionOf) if (id === ours.id) sectionOf.set(post, h.id);
    }
  }

  const plans = [];
  for (const b of bundles) {
    const known = found.posts.get(b.post.id);
    const articleId = known?.local ?? newId("art");
    images.current = b.post.id;
    const mapped = await mapPost(b, {
      siteUrl,
      articleForSlug: (slug) => found.linked.get(slug.toLowerCase()) ?? null,
      mediaFor: (url, meta) => images.idFor(url, meta),
      contributorFor: (id) => found.users.get(id) ?? null,
      tagFor: (id) => found.tags.get(id)?.id ?? null,
      sectionId: sectionOf.get(b.post.id) ?? null,
      language: found.language,
    });
    notes.push(...mapped.notes);
    plans.push({ b, known, articleId, mapped });
  }

  const before: BatchItem<"sqlite">[] = [...images.statements(db, at)];
  const anyFeatured = plans.some((p) => !("skip" in p.mapped) && p.mapped.featured);
  if (!found.featured && anyFeatured) {
    before.push(rawRun(db, sql`INSERT INTO collections (id, slug, name, description, created_at, updated_at) VALUES (${newId("col")}, 'featured', 'Featured', 'Stories Ghost marked as featured.', ${at}, ${at}) ON CONFLICT(slug) DO NOTHING`));
  }
  if (before.length) await db.batch(before as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);

  const results: PostResult[] = [];
  const written: [string, string, string, string][] = [];
  const featured: { in: string[]; out: string[] } = { in: [], out: [] };
  let publicChange = false;
  for (const { b, known, articleId, mapped } of plans) {
    const result = (outcome: Outcome, id: string | null) => {
      results.push({ ghost_id: b.post.id, slug: b.post.slug, article_id: id, outcome, notes: notes.filter((n) => n.ghost_post_id === b.post.id).length });
    };
    if ("skip" in mapped) {
      notes.push({ ghost_post_id: b.post.id, slug: b.post.slug, code: "skipped", message: mapped.skip });
      result("skipped", null);
      continue;
    }
    const exists = known?.version != null;
    if (!exists && known?.hash) {
      // Imported before, then deleted here: the newsroom's decision stands (its id is in the trash's history).
      notes.push({ ghost_post_id: b.post.id, slug: b.post.slug, code: "deleted_here", message: "This story was imported before and deleted in Copydesk since: not imported again (restore it from the trash to bring it back)." });
      result("skipped", null);
      continue;
    }
    const holder = found.taken.get(mapped.content.slug);
    if (holder && holder !== articleId) {
      notes.push({ ghost_post_id: b.post.id, slug: b.post.slug, code: "slug_taken", message: `Another story already has the slug "${mapped.content.slug}": not imported.` });
      result("skipped", null);
      continue;
    }
    if (exists && known?.hash === mapped.hash) {
      result("unchanged", articleId);
      continue;
    }
    // Ghost's own updated_at is the article's: a re-import of an unchanged archive keeps its dates.
    const stamp = ghostInstant(b.post.updated_at) ?? at;
    await writeArticle(db, {
      id: articleId,
      baseVersion: exists ? known!.version! : 0,
      isNew: !exists,
      previousStatus: exists ? known!.status : null,
      content: mapped.content,
      state: mapped.state,
      actorId,
      action: "import",
      // A new story starts in the newsroom's first stage, as one written here does (the column's
      // default may name a stage an admin removed); an update leaves it where the desk put it.
      ...(!exists && { alsoRun: [firstStageStatement(db, articleId)] }),
      now: new Date(stamp),
    });
    if (mapped.state.status === "published" || known?.status === "published") publicChange = true;
    written.push([b.post.id, articleId, b.post.uuid, mapped.hash]);
    (mapped.featured ? featured.in : featured.out).push(articleId);
    result(exists ? "updated" : "created", articleId);
  }

  // The chunk's bookkeeping, in one batch: notes (only for posts not recorded yet), then one row per
  // post (first outcome wins: a chunk sent again, or at the same time as another, counts once).
  const after: BatchItem<"sqlite">[] = [];
  if (notes.length) after.push(notesStatement(db, importId, notes));
  const processed = JSON.stringify(results.map((r) => {
    const m = images.perPost.get(r.ghost_id);
    return [r.ghost_id, r.outcome, m?.created ?? 0, m?.updated ?? 0, m?.unchanged ?? 0, sectionsMade.get(r.ghost_id) ?? 0];
  }));
  after.push(rawRun(db, sql`INSERT INTO ghost_import_posts (import_id, ghost_id, outcome, media_created, media_updated, media_unchanged, sections_created, created_at)
    SELECT ${importId}, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4, j.value ->> 5, ${at} FROM json_each(${processed}) j WHERE true
    ON CONFLICT(import_id, ghost_id) DO NOTHING`));
  if (written.length) {
    after.push(rawRun(db, sql`INSERT INTO ghost_map (kind, ghost_id, local_id, ghost_uuid, source_hash, updated_at)
      SELECT 'post', j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, ${at} FROM json_each(${JSON.stringify(written)}) j WHERE true
      ON CONFLICT(kind, ghost_id) DO UPDATE SET local_id = excluded.local_id, ghost_uuid = excluded.ghost_uuid, source_hash = excluded.source_hash, updated_at = excluded.updated_at`));
  }
  // Ghost's `featured` is membership of the "featured" collection (appended at the end, in import order).
  // The collection by its slug: a chunk sent at the same time may be the one that created it.
  const featuredId = sql`(SELECT id FROM collections WHERE slug = 'featured')`;
  if (featured.in.length) {
    after.push(rawRun(db, sql`INSERT INTO collection_items (collection_id, position, article_id)
      SELECT ${featuredId}, (SELECT coalesce(max(position), -1) + 1 FROM collection_items WHERE collection_id = ${featuredId}) + j.key, j.value
      FROM json_each(${JSON.stringify(featured.in)}) j WHERE true ON CONFLICT DO NOTHING`));
  }
  if (featured.out.length && found.featured) {
    after.push(rawRun(db, sql`DELETE FROM collection_items WHERE collection_id = ${found.featured} AND article_id IN (SELECT value FROM json_each(${JSON.stringify(featured.out)}))`));
  }
  // The articles' own batches dated the content version with Ghost's times; this one is now.
  if (publicChange || featured.in.length) after.push(bumpContentVersion(db, now));
  // The import as this chunk left it (every chunk recorded so far), read in the same batch.
  after.push(importQuery(db, importId));
  const out = await db.batch(after as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  const state = toState((out[out.length - 1] as Awaited<ReturnType<ReturnType<typeof importQuery>["all"]>>)[0]);
  return { results, notes, import: state };
}
