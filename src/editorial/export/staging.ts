// The import's staging area (table import_staging, migration 0004). Checked rows are written here
// batch by batch while the upload streams in; nothing a reader can see changes until `publish`
// copies every staged row into the real tables in ONE atomic db.batch() and clears the stage.
import { D1_MAX_PARAMS } from "../../lib/chunk";
import { EXPORT_TABLES } from "./tables";

/** (?1 = import id, seq, kind, payload): one shared parameter plus three per row. */
const ROWS_PER_STATEMENT = Math.floor((D1_MAX_PARAMS - 1) / 3);
/** Flush when this many rows or bytes are waiting: a handful of round trips per megabyte. */
const FLUSH_ROWS = ROWS_PER_STATEMENT * 10;
const FLUSH_BYTES = 2 * 1024 * 1024;
/** A stage older than this belongs to an import whose Worker died; the next import removes it. */
const STALE_MS = 60 * 60 * 1000;

/** Import ids sort by start time, so stale stages are a primary-key range. */
export function newImportId(now = Date.now()): string {
  const rand = crypto.getRandomValues(new Uint8Array(6)).reduce((s, b) => s + b.toString(16).padStart(2, "0"), "");
  return `imp_${now.toString(36).padStart(10, "0")}_${rand}`;
}

export async function purgeStaleStages(d1: D1Database, now = Date.now()) {
  await d1.prepare("DELETE FROM import_staging WHERE import_id < ?").bind(newImportId(now - STALE_MS).slice(0, 14)).run();
}

export class Stage {
  private pending: [kind: string, payload: string][] = [];
  private bytes = 0;
  private seq = 0;

  constructor(
    private readonly d1: D1Database,
    readonly importId: string,
  ) {}

  async add(kind: string, row: Record<string, unknown>) {
    const payload = JSON.stringify(row);
    this.pending.push([kind, payload]);
    this.bytes += payload.length;
    if (this.pending.length >= FLUSH_ROWS || this.bytes >= FLUSH_BYTES) await this.flush();
  }

  async flush() {
    if (!this.pending.length) return;
    const statements: D1PreparedStatement[] = [];
    for (let i = 0; i < this.pending.length; i += ROWS_PER_STATEMENT) {
      const slice = this.pending.slice(i, i + ROWS_PER_STATEMENT);
      const params: unknown[] = [this.importId];
      for (const [kind, payload] of slice) params.push(this.seq++, kind, payload);
      const tuples = slice.map(() => "(?1, ?, ?, ?)").join(", ");
      statements.push(this.d1.prepare(`INSERT INTO import_staging (import_id, seq, kind, payload) VALUES ${tuples}`).bind(...params));
    }
    this.pending = [];
    this.bytes = 0;
    await this.d1.batch(statements);
  }

  /** Removes every staged row of this import. */
  discard() {
    return this.d1.prepare("DELETE FROM import_staging WHERE import_id = ?").bind(this.importId).run();
  }

  /**
   * The one step that makes the import visible: parents before children, every row copied with
   * INSERT … SELECT json_extract, the stage cleared and the public cache token replaced, all in
   * one atomic batch. `mapUser` turns the importing admin's exported id into their own.
   */
  async publish(mapUser: { from: string | null; to: string }, now = new Date()) {
    const statements = EXPORT_TABLES.map((table) => {
      const cols = table.allColumns;
      const values = cols.map((c) => {
        const value = `json_extract(payload, '$.${c}')`;
        return table.userColumns.includes(c) ? `CASE WHEN ${value} = ?2 THEN ?3 ELSE ${value} END` : value;
      });
      // The settings row may already exist (a fresh newsroom can save its settings first): the export's wins.
      const verb = table.name === "site_settings" ? "INSERT OR REPLACE" : "INSERT";
      return this.d1
        .prepare(
          `${verb} INTO "${table.name}" (${cols.map((c) => `"${c}"`).join(", ")}) ` +
            `SELECT ${values.join(", ")} FROM import_staging WHERE import_id = ?1 AND kind = '${table.name}' ORDER BY seq`,
        )
        // Bind exactly the parameters the statement names: D1 refuses extra ones.
        .bind(...(table.userColumns.length ? [this.importId, mapUser.from, mapUser.to] : [this.importId]));
    });
    await this.d1.batch([
      ...statements,
      this.d1.prepare("DELETE FROM import_staging WHERE import_id = ?").bind(this.importId),
      this.d1.prepare("UPDATE site_state SET value = lower(hex(randomblob(8))), updated_at = ? WHERE key = 'content'").bind(now.toISOString()),
    ]);
  }
}
