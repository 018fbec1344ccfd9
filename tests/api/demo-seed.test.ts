import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deflateWithCompressionStream } from "../../src/media/png-encode";
import { loadDemo } from "../../scripts/seed/load-demo";
import { DEMO_PASSWORD } from "../../scripts/seed/accounts";
import { call, db, signIn } from "../helpers/api";

describe("demo content (npm start)", () => {
  it("loads through the real write path, idempotently, with the reference article whole", async () => {
    // An event older than the seed (here a stand-in row) is left for the relay as it is.
    await env.DB.prepare("INSERT INTO outbox_events (id, type, subject_id, data, created_at) VALUES ('msg_before_seed', 'tag.updated', 't', '{}', '2020-01-01T00:00:00.000Z')").run();
    const first = await loadDemo(db(), env.MEDIA, deflateWithCompressionStream);
    expect(first).toBe("4 users, 5 sections, 11 contributors, 10 images, 12 articles, 3 collections added");
    // The demo's own events (published stories, sections…) are written, and marked as relayed: they
    // happened before any webhook or hub could want them.
    const outbox = await env.DB.prepare("SELECT id, relayed_at FROM outbox_events").all<{ id: string; relayed_at: string | null }>();
    expect(outbox.results.length).toBeGreaterThan(10);
    expect(outbox.results.filter((r) => r.relayed_at === null).map((r) => r.id)).toEqual(["msg_before_seed"]);
    const again = await loadDemo(db(), env.MEDIA, deflateWithCompressionStream);
    expect(again).toBe("0 users, 0 sections, 0 contributors, 0 images, 0 articles, 0 collections added");

    const login = await signIn("admin@copydesk.example", DEMO_PASSWORD);
    expect(login.status).toBe(201);
    const a = (await call("GET", "/articles/demo-article-01", { cookie: login.cookie })).json.article;
    expect(a.status).toBe("published");
    expect(a.published_at).toBe("2024-11-01T22:34:00.000Z");
    expect(a.reading_time).toBe(2);
    expect(a.tags).toHaveLength(6);
    expect(a.bylines.map((b: any) => b.contributor.kind)).toEqual(["person", "organization"]);
    expect(a.related.map((r: any) => r.headline).every(Boolean)).toBe(true);
    expect(a.featured_image.caption).toMatch(/^Illustrative purposes/);
    expect((a.body_html.match(/class="related-card"/g) ?? []).length).toBe(2);

    const statuses = (await call("GET", "/articles?limit=100", { cookie: login.cookie })).json.articles.map((x: any) => x.status);
    expect(statuses.filter((s: string) => s === "published")).toHaveLength(10);
    expect(statuses.filter((s: string) => s === "draft")).toHaveLength(1);
    expect(statuses.filter((s: string) => s === "scheduled")).toHaveLength(1);
  });
});
