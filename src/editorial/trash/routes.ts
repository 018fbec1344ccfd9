import { Hono } from "hono";
import * as v from "valibot";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { IdParam } from "../shared";
import { listTrash, restoreFromTrash, TRASH_GRACE_DAYS, TrashEntryView } from "./domain";

const tags = ["trash"];

export const trashRoutes = new Hono<AuthedEnv>()
  .get("/",
    route({
      summary: "List deleted articles still restorable, newest deletion first",
      tags,
      ok: {
        200: v.object({
          grace_days: v.pipe(v.number(), v.description("How long a deleted article stays restorable.")),
          articles: v.pipe(v.array(TrashEntryView), v.description("At most 200.")),
        }),
      },
    }),
    can("trash.manage"),
    async (c) => c.json({ grace_days: TRASH_GRACE_DAYS, articles: await listTrash(c.var.db) }))
  .post("/:id/restore",
    route({
      summary: "Restore a deleted article as a draft, with its history",
      description: "409 `slug_taken` when another article now uses its slug; 409 `conflict` when something it refers to (a section, a byline, an image) was removed since.",
      tags,
      ok: { 201: v.object({ restored: v.pipe(v.string(), v.description("The article's id.")), status: v.literal("draft") }) },
      // version_conflict: two restores racing (the revision lock); conflict: a reference gone meanwhile.
      errors: ["not_found", "slug_taken", "version_conflict", "conflict"],
    }),
    can("trash.manage"), input("param", IdParam),
    async (c) => {
      const { id } = c.req.valid("param");
      await restoreFromTrash(c.var.db, c.var.actor, id);
      return c.json({ restored: id, status: "draft" as const }, 201);
    });
