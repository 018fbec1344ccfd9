// Site settings: the newsroom's name, description, language and logo, as feeds and structured data
// show them. One row (id = 1); a missing row or a null field falls back to the Worker's
// configuration (SITE_TITLE), so a fresh install needs no setup step.
import { eq, sql } from "drizzle-orm";
import { auditEntry, type AuditBy } from "../../audit/record";
import { sentFields } from "../../audit/summaries";
import { bumpContentVersion } from "../../cache/content-version";
import type { DB } from "../../db/client";
import { parseConstraintError } from "../../db/constraint-errors";
import { media, siteSettings } from "../../db/schema";
import { AppError } from "../../lib/errors";

export const SETTINGS_ID = 1;
export const DEFAULT_LANGUAGE = "en";

/** What is stored, with the logo's size resolved; nulls mean "use the default". */
export interface StoredSettings {
  title: string | null;
  description: string | null;
  language: string;
  logo: { id: string; width: number | null; height: number | null; mimeType: string } | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** What readers see: defaults applied. */
export interface SiteSettings {
  title: string;
  description: string | null;
  language: string;
  logo: StoredSettings["logo"];
}

const EMPTY: StoredSettings = { title: null, description: null, language: DEFAULT_LANGUAGE, logo: null, updatedAt: null, updatedBy: null };

/**
 * The settings and their logo as one JSON value, from one scalar subquery. Public pages add it to
 * the query they already run (SQLite evaluates an uncorrelated subquery once per statement), so
 * reading the settings costs no statement of its own on a cache miss.
 */
export const SETTINGS_JSON = sql<string | null>`(SELECT json_object(
    'title', s.title, 'description', s.description, 'language', s.language,
    'logo_id', m.id, 'logo_width', m.width, 'logo_height', m.height, 'logo_mime', m.mime_type,
    'updated_at', s.updated_at, 'updated_by', s.updated_by)
  FROM site_settings s LEFT JOIN media m ON m.id = s.logo_media_id WHERE s.id = ${SETTINGS_ID})`;

interface SettingsJson {
  title: string | null;
  description: string | null;
  language: string | null;
  logo_id: string | null;
  logo_width: number | null;
  logo_height: number | null;
  logo_mime: string | null;
  updated_at: string | null;
  updated_by: string | null;
}

/** SETTINGS_JSON's value → StoredSettings; null (no row yet) gives the defaults. */
export function parseSettingsJson(json: string | null | undefined): StoredSettings {
  if (!json) return EMPTY;
  const r = JSON.parse(json) as SettingsJson;
  return {
    title: r.title,
    description: r.description,
    language: r.language || DEFAULT_LANGUAGE,
    logo: r.logo_id ? { id: r.logo_id, width: r.logo_width, height: r.logo_height, mimeType: r.logo_mime ?? "" } : null,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

/** Defaults applied: a blank title is the configured SITE_TITLE. */
export function effectiveSettings(stored: StoredSettings, env: Pick<Env, "SITE_TITLE">): SiteSettings {
  return {
    title: stored.title?.trim() ? stored.title : env.SITE_TITLE,
    description: stored.description?.trim() ? stored.description : null,
    language: stored.language,
    logo: stored.logo,
  };
}

/** One statement, for callers with no query of their own to fold SETTINGS_JSON into. */
export async function loadSettings(db: DB): Promise<StoredSettings> {
  const row = await db.get<{ site_json: string | null }>(sql`SELECT ${SETTINGS_JSON} AS site_json`);
  return parseSettingsJson(row?.site_json);
}

export interface SettingsInput {
  title?: string | null | undefined;
  description?: string | null | undefined;
  language?: string | undefined;
  logo?: { media_id: string } | null | undefined;
}

const logoInvalid = (message: string) =>
  new AppError("validation_failed", `Invalid logo.media_id: ${message}`, { errors: [{ path: "logo.media_id", message }] });

/**
 * Writes the given fields (absent ones are kept) and replaces the public content version in the
 * same batch, so every cached feed and article page shows the new name, language or logo at once.
 */
export async function updateSettings(db: DB, input: SettingsInput, userId: string | null, by: AuditBy): Promise<StoredSettings> {
  if (input.logo) {
    const logo = await db.select({ mimeType: media.mimeType }).from(media).where(eq(media.id, input.logo.media_id)).get();
    if (!logo) throw logoInvalid("No image in the library has this id.");
    if (!logo.mimeType.startsWith("image/")) throw logoInvalid("The logo must be an image.");
  }
  const set = {
    ...(input.title !== undefined && { title: input.title || null }),
    ...(input.description !== undefined && { description: input.description || null }),
    ...(input.language !== undefined && { language: input.language }),
    ...(input.logo !== undefined && { logoMediaId: input.logo?.media_id ?? null }),
  };
  if (Object.keys(set).length === 0) return loadSettings(db);
  const stamp = { updatedAt: new Date().toISOString(), updatedBy: userId };
  try {
    await db.batch([
      db
        .insert(siteSettings)
        .values({ id: SETTINGS_ID, ...set, ...stamp })
        .onConflictDoUpdate({ target: siteSettings.id, set: { ...set, ...stamp } }),
      bumpContentVersion(db),
      // The names of the settings changed (and the new language, short and telling); never the texts.
      auditEntry(db, {
        ...by,
        action: "settings.update",
        target: { type: "settings", id: null, label: "Site settings" },
        summary: { after: { changed_fields: sentFields(input), ...(input.language !== undefined && { language: input.language }) } },
      }),
    ]);
  } catch (err) {
    // The image was deleted between the check and the write: the same answer as if it never existed.
    if (parseConstraintError(err)?.kind === "foreign_key") {
      throw logoInvalid("No image in the library has this id.");
    }
    throw err;
  }
  return loadSettings(db);
}
