// Checks one row of an import file against the declarations in row-schemas.ts: the row's columns,
// then the JSON text some of them hold (bodies, snapshots, anchors, links), and returns the row to
// stage with what the import derives itself.
import * as v from "valibot";
import { parseBody } from "../../body/schema";
import { bodyToPlainText, readingTimeMinutes } from "../../body/plain-text";
import type { BodyDoc } from "../../body/schema";
import { storedExcerpt } from "../../articles/search-index";
import { storedBodyColumns } from "../../body/stored-html-pack";
import type { FieldIssue } from "../../lib/errors";
import { toFieldIssues } from "../../lib/validate";
import { checkEntryBody, entryText } from "../../live/doc";
import { JSON_COLUMNS, ROW_SCHEMAS } from "./row-schemas";

export type CheckedRow = { ok: true; row: Record<string, unknown> } | { ok: false; errors: FieldIssue[] };

/**
 * Checks one row of `table` (at `path`, e.g. `tables.articles.12`) and returns the row to stage:
 * as exported, plus what the import derives itself (an article's plain text, reading time and stored
 * HTML, as a save derives them: an imported archive's feeds fill the stored body from the start).
 * Media bytes are checked by the caller, which also writes them.
 */
export function checkRow(table: string, row: unknown, path: string): CheckedRow {
  const schema = ROW_SCHEMAS[table];
  if (!schema) return { ok: false, errors: [{ path, message: "Not a table a Copydesk export carries." }] };
  const result = v.safeParse(schema, row, { abortPipeEarly: true });
  if (!result.success) return { ok: false, errors: toFieldIssues(result.issues, path).slice(0, 20) };
  const r = row as Record<string, unknown>;
  if (table === "tags") return { ok: true, row: { ...r, visibility: r.visibility ?? "public" } };
  if (table === "articles") {
    const body = jsonField(r.body, `${path}.body`);
    if (!body.ok) return body;
    const parsed = parseBody(body.value);
    if (!parsed.ok) return { ok: false, errors: prefixed(parsed.issues, path) };
    const workflow = result.output as Record<string, unknown>;
    // Only a file from before the column lacks it; an explicit value (null included) is kept as is.
    const lastMajor = "last_major_update_at" in r ? workflow.last_major_update_at : r.updated_at;
    return {
      ok: true,
      row: { ...r, kind: workflow.kind, coverage_start_at: workflow.coverage_start_at, coverage_end_at: workflow.coverage_end_at, embargoed_until: workflow.embargoed_until, stage: workflow.stage, due_at: workflow.due_at, last_major_update_at: lastMajor, ...derivedArticleColumns(r.summary, parsed.value) },
    };
  }
  if (table === "revisions") {
    const snap = jsonField(r.snapshot, `${path}.snapshot`);
    if (!snap.ok) return snap;
    const checked = v.safeParse(JSON_COLUMNS.revisions.snapshot, snap.value, { abortPipeEarly: true });
    if (!checked.success) return { ok: false, errors: toFieldIssues(checked.issues, `${path}.snapshot`).slice(0, 20) };
    const parsed = parseBody(checked.output.content.body);
    if (!parsed.ok) return { ok: false, errors: prefixed(parsed.issues, `${path}.snapshot.content`) };
  }
  if (table === "article_amendments") {
    const body = jsonField(r.body, `${path}.body`);
    if (!body.ok) return body;
    const checked = v.safeParse(JSON_COLUMNS.article_amendments.body, body.value);
    if (!checked.success) return { ok: false, errors: toFieldIssues(checked.issues, `${path}.body`).slice(0, 20) };
  }
  if (table === "article_notes" && r.anchor !== null) {
    const anchor = jsonField(r.anchor, `${path}.anchor`);
    if (!anchor.ok) return anchor;
    const checked = v.safeParse(JSON_COLUMNS.article_notes.anchor, anchor.value, { abortPipeEarly: true });
    if (!checked.success) return { ok: false, errors: toFieldIssues(checked.issues, `${path}.anchor`).slice(0, 20) };
  }
  if (table === "working_copies" && r.content !== null) {
    // The same content a revision stores, checked the same way: it becomes an article when published.
    const content = jsonField(r.content, `${path}.content`);
    if (!content.ok) return content;
    const checked = v.safeParse(JSON_COLUMNS.working_copies.content, content.value, { abortPipeEarly: true });
    if (!checked.success) return { ok: false, errors: toFieldIssues(checked.issues, `${path}.content`).slice(0, 20) };
    const parsed = parseBody(checked.output.body);
    if (!parsed.ok) return { ok: false, errors: prefixed(parsed.issues, `${path}.content`) };
  }
  if (table === "live_entries") {
    // The entry's own parser and caps, as the editorial API applies them; the plain text is derived.
    const body = jsonField(r.body, `${path}.body`);
    if (!body.ok) return body;
    const checked = checkEntryBody(body.value);
    if (!checked.ok) return { ok: false, errors: prefixed(checked.issues, path) };
    return { ok: true, row: { ...r, body_text: entryText(checked.value) } };
  }
  if (table === "live_entry_revisions") {
    const snap = jsonField(r.snapshot, `${path}.snapshot`);
    if (!snap.ok) return snap;
    const checked = v.safeParse(JSON_COLUMNS.live_entry_revisions.snapshot, snap.value, { abortPipeEarly: true });
    if (!checked.success) return { ok: false, errors: toFieldIssues(checked.issues, `${path}.snapshot`).slice(0, 20) };
    const body = checkEntryBody(checked.output.body);
    if (!body.ok) return { ok: false, errors: prefixed(body.issues, `${path}.snapshot`) };
  }
  if (table === "contributors") {
    const links = jsonField(r.links, `${path}.links`);
    if (!links.ok) return links;
    const checked = v.safeParse(JSON_COLUMNS.contributors.links, links.value);
    if (!checked.success) return { ok: false, errors: toFieldIssues(checked.issues, `${path}.links`).slice(0, 20) };
  }
  return { ok: true, row: r };
}

function jsonField(text: unknown, path: string): { ok: true; value: unknown } | { ok: false; errors: FieldIssue[] } {
  try {
    return { ok: true, value: JSON.parse(String(text)) };
  } catch {
    return { ok: false, errors: [{ path, message: "Not valid JSON text." }] };
  }
}

/** parseBody names paths from `body`; place them under the row. */
const prefixed = (issues: FieldIssue[], path: string) => issues.slice(0, 20).map((i) => ({ path: `${path}.${i.path}`, message: i.message }));

/**
 * An imported article's derived columns, as a save would derive them, and `body_text`: its plain
 * text, which is no column (migration 0018) but what the publish indexes the article with
 * (src/editorial/export/staging.ts). JSON carries no bytes: the compressed stored body is staged in
 * hex, which the publish's copy turns back into a BLOB (STAGED_HEX_COLUMNS).
 */
function derivedArticleColumns(summary: unknown, body: BodyDoc) {
  const text = bodyToPlainText(body);
  const { bodyHtml, bodyHtmlZ } = storedBodyColumns(body);
  return {
    body_text: text,
    excerpt_text: storedExcerpt(typeof summary === "string" ? summary : null, text),
    reading_time: readingTimeMinutes(body),
    body_html: bodyHtml,
    body_html_z: Array.from(bodyHtmlZ, (b) => b.toString(16).padStart(2, "0")).join(""),
  };
}
