// Small pieces the taxonomy modules share.
import * as v from "valibot";
import { AppError } from "../lib/errors";
import { Slug } from "../lib/schemas";

export const SlugSchema = Slug;
export const NameSchema = v.pipe(v.string(), v.trim(), v.minLength(1, "Name is required."), v.maxLength(200));
export const TextSchema = (max: number) => v.nullish(v.pipe(v.string(), v.trim(), v.maxLength(max)));

/** An absolute http(s) URL: related links, audio and canonical URLs, as an editor or an import sends them. */
export const HttpUrl = v.pipe(
  v.string(),
  v.maxLength(2048),
  v.url("Enter an absolute URL."),
  v.check((u) => /^https?:\/\//i.test(u), "Only http and https URLs are allowed."),
);

/**
 * A BCP 47 (RFC 5646) language tag: language (with up to three extlangs), then optional script,
 * region, variants, extensions and private use — "en", "uk", "pt-BR", "zh-Hant-TW", "de-CH-1996".
 * The length cap keeps the regex's work bounded; 35 characters fits every registered tag.
 */
const BCP47 =
  /^(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*(?:-[\dA-WY-Za-wy-z](?:-[A-Za-z\d]{2,8})+)*(?:-[Xx](?:-[A-Za-z\d]{1,8})+)?$/;
export const LANGUAGE_TAG_MAX = 35;
/** The site's and every article's language. */
export const LanguageTag = v.pipe(
  v.string(),
  v.maxLength(LANGUAGE_TAG_MAX, `At most ${LANGUAGE_TAG_MAX} characters.`),
  v.regex(BCP47, "Use a BCP 47 language tag such as en, uk or pt-BR."),
);

export const inUse = (what: string, count: number, by: string) =>
  new AppError("in_use", `This ${what} is used by ${count} ${by}; move them first so nothing is left dangling.`, { usage_count: count });

// Unique slugs (and every other constraint) are mapped to 409 problems in src/db/constraint-errors.ts.

/** A resource id in the path. Any string: an unknown id is a 404 from the domain, never a 400. */
export const IdParam = v.object({ id: v.string() });

/** Problems a route with a JSON body may answer before its handler runs (src/http/json-body.ts). */
export const BODY_ERRORS = ["validation_failed", "invalid_json", "payload_too_large", "unsupported_media_type"] as const;
