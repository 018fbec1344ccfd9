// Whole-database views for the export/import tests: every table's rows, to compare a newsroom
// before and after (byte for byte), and a wipe that leaves a fresh newsroom with one admin.
import { env } from "cloudflare:workers";
import { EXPORT_TABLES } from "../../src/editorial/export/tables";
import { call, tokenFor } from "./api";

/** Every table SQLite holds (the FTS index and its shadow tables included), rows in a stable order. */
export async function dumpDatabase(): Promise<Record<string, unknown[]>> {
  const { results } = await env.DB.prepare(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' ORDER BY name",
  ).all<{ name: string }>();
  const out: Record<string, unknown[]> = {};
  for (const { name } of results) {
    // Some FTS shadow tables have no rowid: sort by content, which is what a comparison needs.
    const rows = (await env.DB.prepare(`SELECT * FROM "${name}"`).all()).results;
    out[name] = rows.map((r) => [JSON.stringify(r), r] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  }
  return out;
}

/** Empties the newsroom: content, settings and every account, then a new admin (a new id) by `email`. */
export async function freshNewsroom(adminEmail?: string) {
  await env.DB.batch([
    // The audit log cannot be emptied (append-only, by trigger): it stays, as it would in production.
    ...[...EXPORT_TABLES].reverse().filter((t) => t.name !== "audit_log").map((t) => env.DB.prepare(`DELETE FROM "${t.name}"`)),
    env.DB.prepare("DELETE FROM import_staging"),
    // Not exported (a delivery log), but a fresh newsroom has none either.
    env.DB.prepare("DELETE FROM live_changes"),
    // Every newsroom starts with the default stages (migrations/0011_workflow.sql seeds them).
    env.DB.prepare(
      "INSERT INTO workflow_stages (id, name, position, enter_role, updated_at) VALUES ('draft', 'Draft', 0, 'contributor', ?1), ('editing', 'Editing', 1, 'contributor', ?1), ('ready', 'Ready', 2, 'editor', ?1)",
    ).bind(new Date().toISOString()),
  ]);
  const admin = await tokenFor("admin");
  if (adminEmail) await env.DB.prepare("UPDATE users SET email = ? WHERE id = ?").bind(adminEmail, admin.user.id).run();
  return { ...admin, email: adminEmail ?? admin.user.email };
}

/** Every key in the media bucket. */
export async function bucketKeys(): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await env.MEDIA.list({ cursor, limit: 1000 });
    keys.push(...page.objects.map((o) => o.key));
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  return keys.sort();
}

export async function exportJson(token: string) {
  const res = await call("GET", "/export", { token });
  if (res.status !== 200) throw new Error(`export: ${res.status} ${res.text}`);
  return res.json;
}

/** A body stream with no Content-Length, as a chunked upload arrives. */
export function chunked(text: string | Uint8Array, pieceBytes = 64 * 1024): ReadableStream<Uint8Array> {
  const bytes = typeof text === "string" ? new TextEncoder().encode(text) : text;
  let at = 0;
  return new ReadableStream({
    pull(ctl) {
      if (at >= bytes.length) return ctl.close();
      ctl.enqueue(bytes.slice(at, at + pieceBytes));
      at += pieceBytes;
    },
  });
}
