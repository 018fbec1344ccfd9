// The cut an export is taken at: per table, the highest rowid at its start (`exported_at`). Editors
// keep working while a background export runs over many Queue steps (and while GET /export streams),
// so without a cut a row created meanwhile could reach the file after its parent's table had been
// passed — a byline of an article created mid-export — and the import refuses the whole file.
//
// What the file holds (docs/design/export-cut.md): the rows that existed at the start, each as it
// was when its table was read, and nothing that refers to a row left out:
// - a table's own rows only up to its mark: a row created after the start is left out, and so is
//   every row that must have it (a NOT NULL foreign key), the rule applied through each parent;
// - a nullable reference to a row left out is written null (an article's featured image or section,
//   an account, set meanwhile to one created after the start), as if that row had been deleted;
// - except the parts an article (or a collection, a live entry) rewrites whole at each save (its
//   bylines, tags, related links, working copy; a collection's items; an entry's bylines): those
//   are not cut by their own rowid (a save gives them new ones) but by their parent's, and read a
//   parent at a time in one statement, so each parent's parts come as one save left them;
// - a row of a table with `created_at` is in the file only if created by `exported_at` too: SQLite
//   gives a new row the highest rowid + 1, so once a table's newest row is deleted a row created
//   after the start can take its rowid, and only its creation time tells it from one of the start
//   (every table other rows refer to has the column).
import { getTableConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import { getTableName } from "drizzle-orm";
import { EXPORTED, EXPORT_TABLES, type ExportTable } from "./tables";

/** Per table name, its highest rowid at the export's start (0 for an empty table). */
export type ExportCut = Record<string, { mark: number }>;

/** One statement: every table's highest rowid (the end of each table's b-tree). */
export const CUT_SQL = `SELECT ${EXPORT_TABLES.map((t) => `(SELECT rowid FROM "${t.name}" ORDER BY rowid DESC LIMIT 1) AS "${t.name}"`).join(", ")}`;

export const parseCut = (row: Record<string, unknown> | null | undefined): ExportCut =>
  Object.fromEntries(EXPORT_TABLES.map((t) => [t.name, { mark: typeof row?.[t.name] === "number" ? (row[t.name] as number) : 0 }]));

export const readCut = async (d1: D1Database): Promise<ExportCut> => parseCut(await d1.prepare(CUT_SQL).first());

/** Tables whose rows carry their creation time (the guard against a reused rowid). */
const CREATED = new Set(EXPORT_TABLES.filter((t) => t.columns.includes("created_at")).map((t) => t.name));
/** exported_at as the app writes it (toISOString): inlined in statements, so checked first. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface Ref {
  column: string;
  parent: string;
  parentColumn: string;
  notNull: boolean;
}

/** Tables whose rows a parent's save deletes and inserts again: cut by the parent, read a parent at a time. */
const PARTS: Record<string, string> = {
  bylines: "article_id",
  article_tags: "article_id",
  related_links: "article_id",
  working_copies: "article_id",
  collection_items: "collection_id",
  live_entry_bylines: "entry_id",
};

const REFS: Record<string, Ref[]> = Object.fromEntries(
  EXPORTED.map((table: SQLiteTable) => {
    const refs = getTableConfig(table).foreignKeys.map((fk) => {
      const r = fk.reference();
      const col = r.columns[0]!;
      return { column: col.name, parent: getTableName(r.foreignTable), parentColumn: r.foreignColumns[0]!.name, notNull: col.notNull };
    });
    return [getTableName(table), refs];
  }),
);

/** The cut and the instant it was taken at: what decides whether a row is in the file. */
export interface Cut {
  marks: ExportCut;
  at: string;
}

const mark = (cut: Cut, table: string) => {
  const n = cut.marks[table]?.mark ?? 0;
  if (!Number.isSafeInteger(n)) throw new Error(`bad export cut for ${table}`);
  return n;
};

/**
 * SQL true when row `alias` of `table` is in the file: within its table's mark and created by the
 * start (not for parts, cut by their parent) and every row it must have in the file too. Marks and
 * the instant are our own values, inlined (the instant checked).
 */
function inFile(table: string, alias: string, cut: Cut, depth = 0): string {
  if (depth > 6) throw new Error("export cut: references nest too deep");
  if (!ISO_INSTANT.test(cut.at)) throw new Error("bad export instant");
  const conds = PARTS[table] ? [] : [`${alias}.rowid <= ${mark(cut, table)}`, ...(CREATED.has(table) ? [`${alias}."created_at" <= '${cut.at}'`] : [])];
  for (const ref of REFS[table] ?? []) {
    if (ref.notNull) conds.push(hasParent(ref, alias, cut, depth));
  }
  return conds.length ? conds.join(" AND ") : "1";
}

function hasParent(ref: Ref, alias: string, cut: Cut, depth: number) {
  const p = `p${depth}_${ref.parent}`;
  return `EXISTS (SELECT 1 FROM "${ref.parent}" AS ${p} WHERE ${p}."${ref.parentColumn}" = ${alias}."${ref.column}" AND ${inFile(ref.parent, p, cut, depth + 1)})`;
}

/** The exported columns of `table` read through `alias`, a nullable reference to a row left out as null. */
function cutColumns(table: ExportTable, alias: string, cut: Cut): string {
  const nullable = new Map((REFS[table.name] ?? []).filter((r) => !r.notNull).map((r) => [r.column, r]));
  return table.columns
    .map((c) => {
      const ref = nullable.get(c);
      return ref ? `CASE WHEN ${hasParent(ref, alias, cut, 0)} THEN ${alias}."${c}" END AS "${c}"` : `${alias}."${c}"`;
    })
    .join(", ");
}

/** For a part table: its parent table and the columns joining them; undefined for any other. */
export function partOf(table: string): Ref | undefined {
  const column = PARTS[table];
  return column ? REFS[table]?.find((r) => r.column === column) : undefined;
}

/**
 * One page of `table`'s rows in the file, after `after` (a rowid of the table, or of the parent for
 * a part table), as `__rowid` (where a writer may resume) and the exported columns (`extra` added).
 * A part table's page is `page` parents with all their parts, a parent without parts as one row
 * whose `__part` is null; its rows come in the parent's rowid order, then the parts' own.
 */
export function pageStatement(table: ExportTable, cut: Cut, page: number, extra = ""): string {
  const part = partOf(table.name);
  if (!part) {
    return `SELECT t.rowid AS __rowid, ${cutColumns(table, "t", cut)}${extra} FROM "${table.name}" AS t WHERE t.rowid > ?1 AND ${inFile(table.name, "t", cut)} ORDER BY t.rowid LIMIT ${page}`;
  }
  const parents = `SELECT q.rowid AS r, q."${part.parentColumn}" AS k FROM "${part.parent}" AS q WHERE q.rowid > ?1 AND ${inFile(part.parent, "q", cut)} ORDER BY q.rowid LIMIT ${page}`;
  // The part's own NOT NULL references but the parent, each to a row in the file (a tag created meanwhile: the link is left out).
  const others = (REFS[table.name] ?? []).filter((r) => r.notNull && r.column !== part.column).map((r) => ` AND ${hasParent(r, "t", cut, 0)}`).join("");
  return `SELECT p.r AS __rowid, t.rowid AS __part, ${cutColumns(table, "t", cut)}${extra} FROM (${parents}) AS p LEFT JOIN "${table.name}" AS t ON t."${part.column}" = p.k${others} ORDER BY p.r, t.rowid`;
}
