import * as v from "valibot";
import { bodySchemas, crudRoutes, NoQuery } from "../crud";
import * as domain from "./domain";

// A section's own field: where it stands in the site's navigation.
const POSITION = "Order in the site's navigation, lowest first (ties by name).";
const { CreateSchema, UpdateSchema } = bodySchemas({
  position: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10_000), v.description(POSITION))),
});

const SectionView = v.object({
  id: v.string(),
  slug: v.string(),
  name: v.string(),
  description: v.nullable(v.string()),
  position: v.pipe(v.number(), v.description(POSITION)),
  article_count: v.optional(v.pipe(v.number(), v.description("Stories filed in the section, whatever their status (lists only)."))),
});

const toView = (s: domain.SectionRow, articleCount?: number): v.InferOutput<typeof SectionView> => ({
  id: s.id,
  slug: s.slug,
  name: s.name,
  description: s.description,
  position: s.position,
  ...(articleCount !== undefined && { article_count: articleCount }),
});

export const sectionRoutes = crudRoutes({
  noun: "section",
  plural: "sections",
  read: "taxonomy.read",
  write: "taxonomy.write",
  view: SectionView,
  toView: (s) => toView(s),
  list: {
    summary: "List sections in navigation order",
    query: NoQuery,
    item: SectionView,
    load: (db) => domain.listSections(db),
    toItem: (r) => toView(r.section, r.articleCount),
  },
  get: domain.getSection,
  create: { schema: CreateSchema, run: domain.createSection },
  update: { schema: UpdateSchema, run: domain.updateSection },
  remove: { summary: "Delete a section (only when no story is filed in it)", run: domain.deleteSection, errors: ["in_use"] },
});
