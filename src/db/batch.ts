// The one way to run a list of statements built at run time as ONE atomic db.batch(): drizzle types
// batch() for a non-empty tuple, which a built array cannot prove, hence the single cast here.
import type { BatchItem } from "drizzle-orm/batch";
import type { DB } from "./client";

export type Statement = BatchItem<"sqlite">;

/** Runs `statements` (at least one) as one batch: all commit or none. Resolves to each statement's result. */
export function runBatch(db: DB, statements: Statement[]): Promise<unknown[]> {
  return db.batch(statements as [Statement, ...Statement[]]);
}

/** Rows a write in a batch changed (D1's meta.changes): 0 when its WHERE matched nothing. */
export const changedRows = (result: unknown): number => (result as { meta?: { changes?: number } } | undefined)?.meta?.changes ?? 0;
