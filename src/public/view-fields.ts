// The small schemas the public views are built from: a described string, an absolute link this
// server builds, a UTC instant, a pixel size, a byline's kind. One place, so every view says the
// same thing about the same kind of field in the content document.
import * as v from "valibot";

export const text = (description: string) => v.pipe(v.string(), v.description(description));
/** A link this server builds (to the site, or to an image it serves): always absolute. */
export const link = (description: string) => v.pipe(v.string(), v.url(), v.description(description));
export const time = (description: string) => v.pipe(v.string(), v.isoTimestamp(), v.description(`${description} UTC, RFC 3339 with milliseconds.`));
export const pixels = v.nullable(v.pipe(v.number(), v.integer()));
export const Kind = v.pipe(v.picklist(["person", "organization"]), v.description("A person, or a desk (an organization) holding a byline in its own right."));
export type Kind = v.InferOutput<typeof Kind>;
