// Serves uploaded images from R2. Public: feeds and front-ends embed these URLs.
import { Hono } from "hono";
import type { AppEnv } from "../http/app-env";
import { getMedia } from "../media/library";
import { notFound } from "../lib/errors";

export const publicMediaRoutes = new Hono<AppEnv>().get("/:id", async (c) => {
  const row = await getMedia(c.var.db, c.req.param("id"));
  const object = await c.env.MEDIA.get(row.r2Key);
  // The row outlived its bytes (a failed upload cleanup): to a reader that is simply not found.
  if (!object) throw notFound("Media file");
  return new Response(object.body, {
    headers: {
      // The type we detected from the bytes, never what the uploader claimed; nosniff keeps it so.
      "content-type": row.mimeType,
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      // An id never gets new bytes, so the file can be cached for good.
      "cache-control": "public, max-age=31536000, immutable",
      "access-control-allow-origin": "*",
      etag: object.httpEtag,
    },
  });
});
