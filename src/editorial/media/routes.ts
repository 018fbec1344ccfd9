import { Hono, type Context } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../../http/app-env";
import { readJson } from "../../http/json-body";
import { AppError } from "../../lib/errors";
import { siteUrls } from "../../lib/urls";
import { parseOrThrow } from "../../lib/validate";
import * as library from "../../media/library";
import { assertAllowed } from "../permissions";
import { TextSchema } from "../shared";

const TextFields = v.object({ alt: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(1000))), caption: TextSchema(2000), credit: TextSchema(500) });

const toView = (c: Context<AppEnv>, m: library.MediaRow) => ({
  id: m.id,
  url: siteUrls(c.env, new URL(c.req.url).origin).media(m.id),
  mime_type: m.mimeType,
  size: m.size,
  width: m.width,
  height: m.height,
  alt: m.alt,
  caption: m.caption,
  credit: m.credit,
  filename: m.filename,
  created_at: m.createdAt,
});

export const mediaRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    assertAllowed(c.var.actor, "media.read");
    return c.json({ media: (await library.listMedia(c.var.db)).map((m) => toView(c, m)) });
  })
  .post("/", async (c) => {
    assertAllowed(c.var.actor, "media.upload");
    // Refuse before buffering: the multipart parser would otherwise read any size into memory.
    if (Number(c.req.header("content-length") ?? "0") > library.MAX_UPLOAD_BYTES + 64 * 1024) {
      throw new AppError("payload_too_large", "Images may be at most 10 MB.");
    }
    if (!/^multipart\/form-data/i.test(c.req.header("content-type") ?? "")) {
      throw new AppError("unsupported_media_type", "Upload with multipart/form-data: a file field plus alt, caption and credit.");
    }
    const form = await c.req.formData().catch(() => {
      throw new AppError("validation_failed", "The multipart body is malformed.", { errors: [{ path: "file", message: "Could not read the upload." }] });
    });
    const file = form.get("file");
    if (!(file instanceof File)) throw new AppError("validation_failed", "Attach the image as the field named file.", { errors: [{ path: "file", message: "Required." }] });
    const text = parseOrThrow(TextFields, {
      alt: form.get("alt") ?? undefined,
      caption: form.get("caption") ?? undefined,
      credit: form.get("credit") ?? undefined,
    });
    const row = await library.uploadMedia(
      c.var.db,
      c.env.MEDIA,
      { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name ? file.name.slice(0, 255) : null },
      text,
      c.var.actor.userId,
    );
    return c.json({ media: toView(c, row) }, 201);
  })
  .get("/:id", async (c) => {
    assertAllowed(c.var.actor, "media.read");
    return c.json({ media: toView(c, await library.getMedia(c.var.db, c.req.param("id"))) });
  })
  .patch("/:id", async (c) => {
    assertAllowed(c.var.actor, "media.manage");
    const text = parseOrThrow(TextFields, await readJson(c));
    return c.json({ media: toView(c, await library.updateMediaText(c.var.db, c.req.param("id"), text)) });
  })
  .delete("/:id", async (c) => {
    assertAllowed(c.var.actor, "media.manage");
    await library.deleteMedia(c.var.db, c.env.MEDIA, c.req.param("id"));
    return c.body(null, 204);
  });
