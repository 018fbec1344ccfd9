// "Nothing lost, nothing invented": the event is one more statement in the batch of the change it
// reports, so a save that fails leaves no event and a save that commits always has one.
import { noRunningEmbargo } from "../../src/editorial/articles/hold";
import { env } from "cloudflare:workers";
import { SYSTEM_BY } from "../../src/audit/record";
import { beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/auth/actor";
import { toSnapshot } from "../../src/articles/load";
import { writeArticle } from "../../src/articles/write";
import { createDb } from "../../src/db/client";
import { getArticleOrThrow, transition } from "../../src/editorial/articles/service";
import { createSection as createSectionRow, updateSection } from "../../src/editorial/sections/domain";
import { countingD1 } from "../../src/http/bench-hooks";
import { call, db, unique, actorFor } from "../helpers/api";
import { createPublishableArticle } from "../helpers/newsroom";

let token: string;
let actor: Actor;
beforeAll(async () => {
  ({ token, actor } = await actorFor("editor"));
});

const eventCount = async (subjectId: string) =>
  (await env.DB.prepare("SELECT count(*) AS n FROM outbox_events WHERE subject_id = ?").bind(subjectId).first<{ n: number }>())!.n;

/**
 * A D1 binding whose batches end in a statement that fails (a NOT NULL violation): every statement
 * of the save runs, its outbox row included, and then the batch fails, as a crash or a constraint
 * at the very end would make it.
 */
function failingAtTheEnd(d1: D1Database): D1Database {
  return new Proxy(d1, {
    get(target, prop, receiver) {
      if (prop === "batch") return (stmts: D1PreparedStatement[]) => target.batch([...stmts, target.prepare("INSERT INTO outbox_events (id) VALUES (NULL)")]);
      const value = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

describe("a save that fails emits nothing", () => {
  it("a publish whose batch fails after its outbox insert leaves no event and no change", async () => {
    const a = await createPublishableArticle(token);
    await expect(transition(createDb(failingAtTheEnd(env.DB)), actor, a.id, "publish", { expected: null })).rejects.toThrow();
    expect(await eventCount(a.id)).toBe(0);
    expect((await getArticleOrThrow(db(), a.id)).row).toMatchObject({ status: "draft", version: a.version });
  });

  it("a publish that lost a version race (its revision collides) leaves no event", async () => {
    const a = await createPublishableArticle(token);
    const rec = await getArticleOrThrow(db(), a.id);
    const s = toSnapshot(rec);
    // Someone else saved version N+1 first: this write, also based on N, must fail whole.
    expect((await call("PATCH", `/articles/${a.id}`, { token, body: { dek: "Theirs" }, headers: { "if-match": `"${a.version}"` } })).status).toBe(200);
    const stale = writeArticle(db(), {
      id: a.id,
      baseVersion: rec.row.version,
      isNew: false,
      previousStatus: "draft",
      previous: s,
      content: s.content,
      state: { ...s.state, status: "published", published_at: new Date().toISOString(), first_published_at: new Date().toISOString() },
      actorId: actor.userId,
      action: "publish",
    });
    await expect(stale).rejects.toMatchObject({ code: "version_conflict" });
    expect(await eventCount(a.id)).toBe(0);
    expect((await getArticleOrThrow(db(), a.id)).row.status).toBe("draft");
  });

  it("a section rename refused for a taken slug leaves no event", async () => {
    const taken = await createSectionRow(db(), { name: "Taken", slug: unique("taken") }, SYSTEM_BY);
    const s = await createSectionRow(db(), { name: "Mine", slug: unique("mine") }, SYSTEM_BY);
    await expect(updateSection(db(), s.id, { slug: taken.slug }, SYSTEM_BY)).rejects.toMatchObject({ code: "slug_taken" });
    expect(await eventCount(s.id)).toBe(1); // its "created" only
  });
});

describe("a save that commits always has its event", () => {
  it("each of several publishes and unpublishes has its own row", async () => {
    const a = await createPublishableArticle(token);
    for (let i = 0; i < 3; i++) {
      await transition(db(), actor, a.id, "publish", { expected: null });
      await transition(db(), actor, a.id, "unpublish", { expected: null });
    }
    expect(await eventCount(a.id)).toBe(6);
  });

  it("costs a publish exactly one more D1 statement: the outbox insert, inside the same batch", async () => {
    const a = await createPublishableArticle(token);
    const counter = { statements: 0, batched: 0 };
    await transition(createDb(countingD1(env.DB, counter)), actor, a.id, "publish", { expected: null });
    // The same publish without its event: the statements a save ran before the outbox existed.
    const b = await createPublishableArticle(token);
    const rec = await getArticleOrThrow(db(), b.id);
    const s = toSnapshot(rec);
    const quiet = { statements: 0, batched: 0 };
    const now = new Date().toISOString();
    await writeArticle(createDb(countingD1(env.DB, quiet)), {
      id: b.id,
      baseVersion: rec.row.version,
      isNew: false,
      previousStatus: "draft",
      previous: s,
      content: s.content,
      state: { status: "published", scheduled_at: null, published_at: now, first_published_at: now },
      actorId: actor.userId,
      action: "publish",
      emit: false,
      // Its audit entry and its embargo guard, as the transition writes them: the difference left
      // is the event alone.
      audit: SYSTEM_BY,
      alsoRun: [noRunningEmbargo(db(), b.id, rec.row.version + 1, new Date(now))],
    });
    expect(await eventCount(b.id)).toBe(0);
    expect(counter.batched - quiet.batched).toBe(1);
  });
});
