import { Hono, type Context } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../../http/app-env";
import { readJson } from "../../http/json-body";
import { AppError } from "../../lib/errors";
import { SearchTerm } from "../../lib/like";
import { Cursor, PageLimit } from "../../lib/paging";
import { siteUrls } from "../../lib/urls";
import { parseOrThrow } from "../../lib/validate";
import * as library from "../../media/library";
import { assertAllowed } from "../permissions";
import { TextSchema } from "../shared";

const TextFields = v.object({ alt: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(1000))), caption: TextSchema(2000), credit: TextSchema(500) });

/** `GET /media`: newest first; `q` searches alt, caption, credit and filename. */
export const MediaListQuery = v.object({
  q: v.optional(SearchTerm),
  mime: v.optional(v.picklist(library.MEDIA_TYPES, `One of ${library.MEDIA_TYPES.join(", ")}.`)),
  limit: PageLimit,
  cursor: v.optional(Cursor),
});
/** A library page is a grid of thumbnails: more to a page than a list of headlines (PageLimit's 20). */
const MEDIA_PAGE_DEFAULT = "30";

const urlsFor = (c: Context<AppEnv>) => siteUrls(c.env, new URL(c.req.url).origin);

const toView = (c: Context<AppEnv>, m: library.MediaRow) => ({
  id: m.id,
  url: urlsFor(c).media(m.id),
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

/** One item, with how many articles use it and (up to USED_BY_MAX of) which. */
async function detailView(c: Context<AppEnv>, id: string) {
  const u = await library.getMediaUsage(c.var.db, id, urlsFor(c));
  return { ...toView(c, u.row), usage_count: u.usageCount, used_by: u.usedBy };
}

export const mediaRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    assertAllowed(c.var.actor, "media.read");
    const page = await library.listMedia(c.var.db, parseOrThrow(MediaListQuery, { limit: MEDIA_PAGE_DEFAULT, ...c.req.query() }));
    return c.json({ media: page.media.map((m) => ({ ...toView(c, m.row), usage_count: m.usageCount })), next_cursor: page.nextCursor });
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
    return c.json({ media: await detailView(c, c.req.param("id")) });
  })
  .patch("/:id", async (c) => {
    assertAllowed(c.var.actor, "media.manage");
    const text = parseOrThrow(TextFields, await readJson(c));
    await library.updateMediaText(c.var.db, c.req.param("id"), text);
    // The same shape as GET, so the library's detail panel can show the answer as it is.
    return c.json({ media: await detailView(c, c.req.param("id")) });
  })
  .delete("/:id", async (c) => {
    assertAllowed(c.var.actor, "media.manage");
    await library.deleteMedia(c.var.db, c.env.MEDIA, c.req.param("id"));
    return c.body(null, 204);
  });
