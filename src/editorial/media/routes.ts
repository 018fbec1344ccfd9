import { Hono, type Context } from "hono";
import * as v from "valibot";
import { auditBy } from "../../audit/record";
import { ARTICLE_STATUSES } from "../../db/schema";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { AppError } from "../../lib/errors";
import { SearchTerm } from "../../lib/like";
import { Cursor, PageLimit } from "../../lib/paging";
import type { SiteUrls } from "../../lib/urls";
import { parseOrThrow } from "../../lib/validate";
import * as library from "../../media/library";
import { BODY_ERRORS, IdParam, TextSchema } from "../shared";

const TextFields = v.object({ alt: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(1000))), caption: TextSchema(2000), credit: TextSchema(500) });

/** A library page is a grid of thumbnails: more to a page than a list of headlines (PageLimit's 20). */
const MEDIA_PAGE_DEFAULT = "30";

/** `GET /media`: newest first; `q` searches alt, caption, credit and filename. */
export const MediaListQuery = v.object({
  // The shared schemas as they are (no pipe around them): the limits suite finds them by identity.
  q: v.optional(SearchTerm),
  mime: v.optional(v.picklist(library.MEDIA_TYPES, `One of ${library.MEDIA_TYPES.join(", ")}.`)),
  // PageLimit itself, given the library's own default (its 20 applies only when this one is absent).
  limit: v.optional(PageLimit, MEDIA_PAGE_DEFAULT),
  cursor: v.optional(Cursor),
});

/**
 * The upload form as the reference shows it. The handler reads it itself (readUpload), because the
 * multipart parser must not see a body over the limit; the text fields are checked with TextFields.
 */
const UploadForm = v.object({
  file: v.pipe(
    v.file(),
    v.metadata({ type: "string", contentMediaType: "application/octet-stream" }),
    v.description(`The image: JPEG, PNG, GIF, WebP or AVIF, at most ${library.MAX_UPLOAD_BYTES / 1024 / 1024} MB. Its type is decided from the bytes, never the name; SVG is refused.`),
  ),
  // TextFields' own rules; a form field is text or absent, never null.
  alt: TextFields.entries.alt,
  caption: v.optional(TextFields.entries.caption.wrapped),
  credit: v.optional(TextFields.entries.credit.wrapped),
});

const Utc = (what: string) => v.pipe(v.string(), v.description(`${what} (UTC, RFC 3339).`));

const MediaView = v.object({
  id: v.string(),
  url: v.pipe(v.string(), v.description("Where the image is served: GET /media/{id} on this Worker's public origin.")),
  mime_type: v.pipe(v.string(), v.description(`Decided from the bytes: ${library.MEDIA_TYPES.join(", ")}.`)),
  size: v.pipe(v.number(), v.description("Bytes.")),
  width: v.nullable(v.pipe(v.number(), v.description("Pixels, when the image says."))),
  height: v.nullable(v.pipe(v.number(), v.description("Pixels, when the image says."))),
  alt: v.string(),
  caption: v.nullable(v.string()),
  credit: v.nullable(v.string()),
  filename: v.nullable(v.pipe(v.string(), v.description("As uploaded (at most 255 characters)."))),
  created_at: Utc("When it was uploaded"),
});
const UsageCount = v.pipe(v.number(), v.description("How many stories use it, as featured image or in the body (their working copies included)."));
const MediaListItem = v.object({ ...MediaView.entries, usage_count: UsageCount });
const MediaDetail = v.object({
  ...MediaListItem.entries,
  used_by: v.pipe(
    v.array(v.object({ id: v.string(), headline: v.string(), status: v.picklist(ARTICLE_STATUSES), url: v.pipe(v.string(), v.description("The story's public URL.")) })),
    v.description(`The stories using it, most recently changed first: at most ${library.USED_BY_MAX} (usage_count says how many in all).`),
  ),
});
const MediaDetailOne = v.object({ media: MediaDetail });

