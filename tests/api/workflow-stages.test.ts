// Editorial stages: the stage move for every role (the server applies src/auth/stages.ts and the
// article's own rights), the stages' configuration (validation, in_use, reorder) and what a move
// leaves behind: no new version, one audit entry. Assignment, due times and list filters:
// tests/api/workflow-assign.test.ts.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/db/schema";
import type { StageDef } from "../../src/auth/stages";
import { replaceStages } from "../../src/editorial/stages/domain";
import { moveStage } from "../../src/editorial/articles/workflow";
import { call, db, tokenFor } from "../helpers/api";
import { actorOf, interleaved } from "../helpers/interleave";
import { createArticle, createPublishableArticle } from "../helpers/newsroom";

const tokens = {} as Record<Role, string>;
const DEFAULT = [
  { id: "draft", name: "Draft", enter_role: "contributor" },
  { id: "editing", name: "Editing", enter_role: "contributor" },
  { id: "ready", name: "Ready", enter_role: "editor" },
];

const move = (token: string, id: string, stage: string) => call("POST", `/articles/${id}/stage`, { token, body: { stage } });
const stageOf = async (id: string) => (await call("GET", `/articles/${id}`, { token: tokens.admin })).json.article.stage as string;
const auditRows = async (action: string, targetId: string) =>
  (await env.DB.prepare("SELECT summary, actor_role FROM audit_log WHERE action = ? AND target_id = ? ORDER BY at, id").bind(action, targetId).all<{ summary: string; actor_role: string }>()).results.map((r) => ({
    ...r,
    summary: JSON.parse(r.summary),
  }));

beforeAll(async () => {
  for (const role of ["admin", "editor", "author", "contributor"] as const) tokens[role] = (await tokenFor(role)).token;
});

