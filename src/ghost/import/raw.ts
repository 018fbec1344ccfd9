// A raw SQL statement (json_each inserts, UPDATE … FROM) that can sit in a db.batch(). drizzle's own
// db.run(sql)/db.all(sql) cannot once they have parameters: its raw query carries no prepared D1
// statement, and the D1 batch then fails on `stmt.bind` (drizzle-orm 0.45). Same object, statement added.
import type { SQL } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type { DB } from "../../db/client";

const dialect = new SQLiteSyncDialect();

export function rawRun(db: DB, query: SQL) {
  return withStatement(db, db.run(query), query);
}

export function rawAll<T>(db: DB, query: SQL) {
  return withStatement(db, db.all<T>(query), query);
}

function withStatement<Q>(db: DB, raw: Q, query: SQL): Q {
  const stmt = (db as unknown as { $client: D1Database }).$client.prepare(dialect.sqlToQuery(query).sql);
  return Object.assign(raw as object, { stmt }) as Q;
}
