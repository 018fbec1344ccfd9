// What the relay stores as each event's body: the Standard Webhooks envelope, the content API's own
// article for published/updated (the version the event wrote, even if the story moved on before the
// relay ran), a reference for the rest, the public directory shape for taxonomy; never an email.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/auth/actor";
import { getArticleOrThrow, transition } from "../../src/editorial/articles/service";
import { setEmbargo } from "../../src/editorial/articles/embargo";
import { auditBy } from "../../src/audit/record";
import { publishWorkingCopy, saveWorkingCopy } from "../../src/editorial/articles/working-copy";
import { createSection as createSectionRow, deleteSection, updateSection } from "../../src/editorial/sections/domain";
import { relayOutbox } from "../../src/outbox/relay";
import { BASE, db, tokenFor, unique, actorFor } from "../helpers/api";
import { get } from "../helpers/public";
import { createPublishableArticle } from "../helpers/newsroom";
import { createWebhook, receiverUrl } from "../helpers/webhooks";
import { EVENT_TYPES } from "../../src/outbox/events";
import { SYSTEM_BY } from "../../src/audit/record";

let token: string;
let actor: Actor;
beforeAll(async () => {
  ({ token, actor } = await actorFor("editor"));
  // A payload is built only for an event some webhook receives: one that takes everything.
  await createWebhook((await tokenFor("admin")).token, { url: receiverUrl("hooks", "payloads").url, events: EVENT_TYPES.filter((t) => t !== "ping") });
});

/** Relays what is pending (to the catch-all webhook) and reads the payloads stored on the rows. */
async function payloadsOf(subjectId: string): Promise<any[]> {
  await relayOutbox(env, { origin: BASE });
  const { results } = await env.DB.prepare("SELECT payload FROM outbox_events WHERE subject_id = ? ORDER BY created_at, rowid").bind(subjectId).all<{ payload: string }>();
  return results.map((r) => JSON.parse(r.payload));
}

describe("article payloads", () => {
  it("article.published carries the content API's article, exactly what getArticle answers", async () => {
    const a = await createPublishableArticle(token);
    const rec = await transition(db(), actor, a.id, "publish", { expected: null });
    const [p] = await payloadsOf(a.id);
    const fromApi = (await get(`/api/content/v1/articles/${rec.row.slug}`)).json;
    expect(p).toEqual({ type: "article.published", timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), data: { article: fromApi.article, status: "published", previous_status: "draft", changed_fields: [] } });
    expect(JSON.stringify(p)).not.toMatch(/@example\.org/);
  });

  it("an update relayed after a later edit still carries the version it wrote", async () => {
    const a = await createPublishableArticle(token);
    let rec = await transition(db(), actor, a.id, "publish", { expected: null });
    for (const headline of ["Second headline", "Third headline"]) {
      await saveWorkingCopy(db(), actor.userId, rec, { headline }, rec.workingCopy?.content ? { kind: "working_copy", base: rec.row.version, seq: rec.workingCopy.seq } : { kind: "live", version: rec.row.version }, { by: auditBy(actor) });
      rec = await getArticleOrThrow(db(), a.id);
      await publishWorkingCopy(db(), actor.userId, rec, { kind: "working_copy", base: rec.workingCopy!.baseVersion, seq: rec.workingCopy!.seq }, { by: auditBy(actor) });
      rec = await getArticleOrThrow(db(), a.id);
    }
    const [, second, third] = await payloadsOf(a.id);
    expect(second.data).toMatchObject({ status: "published", changed_fields: ["headline"], article: { headline: "Second headline" } });
    expect(third.data.article.headline).toBe("Third headline");
    expect(second.data.article.json_ld.headline).toBe("Second headline");
  });

  it("unpublished and scheduled carry a reference only, never the body", async () => {
    const a = await createPublishableArticle(token);
    const live = await transition(db(), actor, a.id, "publish", { expected: null });
    await transition(db(), actor, a.id, "unpublish", { expected: null });
    const at = new Date(Date.now() + 3_600_000).toISOString();
    await transition(db(), actor, a.id, "schedule", { expected: null, at });
    const [, unpublished, scheduled] = await payloadsOf(a.id);
    const ref = { id: a.id, slug: live.row.slug, url: `http://127.0.0.1:8787/${live.section!.slug}/${live.row.slug}`, headline: live.row.headline, section: { slug: live.section!.slug } };
    expect(unpublished.data).toEqual({ article: ref, status: "draft", previous_status: "published", changed_fields: [] });
    expect(scheduled.data).toEqual({ article: { ...ref, scheduled_at: at, embargoed_until: null }, status: "scheduled", previous_status: "draft", changed_fields: [] });
  });

  it("a story held by an embargo says so: scheduled_at is the publish click, embargoed_until the instant", async () => {
    const a = await createPublishableArticle(token);
    const until = new Date(Date.now() + 3_600_000).toISOString();
    await setEmbargo(db(), actor, a.id, until);
    const held = await transition(db(), actor, a.id, "publish", { expected: null });
    expect(held.row.status).toBe("scheduled");
    // Moving the embargo later moves the release: a consumer hears it as a new scheduled time would be.
    const later = new Date(Date.now() + 7_200_000).toISOString();
    await setEmbargo(db(), actor, a.id, later);
    const [scheduled, moved, ...rest] = await payloadsOf(a.id);
    expect(rest).toEqual([]);
    expect(scheduled.type).toBe("article.scheduled");
    expect(scheduled.data.article).toMatchObject({ scheduled_at: held.row.scheduledAt, embargoed_until: until });
    expect(moved.type).toBe("article.scheduled");
    expect(moved.data.article).toMatchObject({ scheduled_at: held.row.scheduledAt, embargoed_until: later });
  });
});

describe("taxonomy payloads", () => {
  it("section.updated carries the directory's section and the slug it had", async () => {
    const s = await createSectionRow(db(), { name: "Payload Desk", slug: unique("payload-desk") }, SYSTEM_BY);
    const [created] = await payloadsOf(s.id);
    expect(created.data).toEqual({ action: "created", section: { slug: s.slug, name: "Payload Desk", description: null, url: `http://127.0.0.1:8787/${s.slug}`, article_count: 0 }, previous_slug: null });
    const slug = unique("payload-desk");
    await updateSection(db(), s.id, { slug }, SYSTEM_BY);
    const [, renamed] = await payloadsOf(s.id);
    expect(renamed.data).toMatchObject({ action: "updated", section: { slug }, previous_slug: s.slug });
    await deleteSection(db(), s.id, SYSTEM_BY);
    const [, , deleted] = await payloadsOf(s.id);
    expect(deleted.data).toEqual({ action: "deleted", section: { id: s.id, slug }, previous_slug: null });
  });
});
