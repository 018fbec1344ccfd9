// Imports tell nobody: a Ghost archive or a newsroom export brings in thousands of published stories
// at once, and 10,000 webhooks (or hub pings) for stories that were already public elsewhere would be
// noise at best. Neither leaves a single outbox row, published stories, tags and people included.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { buildGhostExport, MIN_POSTS } from "../fixtures/ghost/build-export";
import { call, tokenFor } from "../helpers/api";
import { importGhost } from "../helpers/ghost";
import { exportJson, freshNewsroom } from "../helpers/newsroom-dump";

const outboxSize = async () => (await env.DB.prepare("SELECT count(*) AS n FROM outbox_events").first<{ n: number }>())!.n;
const publishedCount = async () => (await env.DB.prepare("SELECT count(*) AS n FROM articles WHERE status = 'published'").first<{ n: number }>())!.n;

describe("imports emit no events", () => {
  it("a Ghost import, published posts and all, and then the newsroom's export imported into a fresh one", async () => {
    const before = await outboxSize();
    const run = await importGhost(buildGhostExport({ posts: MIN_POSTS }));
    // The import did bring public content in: the silence is a decision, not an empty import.
    expect(await publishedCount()).toBeGreaterThan(0);
    expect(await outboxSize()).toBe(before);

    const dump = await exportJson(run.token);
    const fresh = await freshNewsroom();
    const res = await call("POST", "/import", { token: fresh.token, body: dump });
    expect(res.status, res.text).toBe(201);
    expect(await publishedCount()).toBeGreaterThan(0);
    expect(await outboxSize()).toBe(before);
  });
});
