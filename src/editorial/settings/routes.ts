// GET/PATCH /settings: the site's name, description, language and logo (admins only).
import { Hono, type Context } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../../http/app-env";
import { readJson } from "../../http/json-body";
import { siteUrls } from "../../lib/urls";
import { parseOrThrow } from "../../lib/validate";
import { assertAllowed } from "../permissions";
import * as domain from "./domain";

export const SETTINGS_LIMITS = { title: 200, description: 500, language: 35 } as const;

/**
 * A BCP 47 (RFC 5646) language tag: language (with up to three extlangs), then optional script,
 * region, variants, extensions and private use — "en", "uk", "pt-BR", "zh-Hant-TW", "de-CH-1996".
 * The length cap keeps the regex's work bounded; 35 characters fits every registered tag.
 */
const BCP47 =
  /^(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*(?:-[\dA-WY-Za-wy-z](?:-[A-Za-z\d]{2,8})+)*(?:-[Xx](?:-[A-Za-z\d]{1,8})+)?$/;

const text = (max: number) => v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(max, `At most ${max} characters.`)));

const PatchSchema = v.object({
  title: v.optional(text(SETTINGS_LIMITS.title)),
  description: v.optional(text(SETTINGS_LIMITS.description)),
  language: v.optional(
    v.pipe(
      v.string(),
      v.trim(),
      v.maxLength(SETTINGS_LIMITS.language, `At most ${SETTINGS_LIMITS.language} characters.`),
      v.regex(BCP47, "Use a BCP 47 language tag such as en, uk or pt-BR."),
    ),
  ),
  logo: v.optional(v.nullable(v.object({ media_id: v.pipe(v.string(), v.minLength(1, "Required."), v.maxLength(100)) }))),
});

const toView = (c: Context<AppEnv>, s: domain.StoredSettings) => ({
  title: s.title,
  description: s.description,
  language: s.language,
  logo: s.logo
    ? { media_id: s.logo.id, url: siteUrls(c.env, new URL(c.req.url).origin).media(s.logo.id), width: s.logo.width, height: s.logo.height }
    : null,
  // What a null title shows as, so the admin can say so.
  default_title: c.env.SITE_TITLE,
  updated_at: s.updatedAt,
  updated_by: s.updatedBy,
});

export const settingsRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    assertAllowed(c.var.actor, "settings.manage");
    return c.json({ settings: toView(c, await domain.loadSettings(c.var.db)) });
  })
  .patch("/", async (c) => {
    assertAllowed(c.var.actor, "settings.manage");
    const input = parseOrThrow(PatchSchema, await readJson(c));
    return c.json({ settings: toView(c, await domain.updateSettings(c.var.db, input, c.var.actor.userId)) });
  });
