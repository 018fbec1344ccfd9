// The one place that turns D1 constraint failures into problems. D1 reports them only as text
// ("D1_ERROR: UNIQUE constraint failed: users.email: SQLITE_CONSTRAINT (…)"), sometimes on the
// error itself and sometimes on its `cause` (drizzle wraps it in "Failed query: …"). A unique index
// is the only race-free "is it free?" check, so every create with a unique key relies on this.
import { AppError, type ErrorCode } from "../lib/errors";

export type ConstraintKind = "unique" | "foreign_key" | "check";
export interface ConstraintViolation {
  kind: ConstraintKind;
  /** null when SQLite does not say (FOREIGN KEY and CHECK failures). */
  table: string | null;
  columns: string[];
  /** CHECK failures name the constraint (or its expression) instead of columns. */
  constraint?: string;
}

// Anchored at the start: drizzle's wrapper message quotes the SQL and the bound values, and a value a
// client sent ("UNIQUE constraint failed: …" as a tag name) must never be mistaken for the database's word.
const MESSAGE = /^(UNIQUE|FOREIGN KEY|CHECK) constraint failed(?:: (.+))?$/;
const KINDS = { UNIQUE: "unique", "FOREIGN KEY": "foreign_key", CHECK: "check" } as const;

/** The constraint a D1 error reports, looking through `cause` chains; null for any other error. */
export function parseConstraintError(err: unknown): ConstraintViolation | null {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const message = typeof current === "string" ? current : (current as { message?: unknown }).message;
    const found = typeof message === "string" ? parseMessage(message.split("\n", 1)[0]!) : null;
    if (found) return found;
    current = typeof current === "object" ? (current as { cause?: unknown }).cause : null;
  }
  return null;
}

function parseMessage(line: string): ConstraintViolation | null {
  // Strip D1's prefix and SQLite's result-code suffix (": SQLITE_CONSTRAINT (extended: …)").
  const core = line.trim().replace(/^D1_ERROR: /, "").replace(/: SQLITE_[A-Z_]+\b.*$/, "");
  const m = MESSAGE.exec(core);
  if (!m) return null;
  const kind = KINDS[m[1] as keyof typeof KINDS];
  const detail = m[2]?.trim() ?? "";
  if (kind === "check") return { kind, table: null, columns: [], ...(detail && { constraint: detail }) };
  if (kind === "foreign_key" || !detail) return { kind, table: null, columns: [] };
  // "revisions.article_id, revisions.version": one table, one or more columns.
  const pairs = detail.split(",").map((p) => p.trim().split("."));
  return { kind, table: pairs[0]!.length === 2 ? pairs[0]![0]! : null, columns: pairs.map((p) => p[p.length - 1]!) };
}

const NOUNS: Record<string, string> = {
  articles: "article",
  tags: "tag",
  sections: "section",
  contributors: "contributor",
  collections: "collection",
  users: "user",
  media: "media item",
  api_tokens: "API token",
};

interface UniqueRule {
  code: ErrorCode;
  detail: string;
  /** The field as clients send it, with the message for errors[]; absent for internal columns. */
  field?: { path: string; message: string };
}

/** Unique keys with their own words; every other column falls back to the generic rule below. */
const UNIQUE_RULES: Record<string, UniqueRule> = {
  // The (article_id, version) pair is the article write lock: losing it means someone saved first.
  "revisions.article_id,version": { code: "version_conflict", detail: "Someone else saved this article first. Reload to see their changes." },
  // A working copy's save or publish checks its own lock in the batch (see working-copy.ts).
  "working_copies.article_id": { code: "version_conflict", detail: "Someone else saved this working copy, or the live story changed, first. Reload to see their changes." },
  // A live-blog entry's (entry_id, version) is its write lock, as an article's revisions are.
  "live_entry_revisions.entry_id,version": { code: "version_conflict", detail: "Someone else changed this entry first. Reload to see their changes." },
  // Numbered inside one transaction, so never seen; a clash must still not surface as a 500.
  "live_changes.article_id,seq": { code: "version_conflict", detail: "Someone else changed this live blog at the same moment. Try again." },
  "live_changes.article_id,public_seq": { code: "version_conflict", detail: "Someone else changed this live blog at the same moment. Try again." },
  "users.email": { code: "conflict", detail: "A user with that email already exists.", field: { path: "email", message: "Already in use." } },
  "contributors.user_id": { code: "conflict", detail: "That user is already linked to another contributor.", field: { path: "user_id", message: "Already linked." } },
};

// Columns no client ever sends: a clash there is ours (ids, hashes, storage keys), so no field is named.
const INTERNAL = new Set(["id", "search_id", "token_hash", "r2_key", "id_hash"]);

/**
 * A 409 problem for a constraint failure, or null when `err` is not one. `values` are what the
 * client sent (e.g. `{ slug }`) so the detail can quote them; the database's message never does.
 */
export function constraintProblem(err: unknown, values: Record<string, string | null | undefined> = {}): AppError | null {
  const v = parseConstraintError(err);
  if (!v) return null;
  if (v.kind === "foreign_key") return new AppError("conflict", "Something this change refers to does not exist, or was removed meanwhile. Reload and try again.");
  if (v.kind === "check") return new AppError("conflict", "This change breaks a rule the database enforces.");
  const noun = (v.table && NOUNS[v.table]) || "record";
  const rule = UNIQUE_RULES[`${v.table}.${v.columns.join(",")}`];
  if (rule) return new AppError(rule.code, rule.detail, rule.field ? { errors: [rule.field] } : {});
  if (v.columns.length === 1 && v.columns[0] === "slug") {
    const quoted = values.slug ? ` "${values.slug}"` : "";
    return new AppError("slug_taken", `Another ${noun} already uses the slug${quoted}.`, { errors: [{ path: "slug", message: "Already taken." }] });
  }
  const column = v.columns.length === 1 ? v.columns[0]! : null;
  if (column && !INTERNAL.has(column)) {
    return new AppError("conflict", `Another ${noun} already has this ${column.replace(/_/g, " ")}.`, { errors: [{ path: column, message: "Already in use." }] });
  }
  return new AppError("conflict", `This would duplicate an existing ${noun}. Reload and try again.`);
}
