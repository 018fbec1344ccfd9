import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import { attachSnapshotBucket } from "../articles/snapshot-store";

// No schema: nothing uses drizzle's relational API (db.query), and building its relations from the
// whole schema cost ~0.2 ms on every request, cache hits included (a CPU profile, issue 17).
export type DB = DrizzleD1Database;

/** `snapshots`: the R2 bucket archived revision snapshots are read from (src/articles/snapshot-store.ts). */
export function createDb(d1: D1Database | D1DatabaseSession, snapshots?: R2Bucket): DB {
  // drizzle only calls prepare()/batch(), which a D1 session also provides.
  const db = drizzle(d1 as D1Database);
  if (snapshots) attachSnapshotBucket(db, snapshots);
  return db;
}
