// The import's staging area (table import_staging, migration 0004). Checked rows are written here
// batch by batch while the upload streams in; nothing a reader can see changes until `publish`
// copies every staged row into the real tables in ONE atomic db.batch() and clears the stage.
import { D1_MAX_PARAMS } from "../../lib/chunk";
import { EXPORT_TABLES } from "./tables";
import { createDb } from "../../db/client";
import { refreshDueAt } from "../../cache/content-version";

/**
 * Rows are staged in chunks: one staging row holds a JSON array of up to CHUNK_BYTES of rows of one
 * table, so a 50,000-article import costs a few hundred statements, not one per row (D1 counts
 * queries per invocation). One row larger than a chunk is a chunk of its own (D1 rows may be 2 MB).
 */
const CHUNK_BYTES = 256 * 1024;
/** A flush writes this much in one batch: (?1 = import id, then seq, kind, payload per chunk). */
const FLUSH_BYTES = 2 * 1024 * 1024;
const CHUNKS_PER_STATEMENT = Math.floor((D1_MAX_PARAMS - 1) / 3);
/**
 * The final batch copies each table in statements of at most this much staged JSON. A batch is
 * one transaction whatever its length, but D1 cancels any single statement that runs 30 s, and
 * filling the full-text index costs ~1 ms per long article: 8 MB is ~700 articles, a second or two.
 */
