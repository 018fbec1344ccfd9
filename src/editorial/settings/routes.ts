// GET/PATCH /settings: the site's name, description, language and logo (admins only).
import { Hono, type Context } from "hono";
import * as v from "valibot";
import type { AppEnv } from "../../http/app-env";
import { readJson } from "../../http/json-body";
import { siteUrls } from "../../lib/urls";
import { parseOrThrow } from "../../lib/validate";
import { assertAllowed } from "../permissions";
import { LANGUAGE_TAG_MAX, LanguageTag } from "../shared";
import * as domain from "./domain";

export const SETTINGS_LIMITS = { title: 200, description: 500, language: LANGUAGE_TAG_MAX } as const;

const text = (max: number) => v.nullable(v.pipe(v.string(), v.trim(), v.maxLength(max, `At most ${max} characters.`)));

const PatchSchema = v.object({
  title: v.optional(text(SETTINGS_LIMITS.title)),
  description: v.optional(text(SETTINGS_LIMITS.description)),
  language: v.optional(v.pipe(v.string(), v.trim(), LanguageTag)),
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
