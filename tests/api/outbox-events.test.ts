// Which writes put which events in the outbox (README "Which writes emit what"): exactly one event of
// the right type and data per change readers can see, none for a draft's saves.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { publishDue } from "../../src/scheduled/publish-due";
import { call, db, tokenFor, unique } from "../helpers/api";
import { createContributor, createPublishableArticle, createSection, doc, paragraph } from "../helpers/newsroom";

let token: string;
beforeAll(async () => {
  token = (await tokenFor("editor")).token;
});

interface Row {
  type: string;
  data: any;
}
/** Events about `subjectId`, oldest first. */
async function eventsOf(subjectId: string): Promise<Row[]> {
  const { results } = await env.DB.prepare("SELECT type, data FROM outbox_events WHERE subject_id = ? ORDER BY created_at, rowid").bind(subjectId).all<{ type: string; data: string }>();
  return results.map((r) => ({ type: r.type, data: JSON.parse(r.data) }));
}
const typesOf = async (id: string) => (await eventsOf(id)).map((e) => e.type);

async function publish(id: string) {
  const res = await call("POST", `/articles/${id}/publish`, { token });
  expect(res.status, res.text).toBe(200);
  return res.json.article;
}

describe("article events", () => {
  it("a draft's saves emit nothing; publishing emits article.published with its scopes and reference", async () => {
    const a = await createPublishableArticle(token);
    const saved = await call("PATCH", `/articles/${a.id}`, { token, body: { dek: "Still a draft" }, headers: { "if-match": `"${a.version}"` } });
    expect(saved.status).toBe(200);
    expect(await eventsOf(a.id)).toEqual([]);

    const live = await publish(a.id);
    const [e, ...rest] = await eventsOf(a.id);
    expect(rest).toEqual([]);
    expect(e).toEqual({
      type: "article.published",
      data: {
        kind: "article",
        article_id: a.id,
        version: live.version,
        previous_status: "draft",
        status: "published",
        changed_fields: [],
        scopes: { section_ids: [live.section.id], tag_ids: [], contributor_ids: [live.bylines[0].contributor.id] },
        ref: { id: a.id, slug: live.slug, headline: live.headline, section_slug: live.section.slug },
      },
    });
  });

  it("updating a live story emits article.updated naming the fields that changed, both sections in its scopes", async () => {
    const a = await createPublishableArticle(token);
    const live = await publish(a.id);
    const moved = await createSection(token, "Elsewhere");
    const wc = await call("PUT", `/articles/${a.id}/working-copy`, { token, body: { headline: "A new headline", section: moved.slug }, headers: { "if-match": `"${live.version}"` } });
    expect(wc.status, wc.text).toBe(200);
    // Saving the working copy is a draft of the change: nothing yet.
    expect(await typesOf(a.id)).toEqual(["article.published"]);
    const res = await call("POST", `/articles/${a.id}/working-copy/publish`, { token, headers: { "if-match": wc.json.working_copy.etag } });
    expect(res.status, res.text).toBe(200);
    const updated = (await eventsOf(a.id))[1]!;
    expect(updated.type).toBe("article.updated");
    expect(updated.data).toMatchObject({ version: live.version + 1, previous_status: "published", status: "published", ref: { headline: "A new headline", section_slug: moved.slug } });
    expect(updated.data.changed_fields.sort()).toEqual(["headline", "section"]);
    expect(updated.data.scopes.section_ids.sort()).toEqual([live.section.id, moved.id].sort());
  });

  it("unpublishing emits article.unpublished with the story as readers last saw it", async () => {
    const a = await createPublishableArticle(token);
    const live = await publish(a.id);
    expect((await call("POST", `/articles/${a.id}/unpublish`, { token })).status).toBe(200);
    const [, e] = await eventsOf(a.id);
    expect(e).toMatchObject({ type: "article.unpublished", data: { previous_status: "published", status: "draft", ref: { slug: live.slug, section_slug: live.section.slug } } });
  });

  it("scheduling emits article.scheduled, a new time another, and cancelling article.unpublished", async () => {
    const a = await createPublishableArticle(token);
    const at = (ms: number) => new Date(Date.now() + ms).toISOString();
    expect((await call("POST", `/articles/${a.id}/schedule`, { token, body: { at: at(3_600_000) } })).status).toBe(200);
    expect((await call("POST", `/articles/${a.id}/schedule`, { token, body: { at: at(7_200_000) } })).status).toBe(200);
    expect((await call("POST", `/articles/${a.id}/unpublish`, { token })).status).toBe(200);
    const events = await eventsOf(a.id);
    expect(events.map((e) => e.type)).toEqual(["article.scheduled", "article.scheduled", "article.unpublished"]);
    expect(events[2]!.data).toMatchObject({ previous_status: "scheduled", status: "draft" });
  });

  it("the cron's scheduled publish emits article.published, from scheduled", async () => {
    const a = await createPublishableArticle(token);
    expect((await call("POST", `/articles/${a.id}/schedule`, { token, body: { at: new Date(Date.now() + 60_000).toISOString() } })).status).toBe(200);
    expect(await publishDue(db(), new Date(Date.now() + 120_000))).toContain(a.id);
    const [, e] = await eventsOf(a.id);
    expect(e).toMatchObject({ type: "article.published", data: { previous_status: "scheduled", status: "published", version: a.version + 2 } });
  });

  it("deleting a published story emits article.deleted; deleting a draft emits nothing", async () => {
    const a = await createPublishableArticle(token);
    const live = await publish(a.id);
    expect((await call("DELETE", `/articles/${a.id}`, { token: (await tokenFor("admin")).token })).status).toBe(204);
    const [, e] = await eventsOf(a.id);
    expect(e).toMatchObject({ type: "article.deleted", data: { version: null, previous_status: "published", status: "deleted", ref: { slug: live.slug, section_slug: live.section.slug } } });

    const draft = await createPublishableArticle(token, { body: doc(paragraph("Never out.")) });
    expect((await call("DELETE", `/articles/${draft.id}`, { token: (await tokenFor("admin")).token })).status).toBe(204);
    expect(await eventsOf(draft.id)).toEqual([]);
  });
});

