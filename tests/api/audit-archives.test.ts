// Audit entries past the retention move to R2 by month (src/scheduled/archive-audit.ts): queries over
// the retained window answer exactly as before, the archived months are listed and downloadable
// (admins only) with the very entries the API showed, every answer says where older entries went,
// the export still carries them, the log stays append-only otherwise, and stray objects are collected.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client";
import { archiveAuditPart, AUDIT_PREFIX, auditHorizon } from "../../src/scheduled/archive-audit";
import { collectHistory, HISTORY_GC_GRACE_MS, runColdHistory } from "../../src/scheduled/cold-history";
import { call, tokenFor } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";

const historyDb = () => createDb(env.DB, env.MEDIA);
let admin: { token: string };
let articleId: string;

/** An old entry, as an import or a newsroom years old would hold it. */
async function oldEntry(id: string, at: string, extra: { action?: string; targetId?: string | null } = {}) {
  await env.DB.prepare(
    `INSERT INTO audit_log (id, at, actor_user_id, actor_token_id, actor_label, actor_role, action, target_type, target_id, target_label, summary, request_id)
     VALUES (?, ?, 'usr_old', NULL, 'Old Editor', 'editor', ?, 'article', ?, 'An old story', ?, 'ray-old')`,
  )
    .bind(id, at, extra.action ?? "article.update", extra.targetId ?? "art_elsewhere", JSON.stringify({ after: { status: "draft", version: 2 } }))
    .run();
}
/** Every page of a query, newest first. */
async function all(query: string) {
  const out: any[] = [];
  let last: any;
  for (let cursor = ""; ; ) {
    last = await call("GET", `/audit?limit=100${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { token: admin.token });
    expect(last.status, last.text).toBe(200);
    out.push(...last.json.entries);
    if (!last.json.next_cursor) return { entries: out, older: last.json.older_entries };
    cursor = last.json.next_cursor;
  }
}
const rawOld = async () => (await env.DB.prepare("SELECT * FROM audit_log WHERE at < ? ORDER BY at, id").bind(auditHorizon(new Date())).all()).results;

let before: { retained: any[]; old: any[]; article: any[]; raw: unknown[] };

beforeAll(async () => {
  admin = await tokenFor("admin");
  const { token } = await tokenFor("editor");
  articleId = (await createPublishableArticle(token, { headline: "Audited" })).id;
  for (let d = 1; d <= 6; d++) await oldEntry(`aud_jan_${d}`, `2024-01-0${d}T10:00:00.000Z`, d === 3 ? { targetId: articleId, action: "article.publish" } : {});
  for (let d = 1; d <= 3; d++) await oldEntry(`aud_feb_${d}`, `2024-02-0${d}T10:00:00.000Z`);
  const h = auditHorizon(new Date());
  before = {
    retained: (await all(`&since=${h}`)).entries,
    old: (await all(`&until=${h}`)).entries,
    article: (await all(`&article=${articleId}`)).entries,
    raw: await rawOld(),
  };
  expect(before.old).toHaveLength(9);
  expect(before.article.length).toBeGreaterThanOrEqual(2);
  // Three entries a part: January is two parts, February one.
  for (let i = 0; i < 10 && (await archiveAuditPart(historyDb(), env.MEDIA, new Date(), { partEntries: 3 })); i++);
});

describe("archiving the audit log's old months", () => {
  it("leaves every query over the retained window as it was, and says where the older entries went", async () => {
    const h = auditHorizon(new Date());
    expect(await rawOld()).toEqual([]);
    expect((await all(`&since=${h}`)).entries).toEqual(before.retained);
    const old = await all(`&until=${h}`);
    expect(old.entries).toEqual([]);
    expect(old.older).toEqual({ archived_through: "2024-02-03T10:00:00.000Z", archives: "/api/editorial/v1/audit/archives" });
    // An article's own timeline: its retained entries, and a pointer to the rest.
    const story = await all(`&article=${articleId}`);
    expect(story.entries).toEqual(before.article.filter((e) => e.at >= h));
    expect(story.older.archives).toBe("/api/editorial/v1/audit/archives");
  });

  it("lists the archived months and serves each whole, as the API showed its entries", async () => {
    const list = await call("GET", "/audit/archives", { token: admin.token });
    expect(list.status).toBe(200);
    expect(list.json.archives).toEqual([
      expect.objectContaining({ month: "2024-01", entries: 6, parts: 2, first_at: "2024-01-01T10:00:00.000Z", last_at: "2024-01-06T10:00:00.000Z", href: "/api/editorial/v1/audit/archives/2024-01" }),
      expect.objectContaining({ month: "2024-02", entries: 3, parts: 1 }),
    ]);
    const lines: any[] = [];
    for (const month of ["2024-01", "2024-02"]) {
      const res = await call("GET", `/audit/archives/${month}`, { token: admin.token });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
      expect(res.headers.get("content-disposition")).toBe(`attachment; filename="audit-${month}.ndjson"`);
      lines.push(...res.text.trim().split("\n").map((l) => JSON.parse(l)));
    }
    expect(lines).toEqual([...before.old].reverse());
    expect((await call("GET", "/audit/archives/2023-07", { token: admin.token })).status).toBe(404);
    expect((await call("GET", "/audit/archives/2024-13", { token: admin.token })).status).toBe(400);
  });

  it("is the admins' alone", async () => {
    for (const role of ["editor", "author", "contributor"] as const) {
      const { token } = await tokenFor(role);
      expect((await call("GET", "/audit/archives", { token })).status).toBe(403);
      expect((await call("GET", "/audit/archives/2024-01", { token })).status).toBe(403);
    }
    expect((await call("GET", "/audit/archives")).status).toBe(401);
  });

  it("answers a problem, not a 200 cut short, when a part of the month is missing from storage", async () => {
    // The month's second part: the first would stream before it is found missing.
    const { key } = (await env.DB.prepare("SELECT object_key AS key FROM audit_archive_parts WHERE month = '2024-01' ORDER BY part DESC LIMIT 1").first<{ key: string }>())!;
    const bytes = await (await env.MEDIA.get(key))!.arrayBuffer();
    await env.MEDIA.delete(key);
    try {
      const res = await call("GET", "/audit/archives/2024-01", { token: admin.token });
      expect(res.status).toBe(500);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(res.json.detail).toContain(key);
    } finally {
      await env.MEDIA.put(key, bytes);
    }
  });

  it("the export still carries every archived entry, exactly as stored", async () => {
    const res = await call("GET", "/export", { token: admin.token });
    expect(res.status).toBe(200);
    const rows = res.json.tables.audit_log as any[];
    expect(rows.filter((r) => r.at < auditHorizon(new Date()))).toEqual(before.raw);
  });

  it("keeps the log append-only: a retained entry cannot be deleted", async () => {
    await expect(env.DB.prepare("DELETE FROM audit_log WHERE at >= ?").bind(auditHorizon(new Date())).run()).rejects.toThrow(/append-only/);
    await oldEntry("aud_late_import", "2023-03-01T00:00:00.000Z");
    await expect(env.DB.prepare("DELETE FROM audit_log WHERE id = 'aud_late_import'").run()).rejects.toThrow(/append-only/);
  });
});

describe("the cron's step", () => {
  it("archives under its lease, and collects what no part names once past the grace period", async () => {
    // The entry the previous test left (an import of an older month): the cron's step takes it.
    const r = await runColdHistory(historyDb(), env.MEDIA, new Date());
    expect(r).toMatchObject({ ran: true, auditArchived: 1 });
    expect((await call("GET", "/audit/archives", { token: admin.token })).json.archives[0]).toMatchObject({ month: "2023-03", entries: 1 });
    const stray = `${AUDIT_PREFIX}2024-01/${"0".repeat(64)}.ndjson.gz`;
    await env.MEDIA.put(stray, "left by a failed batch");
    const named = (await env.DB.prepare("SELECT object_key FROM audit_archive_parts").all<{ object_key: string }>()).results.map((p) => p.object_key);
    // Within the grace period: kept.
    await collectHistory(historyDb(), env.MEDIA, new Date(), null);
    expect(await env.MEDIA.head(stray)).not.toBeNull();
    const later = new Date(Date.now() + HISTORY_GC_GRACE_MS + 60_000);
    for (let cursor: string | null = null, i = 0; i < 50; i++) {
      cursor = (await collectHistory(historyDb(), env.MEDIA, later, cursor)).cursor;
      if (!cursor) break;
    }
    expect(await env.MEDIA.head(stray)).toBeNull();
    for (const key of named) expect(await env.MEDIA.head(key)).not.toBeNull();
  });
});
