import { Hono } from "hono";
import type { AppEnv } from "../../http/app-env";
import { readJson } from "../../http/json-body";
import { assertAllowed } from "../permissions";
import { exportNewsroom } from "./export-stream";
import { importNewsroom } from "./import";

const MAX_IMPORT_BYTES = 90 * 1024 * 1024;

export const exportRoutes = new Hono<AppEnv>()
  .get("/export", (c) => {
    assertAllowed(c.var.actor, "newsroom.export");
    const { stream, done } = exportNewsroom(c.env.DB);
    c.executionCtx.waitUntil(done.catch((err) => console.error("export failed", err)));
    const stamp = new Date().toISOString().slice(0, 10);
    return c.body(stream, 200, {
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="copydesk-export-${stamp}.json"`,
    });
  })
  .post("/import", async (c) => {
    assertAllowed(c.var.actor, "newsroom.import");
    const summary = await importNewsroom(c.env.DB, await readJson(c, MAX_IMPORT_BYTES));
    return c.json({ imported: summary }, 201);
  });