describe("taxonomy events", () => {
  it("a contributor's create, rename and delete each emit contributor.updated, the rename with its previous slug", async () => {
    const c = await createContributor(token, "person", "Renamed Reporter");
    const slug = unique("renamed");
    expect((await call("PATCH", `/contributors/${c.id}`, { token, body: { slug } })).status).toBe(200);
    expect((await call("DELETE", `/contributors/${c.id}`, { token: (await tokenFor("admin")).token })).status).toBe(204);
    const events = await eventsOf(c.id);
    expect(events.map((e) => [e.type, e.data.action, e.data.slug, e.data.previous_slug])).toEqual([
      ["contributor.updated", "created", c.slug, null],
      ["contributor.updated", "updated", slug, c.slug],
      ["contributor.updated", "deleted", slug, null],
    ]);
  });

  it("sections, collections and public tags emit <entity>.updated; an internal tag emits nothing", async () => {
    const s = await createSection(token, "Events Desk");
    expect(await typesOf(s.id)).toEqual(["section.updated"]);
    const col = await call("POST", "/collections", { token, body: { name: "Picks", slug: unique("picks") } });
    expect(await typesOf(col.json.collection.id)).toEqual(["collection.updated"]);
    const tag = await call("POST", "/tags", { token, body: { name: "Weather", slug: unique("weather") } });
    expect(await typesOf(tag.json.tag.id)).toEqual(["tag.updated"]);
    const internal = await call("POST", "/tags", { token, body: { name: "#desk-only", slug: unique("desk") } });
    expect(internal.status).toBe(201);
    expect((await call("PATCH", `/tags/${internal.json.tag.id}`, { token, body: { name: "#desk-only-2" } })).status).toBe(200);
    expect(await typesOf(internal.json.tag.id)).toEqual([]);
  });
});
