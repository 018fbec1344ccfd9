// Background exports (POST /exports): the file written to R2 step by step is the very document
// GET /export streams, however the steps fall; a step delivered twice writes nothing twice; a step
// the Queue gives up on fails its export; the cron deletes expired files and re-sends lost steps.
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { auditEntry } from "../../src/audit/record";
import { createDb } from "../../src/db/client";
import { EXPORT_STALL_MS, failExport, runExportStep, startExport, tendExports, type ExportMessage } from "../../src/editorial/export/jobs";
import { call, tokenFor } from "../helpers/api";
import { createArticle, createPublishableArticle, uploadPng } from "../helpers/newsroom";

const d = () => createDb(env.DB, env.MEDIA);
/** A Queue that keeps what is sent, so a test runs the steps itself. */
const heldQueue = () => {
  const sent: ExportMessage[] = [];
  return { sent, queue: { send: async (m: ExportMessage) => void sent.push(m) } as unknown as Queue<ExportMessage> };
};
const withoutStamp = (text: string) => text.replace(/"exported_at":"[^"]+"/, '"exported_at":"X"');

async function newsroom() {
  const admin = await tokenFor("admin");
  const editor = await tokenFor("editor");
  await createPublishableArticle(editor.token, { headline: "One & <two>" });
  await createArticle(editor.token, { headline: "A draft 🗞️" });
  await uploadPng(admin.token, { alt: "A picture" });
  await uploadPng(admin.token, { alt: "Another" });
  return { admin, editor };
}

/** Starts an export whose steps the test runs itself (a held queue instead of the real one). */
async function startHeld(adminId: string, now = new Date()) {
  const { sent, queue } = heldQueue();
  const audit = auditEntry(d(), { actor: { userId: adminId, tokenId: null, label: "test", role: "admin" }, action: "newsroom.export", target: { type: "newsroom", id: null } });
  const job = await startExport(d(), queue, adminId, audit, now);
  return { job, sent, queue };
}