const COPY_BYTES = 8 * 1024 * 1024;
/** BLOB columns a checked row carries in hex (JSON has no bytes): the stored body, compressed (check-row.ts). */
const STAGED_HEX_COLUMNS = new Set(["articles.body_html_z"]);
/** Through search_index_in (migration 0022): its trigger writes articles_fts and adds the words to search_terms. */
const INDEX_STAGED_ARTICLES =
  "INSERT INTO search_index_in (search_id, headline, summary, body_text) SELECT a.search_id, a.headline, a.summary, json_extract(row.value, '$.body_text') " +
  "FROM import_staging AS chunk CROSS JOIN json_each(chunk.payload) AS row JOIN articles AS a ON a.id = json_extract(row.value, '$.id') " +
  "WHERE chunk.import_id = ?1 AND chunk.seq BETWEEN ?2 AND ?3 AND chunk.kind = 'articles' AND a.search_id IS NOT NULL";
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
  private chunk: { kind: string; rows: string[]; bytes: number } | null = null;
  private sealed: [kind: string, payload: string][] = [];
  private sealedBytes = 0;
  private seq = 0;
  /** What was staged, chunk by chunk (seq order): how publish splits each table's copy. */
  private readonly staged: { kind: string; seq: number; bytes: number }[] = [];

  constructor(
    private readonly d1: D1Database,
    readonly importId: string,
  ) {}

  async add(kind: string, row: Record<string, unknown>) {
    const json = JSON.stringify(row);
    if (this.chunk && (this.chunk.kind !== kind || this.chunk.bytes + json.length > CHUNK_BYTES)) this.seal();
    this.chunk ??= { kind, rows: [], bytes: 0 };
    this.chunk.rows.push(json);
    this.chunk.bytes += json.length + 1;
    if (this.sealedBytes + this.chunk.bytes >= FLUSH_BYTES) await this.flush();
  }

  private seal() {
    if (!this.chunk) return;
    const payload = `[${this.chunk.rows.join(",")}]`;
    this.sealed.push([this.chunk.kind, payload]);
    this.sealedBytes += payload.length;
    this.chunk = null;
  }

  async flush() {
    this.seal();
    if (!this.sealed.length) return;
    const statements: D1PreparedStatement[] = [];
    for (let i = 0; i < this.sealed.length; i += CHUNKS_PER_STATEMENT) {
      const slice = this.sealed.slice(i, i + CHUNKS_PER_STATEMENT);
      const params: unknown[] = [this.importId];
      for (const [kind, payload] of slice) {
        this.staged.push({ kind, seq: this.seq, bytes: payload.length });
        params.push(this.seq++, kind, payload);
      }
      const tuples = slice.map(() => "(?1, ?, ?, ?)").join(", ");
      statements.push(this.d1.prepare(`INSERT INTO import_staging (import_id, seq, kind, payload) VALUES ${tuples}`).bind(...params));
    }
    this.sealed = [];
    this.sealedBytes = 0;
    await this.d1.batch(statements);
  }

  /** Removes every staged row of this import. */
  discard() {
    return this.d1.prepare("DELETE FROM import_staging WHERE import_id = ?").bind(this.importId).run();
  }

  /**
   * The one step that makes the import visible: parents before children, every row copied with
   * INSERT … SELECT over json_each (in seq ranges of at most COPY_BYTES), the stage cleared and
   * the public cache token replaced, all in one atomic batch. `mapUser` turns the importing
   * admin's exported id into their own.
   */
  async publish(mapUser: { from: string | null; to: string }, now = new Date(), also: { sql: string; params: unknown[] }[] = []) {
    const statements = EXPORT_TABLES.flatMap((table) => {
      const cols = table.allColumns;
      const values = cols.map((c) => {
        const value = STAGED_HEX_COLUMNS.has(`${table.name}.${c}`) ? `unhex(json_extract(row.value, '$.${c}'))` : `json_extract(row.value, '$.${c}')`;
        return table.userColumns.includes(c) ? `CASE WHEN ${value} = ?4 THEN ?5 ELSE ${value} END` : value;
      });
      // The settings row may already exist (a fresh newsroom can save its settings first): the export's wins.
      // The audit log is append-only (its triggers refuse UPDATE and DELETE): an entry already here
      // is kept as it is, never replaced; the file's others are added.
      const verb = table.name === "site_settings" ? "INSERT OR REPLACE" : table.name === "audit_log" ? "INSERT OR IGNORE" : "INSERT";
      const sql =
        `${verb} INTO "${table.name}" (${cols.map((c) => `"${c}"`).join(", ")}) ` +
        `SELECT ${values.join(", ")} FROM import_staging AS chunk CROSS JOIN json_each(chunk.payload) AS row ` +
        `WHERE chunk.import_id = ?1 AND chunk.seq BETWEEN ?2 AND ?3 AND chunk.kind = '${table.name}' ORDER BY chunk.seq, row.key`;
      return this.ranges(table.name).flatMap(([from, to]) => [
        // Bind exactly the parameters the statement names: D1 refuses extra ones.
        this.d1.prepare(sql).bind(...[this.importId, from, to, ...(table.userColumns.length ? [mapUser.from, mapUser.to] : [])]),
        // The search index has no text to read (contentless, migration 0018): the staged rows carry
        // the plain text checkRow made from each body, and each article is indexed under the
        // search_id it now has (a file's, or the next one the fill trigger gave it).
        ...(table.name === "articles" ? [this.d1.prepare(INDEX_STAGED_ARTICLES).bind(this.importId, from, to)] : []),
      ]);
    });
    // A fresh newsroom starts with the default stages; a file that carries its own replaces them all
    // (a file from before stages existed leaves the defaults).
    const ownStages = this.ranges("workflow_stages").length > 0;
    await this.d1.batch([
      ...(ownStages ? [this.d1.prepare("DELETE FROM workflow_stages")] : []),
      ...statements,
      // Which media each article uses is derived, not exported: rebuilt here as every save keeps it.
      this.d1.prepare(
        "INSERT OR IGNORE INTO article_media (article_id, media_id) SELECT a.id, j.value FROM articles a, json_tree(a.body) j WHERE j.key = 'media_id' AND j.type = 'text'",
      ),
      this.d1.prepare("INSERT OR IGNORE INTO article_media (article_id, media_id) SELECT id, featured_media_id FROM articles WHERE featured_media_id IS NOT NULL"),
      this.d1.prepare("DELETE FROM import_staging WHERE import_id = ?").bind(this.importId),
      this.d1.prepare("UPDATE site_state SET value = lower(hex(randomblob(8))), updated_at = ? WHERE key = 'content'").bind(now.toISOString()),
      // Imported scheduled or embargoed stories: the next release instant the public path watches.
      this.preparedFrom(refreshDueAt(createDb(this.d1)).toSQL()),
      // The caller's statements (the import's audit entry) commit with it.
      ...also.map((q) => this.d1.prepare(q.sql).bind(...q.params)),
    ]);
  }

  private preparedFrom(q: { sql: string; params: unknown[] }) {
    return this.d1.prepare(q.sql).bind(...q.params);
  }

  /** Consecutive seq ranges of one table's chunks, each at most COPY_BYTES (or one larger chunk). */
  private ranges(kind: string): [number, number][] {
    const out: [number, number][] = [];
    let bytes = 0;
    for (const c of this.staged) {
      if (c.kind !== kind) continue;
      const last = out[out.length - 1];
      if (last && bytes + c.bytes <= COPY_BYTES) {
        last[1] = c.seq;
        bytes += c.bytes;
      } else {
        out.push([c.seq, c.seq]);
        bytes = c.bytes;
      }
    }
    return out;
  }
}
