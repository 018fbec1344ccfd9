// A background export of a newsroom whose history is partly in R2 (packed revisions, archived audit
// months, cold bodies) writes, step by step, the document GET /export streams; and the cron packs
// and archives nothing while an export is being written (it would write a revision or an entry twice).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { auditEntry } from "../../src/audit/record";
import { createDb } from "../../src/db/client";
import { EXPORT_START, exportPieces, type ExportPiece } from "../../src/editorial/export/export-pieces";
import { runExportStep, startExport, type ExportMessage } from "../../src/editorial/export/jobs";
import { archiveAuditPart } from "../../src/scheduled/archive-audit";
import { archiveAndCollectBodies, archiveBodies } from "../../src/scheduled/archive-bodies";
import { packRevisions, parsePlace } from "../../src/scheduled/pack-revisions";
import { runColdHistory } from "../../src/scheduled/cold-history";
import { call, tokenFor } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";

const d = () => createDb(env.DB, env.MEDIA);
const withoutStamp = (text: string) => text.replace(/"exported_at":"[^"]+"/, '"exported_at":"X"');
const FAR = new Date(Date.now() + 400 * 24 * 3600_000);

async function startHeld(adminId: string) {
  const sent: ExportMessage[] = [];
  const queue = { send: async (m: ExportMessage) => void sent.push(m) } as unknown as Queue<ExportMessage>;
  const audit = auditEntry(d(), { actor: { userId: adminId, tokenId: null, label: "test", role: "admin" }, action: "newsroom.export", target: { type: "newsroom", id: null } });
  return { job: await startExport(d(), queue, adminId, audit), sent, queue };
}

async function oldAuditEntry(id: string, at: string) {
  await env.DB.prepare(
    `INSERT INTO audit_log (id, at, actor_user_id, actor_token_id, actor_label, actor_role, action, target_type, target_id, target_label, summary, request_id)
     VALUES (?, ?, NULL, NULL, 'Old Editor', 'editor', 'article.update', 'article', 'art_old', 'An old story', '{}', NULL)`,
  )
    .bind(id, at)
    .run();
}