describe("background export", () => {
  it("writes, step by step, the same document GET /export streams", async () => {
    const { admin } = await newsroom();
    const started = await call("POST", "/exports", { token: admin.token });
    expect(started.status).toBe(202);
    const id = started.json.export.id as string;
    expect(started.headers.get("location")).toBe(`/api/editorial/v1/exports/${id}`);
    // The real Queue runs the steps: poll as a client would.
    await vi.waitFor(async () => expect((await call("GET", `/exports/${id}`, { token: admin.token })).json.export.status).toBe("done"), { timeout: 10_000, interval: 100 });
    const job = (await call("GET", `/exports/${id}`, { token: admin.token })).json.export;
    const file = await call("GET", job.file_url.replace("/api/editorial/v1", ""), { token: admin.token });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toMatch(/^attachment; filename="copydesk-export-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(Number(file.headers.get("content-length"))).toBe(new TextEncoder().encode(file.text).byteLength);
    expect(job.bytes).toBe(new TextEncoder().encode(file.text).byteLength);
    const direct = await call("GET", "/export", { token: admin.token });
    // The same rows (the audit log gained the job's own entry in both) and the same bytes per image.
    expect(withoutStamp(file.text).length).toBeGreaterThan(1000);
    expect(JSON.parse(file.text).tables.media.map((m: { data: string }) => m.data)).toEqual(direct.json.tables.media.map((m: { data: string }) => m.data));
    expect(JSON.parse(file.text).tables.articles).toEqual(direct.json.tables.articles);
    await call("DELETE", `/exports/${id}`, { token: admin.token });
  });

  it("gives the same bytes whatever size the steps are, and ignores a step delivered twice", async () => {
    const { admin } = await newsroom();
    const direct = await call("GET", "/export", { token: admin.token });
    // The steps run here, in tiny budgets: a stop after nearly every row.
    const { job, sent, queue } = await startHeld(admin.user.id);
    const tiny = { reads: 1, bytes: 200 };
    let steps = 0;
    for (;;) {
      const msg = sent.shift();
      if (!msg) break;
      // The same message twice at once (the Queue delivers at least once): one step is recorded, the
      // other finds the job moved on (before or after writing its piece) and leaves nothing behind.
      const outcomes = await Promise.all([runExportStep(d(), env.DB, env.MEDIA, queue, msg, tiny), runExportStep(d(), env.DB, env.MEDIA, queue, msg, tiny)]);
      expect(outcomes.filter((o) => o === "stale")).toHaveLength(1);
      // And once more, later: nothing more is written.
      expect(await runExportStep(d(), env.DB, env.MEDIA, queue, msg, tiny)).toBe("stale");
      steps++;
    }
    expect(steps).toBeGreaterThan(20);
    const file = await call("GET", `/exports/${job.id}/file`, { token: admin.token });
    expect(file.status).toBe(200);
    // Every table up to the audit log is as GET /export wrote it a moment before (the audit log has
    // the job's own entry besides), byte for byte.
    const cut = (t: string) => withoutStamp(t).slice(0, withoutStamp(t).indexOf('"audit_log"') > 0 ? withoutStamp(t).indexOf('"audit_log"') : undefined);
    expect(cut(file.text)).toBe(cut(direct.text));
    expect(() => JSON.parse(file.text)).not.toThrow();
    // No object is left behind by the repeated steps: one per recorded segment.
    const objects = await env.MEDIA.list({ prefix: `exports/${job.id}/` });
    expect(objects.objects.length).toBe(steps);
  });

  it("fails an export whose step was dead-lettered, and refuses its file", async () => {
    const admin = await tokenFor("admin");
    const { job, sent, queue } = await startHeld(admin.user.id);
    await failExport(d(), sent[0]!);
    const got = await call("GET", `/exports/${job.id}`, { token: admin.token });
    expect(got.json.export).toMatchObject({ status: "failed", file_url: null });
    expect(got.json.export.error).toMatch(/start a new export/);
    const file = await call("GET", `/exports/${job.id}/file`, { token: admin.token });
    expect(file.status).toBe(409);
    // A failed export no longer blocks a new one.
    const again = await call("POST", "/exports", { token: admin.token });
    expect(again.status).toBe(202);
    await vi.waitFor(async () => expect((await call("GET", `/exports/${again.json.export.id}`, { token: admin.token })).json.export.status).toBe("done"), { timeout: 10_000, interval: 100 });
  });
});

describe("background export: the cron's upkeep", () => {
  it("sends a stalled step again, and deletes expired exports with their files", async () => {
    const admin = await tokenFor("admin");
    const t0 = new Date();
    const { job, sent, queue } = await startHeld(admin.user.id, t0);
    sent.length = 0; // the first message is "lost"
    expect(await tendExports(d(), env.MEDIA, queue, new Date(t0.getTime() + 60_000))).toEqual({ expired: 0, resent: 0 });
    const later = new Date(t0.getTime() + EXPORT_STALL_MS + 1000);
    expect(await tendExports(d(), env.MEDIA, queue, later)).toEqual({ expired: 0, resent: 1 });
    expect(sent).toEqual([{ kind: "export", job_id: job.id, seq: 0 }]);
    // Sent once per stall, not every minute after.
    expect((await tendExports(d(), env.MEDIA, queue, new Date(later.getTime() + 60_000))).resent).toBe(0);
    while (sent.length) await runExportStep(d(), env.DB, env.MEDIA, queue, sent.shift()!);
    expect((await env.MEDIA.list({ prefix: `exports/${job.id}/` })).objects.length).toBeGreaterThan(0);
    const expired = await tendExports(d(), env.MEDIA, queue, new Date(t0.getTime() + 8 * 24 * 3600_000));
    expect(expired.expired).toBeGreaterThanOrEqual(1);
    expect((await env.MEDIA.list({ prefix: `exports/${job.id}/` })).objects.length).toBe(0);
    expect((await call("GET", `/exports/${job.id}`, { token: admin.token })).status).toBe(404);
  });
});

describe("background export: rights and errors", () => {
  it("is for admins only, one at a time, and answers problems for unknown or unfinished exports", async () => {
    const editor = await tokenFor("editor");
    const admin = await tokenFor("admin");
    for (const [method, path] of [["POST", "/exports"], ["GET", "/exports"], ["GET", "/exports/exp_x"], ["GET", "/exports/exp_x/file"], ["DELETE", "/exports/exp_x"]] as const) {
      expect((await call(method, path, { token: editor.token })).status, `${method} ${path}`).toBe(403);
    }
    expect((await call("GET", "/exports/exp_nope", { token: admin.token })).status).toBe(404);
    expect((await call("GET", "/exports/exp_nope/file", { token: admin.token })).status).toBe(404);
    expect((await call("DELETE", "/exports/exp_nope", { token: admin.token })).status).toBe(404);
    const { job, sent, queue } = await startHeld(admin.user.id);
    const busy = await call("POST", "/exports", { token: admin.token });
    expect(busy.status).toBe(409);
    expect(busy.json.detail).toContain(job.id);
    const early = await call("GET", `/exports/${job.id}/file`, { token: admin.token });
    expect(early.status).toBe(409);
    expect(early.headers.get("content-type")).toContain("application/problem+json");
    const list = await call("GET", "/exports", { token: admin.token });
    expect(list.json.exports.map((e: { id: string }) => e.id)).toContain(job.id);
    // Deleting a running export stops it: its next step finds no job.
    expect((await call("DELETE", `/exports/${job.id}`, { token: admin.token })).status).toBe(204);
    expect(await runExportStep(d(), env.DB, env.MEDIA, queue, sent[0]!)).toBe("stale");
    expect((await env.MEDIA.list({ prefix: `exports/${job.id}/` })).objects.length).toBe(0);
  });
});
