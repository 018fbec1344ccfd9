// What readers get of the directory: contributors, tags, sections and collections, each an explicit
// mapper typed by its valibot view (the content document describes the answer from it). Only
// published stories are counted; nothing here reaches an email or a user id.
import * as v from "valibot";
import type { SiteUrls } from "../lib/urls";
import type * as dir from "./directory";
import { Kind, link, time } from "./view-fields";

const articleCount = v.pipe(v.number(), v.integer(), v.description("Published stories only."));

export const ContributorView = v.object({
  slug: v.string(),
  kind: Kind,
  name: v.string(),
  job_title: v.nullable(v.string()),
  bio: v.nullable(v.string()),
  avatar: v.nullable(link("Their picture, served by this server.")),
  links: v.pipe(v.array(v.object({ label: v.string(), url: v.string() })), v.description("Their own pages elsewhere, in order.")),
  url: link("Their page on the site (`/authors/{slug}`)."),
  article_count: articleCount,
});
/** What tags, sections and collections have in common. */
const named = { slug: v.string(), name: v.string(), description: v.nullable(v.string()) };
export const TagView = v.object({ ...named, url: link("The tag's page on the site (`/tags/{slug}`)."), article_count: articleCount });
export const SectionView = v.object({ ...named, url: link("The section's page on the site (`/{slug}`)."), article_count: articleCount });
export const CollectionView = v.object({
  ...named,
  updated_at: time("The last change to the collection itself (its stories or their order)."),
});

type Row<F extends (...args: never[]) => Promise<unknown[]>> = Awaited<ReturnType<F>>[number];

export const toContributorView = ({ c, article_count }: Row<typeof dir.listContributorsWithCounts>, urls: SiteUrls): v.InferOutput<typeof ContributorView> => ({
  slug: c.slug,
  kind: c.kind,
  name: c.name,
  job_title: c.jobTitle,
  bio: c.bio,
  avatar: c.avatarMediaId ? urls.media(c.avatarMediaId) : null,
  links: c.links,
  url: urls.contributor(c.slug),
  article_count,
});
export const toTagView = ({ t, article_count }: Row<typeof dir.listTagsWithCounts>, urls: SiteUrls): v.InferOutput<typeof TagView> => ({
  slug: t.slug,
  name: t.name,
  description: t.description,
  url: urls.tag(t.slug),
  article_count,
});
export const toSectionView = ({ s, article_count }: Row<typeof dir.listSectionsWithCounts>, urls: SiteUrls): v.InferOutput<typeof SectionView> => ({
  slug: s.slug,
  name: s.name,
  description: s.description,
  url: urls.section(s.slug),
  article_count,
});
export const toCollectionView = (row: Awaited<ReturnType<typeof dir.getCollectionBySlug>>): v.InferOutput<typeof CollectionView> => ({
  slug: row.slug,
  name: row.name,
  description: row.description,
  updated_at: row.updatedAt,
});
