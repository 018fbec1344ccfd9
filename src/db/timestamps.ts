// The default of every created_at/updated_at column that has one: SQLite's own clock, written exactly
// as Date#toISOString() writes it (fixed width, milliseconds, Z), so rows stamped by either sort
// together as text. Its own module so each schema file can use it without importing schema.ts,
// whose tables would not exist yet while a re-exported file is still loading.
import { sql } from "drizzle-orm";

export const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
