// "Publish these changes at 06:00": a working copy's update of the live story, scheduled. The cron
// applies it once, at its time, as the person who scheduled it; never over a later live change.
import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { loadArticle } from "../../src/articles/load";
import { publishDueCopies } from "../../src/editorial/articles/working-copy";
import worker from "../../src/index";
import { call, db, tokenFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";

let editor: Awaited<ReturnType<typeof tokenFor>>;
beforeAll(async () => void (editor = await tokenFor("editor")));

async function scheduledCopy(dek: string, inMs = 60_000) {
  const a = await createPublishableArticle(editor.token, { body: doc(paragraph("Live text.")) });
  const live = (await call("POST", `/articles/${a.id}/publish`, { token: editor.token })).json.article;
  const wc = await call("PUT", `/articles/${a.id}/working-copy`, { token: editor.token, headers: { "if-match": `"${live.version}"` }, body: { dek } });
  const at = new Date(Date.now() + inMs).toISOString();
  const scheduled = await call("POST", `/articles/${a.id}/working-copy/schedule`, { token: editor.token, headers: { "if-match": wc.json.working_copy.etag }, body: { at } });
  expect(scheduled.status, scheduled.text).toBe(200);
  return { live, at, etag: scheduled.json.working_copy.etag as string, scheduled: scheduled.json.working_copy };
}

const due = (ms: number) => publishDueCopies(db(), (id) => loadArticle(db(), { id }), new Date(Date.now() + ms));

describe("scheduled updates of a live story", () => {
  it("go live once, at their time, as the person who scheduled them", async () => {
    const { live, at, scheduled } = await scheduledCopy("Dek at six");
    expect(scheduled).toMatchObject({ publish_at: at, publish_note: null });
    expect(await due(30_000)).not.toContain(live.id);
    expect((await get(`/api/content/v1/articles/${live.slug}`)).json.article.dek).not.toBe("Dek at six");
    const [first, second] = await Promise.all([due(120_000), due(120_000)]);
    expect([...first, ...second].filter((id) => id === live.id)).toHaveLength(1);
    expect((await get(`/api/content/v1/articles/${live.slug}`)).json.article.dek).toBe("Dek at six");
    const revisions = (await call("GET", `/articles/${live.id}/revisions`, { token: editor.token })).json.revisions;
    expect(revisions[0]).toMatchObject({ action: "scheduled_update", author: { id: editor.user.id } });
    expect((await call("GET", `/articles/${live.id}`, { token: editor.token })).json.article.working_copy).toBeNull();
  });

  it("are not published over a later change to the live story: the schedule is dropped, with the reason", async () => {
    const { live } = await scheduledCopy("Dek that must not overwrite");
    await call("PATCH", `/articles/${live.id}`, { token: editor.token, headers: { "if-match": `"${live.version}"` }, body: { summary: "Changed live meanwhile" } });
    expect(await due(120_000)).not.toContain(live.id);
    const after = (await call("GET", `/articles/${live.id}`, { token: editor.token })).json.article;
    expect(after.summary).toBe("Changed live meanwhile");
    expect(after.dek).not.toBe("Dek that must not overwrite");
    expect(after.working_copy).toMatchObject({ publish_at: null, publish_note: expect.stringMatching(/changed after this update was scheduled/) });
  });

  it("can be cancelled, need a future time and the copy's ETag, and run from the cron handler", async () => {
    const { live, etag } = await scheduledCopy("Cancelled dek");
    const past = await call("POST", `/articles/${live.id}/working-copy/schedule`, { token: editor.token, headers: { "if-match": etag }, body: { at: "2020-01-01T00:00:00Z" } });
    expect(past.status).toBe(400);
    expect(past.json.errors[0].path).toBe("at");
    expect((await call("POST", `/articles/${live.id}/working-copy/schedule`, { token: editor.token, body: { at: null } })).status).toBe(428);
    const cancelled = await call("POST", `/articles/${live.id}/working-copy/schedule`, { token: editor.token, headers: { "if-match": etag }, body: { at: null } });
    expect(cancelled.json.working_copy.publish_at).toBeNull();
    expect(await due(120_000)).not.toContain(live.id);

    const other = await scheduledCopy("Dek from the cron handler");
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now() + 120_000, cron: "* * * * *" }), env);
    expect((await get(`/api/content/v1/articles/${other.live.slug}`)).json.article.dek).toBe("Dek from the cron handler");
  });
});
