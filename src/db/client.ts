import { drizzle, type DrizzleD1Database } from "drizzle-orm/d1";
import * as schema from "./schema";

export type DB = DrizzleD1Database<typeof schema>;

export function createDb(d1: D1Database | D1DatabaseSession): DB {
  // drizzle only calls prepare()/batch(), which a D1 session also provides.
  return drizzle(d1 as D1Database, { schema });
}
