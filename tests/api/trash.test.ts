import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { purgeExpired } from "../../src/scheduled/purge";
import { call, db, tokenFor } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";
import { get } from "../helpers/public";

// The desk's stages without the column's default `draft`: an admin replaced the first one.
const WITHOUT_DRAFT = [
  { id: "intake", name: "Intake", enter_role: "contributor" },
  { id: "editing", name: "Editing", enter_role: "contributor" },
  { id: "ready", name: "Ready", enter_role: "editor" },
];

// First in the file: the stages can be replaced only while no story is in the one removed.
describe("undeleting after the desk changed its stages", () => {
  it("brings a story back into a stage that exists: its own if it still does, else the first", async () => {
    const admin = await tokenFor("admin");
    const before = (await call("GET", "/stages", { token: admin.token })).json.stages;
    const a = await createPublishableArticle(admin.token, { headline: "Deleted in the old first stage" });
    const b = await createPublishableArticle(admin.token, { headline: "Deleted while being edited" });
    expect((await call("POST", `/articles/${b.id}/stage`, { token: admin.token, body: { stage: "editing" } })).status).toBe(200);
    for (const id of [a.id, b.id]) expect((await call("DELETE", `/articles/${id}`, { token: admin.token })).status).toBe(204);
    expect((await call("PUT", "/stages", { token: admin.token, body: { stages: WITHOUT_DRAFT } })).status).toBe(200);

    for (const id of [a.id, b.id]) expect((await call("POST", `/trash/${id}/restore`, { token: admin.token })).status).toBe(201);
    const stageOf = async (id: string) => (await call("GET", `/articles/${id}`, { token: admin.token })).json.article.stage;
    // `draft` is gone: never a removed stage (nor the column's default), but the desk's first.
    expect(await stageOf(a.id)).toBe("intake");
    expect(await stageOf(b.id)).toBe("editing");

    // The desk as the other tests expect it.
    for (const id of [a.id, b.id]) await call("DELETE", `/articles/${id}`, { token: admin.token });
    expect((await call("PUT", "/stages", { token: admin.token, body: { stages: before } })).status).toBe(200);
  });
});

