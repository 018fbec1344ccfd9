// Times in merge and history views: to the second, in the newsroom's zone (two saves a few
// seconds apart must be told apart), with the zone named.
import { formatInZone, offsetLabel } from "../../lib/zoned-time";

/** "29 Nov 2026, 12:34:56 (UTC+02:00)". */
export function formatWithSeconds(instant: Date | string, zone: string): string {
  return `${formatInZone(instant, zone, { seconds: true })} (${offsetLabel(instant, zone)})`;
}