describe("moving a story between stages, role by role", () => {
  for (const role of ["contributor", "author"] as const) {
    it(`${role}: own draft to editing and back; never into or out of ready`, async () => {
      const a = await createArticle(tokens[role]);
      expect(a.stage).toBe("draft");
      const sent = await move(tokens[role], a.id, "editing");
      expect(sent.status, sent.text).toBe(200);
      expect(sent.json.article).toMatchObject({ stage: "editing", stage_name: "Editing", version: a.version });
      const up = await move(tokens[role], a.id, "ready");
      expect(up.status).toBe(403);
      expect(up.json.detail).toMatch(/Ready.*editor/);
      expect((await move(tokens[role], a.id, "draft")).status).toBe(200);
      // An editor puts it in ready: from there the writer can move it nowhere.
      expect((await move(tokens.editor, a.id, "ready")).status).toBe(200);
      for (const to of ["draft", "editing"]) expect((await move(tokens[role], a.id, to)).status, `ready→${to}`).toBe(403);
      expect(await stageOf(a.id)).toBe("ready");
    });

    it(`${role}: nothing on someone else's story, even the allowed move`, async () => {
      const a = await createArticle(tokens.editor);
      const res = await move(tokens[role], a.id, "editing");
      expect(res.status).toBe(403);
      expect(await stageOf(a.id)).toBe("draft");
    });
  }

  for (const role of ["editor", "admin"] as const) {
    it(`${role}: every move on anyone's story`, async () => {
      const a = await createArticle(tokens.contributor);
      for (const to of ["ready", "editing", "ready", "draft", "editing", "draft"]) {
        const res = await move(tokens[role], a.id, to);
        expect(res.status, `→${to}: ${res.text}`).toBe(200);
        expect(res.json.article.stage).toBe(to);
      }
    });
  }

  it("is not a revision: the version and ETag stay, and one audit entry says before → after", async () => {
    const a = await createArticle(tokens.editor);
    const res = await move(tokens.editor, a.id, "ready");
    expect(res.headers.get("etag")).toBe(`"${a.version}"`);
    const revisions = await call("GET", `/articles/${a.id}/revisions`, { token: tokens.editor });
    expect(revisions.json.revisions).toHaveLength(1);
    expect(await auditRows("article.stage_change", a.id)).toEqual([{ actor_role: "editor", summary: { before: { stage: "draft" }, after: { stage: "ready" } } }]);
    // Staying put changes nothing and records nothing.
    expect((await move(tokens.editor, a.id, "ready")).status).toBe(200);
    expect(await auditRows("article.stage_change", a.id)).toHaveLength(1);
  });

  it("answers 400 naming `stage` for an unknown stage, 404 for an unknown story, 409 for a published one", async () => {
    const a = await createPublishableArticle(tokens.editor);
    const unknown = await move(tokens.editor, a.id, "legal");
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0].path).toBe("stage");
    expect((await move(tokens.editor, "art_none", "editing")).status).toBe(404);
    expect((await call("POST", `/articles/${a.id}/publish`, { token: tokens.editor })).status).toBe(200);
    const live = await move(tokens.editor, a.id, "ready");
    expect(live.status).toBe(409);
    expect(live.json.code).toBe("conflict");
  });

  it("a stage removed while the move is on its way: 409, the story stays where it was, nothing recorded", async () => {
    const withLegal = [...DEFAULT, { id: "legal", name: "Legal", enter_role: "editor" }];
    expect((await call("PUT", "/stages", { token: tokens.admin, body: { stages: withLegal } })).status).toBe(200);
    const a = await createArticle(tokens.editor);
    const editor = await tokenFor("editor");
    // The admin's removal lands after moveStage read the stages (legal still there), before its batch.
    const racing = interleaved(db(), () => env.DB.prepare("DELETE FROM workflow_stages WHERE id = 'legal'").run());
    await expect(moveStage(racing, actorOf(editor.user, "editor"), a.id, "legal")).rejects.toMatchObject({ code: "conflict" });
    expect(await stageOf(a.id)).toBe("draft");
    expect(await auditRows("article.stage_change", a.id)).toEqual([]);
    expect((await call("PUT", "/stages", { token: tokens.admin, body: { stages: DEFAULT } })).status).toBe(200);
  });

  it("Submit for editing moves a writer's draft to the second stage, in the same write", async () => {
    const a = await createArticle(tokens.contributor);
    const res = await call("POST", `/articles/${a.id}/submit`, { token: tokens.contributor });
    expect(res.status, res.text).toBe(200);
    expect(res.json.article).toMatchObject({ stage: "editing", submitted_for_editing: expect.any(Object) });
    expect(await auditRows("article.stage_change", a.id)).toMatchObject([{ summary: { before: { stage: "draft" }, after: { stage: "editing" } } }]);
  });
});

