import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";

// No schema: nothing uses drizzle's relational API (db.query), and building its relations from the
// whole schema cost ~0.2 ms on every request, cache hits included (a CPU profile, issue 17).
export type DB = DrizzleD1Database;

export function createDb(d1: D1Database | D1DatabaseSession): DB {
  // drizzle only calls prepare()/batch(), which a D1 session also provides.
  return drizzle(d1 as D1Database);
}
