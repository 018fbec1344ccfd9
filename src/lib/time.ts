import * as v from "valibot";
import { parseInstant } from "./rfc3339";

/** RFC 3339 date-time with an explicit offset or Z (a bare local time is ambiguous for a newsroom). */
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

/** A real instant: RFC 3339 shape with a zone, and every field in range (no 30 February). */
export function isRealInstant(value: string): boolean {
  if (!RFC3339.test(value)) return false;
  try {
    parseInstant(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * Every instant a client sends (publish, schedule, since/until, expiries): RFC 3339 with a zone,
 * real fields, and within years 0000–9999 once normalised to UTC.
 */
export const Instant = v.pipe(
  v.string(),
  v.maxLength(64, "Use an RFC 3339 date-time with a time zone, e.g. 2024-11-01T22:34:00Z."),
  v.check(isRealInstant, "Use an RFC 3339 date-time with a time zone between years 0000 and 9999 in UTC, e.g. 2024-11-01T22:34:00Z."),
);
