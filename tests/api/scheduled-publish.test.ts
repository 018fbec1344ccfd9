import { createScheduledController } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { call, db, tokenFor } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";
import { publishDue } from "../../src/scheduled/publish-due";

describe("scheduled publishing (cron)", () => {
  it("publishes due articles at their scheduled instant, once, even when runs overlap", async () => {
    const { token } = await tokenFor("editor");
    const a = await createPublishableArticle(token);
    const later = await createPublishableArticle(token);
    const at = new Date(Date.now() + 60_000).toISOString();
    const farther = new Date(Date.now() + 3_600_000).toISOString();
    await call("POST", `/articles/${a.id}/schedule`, { token, body: { at } });
    await call("POST", `/articles/${later.id}/schedule`, { token, body: { at: farther } });
    const runAt = new Date(Date.now() + 120_000);
    const [first, second] = await Promise.all([publishDue(db(), runAt), publishDue(db(), runAt)]);
    expect([...first, ...second].filter((id) => id === a.id)).toHaveLength(1);
    expect([...first, ...second]).not.toContain(later.id);
    const res = await call("GET", `/articles/${a.id}`, { token });
    expect(res.json.article).toMatchObject({ status: "published", published_at: at, first_published_at: at, scheduled_at: null, version: 3 });
    const revs = await call("GET", `/articles/${a.id}/revisions`, { token });
    expect(revs.json.revisions.filter((r: any) => r.action === "scheduled_publish")).toHaveLength(1);
    expect((await call("GET", `/articles/${later.id}`, { token })).json.article.status).toBe("scheduled");
  });
});

describe("the cron handler", () => {
  it("publishes what is due and purges what expired in the same run", async () => {
    const { token, user } = await tokenFor("editor");
    const a = await createPublishableArticle(token);
    await call("POST", `/articles/${a.id}/schedule`, { token, body: { at: new Date(Date.now() + 60_000).toISOString() } });
    const runAt = Date.now() + 120_000;
    await env.DB.prepare("INSERT INTO sessions (id_hash, user_id, created_at, expires_at) VALUES ('cron-expired', ?, ?, ?)")
      .bind(user.id, new Date().toISOString(), new Date(runAt - 1000).toISOString())
      .run();

    await worker.scheduled(createScheduledController({ scheduledTime: runAt, cron: "* * * * *" }), env);
    expect((await call("GET", `/articles/${a.id}`, { token })).json.article.status).toBe("published");
    expect(await env.DB.prepare("SELECT 1 FROM sessions WHERE id_hash = 'cron-expired'").first()).toBeNull();
  });
});
