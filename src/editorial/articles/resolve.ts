// Turns what a client sent (slugs, tag names, partial fields) into id-based ArticleContent,
// checking every reference exists. Errors name the exact field, e.g. `bylines.1.contributor`.
import { sql } from "drizzle-orm";
import { canonicalizeBody } from "../../body/canonical";
import { collectReferences, emptyDoc, parseBody, type BlockNode } from "../../body/schema";
import type { DB } from "../../db/client";
import { visibilityOfNewTag, type TagVisibility } from "../../db/schema";
import { AppError, type FieldIssue } from "../../lib/errors";
import { newId } from "../../lib/ids";
import { slugify } from "../../lib/slug";
import type { ArticleContent } from "../../articles/content";
import { personOf, type PersonJson, type References } from "../../articles/load";
import type { ArticleFieldsInput } from "./input-schema";

export interface NewTag {
  id: string;
  slug: string;
  name: string;
  visibility: TagVisibility;
}

export interface Resolved {
  content: ArticleContent;
  newTags: NewTag[];
  /**
   * The names of what the input named (section, people, tags, new ones included, images), as this
   * read found them: with the loaded record's own, a save's answer needs no second read.
   */
  references: References;
}


export async function resolveContent(
  db: DB,
  input: ArticleFieldsInput,
  base: ArticleContent | null,
  selfId: string,
): Promise<Resolved> {
  const issues: FieldIssue[] = [];
  let body = base?.body ?? emptyDoc();
  if (input.body !== undefined) {
    const parsed = parseBody(input.body);
    if (parsed.ok) body = canonicalizeBody(parsed.value);
    else issues.push(...parsed.issues);
  }
  if (issues.length) throw validation(issues);

  const refs = collectReferences(body);
  const tagSlugs = (input.tags ?? []).map((name) => slugify(name));
  const contributorSlugs = (input.bylines ?? []).map((b) => b.contributor);
  const relatedIds = (input.related ?? []).flatMap((r) => ("article_id" in r ? [r.article_id] : []));
  const mediaIds = [...refs.mediaIds, ...(input.featured_image ? [input.featured_image.media_id] : [])];
  const articleIds = [...refs.articleIds, ...relatedIds];

  // One statement for every lookup this save needs; ids travel as JSON arrays (no parameter cap),
  // each looked up by its unique index (CROSS JOIN keeps SQLite from scanning the table instead).
  const ids = (list: string[]) => JSON.stringify([...new Set(list)]);
  // A new story's slug derived from its headline: the slugs it could clash with (a range, not LIKE:
  // D1 caps LIKE patterns at 50 bytes and headlines make longer slugs) come in the same statement.
  const derived = base === null && !input.slug ? slugify(input.headline ?? "") || "article" : null;
  // Names, kinds and sizes come along, so the save's answer is built without reading them again.
  const found = await db.get<Record<"sections" | "contributors" | "tags" | "articles" | "media" | "slugs", string>>(sql`SELECT
    (SELECT json_group_array(json_object('id', x.id, 'slug', x.slug, 'name', x.name)) FROM json_each(${ids(input.section ? [input.section] : [])}) j CROSS JOIN sections x ON x.slug = j.value) AS sections,
    (SELECT json_group_array(json_object('id', x.id, 'slug', x.slug, 'name', x.name, 'kind', x.kind, 'job_title', x.job_title, 'user_id', x.user_id)) FROM json_each(${ids(contributorSlugs)}) j CROSS JOIN contributors x ON x.slug = j.value) AS contributors,
    (SELECT json_group_array(json_object('id', x.id, 'slug', x.slug, 'name', x.name)) FROM json_each(${ids(tagSlugs)}) j CROSS JOIN tags x ON x.slug = j.value) AS tags,
    (SELECT json_group_array(json_object('id', x.id)) FROM json_each(${ids(articleIds)}) j CROSS JOIN articles x ON x.id = j.value) AS articles,
    (SELECT json_group_array(json_object('id', x.id, 'alt', x.alt, 'caption', x.caption, 'credit', x.credit, 'width', x.width, 'height', x.height)) FROM json_each(${ids(mediaIds)}) j CROSS JOIN media x ON x.id = j.value) AS media,
    (SELECT json_group_array(x.slug) FROM articles x WHERE x.slug >= ${derived} AND x.slug < ${derived === null ? null : `${derived}~`}) AS slugs`);
  type Ref = { id: string; slug: string; name: string };
  const sectionRows = JSON.parse(found?.sections ?? "[]") as Ref[];
  const contributorRows = JSON.parse(found?.contributors ?? "[]") as PersonJson[];
  const tagRows = JSON.parse(found?.tags ?? "[]") as Ref[];
  const articleRows = JSON.parse(found?.articles ?? "[]") as { id: string }[];
  const mediaRows = JSON.parse(found?.media ?? "[]") as { id: string; alt: string; caption: string | null; credit: string | null; width: number | null; height: number | null }[];

  const content: ArticleContent = base
    ? structuredClone(base)
    : {
        slug: "",
        headline: "",
        dek: null,
        summary: null,
        body,
        section_id: null,
        bylines: [],
        tag_ids: [],
        related: [],
        featured_image: null,
        audio: null,
        canonical_url: null,
        language: "en",
        seo_title: null,
        seo_description: null,
        comments_enabled: true,
      };
  content.body = body;
  if (input.headline !== undefined) content.headline = input.headline;
  for (const key of ["dek", "summary", "canonical_url", "seo_title", "seo_description"] as const) {
    if (input[key] !== undefined) content[key] = input[key] || null;
  }
  if (input.language !== undefined) content.language = input.language;
  if (input.comments_enabled !== undefined) content.comments_enabled = input.comments_enabled;
  if (input.audio !== undefined) content.audio = input.audio ? { url: input.audio.url, disclosure: input.audio.disclosure || null } : null;

  if (input.section !== undefined) {
    content.section_id = input.section ? (sectionRows[0]?.id ?? null) : null;
    if (input.section && !sectionRows[0]) issues.push({ path: "section", message: `No section has the slug "${input.section}".` });
  }

  if (input.bylines) {
    const bySlug = new Map(contributorRows.map((r) => [r.slug, r.id]));
    const seen = new Set<string>();
    content.bylines = [];
    input.bylines.forEach((b, i) => {
      const id = bySlug.get(b.contributor);
      if (!id) issues.push({ path: `bylines.${i}.contributor`, message: `No contributor has the slug "${b.contributor}".` });
      else if (seen.has(id)) issues.push({ path: `bylines.${i}.contributor`, message: "This contributor is already bylined." });
      else {
        seen.add(id);
        content.bylines.push({ contributor_id: id, role: b.role || null });
      }
    });
  }

  const newTags: NewTag[] = [];
  if (input.tags) {
    const bySlug = new Map(tagRows.map((r) => [r.slug, r.id]));
    const seen = new Set<string>();
    content.tag_ids = [];
    input.tags.forEach((name, i) => {
      const slug = tagSlugs[i]!;
      if (!slug) return issues.push({ path: `tags.${i}`, message: "A tag name needs at least one letter or digit." });
      if (seen.has(slug)) return issues.push({ path: `tags.${i}`, message: `The tag "${name}" is listed twice.` });
      seen.add(slug);
      let id = bySlug.get(slug);
      if (!id) {
        id = newId("tag");
        // Named "#…" in the story's tag field: internal, as on the tag desk (never in public output).
        newTags.push({ id, slug, name, visibility: visibilityOfNewTag(name) });
      }
      content.tag_ids.push(id);
    });
  }

  const knownArticles = new Set(articleRows.map((r) => r.id));
  const mediaById = new Map(mediaRows.map((m) => [m.id, m]));
  if (input.related) {
    content.related = input.related.map((r) => ("article_id" in r ? { article_id: r.article_id } : { url: r.url, title: r.title, summary: r.summary || null, source: r.source || null }));
    input.related.forEach((r, i) => {
      if (!("article_id" in r)) return;
      if (r.article_id === selfId) issues.push({ path: `related.${i}.article_id`, message: "An article cannot relate to itself." });
      else if (!knownArticles.has(r.article_id)) issues.push({ path: `related.${i}.article_id`, message: "No article has this id." });
    });
  }
  if (input.body !== undefined) issues.push(...bodyReferenceIssues(body, knownArticles, new Set(mediaById.keys())));

  if (input.featured_image !== undefined) {
    const fi = input.featured_image;
    const m = fi ? mediaById.get(fi.media_id) : undefined;
    if (fi && !m) issues.push({ path: "featured_image.media_id", message: "No media item has this id." });
    content.featured_image =
      fi && m ? { media_id: m.id, alt: fi.alt ?? m.alt, caption: fi.caption !== undefined ? fi.caption || null : m.caption, credit: fi.credit !== undefined ? fi.credit || null : m.credit } : null;
  }

  if (issues.length) throw validation(issues);
  content.slug = input.slug || (derived === null ? content.slug : freeSlug(derived, JSON.parse(found?.slugs ?? "[]") as string[]));
  const references: References = {
    sections: new Map(sectionRows.map((r) => [r.id, r])),
    media: new Map(mediaRows.map((m) => [m.id, { id: m.id, width: m.width, height: m.height }])),
    people: new Map(contributorRows.map((p) => [p.id, personOf(p)])),
    // A tag this save creates is named as the client spelt it, which is what its insert stores.
    tags: new Map([...tagRows, ...newTags].map((t) => [t.id, { id: t.id, slug: t.slug, name: t.name }])),
  };
  return { content, newTags, references };
}

