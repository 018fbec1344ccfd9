import * as v from "valibot";
import { TAG_VISIBILITIES } from "../../db/schema";
import { bodySchemas, crudRoutes } from "../crud";
import * as domain from "./domain";

const Visibility = v.pipe(
  v.picklist(TAG_VISIBILITIES, "Use public or internal."),
  v.description("`internal` (Ghost's `#…` tags): kept on stories for the newsroom, never in public output (content API, feeds, JSON-LD, sitemaps). A new tag whose name starts with `#` is internal unless this says otherwise."),
);

const { CreateSchema, UpdateSchema } = bodySchemas({ visibility: v.optional(Visibility) });

const TagView = v.object({
  id: v.string(),
  slug: v.string(),
  name: v.string(),
  description: v.nullable(v.string()),
  visibility: Visibility,
  article_count: v.optional(v.pipe(v.number(), v.description("Stories carrying the tag (lists only)."))),
});

const toView = (t: domain.TagRow, articleCount?: number): v.InferOutput<typeof TagView> => ({
  id: t.id,
  slug: t.slug,
  name: t.name,
  description: t.description,
  visibility: t.visibility,
  ...(articleCount !== undefined && { article_count: articleCount }),
});

// Authors and contributors create tags through article saves; these routes are the editor's tag desk.
export const tagRoutes = crudRoutes({
  noun: "tag",
  plural: "tags",
  read: "taxonomy.read",
  write: "taxonomy.write",
  view: TagView,
  toView: (t) => toView(t),
  list: {
    summary: "List tags, or search them (autocomplete)",
    query: domain.TagListQuery,
    errors: ["validation_failed"],
    item: TagView,
    load: (db, { q }) => domain.listTags(db, q),
    toItem: (r) => toView(r.tag, r.articleCount),
  },
  get: domain.getTag,
  create: { schema: CreateSchema, run: domain.createTag },
  update: { schema: UpdateSchema, run: domain.updateTag },
  remove: { summary: "Delete a tag (only when no story carries it)", run: domain.deleteTag, errors: ["in_use"] },
});
