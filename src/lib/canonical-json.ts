// One spelling of a JSON value for equality: keys sorted at every depth, so content compares equal
// whatever order its keys arrived in. Pure: the server (changed fields, "nothing changed") and the
// admin (unsaved changes, merges) compare with this same function.

/** Canonical JSON (sorted keys); absent and undefined keys are the same, as JSON.stringify makes them. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
