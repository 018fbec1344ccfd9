/**
 * Instants for sitemaps and structured data, normalised to RFC 3339 in UTC with whole
 * seconds: "2024-11-01T22:34:00Z". Pure: parses what it is given, never reads the clock.
 */

// Date, or date-time with a required zone (a zone-less time would depend on the runtime's
// local time zone). Fractional seconds of any length are accepted and truncated.
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?([Zz]|[+-]\d{2}:\d{2}))?$/;

/** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z: every instant we store is between them, in UTC. */
export const MIN_INSTANT_MS = new Date("0000-01-01T00:00:00Z").getTime();
export const MAX_INSTANT_MS = new Date("9999-12-31T23:59:59.999Z").getTime();

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/**
 * Parse an ISO 8601 / RFC 3339 instant (or a bare date, taken as UTC midnight) into
 * milliseconds since the epoch, checking every field's range (JavaScript's own parser
 * accepts "2024-02-30"). Throws RangeError on anything else.
 */
export function parseInstant(value: string): number {
  const m = ISO_INSTANT.exec(value.trim());
  if (!m) throw new RangeError(`not an ISO 8601 instant with a time zone: ${JSON.stringify(value)}`);
  const [, y, mo, d, h = "00", mi = "00", s = "00", zone = "Z"] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) {
    throw new RangeError(`instant out of range: ${JSON.stringify(value)}`);
  }
  let offsetMinutes = 0;
  if (zone !== "Z" && zone !== "z") {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(4, 6));
    if (oh > 23 || om > 59) throw new RangeError(`time zone offset out of range: ${JSON.stringify(value)}`);
    offsetMinutes = (zone.startsWith("-") ? -1 : 1) * (oh * 60 + om);
  }
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day); // setUTCFullYear keeps years 0–99 literal, unlike Date.UTC
  utc.setUTCHours(hour, minute, second, 0);
  const ms = utc.getTime() - offsetMinutes * 60_000;
  // The zone can carry an instant out of the four-digit years ("0000-01-01T00:00:00+00:01" is in
  // year -1): such a value has no RFC 3339 form, sorts wrongly as text and breaks every renderer.
  if (ms < MIN_INSTANT_MS || ms > MAX_INSTANT_MS) throw new RangeError(`instant outside years 0000–9999 in UTC: ${JSON.stringify(value)}`);
  return ms;
}

/** "2024-11-02T00:34:00.123+02:00" → "2024-11-01T22:34:00Z". Throws RangeError on bad input. */
export function toRfc3339(value: string): string {
  const t = new Date(parseInstant(value));
  const year = t.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError(`year outside 0000–9999: ${JSON.stringify(value)}`);
  return (
    `${pad(year, 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}` +
    `T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}Z`
  );
}

/**
 * A story page's publication dates as structured data and share metadata state them (JSON-LD's
 * datePublished/dateModified, Open Graph's article:published_time/modified_time): RFC 3339 whole
 * seconds, and modified never before published (a republished story's older edit time).
 * `publishedAt` null: never published (a preview).
 */
export function pageDates(publishedAt: string | null, updatedAt: string): { published: string | null; modified: string } {
  const modified = publishedAt !== null && parseInstant(updatedAt) < parseInstant(publishedAt) ? publishedAt : updatedAt;
  return { published: publishedAt === null ? null : toRfc3339(publishedAt), modified: toRfc3339(modified) };
}
