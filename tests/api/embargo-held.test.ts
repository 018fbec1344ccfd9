// A story published under embargo is held (status `scheduled`, scheduled_at at the click): what the
// desk is told about it, what publishing it again does, and how its release is dated. The public
// surfaces' side of an embargo is embargo.test.ts.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { call, db, tokenFor } from "../helpers/api";
import { createPublishableArticle, doc, paragraph } from "../helpers/newsroom";
import { get } from "../helpers/public";
import { publishDue } from "../../src/scheduled/publish-due";
import { setEmbargo } from "../../src/editorial/articles/embargo";
import { transition } from "../../src/editorial/articles/service";
import { actorOf, interleaved } from "../helpers/interleave";

let editor = "";

beforeAll(async () => {
  editor = (await tokenFor("editor")).token;
});

const inFuture = (ms: number) => new Date(Date.now() + ms).toISOString();

/** A story published under an embargo 30 minutes away: held. */
async function heldStory(body: Record<string, unknown> = {}) {
  const a = await createPublishableArticle(editor, body);
  const until = (await call("PUT", `/articles/${a.id}/embargo`, { token: editor, body: { embargoed_until: inFuture(30 * 60_000) } })).json.article.embargoed_until as string;
  const held = await call("POST", `/articles/${a.id}/publish`, { token: editor });
  expect(held.json.article).toMatchObject({ status: "scheduled", embargoed_until: until });
  return { id: a.id, until, article: held.json.article };
}

describe("the desk's list", () => {
  it("says when a held story goes public: its embargo, not the schedule the click recorded", async () => {
    const { id, until, article } = await heldStory();
    // The schedule is the click, already past: alone it would read as an overdue schedule.
    expect(article.scheduled_at <= new Date().toISOString()).toBe(true);
    const page = await call("GET", "/articles?status=scheduled&limit=100", { token: editor });
    const item = page.json.articles.find((a: { id: string }) => a.id === id);
    expect(item).toMatchObject({ status: "scheduled", scheduled_at: article.scheduled_at, embargoed_until: until });
    // A story with no embargo says so (null), so the field is always there to read.
    const plain = await createPublishableArticle(editor, {});
    await call("POST", `/articles/${plain.id}/schedule`, { token: editor, body: { at: inFuture(3_600_000) } });
    const again = await call("GET", "/articles?status=scheduled&limit=100", { token: editor });
    expect(again.json.articles.find((a: { id: string }) => a.id === plain.id).embargoed_until).toBeNull();
  });
});

describe("an embargo set while the story is published by someone else", () => {
  it("is refused (409) and leaves no trace: a published story never carries an embargo it did not honour", async () => {
    const { user, token } = await tokenFor("editor");
    const a = await createPublishableArticle(token, {});
    // The other editor's publish lands after setEmbargo read the draft and before it writes.
    const racing = interleaved(db(), () => call("POST", `/articles/${a.id}/publish`, { token: editor }));
    await expect(setEmbargo(racing, actorOf(user, "editor"), a.id, inFuture(30 * 60_000))).rejects.toMatchObject({ status: 409 });
    const row = await env.DB.prepare("SELECT status, embargoed_until FROM articles WHERE id = ?").bind(a.id).first();
    expect(row).toEqual({ status: "published", embargoed_until: null });
    const entries = await env.DB.prepare("SELECT action FROM audit_log WHERE target_id = ? AND action LIKE 'article.embargo%'").bind(a.id).all();
    expect(entries.results).toEqual([]);
    expect((await get(`/api/content/v1/articles/${a.slug}`)).status).toBe(200);
  });
});

describe("a publish while someone else sets an embargo", () => {
  it("is refused (409) if the embargo landed first: the story stays held back, with the embargo", async () => {
    const { user, token } = await tokenFor("editor");
    const a = await createPublishableArticle(token, {});
    const until = inFuture(30 * 60_000);
    // The colleague's embargo lands after the publish read the draft (no embargo) and before it writes.
    const racing = interleaved(db(), () => call("PUT", `/articles/${a.id}/embargo`, { token: editor, body: { embargoed_until: until } }));
    await expect(transition(racing, actorOf(user, "editor"), a.id, "publish", { expected: null })).rejects.toMatchObject({ status: 409 });
    const row = await env.DB.prepare("SELECT status, embargoed_until, version FROM articles WHERE id = ?").bind(a.id).first();
    expect(row).toMatchObject({ status: "draft", embargoed_until: until, version: 1 });
    expect((await get(`/api/content/v1/articles/${a.slug}`)).status).toBe(404);
    // Published again now, it is held as any publish under embargo is.
    expect((await call("POST", `/articles/${a.id}/publish`, { token })).json.article).toMatchObject({ status: "scheduled", embargoed_until: until });
  });
});

