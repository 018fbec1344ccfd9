// Times in merge and history views: to the second, in the newsroom's zone (two saves a few
// seconds apart must be told apart), with the zone named.
import { offsetLabel } from "../../lib/zoned-time";

/** "29 Nov 2026, 12:34:56 (UTC+02:00)". */
export function formatWithSeconds(instant: Date | string, zone: string): string {
  const local = new Intl.DateTimeFormat("en-GB", {
    timeZone: zone,
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).format(new Date(instant));
  return `${local} (${offsetLabel(instant, zone)})`;
}
