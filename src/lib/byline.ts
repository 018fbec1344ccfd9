/**
 * Join author names for display: "" / "A" / "A and B" / "A, B and C".
 *
 * House style (like most British and many US newsrooms) uses no Oxford comma,
 * so the last two names are joined by " and " only. Blank names are dropped so
 * a half-filled author record never produces "A,  and B". The "By " prefix is
 * left to the caller because some templates (e.g. JSON feeds) don't want it.
 */
export function formatByline(names: readonly string[]): string {
  const clean = names.map((name) => name.trim()).filter((name) => name.length > 0);
  if (clean.length <= 1) return clean[0] ?? "";
  const last = clean[clean.length - 1]!;
  return `${clean.slice(0, -1).join(", ")} and ${last}`;
}