describe("publishing a story under embargo", () => {
  it("refuses a date of its own: the story is dated at its release (409 naming published_at), and nothing changes", async () => {
    const a = await createPublishableArticle(editor, {});
    await call("PUT", `/articles/${a.id}/embargo`, { token: editor, body: { embargoed_until: inFuture(30 * 60_000) } });
    const backdated = await call("POST", `/articles/${a.id}/publish`, { token: editor, body: { published_at: "2026-11-29T10:00:00Z" } });
    expect(backdated.status).toBe(409);
    expect(backdated.json.errors.map((e: { path: string }) => e.path)).toEqual(["published_at"]);
    expect((await call("GET", `/articles/${a.id}`, { token: editor })).json.article).toMatchObject({ status: "draft", version: a.version, published_at: null });

    // Held, the same date is refused the same way: it would otherwise be dropped without a word.
    const { id } = await heldStory();
    const again = await call("POST", `/articles/${id}/publish`, { token: editor, body: { published_at: "2026-11-29T10:00:00Z" } });
    expect(again.status).toBe(409);
    expect(again.json.errors.map((e: { path: string }) => e.path)).toEqual(["published_at"]);
  });

  it("publishing a held story again changes nothing: no new version, the release where it was, publish no longer offered", async () => {
    const { id, article } = await heldStory();
    // Only the editor who may lift the embargo is offered anything that lets it out sooner.
    expect(article.allowed_actions).not.toContain("publish");
    expect(article.allowed_actions).toContain("lift_embargo");
    const again = await call("POST", `/articles/${id}/publish`, { token: editor });
    expect(again.status).toBe(200);
    expect(again.json.article).toMatchObject({ status: "scheduled", version: article.version, scheduled_at: article.scheduled_at, embargoed_until: article.embargoed_until });
    const revs = await call("GET", `/articles/${id}/revisions`, { token: editor });
    expect(revs.json.revisions.map((r: { action: string }) => r.action).filter((x: string) => x === "publish")).toHaveLength(1);
  });
});

describe("a release is dated at its instant, whoever runs it", () => {
  /**
   * A held story with a pending correction, whose embargo then ended 5 s ago (after the publish
   * click): the release runs later than the instant, as the cron's minute or a reader's request does.
   */
  async function releasable() {
    const { id, article } = await heldStory();
    const added = await call("POST", `/articles/${id}/amendments`, { token: editor, body: { kind: "correction", body: doc(paragraph("An earlier version misnamed the study.")) } });
    expect(added.status).toBe(201);
    const instant = new Date(Date.now() - 5_000).toISOString();
    const click = new Date(Date.now() - 6_000).toISOString();
    await env.DB.batch([
      env.DB.prepare("UPDATE articles SET embargoed_until = ?1, scheduled_at = ?2 WHERE id = ?3").bind(instant, click, id),
      env.DB.prepare("UPDATE site_state SET due_at = ?1 WHERE key = 'content'").bind(instant),
    ]);
    return { id, slug: article.slug as string, instant };
  }

  async function expectDatedAt(id: string, instant: string) {
    const a = (await call("GET", `/articles/${id}`, { token: editor })).json.article;
    // Not "updated" by going public: its last update is its publication.
    expect(a).toMatchObject({ status: "published", published_at: instant, first_published_at: instant, updated_at: instant, last_major_update_at: instant });
    const listed = (await call("GET", `/articles/${id}/amendments`, { token: editor })).json.amendments;
    expect(listed.map((m: { public_at: string }) => m.public_at)).toEqual([instant]);
    // The last publish entry: the first one is the click that held it.
    const entry = await env.DB.prepare("SELECT summary FROM audit_log WHERE target_id = ? AND action = 'article.publish' ORDER BY at DESC LIMIT 1").bind(id).first<{ summary: string }>();
    expect(JSON.parse(entry!.summary)).toMatchObject({ after: { status: "published", published_at: instant }, note: "at the embargo's end" });
  }

  it("by the cron", async () => {
    const { id, instant } = await releasable();
    expect(await publishDue(db(), new Date())).toContain(id);
    await expectDatedAt(id, instant);
  });

  it("by the first reader's request after the instant", async () => {
    const { id, slug, instant } = await releasable();
    const read = await get(`/api/content/v1/articles/${slug}`);
    expect(read.status).toBe(200);
    // Readers are told the same instant, correction included.
    expect(read.json.article).toMatchObject({ published_at: instant, updated_at: instant });
    await expectDatedAt(id, instant);
  });
});

describe("a preview link of an embargoed story", () => {
  it("tells whoever holds it when the embargo ends, and null once nothing holds it", async () => {
    const { id, until } = await heldStory();
    const made = await call("POST", `/articles/${id}/preview-links`, { token: editor, body: { expires_in: 3600 } });
    expect(made.status).toBe(201);
    const path = new URL(made.json.url).pathname;
    const held = await get(path);
    expect(held.status).toBe(200);
    expect(held.json.preview).toMatchObject({ status: "scheduled", embargoed_until: until });
    // Lifted, the story is out: the partner may publish now.
    expect((await call("POST", `/articles/${id}/lift-embargo`, { token: editor })).status).toBe(200);
    expect((await get(path)).json.preview).toMatchObject({ status: "published", embargoed_until: null });
  });
});
