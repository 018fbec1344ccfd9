// Restores an export into an empty newsroom: everything or nothing. Rows go in exactly as exported,
// parents before children; a failure part-way removes what was inserted.
import * as v from "valibot";
import { AppError } from "../../lib/errors";
import { parseOrThrow } from "../../lib/validate";
import { EXPORT_FORMAT, EXPORT_TABLES, EXPORT_VERSION, USERS_TABLE } from "./tables";

const Scalar = v.union([v.string(), v.number(), v.null()]);
const ImportSchema = v.object({
  format: v.literal(EXPORT_FORMAT),
  version: v.literal(EXPORT_VERSION),
  exported_at: v.string(),
  tables: v.record(v.string(), v.array(v.record(v.string(), Scalar))),
});

const BATCH = 50;

export async function importNewsroom(d1: D1Database, input: unknown) {
  const doc = parseOrThrow(ImportSchema, input);
  const unknown = Object.keys(doc.tables).filter((n) => !EXPORT_TABLES.some((t) => t.name === n));
  if (unknown.length) throw new AppError("validation_failed", "Unknown tables in the export.", { errors: unknown.map((n) => ({ path: `tables.${n}`, message: "Not a Copydesk table." })) });

  const counts = await d1.batch(EXPORT_TABLES.map((t) => d1.prepare(`SELECT count(*) AS n FROM "${t.name}"`)));
  if (counts.some((r) => ((r.results[0] as { n: number }).n ?? 0) > 0)) {
    throw new AppError("conflict", "Import restores into an empty newsroom only; this one already has content.");
  }
  const userIds = new Set(((await d1.prepare(`SELECT id FROM "${USERS_TABLE}"`).all<{ id: string }>()).results).map((r) => r.id));

  const statements: D1PreparedStatement[] = [];
  const summary: Record<string, number> = {};
  for (const table of EXPORT_TABLES) {
    const rows = doc.tables[table.name] ?? [];
    summary[table.name] = rows.length;
    rows.forEach((row, i) => {
      const extra = Object.keys(row).filter((k) => !table.columns.includes(k));
      if (extra.length) throw new AppError("validation_failed", "Unknown columns in the export.", { errors: [{ path: `tables.${table.name}.${i}.${extra[0]}`, message: "Not a column of this table." }] });
      const cols = Object.keys(row);
      // Accounts are not exported; a link to a user this deployment lacks is dropped, not invented.
      const values = cols.map((c) => (table.userColumns.includes(c) && row[c] !== null && !userIds.has(String(row[c])) ? null : row[c]!));
      statements.push(d1.prepare(`INSERT INTO "${table.name}" (${cols.map((c) => `"${c}"`).join(", ")}) VALUES (${cols.map(() => "?").join(", ")})`).bind(...values));
    });
  }
  try {
    for (let i = 0; i < statements.length; i += BATCH) await d1.batch(statements.slice(i, i + BATCH));
  } catch (err) {
    // Whole or not at all: the newsroom was empty, so emptying it again undoes the partial import.
    await d1.batch([...EXPORT_TABLES].reverse().map((t) => d1.prepare(`DELETE FROM "${t.name}"`)));
    throw new AppError("validation_failed", `The export could not be restored: ${(err as Error).message}`);
  }
  await d1.prepare("UPDATE site_state SET value = lower(hex(randomblob(8))), updated_at = ? WHERE key = 'content'").bind(new Date().toISOString()).run();
  return summary;
}
