// The search index's rebuild path (migration 0018: contentless, so SQL alone cannot remake it from
// the articles): admins re-index the archive a page at a time from each body, compressing the
// stored body of rows still holding it as text on the way (src/articles/search-index.ts).
import { Hono } from "hono";
import * as v from "valibot";
import { reindexArticles, REINDEX_MAX } from "../../articles/search-index";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { BODY_ERRORS } from "../shared";

const RebuildPage = v.object({
  after: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER), v.description("Where the last call stopped (its `next_after`); 0 or absent to start.")), 0),
  limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(REINDEX_MAX), v.description(`Articles this call (at most ${REINDEX_MAX}).`)), REINDEX_MAX),
});

const Rebuilt = v.object({
  reindexed: v.pipe(v.number(), v.description("Articles re-indexed by this call.")),
  next_after: v.pipe(v.nullable(v.number()), v.description("Pass as `after` to go on; null once the archive is done.")),
});

export const searchIndexRoutes = new Hono<AuthedEnv>().post(
  "/search-index/rebuild",
  route({
    summary: "Re-index a page of articles from their bodies",
    description:
      "The full-text index keeps no text (it is filled by each save): this remakes the next articles' rows in it from their bodies, derives their excerpts again and stores their rendered bodies compressed where they are still text. Call with each answer's `next_after` until it is null. Safe to run while the newsroom works: a save in between wins.",
    tags: ["newsroom"],
    ok: { 200: Rebuilt },
    errors: BODY_ERRORS,
  }),
  can("settings.manage"),
  input("json", RebuildPage),
  async (c) => {
    const { after, limit } = c.req.valid("json");
    const done = await reindexArticles(c.var.db, after, limit);
    return c.json({ reindexed: done.reindexed, next_after: done.nextAfter });
  },
);
