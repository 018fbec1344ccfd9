// GET/PATCH /settings: the site's name, description, language and logo (admins only).
import { Hono } from "hono";
import { auditBy } from "../../audit/record";
import * as v from "valibot";
import type { AuthedEnv } from "../../http/app-env";
import { can, input, route } from "../../http/contract";
import type { SiteUrls } from "../../lib/urls";
import { BODY_ERRORS, LANGUAGE_TAG_MAX, LanguageTag } from "../shared";
import * as domain from "./domain";

export const SETTINGS_LIMITS = { title: 200, description: 500, language: LANGUAGE_TAG_MAX } as const;

const text = (max: number) => v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(max, `At most ${max} characters.`)));

const PatchSchema = v.object({
  title: v.optional(v.pipe(text(SETTINGS_LIMITS.title), v.description("null (or blank) shows the configured SITE_TITLE."))),
  description: v.optional(text(SETTINGS_LIMITS.description)),
  language: v.optional(v.pipe(v.string(), v.trim(), LanguageTag)),
  logo: v.optional(
    v.pipe(
      v.nullable(v.object({ media_id: v.pipe(v.string(), v.minLength(1, "Required."), v.maxLength(100)) })),
      v.description("An image from the library, for the NewsArticle publisher; null removes it."),
    ),
  ),
});

const SettingsView = v.object({
  title: v.pipe(v.nullable(v.string()), v.description("null: `default_title` is shown.")),
  description: v.nullable(v.string()),
  language: v.pipe(v.string(), v.description("BCP 47 language tag of the site.")),
  logo: v.nullable(
    v.object({
      media_id: v.string(),
      url: v.pipe(v.string(), v.description("The image's public URL.")),
      width: v.nullable(v.number()),
      height: v.nullable(v.number()),
    }),
  ),
  default_title: v.pipe(v.string(), v.description("What a null title shows as (the Worker's SITE_TITLE).")),
  updated_at: v.pipe(v.nullable(v.string()), v.description("Last change (UTC, RFC 3339); null before any.")),
  updated_by: v.pipe(v.nullable(v.string()), v.description("The id of the user who changed them last, or null.")),
});
const SettingsOne = v.object({ settings: SettingsView });

const toView = (urls: SiteUrls, siteTitle: string, s: domain.StoredSettings): v.InferOutput<typeof SettingsView> => ({
  title: s.title,
  description: s.description,
  language: s.language,
  logo: s.logo ? { media_id: s.logo.id, url: urls.media(s.logo.id), width: s.logo.width, height: s.logo.height } : null,
  // What a null title shows as, so the admin can say so.
  default_title: siteTitle,
  updated_at: s.updatedAt,
  updated_by: s.updatedBy,
});

const tags = ["settings"];

export const settingsRoutes = new Hono<AuthedEnv>()
  .get("/",
    route({ summary: "Get the site settings", tags, ok: { 200: SettingsOne } }),
    can("settings.manage"),
    async (c) => c.json({ settings: toView(c.var.urls, c.env.SITE_TITLE, await domain.loadSettings(c.var.db)) }))
  .patch("/",
    route({
      summary: "Change the site settings",
      description: "Absent fields are kept. Feeds, sitemaps and article pages show the change on the next request.",
      tags,
      ok: { 200: SettingsOne },
      errors: BODY_ERRORS,
    }),
    can("settings.manage"), input("json", PatchSchema),
    async (c) => c.json({ settings: toView(c.var.urls, c.env.SITE_TITLE, await domain.updateSettings(c.var.db, c.req.valid("json"), c.var.actor.userId, auditBy(c.var.actor))) }));
