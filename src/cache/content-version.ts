// The public content version: a random token that every write changing public output replaces.
// Public responses are cached under it, so one tiny primary-key read tells whether a cached page
// is still current, and a publish or unpublish invalidates every page that could show it at once.
import { eq, sql } from "drizzle-orm";
import type { DB } from "../db/client";
import { siteState } from "../db/schema";

const KEY = "content";

/** A statement, so writes can put it in their own batch and invalidate atomically with the change. */
export function bumpContentVersion(db: DB, now = new Date()) {
  return db
    .update(siteState)
    .set({ value: sql`lower(hex(randomblob(8)))`, updatedAt: now.toISOString() })
    .where(eq(siteState.key, KEY));
}

export async function readContentVersion(db: DB): Promise<{ token: string; updatedAt: string }> {
  const row = await db.select().from(siteState).where(eq(siteState.key, KEY)).get();
  return row ? { token: row.value, updatedAt: row.updatedAt } : { token: "none", updatedAt: new Date(0).toISOString() };
}