const toView = (urls: SiteUrls, m: library.MediaRow): v.InferOutput<typeof MediaView> => ({
  id: m.id,
  url: urls.media(m.id),
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
async function detailView(c: Context<AuthedEnv>, id: string): Promise<v.InferOutput<typeof MediaDetail>> {
  const u = await library.getMediaUsage(c.var.db, id, c.var.urls);
  return { ...toView(c.var.urls, u.row), usage_count: u.usageCount, used_by: u.usedBy };
}

/** The upload, read with its own bounds: refused by its declared size before the parser buffers it. */
async function readUpload(c: Context<AuthedEnv>) {
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
  return { file, text };
}

const tags = ["media"];

export const mediaRoutes = new Hono<AuthedEnv>()
  .get("/",
    route({
      summary: "List the image library, newest upload first",
      description: `\`q\` matches alt text, caption, credit or file name (a substring); \`mime\` keeps one type; \`limit\` defaults to ${MEDIA_PAGE_DEFAULT}; \`cursor\` is the \`next_cursor\` of the page before.`,
      tags,
      ok: { 200: v.object({ media: v.array(MediaListItem), next_cursor: v.nullable(v.pipe(v.string(), v.description("Pass as `cursor` for the next page; null on the last."))) }) },
      errors: ["validation_failed"],
    }),
    can("media.read"), input("query", MediaListQuery),
    async (c) => {
      const page = await library.listMedia(c.var.db, c.req.valid("query"));
      return c.json({ media: page.media.map((m) => ({ ...toView(c.var.urls, m.row), usage_count: m.usageCount })), next_cursor: page.nextCursor });
    })
  .post("/",
    route({
      summary: "Upload an image",
      tags,
      requestBody: { description: `multipart/form-data, at most ${library.MAX_UPLOAD_BYTES / 1024 / 1024} MB of image.`, content: { "multipart/form-data": { schema: UploadForm } } },
      ok: { 201: v.object({ media: MediaView }) },
      errors: ["validation_failed", "payload_too_large", "unsupported_media_type"],
    }),
    can("media.upload"),
    async (c) => {
      const { file, text } = await readUpload(c);
      const row = await library.uploadMedia(
        c.var.db,
        c.env.MEDIA,
        { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name ? file.name.slice(0, 255) : null },
        text,
        c.var.actor.userId,
        { by: auditBy(c.var.actor) },
      );
      return c.json({ media: toView(c.var.urls, row) }, 201);
    })
  .get("/:id",
    route({ summary: "Get an image, with the stories using it", tags, ok: { 200: MediaDetailOne }, errors: ["not_found"] }),
    can("media.read"), input("param", IdParam),
    async (c) => c.json({ media: await detailView(c, c.req.valid("param").id) }))
  .patch("/:id",
    route({ summary: "Change an image's alt text, caption or credit", tags, ok: { 200: MediaDetailOne }, errors: [...BODY_ERRORS, "not_found"] }),
    can("media.manage"), input("param", IdParam), input("json", TextFields),
    async (c) => {
      const { id } = c.req.valid("param");
      await library.updateMediaText(c.var.db, id, c.req.valid("json"), auditBy(c.var.actor));
      // The same shape as GET, so the library's detail panel can show the answer as it is.
      return c.json({ media: await detailView(c, id) });
    })
  .delete("/:id",
    route({
      summary: "Delete an image (only when no story uses it)",
      description: "An image still in use is refused with 409 `in_use`: `usage_count` says how many stories use it, `used_by` names a few (`id`, `headline`).",
      tags,
      ok: { 204: { description: "Deleted, with its bytes" } },
      errors: ["not_found", "in_use"],
    }),
    can("media.manage"), input("param", IdParam),
    async (c) => {
      await library.deleteMedia(c.var.db, c.env.MEDIA, c.req.valid("param").id, auditBy(c.var.actor));
      return c.body(null, 204);
    });
