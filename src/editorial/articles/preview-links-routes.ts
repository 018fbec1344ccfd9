// Preview links of one story (src/previews), and the editor's own preview of it in the content
// API's shape. Mounted under /articles by src/editorial/index.ts.
import { Hono } from "hono";
import * as v from "valibot";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import { effectiveSettings, loadSettings } from "../settings/domain";
import { previewContent, noSuchRevision } from "../../previews/content";
import { createPreviewLink, EXPIRES_IN, listPreviewLinks, revokePreviewLink } from "../../previews/links";
import { previewUrlBuilder } from "../../previews/url";
import { PreviewArticleView, PreviewLinkView, PreviewSourceView, toPreviewArticle, toPreviewLinkView, toPreviewSource } from "../../previews/views";
import { BODY_ERRORS, IdParam } from "../shared";
import { MAX_VERSION } from "./input-schema";
import { getArticleOrThrow } from "./service";

const Version = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_VERSION));

export const CreatePreviewLinkSchema = v.object({
  expires_in: v.optional(
    v.pipe(
      v.number(),
      v.integer(),
      v.minValue(EXPIRES_IN.min, `At least ${EXPIRES_IN.min} seconds (5 minutes).`),
      v.maxValue(EXPIRES_IN.max, `At most ${EXPIRES_IN.max} seconds (30 days).`),
      v.description(`Seconds the link works for: ${EXPIRES_IN.min}–${EXPIRES_IN.max}; ${EXPIRES_IN.default} (7 days) when left out.`),
    ),
  ),
  revision: v.optional(v.nullable(v.pipe(Version, v.description("Pin the link to this version; left out: the latest saved changes whenever it is opened.")))),
  note: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200), v.description("Who it is for; seen in the newsroom only."))),
});

const LinkParam = v.object({ ...IdParam.entries, link_id: v.string() });
const PreviewQuery = v.object({
  revision: v.optional(v.pipe(v.string(), v.regex(/^\d{1,10}$/, "Use a version number."), v.transform(Number), Version)),
});

const PreviewLinkCreated = v.object({
  preview_link: PreviewLinkView,
  token: v.pipe(v.string(), v.description("Shown this once: only its SHA-256 is stored.")),
  url: v.pipe(v.string(), v.description("The link to share: `PREVIEW_URL_PATTERN` with the token, else the content API's `/api/content/v1/preview/{token}`.")),
});

const tags = ["previews"];

export const previewLinkRoutes = new Hono<AuthedEnv>()
  .post("/:id/preview-links",
    route({
      summary: "Make a preview link",
      description:
        "An unguessable link at which anyone sees the story as readers will get it, until it expires or is revoked. Authors and contributors may share stories they created or hold a byline on. A pinned `revision` that does not exist is a 400 naming it.",
      tags,
      ok: { 201: PreviewLinkCreated },
      // internal: a pinned revision whose stored history is missing from R2 (damage, logged).
      errors: [...BODY_ERRORS, "not_found", "internal"],
    }),
    can("articles.preview"), input("param", IdParam), input("json", CreatePreviewLinkSchema, { optional: true }),
    async (c) => {
      const body = c.req.valid("json");
      const urlOf = previewUrlBuilder(c.env, c.req.url);
      const { row, token } = await createPreviewLink(c.var.db, c.var.actor, c.req.valid("param").id, { ...body, expires_in: body.expires_in ?? EXPIRES_IN.default });
      return c.json({ preview_link: toPreviewLinkView(row), token, url: urlOf(token) }, 201);
    })
  .get("/:id/preview-links",
    route({
      summary: "List a story's preview links",
      description: "Newest first (the latest 200), working, expired and revoked alike; never their tokens.",
      tags,
      ok: { 200: v.object({ preview_links: v.array(PreviewLinkView) }) },
      errors: ["not_found"],
    }),
    can("articles.preview"), input("param", IdParam),
    async (c) => {
      const now = new Date();
      return c.json({ preview_links: (await listPreviewLinks(c.var.db, c.var.actor, c.req.valid("param").id)).map((l) => toPreviewLinkView(l, now)) });
    })
  .delete("/:id/preview-links/:link_id",
    route({ summary: "Revoke a preview link", description: "It opens nothing from then on. Revoking it again changes nothing.", tags, ok: { 204: { description: "Revoked" } }, errors: ["not_found"] }),
    can("articles.preview"), input("param", LinkParam),
    async (c) => {
      const { id, link_id } = c.req.valid("param");
      await revokePreviewLink(c.var.db, c.var.actor, id, link_id);
      return c.body(null, 204);
    })
  .get("/:id/preview",
    route({
      summary: "Preview a story as readers will get it",
      description:
        "What a preview link to it would show now, without making one: the story in the content API's shape (public tags only, cards of published stories only), from its working copy when it has pending changes, else as it is; or `revision`.",
      tags,
      ok: { 200: v.object({ article: PreviewArticleView, preview: PreviewSourceView }) },
      // internal: a `revision` whose snapshot or pack is missing from R2 (damage, logged).
      errors: ["validation_failed", "not_found", "internal"],
    }),
    can("articles.read"), input("param", IdParam), input("query", PreviewQuery),
    async (c) => {
      const { revision } = c.req.valid("query");
      const [content, stored] = await Promise.all([
        getArticleOrThrow(c.var.db, c.req.valid("param").id).then((rec) => previewContent(c.var.db, rec, c.var.urls, revision ?? null)),
        loadSettings(c.var.db),
      ]);
      if (!content) throw noSuchRevision(revision!);
      return c.json({ article: toPreviewArticle(content, c.var.urls, effectiveSettings(stored, c.env)), preview: toPreviewSource(content) });
    });
