import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import { attachSnapshotBucket } from "../articles/snapshot-store";
import * as schema from "./schema";

export type DB = DrizzleD1Database<typeof schema>;

/** `snapshots`: the R2 bucket archived revision snapshots are read from (src/articles/snapshot-store.ts). */
export function createDb(d1: D1Database | D1DatabaseSession, snapshots?: R2Bucket): DB {
  // drizzle only calls prepare()/batch(), which a D1 session also provides.
  const db = drizzle(d1 as D1Database, { schema });
  if (snapshots) attachSnapshotBucket(db, snapshots);
  return db;
}