describe("trash: deleted articles stay recoverable by an admin for a grace period", () => {
  it("lists a deleted article and restores it whole, as a draft, with its history", async () => {
    const admin = await tokenFor("admin");
    const a = await createPublishableArticle(admin.token, { headline: "Deleted by mistake", tags: ["Recovered Tag"] });
    await call("POST", `/articles/${a.id}/publish`, { token: admin.token });
    expect((await call("DELETE", `/articles/${a.id}`, { token: admin.token })).status).toBe(204);
    expect((await get(`/api/content/v1/articles/${a.slug}`)).status).toBe(404);

    const trash = await call("GET", "/trash", { token: admin.token });
    expect(trash.json.articles.find((t: any) => t.article_id === a.id)).toMatchObject({ headline: "Deleted by mistake", status_when_deleted: "published" });
    const restored = await call("POST", `/trash/${a.id}/restore`, { token: admin.token });
    expect(restored.status).toBe(201);
    const back = (await call("GET", `/articles/${a.id}`, { token: admin.token })).json.article;
    expect(back).toMatchObject({ headline: "Deleted by mistake", status: "draft", version: 4 });
    expect(back.tags.map((t: any) => t.name)).toEqual(["Recovered Tag"]);
    const revs = await call("GET", `/articles/${a.id}/revisions`, { token: admin.token });
    expect(revs.json.revisions.map((r: any) => r.action)).toEqual(["undelete", "delete", "publish", "create"]);
    expect((await call("GET", "/trash", { token: admin.token })).json.articles.find((t: any) => t.article_id === a.id)).toBeUndefined();
  });

  it("keeps a live story's pending working copy as a revision, so deleting and undeleting loses no edit", async () => {
    const admin = await tokenFor("admin");
    const a = await createPublishableArticle(admin.token, { headline: "Live, with pending changes" });
    const live = (await call("POST", `/articles/${a.id}/publish`, { token: admin.token })).json.article;
    await call("PUT", `/articles/${a.id}/working-copy`, { token: admin.token, headers: { "if-match": `"${live.version}"` }, body: { dek: "Pending dek" } });
    expect((await call("DELETE", `/articles/${a.id}`, { token: admin.token })).status).toBe(204);
    expect((await call("GET", "/trash", { token: admin.token })).json.articles.find((t: any) => t.article_id === a.id)).toMatchObject({ headline: "Live, with pending changes" });
    expect((await call("POST", `/trash/${a.id}/restore`, { token: admin.token })).status).toBe(201);
    const revs = (await call("GET", `/articles/${a.id}/revisions`, { token: admin.token })).json.revisions;
    expect(revs.map((r: any) => r.action)).toEqual(["undelete", "delete", "working_copy", "publish", "create"]);
    const kept = revs.find((r: any) => r.action === "working_copy");
    const restored = await call("POST", `/articles/${a.id}/revisions/${kept.version}/restore`, { token: admin.token });
    expect(restored.json.article).toMatchObject({ dek: "Pending dek", headline: "Live, with pending changes", status: "draft" });
  });

  it("keeps a story's embargo, stage, due time, amendments, notes and assignees through the trash, and purges them with its history", async () => {
    const admin = await tokenFor("admin");
    const a = await createPublishableArticle(admin.token, { headline: "Held, then deleted by mistake" });
    const embargo = new Date(Date.now() + 86_400_000).toISOString();
    expect((await call("PUT", `/articles/${a.id}/embargo`, { token: admin.token, body: { embargoed_until: embargo } })).status).toBe(200);
    expect((await call("POST", `/articles/${a.id}/stage`, { token: admin.token, body: { stage: "ready" } })).status).toBe(200);
    expect((await call("PUT", `/articles/${a.id}/due`, { token: admin.token, body: { due_at: "2030-01-01T09:00:00Z" } })).status).toBe(200);
    expect((await call("PUT", `/articles/${a.id}/assignees`, { token: admin.token, body: { user_ids: [admin.user.id] } })).status).toBe(200);
    expect((await call("POST", `/articles/${a.id}/notes`, { token: admin.token, body: { body: "Check the figures" } })).status).toBe(201);
    const paragraphs = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "An earlier version gave the wrong date." }] }] };
    expect((await call("POST", `/articles/${a.id}/amendments`, { token: admin.token, body: { kind: "correction", body: paragraphs } })).status).toBe(201);
    const rows = async () => {
      const n = async (t: string) => (await env.DB.prepare(`SELECT count(*) AS n FROM ${t} WHERE article_id = ?`).bind(a.id).first<{ n: number }>())!.n;
      return [await n("article_amendments"), await n("article_notes"), await n("article_assignees")];
    };

    expect((await call("DELETE", `/articles/${a.id}`, { token: admin.token })).status).toBe(204);
    expect(await rows()).toEqual([1, 1, 1]);
    expect((await call("POST", `/trash/${a.id}/restore`, { token: admin.token })).status).toBe(201);
    const back = (await call("GET", `/articles/${a.id}`, { token: admin.token })).json.article;
    // Back as a draft, still under its embargo: publishing it holds it again.
    expect(back).toMatchObject({ status: "draft", embargoed_until: embargo, stage: "ready", due_at: "2030-01-01T09:00:00.000Z" });
    expect(back.assignees.map((u: { id: string }) => u.id)).toEqual([admin.user.id]);
    expect((await call("GET", `/articles/${a.id}/notes`, { token: admin.token })).json.notes).toHaveLength(1);
    expect((await call("GET", `/articles/${a.id}/amendments`, { token: admin.token })).json.amendments).toHaveLength(1);
    expect((await call("POST", `/articles/${a.id}/publish`, { token: admin.token })).json.article.status).toBe("scheduled");

    // Deleted again and left past the grace period: gone with the rest of its history.
    expect((await call("DELETE", `/articles/${a.id}`, { token: admin.token })).status).toBe(204);
    await purgeExpired(db(), new Date(Date.now() + 31 * 86_400_000));
    expect(await rows()).toEqual([0, 0, 0]);
  });

  it("is admin-only", async () => {
    const editor = await tokenFor("editor");
    expect((await call("GET", "/trash", { token: editor.token })).status).toBe(403);
    expect((await call("POST", "/trash/art_x/restore", { token: editor.token })).status).toBe(403);
  });

  it("purges the history after the grace period, not before", async () => {
    const admin = await tokenFor("admin");
    const a = await createPublishableArticle(admin.token);
    await call("DELETE", `/articles/${a.id}`, { token: admin.token });
    const count = async () => (await env.DB.prepare("SELECT count(*) AS n FROM revisions WHERE article_id = ?").bind(a.id).first<{ n: number }>())!.n;
    await purgeExpired(db(), new Date(Date.now() + 29 * 86_400_000));
    expect(await count()).toBe(2);
    await purgeExpired(db(), new Date(Date.now() + 31 * 86_400_000));
    expect(await count()).toBe(0);
  });
});