describe("configuring the stages", () => {
  const put = (token: string, stages: unknown) => call("PUT", "/stages", { token, body: { stages } });

  it("lists the default stages to every role", async () => {
    for (const role of ["admin", "editor", "author", "contributor"] as const) {
      const res = await call("GET", "/stages", { token: tokens[role] });
      expect(res.status).toBe(200);
      expect(res.json.stages).toEqual(DEFAULT);
    }
  });

  it("refuses a list that is not valid, naming the field", async () => {
    const cases: [unknown, string][] = [
      [[DEFAULT[0]], "stages"],
      [Array.from({ length: 21 }, (_, i) => ({ id: `s${i}`, name: `S${i}`, enter_role: "contributor" })), "stages"],
      [[{ ...DEFAULT[0], id: "Has Spaces" }, DEFAULT[1]], "stages.0.id"],
      [[DEFAULT[0], { ...DEFAULT[1], name: "x".repeat(61) }], "stages.1.name"],
      [[DEFAULT[0], { ...DEFAULT[1], name: "  " }], "stages.1.name"],
      [[DEFAULT[0], { ...DEFAULT[1], enter_role: "owner" }], "stages.1.enter_role"],
      [[DEFAULT[0], DEFAULT[1], { ...DEFAULT[2], id: "draft" }], "stages.2.id"],
      [[DEFAULT[0], DEFAULT[1], { ...DEFAULT[2], name: "editing" }], "stages.2.name"],
      [[DEFAULT[2], DEFAULT[0], DEFAULT[1]], "stages.0.enter_role"],
    ];
    for (const [stages, path] of cases) {
      const res = await put(tokens.admin, stages);
      expect(res.status, JSON.stringify(stages).slice(0, 80)).toBe(400);
      expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect((await call("GET", "/stages", { token: tokens.admin })).json.stages).toEqual(DEFAULT);
  });

  it("refuses to remove a stage a story is in (409 in_use, naming it), and removes an unused one", async () => {
    const a = await createArticle(tokens.editor);
    await move(tokens.editor, a.id, "ready");
    const res = await put(tokens.admin, DEFAULT.slice(0, 2));
    expect(res.status).toBe(409);
    expect(res.json.code).toBe("in_use");
    // Earlier tests left stories in ready too: the count is theirs and this one's.
    expect(res.json.detail).toMatch(/“Ready” \(\d+ stories\)/);
    expect(res.json.usage_count).toBeGreaterThan(1);
    const added = await put(tokens.admin, [...DEFAULT, { id: "legal", name: "Legal", enter_role: "admin" }]);
    expect(added.status, added.text).toBe(200);
    const removed = await put(tokens.admin, DEFAULT);
    expect(removed.json.stages).toEqual(DEFAULT);
  });

  it("a story entering a stage between the in-use check and the removal: refused, nothing written", async () => {
    const withLegal = [...DEFAULT, { id: "legal", name: "Legal", enter_role: "editor" }];
    expect((await put(tokens.admin, withLegal)).status).toBe(200);
    const a = await createArticle(tokens.editor);
    const admin = await tokenFor("admin");
    const entries = async () => (await env.DB.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'stages.update'").first<{ n: number }>())!.n;
    const before = await entries();
    // The move lands after replaceStages found "legal" empty, before its batch.
    const racing = interleaved(db(), () => env.DB.prepare("UPDATE articles SET stage = 'legal' WHERE id = ?").bind(a.id).run());
    await expect(replaceStages(racing, actorOf(admin.user, "admin"), DEFAULT as StageDef[])).rejects.toMatchObject({ code: "in_use" });
    expect((await call("GET", "/stages", { token: tokens.admin })).json.stages).toEqual(withLegal);
    expect(await stageOf(a.id)).toBe("legal");
    expect(await entries()).toBe(before);
    // Back out of it, and to the defaults for the rest of the file.
    await env.DB.prepare("UPDATE articles SET stage = 'draft' WHERE id = ?").bind(a.id).run();
    expect((await put(tokens.admin, DEFAULT)).status).toBe(200);
  });

  it("only stories in the pipeline block a removal: published and archived ones follow to the first stage in the same write", async () => {
    const withLegal = [...DEFAULT, { id: "legal", name: "Legal", enter_role: "editor" }];
    expect((await put(tokens.admin, withLegal)).status).toBe(200);
    const live = await createPublishableArticle(tokens.editor);
    const gone = await createPublishableArticle(tokens.editor);
    const pending = await createArticle(tokens.editor);
    for (const a of [live, gone, pending]) expect((await move(tokens.editor, a.id, "legal")).status).toBe(200);
    expect((await call("POST", `/articles/${live.id}/publish`, { token: tokens.editor })).status).toBe(200);
    expect((await call("POST", `/articles/${gone.id}/publish`, { token: tokens.editor })).status).toBe(200);
    expect((await call("POST", `/articles/${gone.id}/archive`, { token: tokens.editor })).status).toBe(200);
    // The draft still in Legal counts (one story: the published and archived ones do not) ...
    const refused = await put(tokens.admin, DEFAULT);
    expect(refused.status).toBe(409);
    expect(refused.json).toMatchObject({ code: "in_use", usage_count: 1 });
    expect(refused.json.detail).toMatch(/“Legal” \(1 story\)/);
    expect(await stageOf(live.id)).toBe("legal");
    // ... and once it has moved on, the removal goes through although stories outside the pipeline
    // were still in Legal (they could never have been moved out: a stage move refuses them).
    expect((await move(tokens.editor, pending.id, "ready")).status).toBe(200);
    const res = await put(tokens.admin, DEFAULT);
    expect(res.status, res.text).toBe(200);
    for (const a of [live, gone]) expect(await stageOf(a.id)).toBe("draft");
    const orphans = await env.DB.prepare("SELECT count(*) AS n FROM articles WHERE stage NOT IN (SELECT id FROM workflow_stages)").first<{ n: number }>();
    expect(orphans!.n).toBe(0);
  });

  it("a story unpublished back into a stage being removed, between the check and the removal: refused, nothing written", async () => {
    const withLegal = [...DEFAULT, { id: "legal", name: "Legal", enter_role: "editor" }];
    expect((await put(tokens.admin, withLegal)).status).toBe(200);
    const a = await createPublishableArticle(tokens.editor);
    expect((await move(tokens.editor, a.id, "legal")).status).toBe(200);
    expect((await call("POST", `/articles/${a.id}/publish`, { token: tokens.editor })).status).toBe(200);
    const admin = await tokenFor("admin");
    // H2's in-batch guard still holds for the pipeline: the story is a draft again when the batch runs.
    const racing = interleaved(db(), () => env.DB.prepare("UPDATE articles SET status = 'draft' WHERE id = ?").bind(a.id).run());
    await expect(replaceStages(racing, actorOf(admin.user, "admin"), DEFAULT as StageDef[])).rejects.toMatchObject({ code: "in_use" });
    expect(await stageOf(a.id)).toBe("legal");
    expect((await call("GET", "/stages", { token: tokens.admin })).json.stages).toEqual(withLegal);
    expect((await move(tokens.editor, a.id, "draft")).status).toBe(200);
    expect((await put(tokens.admin, DEFAULT)).status).toBe(200);
  });

  it("renames, adds and reorders in one request, audited; new stories start in the first stage; the rule follows enter_role", async () => {
    const next = [
      { id: "pitch", name: "Pitch", enter_role: "contributor" },
      { id: "draft", name: "Writing", enter_role: "contributor" },
      { id: "editing", name: "Copy desk", enter_role: "author" },
      { id: "ready", name: "Ready", enter_role: "editor" },
    ];
    const res = await put(tokens.admin, next);
    expect(res.status, res.text).toBe(200);
    expect(res.json.stages).toEqual(next);
    const [entry] = (await env.DB.prepare("SELECT summary FROM audit_log WHERE action = 'stages.update' ORDER BY at DESC, id DESC LIMIT 1").all<{ summary: string }>()).results;
    expect(JSON.parse(entry!.summary)).toMatchObject({ before: { stages: DEFAULT }, after: { stages: next } });

    const c = await createArticle(tokens.contributor);
    expect(c).toMatchObject({ stage: "pitch", stage_name: "Pitch" });
    expect((await move(tokens.contributor, c.id, "draft")).status).toBe(200);
    // Copy desk now needs an author: the contributor's move is refused, an author's allowed.
    expect((await move(tokens.contributor, c.id, "editing")).status).toBe(403);
    const au = await createArticle(tokens.author);
    expect((await move(tokens.author, au.id, "editing")).status).toBe(200);
    // Submitting moves to the second stage, whatever it is called now.
    const s = await call("POST", `/articles/${c.id}/submit`, { token: tokens.contributor });
    expect(s.json.article.stage).toBe("draft");

    // Pitch is empty again: back to the defaults (and for the rest of the file).
    expect((await put(tokens.admin, DEFAULT)).status).toBe(200);
  });

  it("is an admin's: editors cannot change the stages", async () => {
    expect((await put(tokens.editor, DEFAULT)).status).toBe(403);
  });
});