function bodyReferenceIssues(body: ArticleContent["body"], articleIds: Set<string>, mediaIds: Set<string>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const walk = (nodes: readonly BlockNode[], path: string): void => {
    nodes.forEach((node, i) => {
      const at = `${path}.${i}`;
      if (node.type === "relatedCard" && !articleIds.has(node.attrs.article_id)) {
        issues.push({ path: `${at}.attrs.article_id`, message: "No article has this id." });
      } else if (node.type === "image" && !mediaIds.has(node.attrs.media_id)) {
        issues.push({ path: `${at}.attrs.media_id`, message: "No media item has this id." });
      } else if (node.type === "blockquote") {
        walk(node.content, `${at}.content`);
      } else if (node.type === "bulletList" || node.type === "orderedList") {
        node.content.forEach((item, j) => walk(item.content, `${at}.content.${j}.content`));
      }
    });
  };
  walk(body.content, "body.content");
  return issues;
}

/**
 * A derived slug gets -2, -3… until it is free of `taken`. An explicit one is checked by the unique
 * index inside the save's own batch (409 slug_taken): a look-up first would still race.
 */
function freeSlug(base: string, taken: string[]) {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}

const validation = (errors: FieldIssue[]) =>
  new AppError("validation_failed", `Invalid ${[...new Set(errors.map((e) => e.path))].join(", ")}.`, { errors });
