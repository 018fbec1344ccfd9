// Editors enter and read times in the newsroom's zone (NEWSROOM_TIME_ZONE); the API stores UTC.
// Intl knows every zone's offsets, so no zone database is bundled.

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function partsIn(zone: string, instant: Date): Parts {
  const fmt = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const get = (type: string) => Number(fmt.formatToParts(instant).find((p) => p.type === type)?.value);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute"), second: get("second") };
}

/** Offset of `zone` from UTC at `instant`, in milliseconds (Kyiv in November: +2 h). */
export function zoneOffsetMs(zone: string, instant: Date): number {
  const p = partsIn(zone, instant);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** "2024-11-02T00:34" (a datetime-local value, wall time in `zone`) → the UTC instant. */
export function zonedInputToInstant(value: string, zone: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0));
  // The offset depends on the instant we are solving for; two rounds settle it even across DST.
  let guess = wall - zoneOffsetMs(zone, new Date(wall));
  guess = wall - zoneOffsetMs(zone, new Date(guess));
  return new Date(guess);
}

/** The UTC instant → a datetime-local value in `zone`. */
export function instantToZonedInput(instant: Date | string, zone: string): string {
  const p = partsIn(zone, new Date(instant));
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** "2 Nov 2024, 00:34" in `zone`, for lists and status lines; with `seconds`, "…, 00:34:56". */
export function formatInZone(instant: Date | string, zone: string, opts: { seconds?: boolean } = {}): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    ...(opts.seconds && { second: "2-digit" }),
    hourCycle: "h23",
  }).format(new Date(instant));
}

/** "UTC+02:00" for the zone at that instant. */
export function offsetLabel(instant: Date | string, zone: string): string {
  const min = Math.round(zoneOffsetMs(zone, new Date(instant)) / 60000);
  const sign = min < 0 ? "-" : "+";
  return `UTC${sign}${pad(Math.floor(Math.abs(min) / 60))}:${pad(Math.abs(min) % 60)}`;
}

/** RFC 3339 in UTC without milliseconds, as shown next to the local time. */
export const utcLabel = (instant: Date | string) => new Date(instant).toISOString().replace(/\.\d{3}Z$/, "Z");
