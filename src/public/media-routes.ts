// Serves uploaded images from R2. Public: feeds and front-ends embed these URLs. Mounted at /media
// in src/app.ts, outside the public cache: an id never gets new bytes, so browsers keep them for good.
import { Hono } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../http/app-env";
import { input, route } from "../http/contract";
import { notFound } from "../lib/errors";
import { getMedia, MEDIA_TYPES } from "../media/library";

/** Any string: an unknown id is a 404, never a 400. */
const MediaParams = v.object({ id: v.pipe(v.string(), v.description("The image's id (`med_…`), as image URLs in every response carry it.")) });

const IMAGE_HEADERS = {
  ETag: { description: "The stored object's ETag.", required: true },
  "Cache-Control": { description: "`public, max-age=31536000, immutable`: an id never gets new bytes.", required: true },
  "Content-Security-Policy": { description: "`default-src 'none'; sandbox`, with `X-Content-Type-Options: nosniff`: an image opened directly can run nothing.", required: true },
};

export const publicMediaRoutes = new Hono<AppEnv>().get("/:id",
  route({
    operationId: "getImage",
    summary: "An image's bytes",
    description: "The type is the one detected from the bytes at upload, never what the uploader claimed. CORS-open.",
    tags: ["media"],
    ok: {
      200: {
        description: "The image.",
        headers: IMAGE_HEADERS,
        content: Object.fromEntries(MEDIA_TYPES.map((type) => [type, { description: "The image file as uploaded." }])),
      },
      302: {
        description: "An image an import left at its original address (no copy here): the Location is that address.",
        headers: { Location: { description: "The image's original URL.", required: true } },
      },
    },
    errors: ["not_found"],
  }),
  input("param", MediaParams),
  async (c) => {
    const row = await getMedia(c.var.db, c.req.valid("param").id);
    // Imported without fetching (Ghost import): no bytes in R2, the image still lives where it was.
    // 302, not 301: a later fetch may copy it here, and the id must then serve the bytes.
    if (row.sourceUrl) {
      return new Response(null, { status: 302, headers: { location: row.sourceUrl, "access-control-allow-origin": "*", "cache-control": "public, max-age=3600" } });
    }
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
