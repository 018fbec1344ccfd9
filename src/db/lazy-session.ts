// A D1 session opened by its first statement rather than up front. Public reads run in a
// "first-primary" session (src/public/index.ts), but a cache hit runs no statement at all, and
// opening a session costs the runtime work on every request, hits included (issue 17's profile).
export function lazySession(d1: D1Database, constraint: D1SessionConstraint): D1DatabaseSession {
  let session: D1DatabaseSession | undefined;
  const open = () => (session ??= d1.withSession(constraint));
  return {
    prepare: (query) => open().prepare(query),
    batch: (statements) => open().batch(statements),
    // No statement yet, no bookmark: what an opened session says too.
    getBookmark: () => session?.getBookmark() ?? null,
  } satisfies D1DatabaseSession;
}
