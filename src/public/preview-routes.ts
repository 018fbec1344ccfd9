// GET /api/content/v1/preview/{token}: a story before (or beside) publication, for someone holding
// a preview link. CORS-open like the content API, so a front-end's preview page can fetch it; but
// never through the public cache (src/public/index.ts mounts it outside it): every answer is read
// fresh, is stored by nobody (no-store) and indexed by nobody (noindex).
import { Hono } from "hono";
import * as v from "valibot";
import { effectiveSettings, loadSettings } from "../editorial/settings/domain";
import type { AppEnv } from "../http/app-env";
import { input, route } from "../http/contract";
import { jsonLdScript } from "../seo/json-ld";
import { openPreview } from "../previews/open";
import { PreviewAnswer, previewEmbargo, toPreviewArticle, toPreviewSource } from "../previews/views";

const TokenParam = v.object({ token: v.pipe(v.string(), v.description("The token from the preview link.")) });

const PREVIEW_HEADERS = {
  "Cache-Control": { description: "`no-store`: a preview is never kept by a browser or a shared cache.", required: true },
  "X-Robots-Tag": { description: "`noindex, nofollow`.", required: true },
};

export const previewRoutes = new Hono<AppEnv>().get("/preview/:token",
  route({
    operationId: "getPreview",
    summary: "Open a preview link",
    description:
      "The story a preview link was made for, in the shape `GET /articles/{slug}` answers, but from the version the link shows: a pinned revision; else a published story's pending changes (its working copy); else the story as it is, draft or not. No structured data. An unknown, expired or revoked token is a 404, as is a deleted story's; after publication a link works until it expires. A story under embargo previews as any other, with `preview.embargoed_until` saying when it may be published.",
    tags: ["previews"],
    ok: { 200: { description: "The story and what the preview shows", schema: PreviewAnswer, headers: PREVIEW_HEADERS } },
    // A pinned revision whose archived snapshot is missing from R2 (src/articles/snapshot-store.ts).
    errors: ["not_found", "internal"],
  }),
  input("param", TokenParam),
  async (c) => {
    const [{ content, expiresAt }, stored] = await Promise.all([openPreview(c.var.db, c.req.valid("param").token, c.var.urls), loadSettings(c.var.db)]);
    const body = { article: toPreviewArticle(content, c.var.urls, effectiveSettings(stored, c.env)), preview: { ...toPreviewSource(content), expires_at: expiresAt, embargoed_until: previewEmbargo(content) } };
    // The same "<"-free JSON as every content API answer (src/public/content-api.ts: safeJson).
    return c.body(jsonLdScript(body), 200, {
      "content-type": "application/json",
      "cache-control": "no-store",
      "x-robots-tag": "noindex, nofollow",
      // The token is in this URL: nothing this answer leads to should learn it.
      "referrer-policy": "no-referrer",
    });
  });
