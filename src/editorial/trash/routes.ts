import { Hono } from "hono";
import type { AppEnv } from "../../http/app-env";
import { assertAllowed } from "../permissions";
import { listTrash, restoreFromTrash, TRASH_GRACE_DAYS } from "./domain";

export const trashRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    assertAllowed(c.var.actor, "trash.manage");
    await next();
  })
  .get("/", async (c) => c.json({ grace_days: TRASH_GRACE_DAYS, articles: await listTrash(c.var.db) }))
  .post("/:id/restore", async (c) => {
    await restoreFromTrash(c.var.db, c.var.actor, c.req.param("id"));
    return c.json({ restored: c.req.param("id"), status: "draft" }, 201);
  });