describe("background export with history in R2", () => {
  it("writes packed revisions and archived audit months, in any step size, as GET /export does", async () => {
    const admin = await tokenFor("admin");
    const editor = await tokenFor("editor");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const a = await createPublishableArticle(editor.token, { headline: `Story ${i} & <history>` });
      for (let v = 0; v < 3; v++) {
        const cur = await call("GET", `/articles/${a.id}`, { token: editor.token });
        await call("PATCH", `/articles/${a.id}`, { token: editor.token, headers: { "if-match": `"${cur.json.article.version}"` }, body: { dek: `Edit ${v}` } });
      }
      ids.push(a.id);
    }
    for (let i = 1; i <= 5; i++) await oldAuditEntry(`aud_old_${i}`, `2024-03-0${i}T10:00:00.000Z`);
    // The old month archived in parts of two; then every story cold and packed (a run that far ahead
    // archives this month's entries too).
    for (let i = 0; i < 10 && (await archiveAuditPart(d(), env.MEDIA, new Date(), { partEntries: 2 })); i++);
    const packs = async () => (await env.DB.prepare("SELECT count(*) AS n FROM revision_packs").first<{ n: number }>())!.n;
    for (let i = 0; i < 30 && (await packs()) < 3; i++) await runColdHistory(d(), env.MEDIA, FAR);
    expect(await packs()).toBe(3);
    expect((await env.DB.prepare("SELECT count(*) AS n FROM audit_archive_parts WHERE month = '2024-03'").first<{ n: number }>())!.n).toBe(3);

    const direct = await call("GET", "/export", { token: admin.token });
    expect(direct.status).toBe(200);
    const { job, sent, queue } = await startHeld(admin.user.id);
    for (let steps = 0; sent.length; steps++) {
      expect(steps).toBeLessThan(2000);
      await runExportStep(d(), env.DB, env.MEDIA, queue, sent.shift()!, { reads: 1, bytes: 100 });
    }
    const file = await call("GET", `/exports/${job.id}/file`, { token: admin.token });
    expect(file.status).toBe(200);
    const [a, b] = [JSON.parse(file.text), direct.json];
    expect(a.tables.revisions).toEqual(b.tables.revisions);
    expect(a.tables.revisions.filter((r: { article_id: string }) => ids.includes(r.article_id)).length).toBe(ids.length * 4);
    // The archived entries, each once, after the audit log's rows (the job's own entry is extra).
    const old = (t: { id: string }[]) => t.filter((e) => e.id.startsWith("aud_old_")).map((e) => e.id);
    expect(old(a.tables.audit_log)).toEqual(["aud_old_1", "aud_old_2", "aud_old_3", "aud_old_4", "aud_old_5"]);
    expect(old(a.tables.audit_log)).toEqual(old(b.tables.audit_log));
    const upTo = (t: string) => withoutStamp(t).slice(0, withoutStamp(t).indexOf('"audit_log"'));
    expect(upTo(file.text)).toBe(upTo(direct.text));

    // Resumed from any boundary, the rest of the document is the same: every stop in the packs and
    // the archived parts, every table's start, and a sample of the others.
    const pieces: ExportPiece[] = [];
    // The instant is part of the cut (rows created after it are left out), so one real instant for all.
    const at = new Date().toISOString();
    for await (const p of exportPieces(env.DB, env.MEDIA, at, EXPORT_START, undefined, { rows: 3, media: 2, revisions: 2, packs: 2 })) pieces.push(p);
    const whole = pieces.map((p) => p.text).join("");
    expect(() => JSON.parse(whole)).not.toThrow();
    let checked = 0;
    for (const [i, p] of pieces.entries()) {
      if (!p.at || p.at.done) continue;
      if (!(p.at.phase || p.at.rows <= 1 || i % 7 === 0)) continue;
      let rest = "";
      for await (const q of exportPieces(env.DB, env.MEDIA, at, p.at, undefined, { rows: 3, media: 2, revisions: 2, packs: 2 })) rest += q.text;
      expect(pieces.slice(0, i + 1).map((q) => q.text).join("") + rest, `resumed at ${JSON.stringify(p.at)}`).toBe(whole);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("packs, archives and moves nothing while an export is being written", async () => {
    const admin = await tokenFor("admin");
    const editor = await tokenFor("editor");
    const a = await createPublishableArticle(editor.token, { headline: "Quiet story" });
    await call("PATCH", `/articles/${a.id}`, { token: editor.token, headers: { "if-match": `"2"` }, body: { dek: "Again" } });
    const { sent, queue } = await startHeld(admin.user.id);
    expect((await runColdHistory(d(), env.MEDIA, FAR)).ran).toBe(false);
    // Cold bodies neither: the archive moves a row to a new rowid, and the export pages by rowid.
    expect((await archiveAndCollectBodies(d(), env.MEDIA, FAR)).archived).toBe(0);
    // Nor a run already under way when the export started: each statement that moves rows checks too.
    expect(await archiveBodies(d(), env.MEDIA, FAR)).toBe(0);
    await oldAuditEntry(`aud_during_${crypto.randomUUID()}`, "2024-05-01T10:00:00.000Z");
    expect(await archiveAuditPart(d(), env.MEDIA, new Date())).toBeNull();
    expect((await packRevisions(d(), env.MEDIA, FAR, parsePlace(null))).articles).toBe(0);
    while (sent.length) await runExportStep(d(), env.DB, env.MEDIA, queue, sent.shift()!);
    expect((await runColdHistory(d(), env.MEDIA, FAR)).ran).toBe(true);
    expect((await archiveAndCollectBodies(d(), env.MEDIA, FAR)).archived).toBeGreaterThan(0);
  });
});
